// Type tests: wrong calls do not compile, and the result types are exactly the spec's.
import type { ClientPathsWithMethod } from 'openapi-fetch';
import { expectTypeOf, test } from 'vitest';
import type { paths } from '../../generated/schema.js';
import {
  connect,
  createContacts,
  createContactsClient,
  createRawClient,
  importContacts,
  type ContactInput,
  type ContactsHttpError,
  type CreateContactsResult,
  type BodyOf,
  type ErrorBodyOf,
  type ImportReport,
  type ParamsOf,
  type ProblemDetails,
  type RequestInput,
  type ResultOf,
} from '../../src/index.js';

const client = createContactsClient({ token: 'token-0000', sessionToken: 'session-0000' });
const raw = createRawClient({ token: 'token-0000', sessionToken: 'session-0000' });
const path = '/companies/v2/rs/{companyId}/contacts';
const header = { 'x-session-token': 's' };

test('createContacts resolves to exactly { nbInsertion: number }', () => {
  expectTypeOf(client.createContacts('42', [])).resolves.toEqualTypeOf<{ nbInsertion: number }>();
  expectTypeOf<CreateContactsResult>().toEqualTypeOf<{ nbInsertion: number }>();
});

test('ContactInput is the spec contact', () => {
  // Its fields, exactly; the spec may give the contact more, such as a readOnly one the server sets.
  expectTypeOf<Pick<ContactInput, 'name' | 'notify' | 'email' | 'phones' | 'comment'>>().toEqualTypeOf<{
    name: string;
    notify: boolean;
    email?: string | null;
    phones?: string[];
    comment?: string | null;
  }>();
  // The contacts operation's own error bodies: the default, every operation's, grows with the spec.
  expectTypeOf<ContactsHttpError<ErrorBodyOf<'createContacts'>>['body']>().toEqualTypeOf<ProblemDetails | string | undefined>();
});

test('request takes the operation’s parameters and body, and resolves to its result', () => {
  expectTypeOf(client.request('createContacts', { params: { path: { companyId: '42' } }, body: [] })).resolves.toEqualTypeOf<{ nbInsertion: number }>();
  expectTypeOf<ResultOf<'createContacts'>>().toEqualTypeOf<CreateContactsResult>();
  // The session header is the auth's: it is not a parameter the caller gives.
  expectTypeOf<ParamsOf<'createContacts'>>().toEqualTypeOf<{ path: { companyId: string } }>();
  expectTypeOf<RequestInput<'createContacts'>>().toEqualTypeOf<{ params: { path: { companyId: string } }; body: BodyOf<'createContacts'> }>();
  // A ContactInput is a contact as the request carries it, whatever readOnly properties the spec gives the schema.
  expectTypeOf<ContactInput[]>().toExtend<BodyOf<'createContacts'>>();
});

test('wrong contacts do not compile', () => {
  // @ts-expect-error -- name is required
  void client.createContacts('42', [{ notify: true }]);
  // @ts-expect-error -- notify is a boolean, not a string
  void client.createContacts('42', [{ name: 'a', notify: 'yes' }]);
  // @ts-expect-error -- phones is an array of strings
  void client.createContacts('42', [{ name: 'a', notify: true, phones: '123' }]);
  // @ts-expect-error -- unknown properties are refused by the contract
  void client.createContacts('42', [{ name: 'a', notify: true, phone: '123' }]);
  // @ts-expect-error -- the body is an array of contacts, not one contact
  void client.createContacts('42', { name: 'a', notify: true });
  // @ts-expect-error -- createContacts needs a companyId
  void client.createContacts([{ name: 'a', notify: true }]);
});

test('wrong requests do not compile', () => {
  // @ts-expect-error -- the spec has no such operation
  void client.request('deleteContacts', {});
  // @ts-expect-error -- the input is required: the operation has a required parameter and body
  void client.request('createContacts');
  // @ts-expect-error -- the body is required
  void client.request('createContacts', { params: { path: { companyId: '1' } } });
  // @ts-expect-error -- companyId is a string
  void client.request('createContacts', { params: { path: { companyId: 1 } }, body: [] });
  // @ts-expect-error -- the auth supplies the session header
  void client.request('createContacts', { params: { path: { companyId: '1' }, header }, body: [] });
  // @ts-expect-error -- the operation has no query parameters
  void client.request('createContacts', { params: { path: { companyId: '1' }, query: { page: 1 } }, body: [] });
});

test('the raw client takes no session header: the auth supplies it', () => {
  expectTypeOf(raw.POST(path, { params: { path: { companyId: '1' } }, body: [] })).toEqualTypeOf(raw.POST(path, { params: { path: { companyId: '1' }, header }, body: [] }));
});

test('wrong raw calls do not compile', () => {
  // @ts-expect-error -- the spec has no such path
  void raw.POST('/companies/v2/rs/{companyId}/contact', { params: { path: { companyId: '1' }, header }, body: [] });
  // @ts-expect-error -- the path needs companyId
  void raw.POST(path, { params: { path: {}, header }, body: [] });
});

test('the raw client takes the path with exactly the methods the spec declares for it', () => {
  type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  type Declared = { [M in Method]: [NonNullable<paths[typeof path][M]>] extends [never] ? false : true };
  type Taken = { [M in Method]: typeof path extends ClientPathsWithMethod<typeof raw, M> ? true : false };
  expectTypeOf<Taken>().toEqualTypeOf<Declared>();
  expectTypeOf<Taken['post']>().toEqualTypeOf<true>();
});

test('the functions of a connection are typed as the methods of the client, and take a client too', () => {
  const api = connect({ token: 'token-0000', sessionToken: 'session-0000' });
  expectTypeOf(createContacts(api, '42', [{ name: 'Ada', notify: true }])).resolves.toEqualTypeOf<CreateContactsResult>();
  expectTypeOf(importContacts(client, '42', [{ name: 'Ada', notify: true }])).resolves.toEqualTypeOf<ImportReport>();
  // @ts-expect-error -- a plain object is not a connection
  void createContacts({}, '42', []);
  // @ts-expect-error -- notify is required
  void createContacts(api, '42', [{ name: 'Ada' }]);
});
