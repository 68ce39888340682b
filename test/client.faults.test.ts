// Faults from a real HTTP server on 127.0.0.1: which errors surface, with which outcome, after how many sends.
import { afterEach, describe, expect, test } from 'vitest';
import {
  ContactsHttpError,
  ContactsNetworkError,
  ContactsTimeoutError,
  ContactsAbortError,
  ContractViolationError,
  createContactsClient,
  type ContactsClientOptions,
} from '../src/index.js';
import { freePort } from './support/prism.js';
import { json, startServer, type Handler } from './support/server.js';

const contacts = [{ name: 'Ada', notify: true }];
const fast = { retries: 2, baseDelayMs: 1, maxDelayMs: 1000 };
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function serve(handler: Handler, options: Partial<ContactsClientOptions> = {}) {
  const server = await startServer(handler);
  close = server.close;
  const client = createContactsClient({ baseUrl: server.url, token: 'tok', sessionToken: 'sess', retry: fast, ...options });
  const outcome = await client.createContacts('42', contacts).catch((e: unknown) => e);
  return { outcome, sends: server.received.length };
}

describe('answers that prove nothing was processed are retried, within bounds', () => {
  test('429 with Retry-After, then 201: sent twice, resolves', async () => {
    const { outcome, sends } = await serve((_, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 201, { nbInsertion: 1 })));
    expect(outcome).toEqual({ nbInsertion: 1 });
    expect(sends).toBe(2);
  });

  test('429 every time: sent 1 + retries times, then fails as rejected', async () => {
    const { outcome, sends } = await serve((_, res) => json(res, 429, { title: 'Too Many Requests' }));
    expect(outcome).toBeInstanceOf(ContactsHttpError);
    expect(outcome).toMatchObject({ status: 429, outcome: 'rejected-by-server' });
    expect(sends).toBe(3);
  });

  test('503 with Retry-After, then 201: sent twice', async () => {
    const { outcome, sends } = await serve((_, res, n) => (n === 1 ? json(res, 503, {}, { 'retry-after': '0' }) : json(res, 201, { nbInsertion: 1 })));
    expect(outcome).toEqual({ nbInsertion: 1 });
    expect(sends).toBe(2);
  });

  test('a Retry-After beyond maxDelayMs is not waited for: sent once', async () => {
    const { outcome, sends } = await serve((_, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    expect(outcome).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(sends).toBe(1);
  });

  test('connection refused: retried, then fails as not sent', async () => {
    const port = await freePort();
    let attempts = 0;
    const client = createContactsClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 'tok',
      sessionToken: 'sess',
      retry: fast,
      fetch: (request) => (attempts++, fetch(request)),
    });
    const error = await client.createContacts('42', contacts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsNetworkError);
    expect(error).toMatchObject({ outcome: 'not-sent', message: 'could not connect; nothing was sent (ECONNREFUSED)' });
    expect(attempts).toBe(3);
  });
});

describe('answers with an unknown outcome are never retried', () => {
  test('500: sent once, unknown', async () => {
    const { outcome, sends } = await serve((_, res) => json(res, 500, { title: 'Internal Server Error' }));
    expect(outcome).toBeInstanceOf(ContactsHttpError);
    expect(outcome).toMatchObject({ status: 500, outcome: 'unknown' });
    expect(sends).toBe(1);
  });

  test('503 without Retry-After: sent once, unknown', async () => {
    const { outcome, sends } = await serve((_, res) => json(res, 503, {}));
    expect(outcome).toMatchObject({ status: 503, outcome: 'unknown' });
    expect(sends).toBe(1);
  });

  test('a reset in the middle of the response: sent once, unknown', async () => {
    const { outcome, sends } = await serve((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"nbIns');
      setTimeout(() => res.socket?.resetAndDestroy(), 20);
    });
    expect(outcome).toBeInstanceOf(ContactsNetworkError);
    expect(outcome).toMatchObject({ outcome: 'unknown' });
    expect(sends).toBe(1);
  });

  test('a reset after the request was read, before any answer: sent once, unknown', async () => {
    const { outcome, sends } = await serve((_, res) => res.socket?.resetAndDestroy());
    expect(outcome).toBeInstanceOf(ContactsNetworkError);
    expect(outcome).toMatchObject({ outcome: 'unknown' });
    expect(sends).toBe(1);
  });

  test('no answer within the timeout: sent once, unknown', async () => {
    const { outcome, sends } = await serve((_, res) => setTimeout(() => json(res, 201, { nbInsertion: 1 }), 2000), { timeoutMs: 100 });
    expect(outcome).toBeInstanceOf(ContactsTimeoutError);
    expect(outcome).toMatchObject({ outcome: 'unknown', timeoutMs: 100 });
    expect(sends).toBe(1);
  });

  test('malformed JSON in a 201: sent once, contract violation', async () => {
    const { outcome, sends } = await serve((_, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"nbInsertion": 1'));
    expect(outcome).toBeInstanceOf(ContractViolationError);
    expect(outcome).toMatchObject({ outcome: 'unknown', received: '{"nbInsertion": 1' });
    expect(sends).toBe(1);
  });

  test('a 201 of the wrong shape: sent once, contract violation', async () => {
    const { outcome, sends } = await serve((_, res) => json(res, 201, { nbInsertion: 1.5 }));
    expect(outcome).toBeInstanceOf(ContractViolationError);
    expect(outcome).toMatchObject({ received: { nbInsertion: 1.5 } });
    expect(sends).toBe(1);
  });

  test('a redirect is not followed, so the session token goes nowhere else', async () => {
    const { outcome, sends } = await serve((_, res) => res.writeHead(307, { location: 'http://127.0.0.2:1/steal' }).end());
    expect(outcome).toMatchObject({ status: 307, outcome: 'rejected-by-server' });
    expect(sends).toBe(1);
  });
});

describe("the caller's signal", () => {
  async function withSlowServer(delayMs: number, status = 201) {
    const server = await startServer((_, res) => setTimeout(() => json(res, status, { nbInsertion: 1 }, { 'retry-after': '1' }), delayMs));
    close = server.close;
    return { server, client: createContactsClient({ baseUrl: server.url, token: 'tok', sessionToken: 'sess', retry: fast }) };
  }

  test('aborting while the request is in flight fails as unknown', async () => {
    const { client, server } = await withSlowServer(2000);
    const error = await client.createContacts('42', contacts, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsAbortError);
    expect(error).toMatchObject({ outcome: 'unknown' });
    expect(server.received).toHaveLength(1);
  });

  test('aborting while waiting to retry a 429 fails as not sent', async () => {
    const { client, server } = await withSlowServer(0, 429);
    // Retry-After is 1 s: the abort lands in the wait, well after the first answer.
    const error = await client.createContacts('42', contacts, { signal: AbortSignal.timeout(500) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ABORTED', outcome: 'not-sent' });
    expect(server.received).toHaveLength(1);
  });

  test('an already aborted signal sends nothing', async () => {
    const { client, server } = await withSlowServer(0);
    const error = await client.createContacts('42', contacts, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ABORTED', outcome: 'not-sent' });
    expect(server.received).toHaveLength(0);
  });
});
