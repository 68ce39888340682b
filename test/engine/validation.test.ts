// validateContacts: the client's own verdict on the JSON a body makes (code points, the u flag, format and pattern
// both), messages in words, bounded cost.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { validateContacts } from '../../src/index.js';
import { operations } from '../../generated/operations.js';
import { bodyVerdicts, checks, type Check, type Validator } from '../../src/engine/validation.js';
import { body } from '../support/bodies.js';
import { oracleOf } from '../support/oracle.js';

// Ajv2020 on the same schemas: the oracle, compiled from the spec.
const oracle = await oracleOf();
const valid = { name: 'Ada', notify: true };
const issuesOf = (body: unknown) => {
  const verdict = validateContacts(body);
  return verdict.valid ? [] : verdict.issues;
};

describe('verdicts', () => {
  test('a valid body comes back typed, as the same value', () => {
    const body = [valid];
    expect(validateContacts(body)).toEqual({ valid: true, value: body });
  });

  test('maxLength counts code points: 250 emoji pass, 251 fail', () => {
    expect(issuesOf([{ ...valid, name: '😀'.repeat(250) }])).toEqual([]);
    expect(issuesOf([{ ...valid, name: '😀'.repeat(251) }])).toEqual([
      { path: '/0/name', keyword: 'maxLength', message: '/0/name must be at most 250 characters long', params: { limit: 250 } },
    ]);
  });

  test('the email must satisfy both the email format and the reference pattern', () => {
    // The pattern allows a hyphen at the end of a domain label; the format does not.
    expect(issuesOf([{ ...valid, email: 'a@b-.com' }]).map((i) => i.keyword)).toEqual(['format']);
    // The format allows `!` in the local part; the pattern does not.
    expect(issuesOf([{ ...valid, email: 'a!b@email.com' }]).map((i) => i.keyword)).toEqual(['pattern']);
    expect(issuesOf([{ ...valid, email: 'example@email.com' }])).toEqual([]);
  });

  test('messages name the JSON Pointer and say what is wrong in words, in the order the body is read; the schema values are in params', () => {
    const body = [valid, valid, valid, { name: 1, notify: 'yes', email: 'a!b@email.com', phones: ['1', '2', '3', '4', '5', '6'], comment: 5, phone: '1' }];
    expect(issuesOf(body).map((i) => i.message)).toEqual([
      '/3/name must be a string',
      '/3/notify must be a boolean',
      '/3/email is not in the form the contract requires (the pattern is in params)',
      '/3/phones must have at most 5 items',
      '/3/comment must be a string or null',
      '/3/phone is not a property of the contract',
    ]);
    expect(issuesOf(body).find((i) => i.keyword === 'pattern')?.params).toEqual({ pattern: expect.stringContaining('[A-Za-z0-9_+-]@') });
    expect(issuesOf([{ ...valid, email: 'a@b-.com' }])[0]?.message).toBe('/0/email must be a valid email address');
  });

  test('missing properties point at the property', () => {
    expect(issuesOf([{}])).toEqual([
      { path: '/0/name', keyword: 'required', message: '/0/name is required', params: { missingProperty: 'name' } },
      { path: '/0/notify', keyword: 'required', message: '/0/notify is required', params: { missingProperty: 'notify' } },
    ]);
  });

  test.each([{}, 'x', null, 3])('a body that is not an array: %j', (body) => {
    expect(issuesOf(body)).toEqual([{ path: '', keyword: 'type', message: 'the body must be an array', params: { type: 'array' } }]);
  });
});

describe('adversarial input ends with the right verdict', () => {
  test.each([
    ['10,000 dots and letters', `${'a.'.repeat(5000)}@email.com`],
    ['10,000 letters with no @', 'a'.repeat(10_000)],
    ['10,000-character domain with no dot', `a@${'b'.repeat(9998)}`],
    ['10,000 hyphenated labels', `a@${'a-'.repeat(4999)}!`],
    ['10,000 characters ending in an invalid one', `${'a'.repeat(9999)}!`],
  ])('an email of %s', (_, email) => {
    expect(email.length).toBeGreaterThanOrEqual(10_000);
    expect(issuesOf([{ ...valid, email }]).map((i) => i.keyword)).toContain('maxLength');
  });

  test('deep nesting where a string is due', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issuesOf([{ ...valid, name: deep }])).toEqual([{ path: '/0/name', keyword: 'type', message: '/0/name must be a string', params: { type: 'string' } }]);
  });

  test('an array too long to send (a sparse 2^32 - 1) is invalid at once, its items never read', () => {
    expect(issuesOf(Object.assign([], { length: 2 ** 32 - 1 }))).toEqual([expect.objectContaining({ keyword: 'maxRequestBytes', params: { limit: 10 * 1024 * 1024 } })]);
  });

  test('100,000 contacts, all valid or all wrong: checking stops past 100 issues, and says that there are more', () => {
    expect(validateContacts(Array(100_000).fill(valid)).valid).toBe(true);
    const verdict = validateContacts(Array(100_000).fill({ name: 1, notify: 1 }));
    expect(verdict).toMatchObject({ valid: false, moreIssues: true });
    expect(issuesOf(Array(100_000).fill({ name: 1, notify: 1 }))).toHaveLength(100);
  });

  test('the cap stops the work, not only what is kept: the contacts past it are never read', () => {
    let reads = 0;
    const wrong = {
      get name() {
        reads++;
        return 1;
      },
      notify: true,
    };
    expect(validateContacts(Array(100_000).fill(wrong))).toMatchObject({ valid: false, moreIssues: true, issues: expect.any(Array) });
    // One issue a contact: the 101st is the one that stops it.
    expect(reads).toBe(101);
  });

  test('maxIssues sets the cap; a body with fewer issues says there are no more', () => {
    expect(validateContacts(Array(10).fill({ name: 1, notify: 1 }), { maxIssues: 3 })).toMatchObject({ valid: false, moreIssues: true, issues: { length: 3 } });
    expect(validateContacts([{ name: 1, notify: 1 }], { maxIssues: 2 })).toMatchObject({ valid: false, moreIssues: false, issues: { length: 2 } });
    expect(() => validateContacts([], { maxIssues: 0 })).toThrow('maxIssues must be a positive whole number; got 0');
  });
});

describe('one-pass checks: the bytes sent are the bytes judged', () => {
  const { path, method } = operations.createContacts;
  const ajv: Record<'body' | 'items', Validator> = { body: oracle.body(path, method, 'application/json'), items: oracle.body(path, method, 'application/json', '/items') };
  const { body: checkBody, items: checkItem } = checks.createContacts as Required<typeof checks.createContacts>;
  const leaf = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true });
  // Contact-shaped values whose fields hold anything at all, and anything at all.
  const hostile = fc.oneof(
    body,
    leaf,
    fc.array(fc.dictionary(fc.constantFrom('name', 'notify', 'email', 'phones', 'comment', 'phone'), fc.oneof(leaf, fc.array(leaf)), { maxKeys: 6 }), { maxLength: 3 }),
  );
  const run = (judge: Check, value: unknown) => {
    const state = { issues: [] as { instancePath: string; keyword: string }[] };
    const text = judge(value, undefined, state as never, '');
    return { text, issues: state.issues.map((i) => `${i.instancePath} ${i.keyword}`).sort() };
  };
  const ajvIssues = (validate: Validator, value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((i) => `${i.instancePath} ${i.keyword}`).sort());

  test.each([
    ['a body', () => [checkBody, ajv.body, hostile] as const],
    ['one row of importContacts', () => [checkItem, ajv.items, hostile.map((v) => (Array.isArray(v) && v.length > 0 ? v[0] : v))] as const],
  ])('%s: the text the check writes is what JSON.stringify writes, and it finds there exactly what ajv finds', (_, pick) => {
    const [judge, validate, values] = pick();
    let valid = 0;
    fc.assert(
      fc.property(values, (value) => {
        let expected: string | undefined;
        try {
          expected = JSON.stringify(value);
        } catch {
          // What JSON cannot write is never sent: the check throws, or finds the value of the wrong type.
          let found: string[];
          try {
            found = run(judge, value).issues;
          } catch {
            return;
          }
          expect(found).not.toEqual([]);
          return;
        }
        const { text, issues } = run(judge, value);
        // A value with issues is never sent, so only a valid one's text must be JSON.stringify's.
        if (issues.length === 0) expect(text).toBe(expected);
        // Nothing to send (undefined at the top) is refused by judge() itself.
        if (expected === undefined) {
          expect(text).toBeUndefined();
          return;
        }
        expect(issues).toEqual(ajvIssues(validate, JSON.parse(expected)));
        if (issues.length === 0) valid++;
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  test('the body verdict, which writes no text (validateContacts, the fake), finds what the body check finds', () => {
    const outcome = (judge: Check, value: unknown) => {
      try {
        const { text, issues } = run(judge, value);
        return { wrote: text !== undefined, issues };
      } catch {
        return 'throws';
      }
    };
    fc.assert(
      fc.property(hostile, (value) => {
        expect(outcome(bodyVerdicts.createContacts!, value)).toEqual(outcome(checkBody, value));
      }),
      { numRuns: 3000 },
    );
  });
});
