// No token value ever shows in an error, however it is printed, on any error path.
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ContactsError, createContactsClient, type ContactInput, type ContactsClientOptions } from '../src/index.js';
import { freePort } from './support/prism.js';
import { json, startServer } from './support/server.js';

const TOKEN = 'SECRET-BEARER-b7f3';
const SESSION = 'SECRET-SESSION-9c1e';
const ok: ContactInput[] = [{ name: 'Ada', notify: true }];

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  // The path's companyId picks the fault.
  server = await startServer((req, res) => {
    const fault = req.url.split('/')[4];
    if (fault === '401') return json(res, 401, { title: 'Unauthorized' });
    if (fault === '500') return json(res, 500, 'oops');
    if (fault === 'reset') return res.socket?.resetAndDestroy();
    if (fault === 'slow') return setTimeout(() => json(res, 201, { nbInsertion: 1 }), 1000);
    if (fault === 'shape') return json(res, 201, { nbInsertion: 'x' });
    res.writeHead(201).end('{');
  });
});
afterAll(() => server.close());

const client = (options: Partial<ContactsClientOptions> = {}) =>
  createContactsClient({ baseUrl: server.url, token: TOKEN, sessionToken: SESSION, timeoutMs: 200, retry: { retries: 0 }, ...options });

function failure(promise: Promise<unknown>): Promise<ContactsError> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ContactsError);
      return error as ContactsError;
    },
  );
}

const paths: [string, () => Promise<ContactsError>][] = [
  ['validation', () => failure(client().createContacts('1', [{ name: TOKEN } as ContactInput]))],
  ['bad fixed token', async () => {
    try {
      createContactsClient({ token: `${TOKEN}\r\n`, sessionToken: SESSION });
    } catch (error) {
      return error as ContactsError;
    }
    return expect.unreachable('no error');
  }],
  ['bad rotated session token', () => failure(client({ sessionToken: () => `${SESSION}\n` }).createContacts('1', ok))],
  ['token function that throws with the token in its message', () => failure(client({ token: () => { throw new Error(TOKEN); } }).createContacts('1', ok))],
  ['401', () => failure(client().createContacts('401', ok))],
  ['500', () => failure(client().createContacts('500', ok))],
  ['reset', () => failure(client().createContacts('reset', ok))],
  ['timeout', () => failure(client().createContacts('slow', ok))],
  ['abort', () => failure(client().createContacts('slow', ok, { signal: AbortSignal.timeout(50) }))],
  ['wrong 201 shape', () => failure(client().createContacts('shape', ok))],
  ['malformed 201', () => failure(client().createContacts('json', ok))],
  ['connection refused', async () => failure(client({ baseUrl: `http://127.0.0.1:${await freePort()}` }).createContacts('1', ok))],
  ['bulk failure', async () => (await client().importContacts('500', ok)).failed[0]!.error],
];

test.each(paths)('%s: no token in message, toString, JSON, inspect or causes', async (_, run) => {
  const error = await run();
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const printed = [String(e), (e as Error).message, JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })].join('\n');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(SESSION);
  }
});
