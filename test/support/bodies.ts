// Request bodies for property tests: valid ones, and invalid ones near every boundary of the contract.
import fc from 'fast-check';

/** A string of exactly `length` code points, some of them astral (two UTF-16 units each). */
const sized = (length: number) =>
  fc.array(fc.constantFrom('a', 'Z', '7', ' ', 'é', '😀', '𝔸'), { minLength: length, maxLength: length }).map((chars) => chars.join(''));
const nearLimit = (limit: number) => fc.oneof(fc.constantFrom(limit - 1, limit, limit + 1).chain(sized), fc.string({ maxLength: 20 }));
const wrongType = fc.constantFrom<unknown>(1, true, null, [], {}, 'x');

// Emails at the edges of both the reference pattern and ajv-formats' email format.
const localPart = fc.constantFrom('a', 'A.b', "o'neil", 'a+tag', 'a_b', 'a-b', '.a', 'a.', 'a..b', "a'", 'a!b', 'a#b', 'é', '1', '-');
const domain = fc.constantFrom('email.com', 'EMAIL.COM', 'a.b.co', 'b-.com', '-b.com', 'b.c', 'b.c0', 'b.123', 'b_c.com', 'b', 'a..com', 'xn--e1a.com');
const email = fc.oneof(
  fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`),
  fc.constantFrom(240, 241, 239).map((n) => `${'a'.repeat(n)}@email.com`),
  fc.constantFrom('', '@', 'a@', '@b.com', 'a@@b.com', 'a b@c.com'),
);
const phones = fc.oneof(fc.array(nearLimit(50), { maxLength: 6 }), fc.array(wrongType, { minLength: 1, maxLength: 2 }), wrongType);

const contact = fc.record(
  {
    name: fc.oneof({ weight: 4, arbitrary: nearLimit(250) }, wrongType),
    notify: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, fc.constantFrom<unknown>('yes', 'true', 0, null)),
    email: fc.oneof({ weight: 3, arbitrary: email }, fc.constant(null), wrongType),
    phones,
    comment: fc.oneof(nearLimit(2500), fc.constant(null), wrongType),
    extra: fc.string({ maxLength: 5 }),
  },
  // Each property may be missing, so that required and optional both get exercised.
  { requiredKeys: [] },
).map(({ extra, ...c }) => (extra === 'xx' ? { ...c, [extra]: 1 } : c));

const validContact = fc.record(
  { name: sized(250), notify: fc.boolean(), email: fc.constant('example@email.com'), phones: fc.array(sized(50), { maxLength: 5 }) },
  { requiredKeys: ['name', 'notify'] },
);

/** Bodies that mix valid ones with near-boundary invalid ones. */
export const body = fc.oneof(
  { weight: 3, arbitrary: fc.array(validContact, { maxLength: 3 }) },
  { weight: 6, arbitrary: fc.array(contact, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.oneof(contact, wrongType, fc.string()) },
);
