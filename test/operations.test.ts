// contacts-api-contract/operations: one function per operation, named by its operationId; what it sends and what
// it refuses are those of request(operationId, …), retries included.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { connect, createContactsClient, type ContactsError } from '../src/index.js';
import * as functions from '../src/operations.js';
import { table } from '../src/engine/table.js';
import { created, recordingFetch } from './support/fetch.js';
import { root } from './support/project.js';

const { functionNames } = (await import(pathToFileURL(join(root, 'scripts/codegen/calls.mjs')).href)) as { functionNames: (ids: string[]) => Map<string, string> };
const auth = { token: 'token-0000', sessionToken: 'session-0000' };

describe('names', () => {
  test('an operationId that is an identifier is the name itself; any other is camelCased', () => {
    expect([...functionNames(['listContacts', 'create-booking', 'get_user', 'v2.items.list', '2fa-verify', '$raw', 'a b'])]).toEqual([
      ['listContacts', 'listContacts'],
      ['create-booking', 'createBooking'],
      ['get_user', 'get_user'],
      ['v2.items.list', 'v2ItemsList'],
      ['2fa-verify', '_2faVerify'],
      ['$raw', '$raw'],
      ['a b', 'aB'],
    ]);
  });

  test('a reserved word gets Operation after it; a clash, with an earlier operation or the module, the smallest free number', () => {
    expect([...functionNames(['delete', 'import', 'create-booking', 'createBooking', 'create_booking', 'create booking', '$fn', '---'])]).toEqual([
      ['delete', 'deleteOperation'],
      ['import', 'importOperation'],
      ['create-booking', 'createBooking'],
      ['createBooking', 'createBooking2'],
      ['create_booking', 'create_booking'],
      ['create booking', 'createBooking3'],
      ['$fn', '$fn2'],
      ['---', 'operation'],
    ]);
  });
});

describe('the functions of this spec', () => {
  test('one per operation of the table, each named as functionNames says', () => {
    const names = functionNames(Object.keys(table));
    expect(Object.fromEntries(Object.entries(functions).map(([name, call]) => [call.operationId, name]))).toEqual(Object.fromEntries(names));
  });

  test('createContacts sends what request sends, and resolves to the 201 body', async () => {
    const { fetch, calls } = recordingFetch();
    const input = { params: { path: { companyId: '42' } }, body: [{ name: 'Ada', notify: true }] };
    await expect(functions.createContacts(connect({ ...auth, fetch }), input)).resolves.toEqual({ nbInsertion: 1 });
    await createContactsClient({ ...auth, fetch }).request('createContacts', input);
    expect(calls).toHaveLength(2);
    const [mine, theirs] = calls.map(({ request, body }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      return { url: request.url, method: request.method, headers, body };
    });
    expect(mine).toEqual(theirs);
  });

  test('its checks: a wrong body is refused with the issues of the contract, and nothing is sent', async () => {
    const { fetch, calls } = recordingFetch();
    const error = await functions.createContacts(connect({ ...auth, fetch }), { params: { path: { companyId: '42' } }, body: [{ name: 1 }] as never }).catch((e: unknown) => e as ContactsError);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_VALIDATION', outcome: 'not-sent', issues: [{ path: '/0/name', keyword: 'type' }, { path: '/0/notify', keyword: 'required' }] });
    expect(calls).toEqual([]);
  });

  test('its retries: a 503 that the server did not process is retried, as request retries it', async () => {
    const flaky = () => {
      let n = 0;
      return recordingFetch(() => (n++ === 0 ? new Response(null, { status: 503, headers: { 'retry-after': '0' } }) : created()));
    };
    const input = { params: { path: { companyId: '42' } }, body: [{ name: 'Ada', notify: true }] };
    const [mine, theirs] = [flaky(), flaky()];
    await expect(functions.createContacts(connect({ ...auth, fetch: mine.fetch, retry: { baseDelayMs: 1 } }), input)).resolves.toEqual({ nbInsertion: 1 });
    await expect(createContactsClient({ ...auth, fetch: theirs.fetch, retry: { baseDelayMs: 1 } }).request('createContacts', input)).resolves.toEqual({ nbInsertion: 1 });
    expect(mine.calls).toHaveLength(2);
    expect(theirs.calls).toHaveLength(2);
  });

  test('the first argument must be a connection', async () => {
    await expect(functions.createContacts({} as never, { params: { path: { companyId: '42' } }, body: [] })).rejects.toThrow('the first argument must be a connection');
  });
});
