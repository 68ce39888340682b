// The engine through an injected fetch: `request` calls any operation by its operationId, and refuses, before
// sending anything, what the operation does not declare.
import { describe, expect, test } from 'vitest';
import { version } from '../../generated/operations.js';
import { ContactsArgumentError, ContactsValidationError, createContactsClient } from '../../src/index.js';
import { recordingFetch } from '../support/fetch.js';

const contact = { name: 'Ada', notify: true };
const setup = () => {
  const recorder = recordingFetch();
  return { client: createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch }), calls: recorder.calls };
};

test('request sends an operation as its helper does, and resolves to its judged result', async () => {
  const { client, calls } = setup();
  expect(await client.request('createContacts', { params: { path: { companyId: '42' } }, body: [contact] })).toEqual({ nbInsertion: 1 });
  await client.createContacts('42', [contact]);
  const [viaRequest, viaHelper] = calls as [(typeof calls)[0], (typeof calls)[0]];
  expect(viaRequest.request.url).toBe(viaHelper.request.url);
  const all = (headers: Headers) => {
    const seen: string[] = [];
    headers.forEach((value, name) => seen.push(`${name}: ${value}`));
    return seen;
  };
  expect(all(viaRequest.request.headers)).toEqual(all(viaHelper.request.headers));
  expect(viaRequest.body).toBe(viaHelper.body);
});

describe('what an operation does not declare is refused before anything is sent', () => {
  test.each([
    ['an unknown operation', ['deleteEverything', {}], ContactsArgumentError, 'the spec has no operation "deleteEverything"'],
    ['an undeclared parameter', ['createContacts', { params: { path: { companyId: '1' }, query: { page: 2 } }, body: [] }], ContactsArgumentError, 'createContacts takes no query parameters'],
    ['an unknown path parameter', ['createContacts', { params: { path: { companyId: '1', other: 'x' } }, body: [] }], ContactsArgumentError, 'createContacts has no path parameter "other"'],
    ['the session header, which the auth supplies', ['createContacts', { params: { path: { companyId: '1' }, header: { 'x-session-token': 's' } }, body: [] }], ContactsArgumentError, 'createContacts has no header parameter "x-session-token" to give: the auth supplies it'],
    ['a nested object as a parameter', ['createContacts', { params: { path: { companyId: { id: { deep: 1 } } } }, body: [] }], ContactsArgumentError, 'createContacts: parameter "companyId" must be a string, a finite number, a boolean, or an array or flat object of them'],
    ['a missing path parameter', ['createContacts', { params: { path: {} }, body: [] }], ContactsArgumentError, 'path parameter companyId must be given, and not "", "." or ".."; got undefined'],
    ['a parameter of the wrong type', ['createContacts', { params: { path: { companyId: 42 } }, body: [] }], ContactsValidationError, 'the request breaks the contract: /path/companyId must be a string'],
    ['a missing required body', ['createContacts', { params: { path: { companyId: '1' } } }], ContactsValidationError, 'the request breaks the contract: the body is required'],
  ])('%s', async (_, [id, input], type, message) => {
    const { client, calls } = setup();
    const error = await client.request(id as never, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ message, outcome: 'not-sent' });
    expect(calls).toHaveLength(0);
  });
});

describe('User-Agent', () => {
  test('is contacts-api-contract/<version> by default, in Node', async () => {
    const { client, calls } = setup();
    await client.createContacts('42', [contact]);
    expect(calls[0]?.request.headers.get('user-agent')).toBe(`contacts-api-contract/${version}`);
  });

  test('can be set by the headers option, for the client or for one call', async () => {
    const recorder = recordingFetch();
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch, headers: { 'User-Agent': 'billing/3.1' } });
    await client.createContacts('42', [contact]);
    await client.createContacts('42', [contact], { headers: { 'user-agent': 'billing-batch/3.1' } });
    expect(recorder.calls.map((c) => c.request.headers.get('user-agent'))).toEqual(['billing/3.1', 'billing-batch/3.1']);
  });
});
