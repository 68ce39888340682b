// The client through an injected fetch: what it sends, what it refuses to send, and how it reads answers.
import { describe, expect, test } from 'vitest';
import { serverUrl } from '../../generated/operations.js';
import {
  ContactsArgumentError,
  ContactsAuthError,
  ContactsHttpError,
  ContactsValidationError,
  ContractViolationError,
  connect,
  createContacts,
  createContactsClient,
  importContacts,
  type ContactInput,
} from '../../src/index.js';
import { created, recordingFetch } from '../support/fetch.js';

const contact: ContactInput = { name: 'Ada', notify: true };
const setup = (options: Partial<Parameters<typeof createContactsClient>[0]> = {}, answer?: Parameters<typeof recordingFetch>[0]) => {
  const recorder = recordingFetch(answer);
  // Contract breaks are what these tests provoke: their warn lines belong to test/engine/log.test.ts.
  const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch, logLevel: 'error', ...options });
  return { client, calls: recorder.calls };
};

describe('requests', () => {
  test('POSTs JSON to the spec server with both auth headers and extra headers', async () => {
    const { client, calls } = setup({ headers: { 'x-trace': 'abc' } });
    expect(await client.createContacts('42', [contact])).toEqual({ nbInsertion: 1 });
    const [{ request, body }] = calls as [(typeof calls)[0]];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${serverUrl}/companies/v2/rs/42/contacts`);
    expect(request.headers.get('authorization')).toBe('Bearer tok-0000');
    expect(request.headers.get('x-session-token')).toBe('sess-0000');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('x-trace')).toBe('abc');
    expect(JSON.parse(body)).toEqual([contact]);
  });

  test('reads token functions for every request, so tokens can rotate', async () => {
    let n = 0;
    const { client, calls } = setup({ token: () => `tok-000${++n}`, sessionToken: async () => `sess-000${n}` });
    await client.createContacts('42', [contact]);
    await client.createContacts('42', [contact]);
    expect(calls.map((c) => c.request.headers.get('authorization'))).toEqual(['Bearer tok-0001', 'Bearer tok-0002']);
    expect(calls.map((c) => c.request.headers.get('x-session-token'))).toEqual(['sess-0001', 'sess-0002']);
  });

  test.each([
    ['a/b', '/companies/v2/rs/a%2Fb/contacts'],
    ['../x', '/companies/v2/rs/..%2Fx/contacts'],
    ['é', '/companies/v2/rs/%C3%A9/contacts'],
    ['a?b#c', '/companies/v2/rs/a%3Fb%23c/contacts'],
  ])('companyId %j stays one path segment', async (companyId, path) => {
    const { client, calls } = setup({ baseUrl: 'http://127.0.0.1:9' });
    await client.createContacts(companyId, [contact]);
    expect(new URL(calls[0]!.request.url).pathname).toBe(path);
  });

  test.each(['', '.', '..'])('companyId %j is refused: URL parsing would change the path', async (companyId) => {
    const { client, calls } = setup();
    await expect(client.createContacts(companyId, [contact])).rejects.toThrow(ContactsArgumentError);
    expect(calls).toHaveLength(0);
  });

  test('a companyId with a lone surrogate is a ContactsArgumentError, not a URIError', async () => {
    const { client, calls } = setup();
    const error = await client.createContacts('4\ud8002', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsArgumentError);
    expect(error).toMatchObject({ outcome: 'not-sent', message: 'parameter companyId must be well-formed Unicode: it has a lone surrogate, which cannot be sent' });
    expect(calls).toHaveLength(0);
  });
});

describe('options that can never work are refused at creation', () => {
  test.each([
    ['a relative baseUrl', { baseUrl: '/api' }, 'baseUrl must be an absolute http(s) URL; got "/api"'],
    ['a non-HTTP baseUrl', { baseUrl: 'ftp://example.com' }, 'baseUrl must be an absolute http(s) URL; got "ftp://example.com"'],
    ['a baseUrl with a password, which is not echoed', { baseUrl: 'https://user:hunter2-secret@api.example.com' }, 'baseUrl must not carry a user name or password: the tokens are the only credentials sent'],
    ['a baseUrl with a query', { baseUrl: 'https://api.example.com/main?stage=1' }, 'baseUrl must have no query or fragment; got "https://api.example.com/main?stage=1"'],
    ['a baseUrl with a fragment', { baseUrl: 'https://api.example.com/main#x' }, 'baseUrl must have no query or fragment; got "https://api.example.com/main#x"'],
    ['an unset token (process.env.CONTACTS_TOKEN!)', { token: undefined as unknown as string }, 'token must be a non-empty string, or a function returning one; got undefined'],
    ['an unset session token', { sessionToken: undefined as unknown as string }, 'sessionToken must be a non-empty string, or a function returning one; got undefined'],
    ['a zero timeout', { timeoutMs: 0 }, 'timeoutMs must be above 0 and at most 2147483647 ms; got 0'],
    ['a timeout setTimeout cannot keep', { timeoutMs: 2 ** 31 }, 'timeoutMs must be above 0 and at most 2147483647 ms; got 2147483648'],
    ['negative retries', { retry: { retries: -1 } }, 'retry.retries must be a whole number; got -1'],
    ['an endless backoff', { retry: { maxDelayMs: Infinity } }, 'retry.maxDelayMs must be from 0 to 2147483647 ms; got Infinity'],
  ])('%s', (_, options, message) => {
    expect(() => createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', ...options })).toThrow(new ContactsArgumentError(message));
  });
});

describe('tokens that HTTP would refuse, alter or split are rejected before any request', () => {
  test.each([
    ['CR LF', 'abc\r\nx-injected: 1'],
    ['LF', 'abc\ndef'],
    ['NUL', 'abc\0'],
    ['a space', 'abc def'],
    ['a non-ASCII character', 'abcé'],
    ['empty', ''],
  ])('a fixed token with %s fails at creation', (_, bad) => {
    expect(() => createContactsClient({ token: bad, sessionToken: 'sess-0000' })).toThrow(ContactsArgumentError);
    expect(() => createContactsClient({ token: 'tok-0000', sessionToken: bad })).toThrow(/sessionToken/);
  });

  test('a token function that returns a bad value fails the call, and nothing is sent', async () => {
    const { client, calls } = setup({ sessionToken: () => 'sess\r\nx: y' });
    const error = await client.createContacts('42', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsArgumentError);
    expect((error as ContactsArgumentError).message).toBe('sessionToken has a character not allowed in an HTTP header token (U+000D at index 4)');
    expect((error as ContactsArgumentError).outcome).toBe('not-sent');
    expect(calls).toHaveLength(0);
  });

  test('a token function that throws fails the call with ERR_CONTACTS_AUTH, keeping what it threw as the cause', async () => {
    const outage = new Error('vault down');
    const { client, calls } = setup({ token: () => Promise.reject(outage) });
    const error = await client.createContacts('42', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsAuthError);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_AUTH', outcome: 'not-sent', message: 'token: the function that supplies it failed; nothing was sent (see cause)' });
    expect((error as ContactsAuthError).cause).toBe(outage);
    expect(calls).toHaveLength(0);
  });
});

describe('validation', () => {
  test('an invalid body fails with every issue, and nothing is sent', async () => {
    const { client, calls } = setup();
    const body = [contact, { name: 'x'.repeat(251), notify: 'yes' }] as unknown as ContactInput[];
    const error = await client.createContacts('42', body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsValidationError);
    expect((error as ContactsValidationError).issues.map((i) => i.path)).toEqual(['/1/name', '/1/notify']);
    expect(calls).toHaveLength(0);
  });

  test('validate: false sends the body as it is', async () => {
    const { client, calls } = setup({ validate: false });
    await client.createContacts('42', [{ notify: true } as ContactInput]);
    expect(calls).toHaveLength(1);
  });

  test.each([
    ['a wrong shape', () => created({ inserted: 1 }), ['/nbInsertion']],
    ['a string count', () => created({ nbInsertion: '1' }), ['/nbInsertion']],
    ['an unsafe integer', () => created({ nbInsertion: 2 ** 53 }), ['/nbInsertion']],
    ['malformed JSON', () => new Response('{"nbInsertion":', { status: 201 }), ['']],
    ['an undeclared 200', () => Response.json({ nbInsertion: 1 }), ['']],
  ])('a 201 with %s fails with ContractViolationError', async (_, answer, paths) => {
    const { client } = setup({}, answer);
    const error = await client.createContacts('42', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).outcome).toBe('unknown');
    expect((error as ContractViolationError).issues.map((i) => i.path)).toEqual(paths);
  });

  test('the violation shows what was received', async () => {
    const { client } = setup({}, () => created({ inserted: 1 }));
    const error = (await client.createContacts('42', [contact]).catch((e: unknown) => e)) as ContractViolationError;
    expect(error.received).toEqual({ inserted: 1 });
    expect(error.message).toBe("the 201 response breaks the contract: /nbInsertion is required");
  });
});

describe('error responses', () => {
  test('a problem details body is typed and kept', async () => {
    const problem = { type: 'about:blank', title: 'Unauthorized', status: 401 };
    const { client } = setup({}, () => Response.json(problem, { status: 401 }));
    const error = (await client.createContacts('42', [contact]).catch((e: unknown) => e)) as ContactsHttpError;
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect(error).toMatchObject({ status: 401, body: problem, outcome: 'rejected-by-server', code: 'ERR_CONTACTS_HTTP' });
    expect(error.message).toBe('the server answered 401: Unauthorized');
  });

  test('JSON that breaks the problem details schema is kept as text, so the type never lies', async () => {
    const { client } = setup({}, () => Response.json({ title: 5 }, { status: 400 }));
    const error = (await client.createContacts('42', [contact]).catch((e: unknown) => e)) as ContactsHttpError;
    expect(error.body).toBe('{"title":5}');
  });

  test('a body that is not problem details is kept as text', async () => {
    const { client } = setup({}, () => new Response('<html>bad gateway</html>', { status: 502 }));
    const error = (await client.createContacts('42', [contact]).catch((e: unknown) => e)) as ContactsHttpError;
    expect(error).toMatchObject({ status: 502, body: '<html>bad gateway</html>', outcome: 'unknown' });
  });
});

describe('connect, and the functions that take its connection', () => {
  test('createContacts and importContacts over a connection send what the client sends', async () => {
    const recorder = recordingFetch();
    const api = connect({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch });
    expect(await createContacts(api, '42', [contact])).toEqual({ nbInsertion: 1 });
    const report = await importContacts(api, '42', [contact, { name: 'Bob', notify: 'yes' }]);
    expect([report.accepted, report.rejected.map((r) => r.index)]).toEqual([[0], [1]]);
    expect(recorder.calls.map(({ request, body }) => [request.url, request.headers.get('authorization'), JSON.parse(body)])).toEqual([
      [`${serverUrl}/companies/v2/rs/42/contacts`, 'Bearer tok-0000', [contact]],
      [`${serverUrl}/companies/v2/rs/42/contacts`, 'Bearer tok-0000', [contact]],
    ]);
  });

  test('a client is a connection too: importContacts(client, …) sends over its engine', async () => {
    const recorder = recordingFetch();
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch });
    expect((await importContacts(client, '42', [contact])).accepted).toEqual([0]);
    expect(await createContacts(client, '42', [contact])).toEqual({ nbInsertion: 1 });
    expect(recorder.calls).toHaveLength(2);
  });

  test('options are checked at connect; anything but a connection or a client is refused', async () => {
    expect(() => connect({ token: 'tok-0000', sessionToken: 'sess-0000', timeoutMs: -1 })).toThrow(ContactsArgumentError);
    for (const notOne of [{ call: () => {} }, null, undefined, {}]) {
      await expect(createContacts(notOne as never, '42', [contact])).rejects.toThrow('the first argument must be a connection from connect(), or a client from createContactsClient()');
      await expect(importContacts(notOne as never, '42', [contact])).rejects.toThrow(ContactsArgumentError);
    }
  });
});
