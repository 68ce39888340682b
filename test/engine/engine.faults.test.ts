// Faults from a real HTTP server on 127.0.0.1 that counts what it receives: which errors surface, with which
// outcome, after how many sends; and that what is sent is what was validated.
import { afterEach, describe, expect, test } from 'vitest';
import {
  ContactsArgumentError,
  ContactsHttpError,
  ContactsNetworkError,
  ContactsTimeoutError,
  ContactsAbortError,
  ContactsValidationError,
  ContractViolationError,
  createContactsClient,
  importContacts,
  validateContacts,
  type ContactInput,
  type ContactsClientOptions,
} from '../../src/index.js';
import { freePort } from '../support/prism.js';
import { json, startServer, type Handler } from '../support/server.js';

const contacts = [{ name: 'Ada', notify: true }];
const fast = { retries: 2, baseDelayMs: 1, maxDelayMs: 1000 };
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function serve(handler: Handler, options: Partial<ContactsClientOptions> = {}, body: unknown = contacts, tls = false) {
  const server = await startServer(handler, { tls });
  close = server.close;
  // Faults are what these tests provoke: their warn lines belong to test/engine/log.test.ts.
  const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', retry: fast, logLevel: 'error', ...options });
  const outcome = await client.createContacts('42', body as ContactInput[]).catch((e: unknown) => e);
  return { outcome, sends: server.received.length, received: server.received };
}
const created = (_: unknown, res: Parameters<Handler>[1]) => json(res, 201, { nbInsertion: 1 });

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
      token: 'tok-0000',
      sessionToken: 'sess-0000',
      retry: fast,
      fetch: (input, init) => (attempts++, fetch(input, init)),
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

  test('a 303 See Other says the server processed the POST: unknown, not to be resent blindly, and sent once', async () => {
    const { outcome, sends } = await serve((_, res) => res.writeHead(303, { location: '/companies/v2/rs/42/contacts/batch/1' }).end());
    expect(outcome).toMatchObject({ status: 303, outcome: 'unknown' });
    expect(sends).toBe(1);
  });
});

describe("the caller's signal", () => {
  async function withSlowServer(delayMs: number, status = 201) {
    const server = await startServer((_, res) => setTimeout(() => json(res, status, { nbInsertion: 1 }, { 'retry-after': '1' }), delayMs));
    close = server.close;
    return { server, client: createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', retry: fast }) };
  }

  test('aborting while the request is in flight fails as unknown', async () => {
    // The server aborts the call once it holds the whole request, and never answers: no timing is involved.
    const controller = new AbortController();
    const server = await startServer(() => controller.abort());
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', retry: fast });
    const error = await client.createContacts('42', contacts, { signal: controller.signal }).catch((e: unknown) => e);
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

describe('what is sent is what was validated', () => {
  const ada = { name: 'Ada', notify: true };
  let reads = 0;
  // A name that turns 300 characters long from its third read on.
  const shifty = () => new Proxy({ ...ada }, { get: (target, key) => (key === 'name' ? (++reads >= 3 ? 'x'.repeat(300) : 'Ada') : Reflect.get(target, key)) });

  test.each([
    ['prototype getters (JSON sends {})', () => [Object.create({ get name() { return 'Ada'; }, get notify() { return true; } })], ['/0/name', '/0/notify']],
    ['a prototype toJSON (JSON sends {"evil":1})', () => [Object.assign(Object.create({ toJSON: () => ({ evil: 1 }) }), ada)], ['/0/evil', '/0/name', '/0/notify']],
    ['an array with its own toJSON (JSON sends "not an array")', () => Object.assign([ada], { toJSON: () => 'not an array' }), ['']],
  ])('%s: judged as JSON sends it, refused, nothing sent', async (_, body, paths) => {
    const { outcome, sends } = await serve(created, {}, body());
    expect(outcome).toBeInstanceOf(ContactsValidationError);
    expect((outcome as ContactsValidationError).issues.map((i) => i.path).sort()).toEqual(paths);
    expect(sends).toBe(0);
  });

  test('a value that changes as it is read is read once: the bytes sent are the bytes judged', async () => {
    reads = 0;
    const { outcome, received } = await serve(created, {}, [shifty()]);
    expect(outcome).toEqual({ nbInsertion: 1 });
    expect(reads).toBe(1);
    expect(JSON.parse(received[0]!.body)).toEqual([ada]);
    expect(validateContacts(JSON.parse(received[0]!.body)).valid).toBe(true);
  });

  // Judged, a BigInt where a boolean is due is of the wrong type, and is never serialised.
  test.each([
    ['a BigInt', () => [{ ...ada, notify: 1n }], 'type'],
    ['a cycle', () => { const c: Record<string, unknown> = { ...ada }; c['self'] = c; return [c]; }, 'json'],
    ['a getter that throws', () => [{ ...ada, get comment(): string { throw new Error('getter failed'); } }], 'json'],
  ])('%s, even with validate: false, is a ContactsValidationError, not sent', async (_, body, judged) => {
    for (const validate of [true, false]) {
      const { outcome, sends } = await serve(created, { validate }, body());
      const keyword = validate ? judged : 'json';
      expect(outcome).toBeInstanceOf(ContactsValidationError);
      expect(outcome).toMatchObject({ outcome: 'not-sent', issues: [{ keyword }] });
      if (keyword === 'json') expect((outcome as Error).cause).toBeInstanceOf(Error);
      expect(sends).toBe(0);
      await close?.();
    }
  });

  test('importContacts judges each row as it will send it, rejects the bad rows alone, and sends the rest as judged', async () => {
    reads = 0;
    const rows = [
      Object.create({ get name() { return 'Ada'; }, get notify() { return true; } }),
      Object.assign(Object.create({ toJSON: () => ({ evil: 1 }) }), ada),
      { ...ada, get comment(): string { throw new Error('getter failed'); } },
      shifty(),
      ada,
    ];
    const server = await startServer((req, res) => json(res, 201, { nbInsertion: (JSON.parse(req.body) as unknown[]).length }));
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    const report = await importContacts(client, '42', rows);
    expect(report.rejected.map((r) => [r.index, r.issues.map((i) => i.keyword).sort()])).toEqual([
      [0, ['required', 'required']],
      [1, ['additionalProperties', 'required', 'required']],
      [2, ['json']],
    ]);
    expect(report).toMatchObject({ accepted: [3, 4], inserted: 2, failed: [] });
    expect(server.received.map((r) => JSON.parse(r.body))).toEqual([[ada, ada]]);
  });
});

describe('every wait has an end, and the outcome tells the truth', () => {
  const never = () => new Promise<string>(() => {});

  test('a token function that never settles fails as not sent within timeoutMs', async () => {
    const started = Date.now();
    const { outcome, sends } = await serve(created, { token: never, timeoutMs: 100 });
    expect(outcome).toBeInstanceOf(ContactsTimeoutError);
    expect(outcome).toMatchObject({ outcome: 'not-sent', timeoutMs: 100, message: 'no response within 100 ms; before anything was sent' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sends).toBe(0);
  });

  test("a token function that never settles obeys the caller's signal", async () => {
    const server = await startServer(created);
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: never });
    const error = await client.createContacts('42', contacts, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ABORTED', outcome: 'not-sent' });
    expect(server.received).toHaveLength(0);
  });

  test('a token that arrives after the timeout: not sent', async () => {
    const late = () => new Promise<string>((resolve) => setTimeout(() => resolve('tok-0000'), 300));
    const { outcome, sends } = await serve(created, { sessionToken: late, timeoutMs: 100, retry: { retries: 0 } });
    expect(outcome).toMatchObject({ code: 'ERR_CONTACTS_TIMEOUT', outcome: 'not-sent' });
    expect(sends).toBe(0);
  });

  test('a port fetch refuses (10080): not sent, and not retried', async () => {
    let attempts = 0;
    const client = createContactsClient({ baseUrl: 'http://127.0.0.1:10080', token: 'tok-0000', sessionToken: 'sess-0000', retry: fast, fetch: (input, init) => (attempts++, fetch(input, init)) });
    const error = await client.createContacts('42', contacts).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_NETWORK', outcome: 'not-sent', message: 'could not connect; nothing was sent (bad port)' });
    expect(attempts).toBe(1);
  });

  test('a TLS certificate the client refuses: not sent, and not retried', async () => {
    const { outcome, sends } = await serve(created, {}, contacts, true);
    expect(outcome).toBeInstanceOf(ContactsNetworkError);
    expect(outcome).toMatchObject({ outcome: 'not-sent', message: 'could not connect; nothing was sent (DEPTH_ZERO_SELF_SIGNED_CERT)' });
    expect(sends).toBe(0);
  });

  test('a header value with CR or LF is refused at creation, or at the call, before anything is sent', async () => {
    expect(() => createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', headers: { 'x-trace': 'a\r\nx-injected: 1' } })).toThrow(
      new ContactsArgumentError('header x-trace must be a string of visible characters (no control characters, no character above U+00FF, no leading or trailing space)'),
    );
    const server = await startServer(created);
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    const error = await client.createContacts('42', contacts, { headers: { 'x-trace': 'a\nb' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent' });
    expect(server.received).toHaveLength(0);
  });

  test.each([
    ['a control character', { 'x-trace': 'a\x01b' }],
    ['DEL', { 'x-trace': 'a\x7fb' }],
    ['expect', { expect: '100-continue' }],
    ['transfer-encoding', { 'Transfer-Encoding': 'chunked' }],
    ['connection', { connection: 'close' }],
    ['host', { host: 'elsewhere.example' }],
    ['content-length', { 'content-length': '1' }],
    ['te', { te: 'trailers' }],
    ['upgrade', { upgrade: 'websocket' }],
  ])('a header with %s is refused at creation and at the call: it would break every request after sending began', async (_, headers) => {
    expect(() => createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', headers })).toThrow(ContactsArgumentError);
    const server = await startServer(created);
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    const error = await client.createContacts('42', contacts, { headers }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent' });
    expect(server.received).toHaveLength(0);
  });

  test.each(['-1', '1.5', '+5', 'soon'])('Retry-After %j is not RFC 9110: ignored, so a 503 with it is unknown and sent once', async (value) => {
    const { outcome, sends } = await serve((_, res) => json(res, 503, {}, { 'retry-after': value }));
    expect(outcome).toMatchObject({ status: 503, outcome: 'unknown', retryAfterMs: undefined });
    expect(sends).toBe(1);
  });

  test('one caller signal shared by 50 concurrent calls, retries included, raises no listener warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      // The first 50 requests get a 429: every call waits on the signal at least once, whatever the order.
      const server = await startServer((_, res, n) => (n <= 50 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 201, { nbInsertion: 1 })));
      close = server.close;
      const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', retry: { retries: 50, baseDelayMs: 1 } });
      const signal = new AbortController().signal;
      const results = await Promise.all(Array.from({ length: 50 }, () => client.createContacts('42', contacts, { signal })));
      expect(results).toHaveLength(50);
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.name)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
