// Differential property test: validateContacts and the real Prism mock must give the same verdict on every body.
import fc from 'fast-check';
import { expect, inject, test } from 'vitest';
import { ContactsHttpError, createContactsClient, validateContacts, type ContactInput } from '../src/index.js';

const RUNS = 2000;
const client = createContactsClient({ baseUrl: inject('prismUrl'), token: 'tok', sessionToken: 'sess', validate: false });

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

const body = fc.oneof(
  { weight: 3, arbitrary: fc.array(validContact, { maxLength: 3 }) },
  { weight: 6, arbitrary: fc.array(contact, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.oneof(contact, wrongType, fc.string()) },
);

async function prismAccepts(value: unknown): Promise<boolean> {
  try {
    await client.createContacts('42', value as ContactInput[]);
    return true;
  } catch (error) {
    if (error instanceof ContactsHttpError && (error.status === 422 || error.status === 400)) return false;
    throw error;
  }
}

test(`validateContacts agrees with Prism on ${RUNS} generated bodies`, async () => {
  const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
  const verdicts = { valid: 0, invalid: 0 };
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const ours = validateContacts(value).valid;
      verdicts[ours ? 'valid' : 'invalid']++;
      expect(ours, `seed ${seed} (rerun with FC_SEED=${seed})`).toBe(await prismAccepts(value));
    }),
    { numRuns: RUNS, seed },
  );
  // Both verdicts must be well represented, or the agreement says little.
  expect(verdicts.valid).toBeGreaterThan(RUNS / 5);
  expect(verdicts.invalid).toBeGreaterThan(RUNS / 5);
  console.log(`differential: ${RUNS}/${RUNS} agree (seed ${seed}; ${verdicts.valid} valid, ${verdicts.invalid} invalid)`);
}, 120_000);
