// schemas: each component schema as a Standard Schema V1 validator, with the same verdict as the contract's.
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { schemas, type ContactInput, type StandardSchemaV1 } from '../../src/index.js';
import type { Validator } from '../../src/engine/validation.js';
import { body } from '../support/bodies.js';
import { oracleOf } from '../support/oracle.js';

test('one Standard Schema V1 object per component schema', () => {
  expect(Object.keys(schemas)).toEqual(['Contact', 'CreateContactsRequest', 'CreateContactsResult', 'ProblemDetails']);
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

  test('an invalid one gives issues, each with its message and path', () => {
    expect(validate({ name: 'x'.repeat(251), notify: 'yes', phones: ['1', 2] })).toEqual({
      issues: [
        { message: '/name must be at most 250 characters long', path: ['name'] },
        { message: '/notify must be a boolean', path: ['notify'] },
        { message: '/phones/1 must be a string', path: ['phones', 1] },
      ],
    });
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
