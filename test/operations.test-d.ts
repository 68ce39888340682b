// The functions of contacts-api-contract/operations are typed per operation, as request is: derived from the table
// for every operation, and pinned on createContacts' own facts.
import { expectTypeOf, test } from 'vitest';
import type { Connection, CreateContactsResult, OperationId, RequestInput, ResultOf } from '../src/index.js';
import type * as Functions from '../src/operations.js';
import { createContacts, type OperationFunction } from '../src/operations.js';

type Exports = typeof Functions;
type Ids = { [K in keyof Exports]: Exports[K] extends { operationId: infer Id } ? Id : never }[keyof Exports];

test('every operation of the table has a function, typed by its own operationId', () => {
  expectTypeOf<Ids>().toEqualTypeOf<OperationId>();
  type Mistyped = { [K in keyof Exports]: Exports[K] extends OperationFunction<Exports[K]['operationId']> ? never : K }[keyof Exports];
  expectTypeOf<Mistyped>().toEqualTypeOf<never>();
});

test('each takes a connection and its operation input, and resolves to its result', () => {
  type Mismatched = {
    [K in keyof Exports]: Parameters<Exports[K]>[0] extends Connection
      ? [Parameters<Exports[K]>[1]] extends [RequestInput<Exports[K]['operationId']> | undefined]
        ? Awaited<ReturnType<Exports[K]>> extends ResultOf<Exports[K]['operationId']>
          ? never
          : K
        : K
      : K;
  }[keyof Exports];
  expectTypeOf<Mismatched>().toEqualTypeOf<never>();
  // Wrong input never compiles: no operation takes a number as its input, or anything but a connection first.
  type TakesNumber = { [K in keyof Exports]: 42 extends Parameters<Exports[K]>[1] ? K : never }[keyof Exports];
  expectTypeOf<TakesNumber>().toEqualTypeOf<never>();
  type TakesAnything = { [K in keyof Exports]: {} extends Parameters<Exports[K]>[0] ? K : never }[keyof Exports];
  expectTypeOf<TakesAnything>().toEqualTypeOf<never>();
});

test('createContacts: its parameters, its body and its 201', () => {
  const api = {} as Connection;
  const params = { path: { companyId: '42' } };
  expectTypeOf(createContacts(api, { params, body: [{ name: 'Ada', notify: true }] })).resolves.toEqualTypeOf<CreateContactsResult>();
  expectTypeOf(createContacts(api, { params, body: [] }, { accept: 'application/json', timeoutMs: 1000 })).resolves.toEqualTypeOf<CreateContactsResult>();
  // @ts-expect-error -- the body is an array of contacts, not one contact
  void createContacts(api, { params, body: { name: 'Ada', notify: true } });
  // @ts-expect-error -- notify is required
  void createContacts(api, { params, body: [{ name: 'Ada' }] });
  // @ts-expect-error -- companyId is a required path parameter
  void createContacts(api, { body: [] });
  // @ts-expect-error -- the input is required: the body and companyId are
  void createContacts(api);
  // @ts-expect-error -- createContacts answers in no such media type
  void createContacts(api, { params, body: [] }, { accept: 'text/csv' });
  // @ts-expect-error -- the first argument is a connection
  void createContacts({ params, body: [] });
  expectTypeOf(createContacts.operationId).toEqualTypeOf<'createContacts'>();
});
