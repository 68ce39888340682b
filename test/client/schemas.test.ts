// schemas: each component schema as a Standard Schema V1 validator, with the same verdict as the contract's.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { schemas, type ContactInput, type StandardSchemaV1 } from '../../src/index.js';
import type { Validator } from '../../src/engine/validation.js';
import { body } from '../support/bodies.js';
import { oracleOf } from '../support/oracle.js';

test('one Standard Schema V1 object per component schema', () => {
  const spec = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as { components: { schemas: object } };
  expect(Object.keys(schemas).sort()).toEqual(Object.keys(spec.components.schemas).sort());
  expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Contact', 'CreateContactsRequest', 'CreateContactsResult', 'ProblemDetails']));
  for (const schema of Object.values(schemas)) expect(schema['~standard']).toMatchObject({ version: 1, vendor: 'contacts-api-contract', validate: expect.any(Function) });
  expectTypeOf(schemas.Contact).toEqualTypeOf<StandardSchemaV1<ContactInput>>();
});

// Ajv2020 on the same schema: the oracle, compiled from the spec.
const oracle = await oracleOf();

describe('Contact', () => {
  const validate = (value: unknown) => schemas.Contact['~standard'].validate(value);

  test('a valid contact comes back as the value', () => {
    const contact = { name: 'Ada', notify: true, email: 'ada@example.com' };
    expect(validate(contact)).toEqual({ value: contact });
  });

  test('an invalid one gives issues, each with its message alone (no pointer) and its path', () => {
    expect(validate({ name: 'x'.repeat(251), notify: 'yes', phones: ['1', 2] })).toEqual({
      issues: [
        { message: 'must be at most 250 characters long', path: ['name'] },
        { message: 'must be a boolean', path: ['notify'] },
        { message: 'must be a string', path: ['phones', 1] },
      ],
    });
  });

  test('an email that breaks its format and its pattern is one issue, in words; one that breaks the pattern alone names no params', () => {
    expect(validate({ name: 'Ada', notify: true, email: 'ada' })).toEqual({ issues: [{ message: 'must be a valid email address', path: ['email'] }] });
    expect(validate({ name: 'Ada', notify: true, email: 'a!b@email.com' })).toEqual({ issues: [{ message: 'is not in the form the contract requires', path: ['email'] }] });
  });

  test('a key made of digits stays a string: only an array index is a number', () => {
    expect(validate({ name: 'Ada', notify: true, '12345678901234567000': 1 })).toEqual({ issues: [{ message: 'is not a property of the contract', path: ['12345678901234567000'] }] });
  });

  test('checking stops past 100 issues, and the last issue says that there are more', () => {
    const value = { name: 'Ada', notify: true, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`extra${i}`, i])) };
    const { issues } = validate(value) as { issues: { message: string; path?: unknown[] }[] };
    expect(issues).toHaveLength(101);
    expect(issues[99]).toEqual({ message: 'is not a property of the contract', path: ['extra99'] });
    expect(issues[100]).toEqual({ message: 'and others past the first 100 (checking stopped there)' });
  });

  test('its verdict is the contract validator’s, on 1,000 generated contacts', () => {
    const contract: Validator = oracle.component('Contact');
    fc.assert(
      fc.property(body.filter(Array.isArray).chain((b) => fc.constantFrom(...(b.length ? b : [{}]))), (value) => {
        expect('value' in (validate(value) as object)).toBe(contract(value));
      }),
      { numRuns: 1000 },
    );
  });
});
