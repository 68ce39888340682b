// No token value ever shows in an error, however it is printed, on any error path, even when the server echoes
// it back; errors stay small whatever the server sends; and support can trace them.
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ContactsError,
  ContactsHttpError,
  ContactsValidationError,
  ContractViolationError,
  createContactsClient,
  createRawClient,
  importContacts,
  type ContactInput,
  type ContactsClientOptions,
} from '../../src/index.js';
import { freePort } from '../support/prism.js';
import { json, startServer } from '../support/server.js';

const TOKEN = 'SECRET-BEARER-b7f3/x+y';
const SESSION = 'SECRET-SESSION-9c1e';
// A rotating token's earlier value, echoed by the server in answer to the attempt after it.
const EARLIER = 'SECRET-EARLIER-40d2';

/** The forms a server may echo a secret in: as sent, JSON-escaped two ways, percent-encoded, base64. */
const forms = (secret: string) => [
  secret,
  secret.replaceAll('/', '\\/'),
  secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  encodeURIComponent(secret),
  btoa(secret).replace(/=+$/, ''),
];
const ok: ContactInput[] = [{ name: 'Ada', notify: true }];

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  // The path's companyId picks the fault.
  server = await startServer((req, res) => {
    const fault = req.url.split('/')[4];
    if (fault === '401') return json(res, 401, { title: 'Unauthorized' });
    // Servers echo what they were sent: the tokens come back in a problem detail, a text body and a 201.
    if (fault === 'echo-401') return json(res, 401, { title: 'Unauthorized', detail: `bad token ${req.headers.authorization} for session ${req.headers['x-session-token']}` });
    if (fault === 'echo-text') return res.writeHead(502, { 'content-type': 'text/html' }).end(`<pre>${JSON.stringify(req.headers)}</pre>`);
    if (fault === 'echo-201') return json(res, 201, { nbInsertion: 'x', echo: req.headers });
    // The same echo, written the ways servers write text: `\/` and `\u002d` escapes, percent-encoded, base64.
    if (fault === 'echo-escaped') {
      const text = `{"title":"Unauthorized","detail":"${forms(req.headers.authorization!).slice(1, 3).join(' ')}","session":"${forms(req.headers['x-session-token'] as string).slice(1, 3).join(' ')}"}`;
      return res.writeHead(401, { 'content-type': 'application/problem+json' }).end(text);
    }
    if (fault === 'echo-encoded') return json(res, 401, { title: 'Unauthorized', detail: `${forms(req.headers.authorization!.slice(7)).slice(3).join(' ')} ${forms(req.headers['x-session-token'] as string).slice(3).join(' ')}` });
    if (fault === 'echo-id') return json(res, 401, { title: 'Unauthorized' }, { 'x-request-id': `${req.headers['x-session-token']}` });
    // undici keeps the bytes of an answer it cannot parse from where it failed (a second Content-Length), tokens included.
    if (fault === 'echo-malformed') return res.socket?.end(`HTTP/1.1 201 Created\r\ncontent-length: 5\r\ncontent-length: 9 ${req.headers.authorization} ${req.headers['x-session-token']}\r\n\r\n`);
    if (fault === 'echo-earlier') {
      if (req.headers.authorization === `Bearer ${EARLIER}`) return json(res, 429, {}, { 'retry-after': '0' });
      return json(res, 401, { title: 'Unauthorized', detail: `the token before was ${EARLIER}` });
    }
    if (fault === '500') return json(res, 500, 'oops');
    if (fault === 'reset') return res.socket?.resetAndDestroy();
    if (fault === 'slow') return setTimeout(() => json(res, 201, { nbInsertion: 1 }), 1000);
    if (fault === 'shape') return json(res, 201, { nbInsertion: 'x' });
    res.writeHead(201).end('{');
  });
});
afterAll(() => server.close());

const client = (options: Partial<ContactsClientOptions> = {}) =>
  // Contract breaks are what these tests provoke: their warn lines belong to test/engine/log.test.ts.
  createContactsClient({ baseUrl: server.url, token: TOKEN, sessionToken: SESSION, timeoutMs: 200, retry: { retries: 0 }, logLevel: 'error', ...options });

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
  ['401', () => failure(client().createContacts('401', ok))],
  ['401 whose detail echoes both tokens', () => failure(client().createContacts('echo-401', ok))],
  ['502 whose text echoes the headers', () => failure(client().createContacts('echo-text', ok))],
  ['201 that breaks the contract and echoes the headers', () => failure(client().createContacts('echo-201', ok))],
  ['500', () => failure(client().createContacts('500', ok))],
  ['reset', () => failure(client().createContacts('reset', ok))],
  ['timeout', () => failure(client().createContacts('slow', ok))],
  ['abort', () => failure(client().createContacts('slow', ok, { signal: AbortSignal.timeout(50) }))],
  ['wrong 201 shape', () => failure(client().createContacts('shape', ok))],
  ['malformed 201', () => failure(client().createContacts('json', ok))],
  ['connection refused', async () => failure(client({ baseUrl: `http://127.0.0.1:${await freePort()}` }).createContacts('1', ok))],
  ['bulk failure', async () => (await importContacts(client(), '500', ok)).failed[0]!.error],
  ['401 whose JSON escapes the echoed tokens', () => failure(client().createContacts('echo-escaped', ok))],
  ['401 that echoes the tokens percent-encoded and in base64', () => failure(client().createContacts('echo-encoded', ok))],
  ['401 whose request id echoes the session token', () => failure(client().createContacts('echo-id', ok))],
  ['an answer that cannot be parsed, with the tokens in it', () => failure(client().createContacts('echo-malformed', ok))],
  ['a rotating token, its earlier value echoed after a retry', () => {
    let reads = 0;
    return failure(client({ token: () => (reads++ === 0 ? EARLIER : TOKEN), retry: { retries: 1, baseDelayMs: 1 } }).createContacts('echo-earlier', ok));
  }],
];

test('a token function that throws: its error is the cause, untouched; nothing of it is copied into ours', async () => {
  const thrown = new Error(`vault said ${TOKEN}`);
  const error = await failure(client({ token: () => { throw thrown; } }).createContacts('1', ok));
  expect(error).toMatchObject({ code: 'ERR_CONTACTS_AUTH', outcome: 'not-sent' });
  expect(error.cause).toBe(thrown);
  const own = [String(error), error.message, JSON.stringify(error), JSON.stringify(Object.entries(error))].join('\n');
  expect(own).not.toContain(TOKEN);
});

test.each(paths)('%s: no token in message, toString, JSON, inspect or causes', async (_, run) => {
  const error = await run();
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const printed = [String(e), (e as Error).message, JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true })].join('\n');
    for (const secret of [TOKEN, SESSION, EARLIER]) for (const form of forms(secret)) expect(printed).not.toContain(form);
  }
});

test('the tokens are refused when too short to redact', () => {
  expect(() => createContactsClient({ token: 'short', sessionToken: SESSION })).toThrow('token must be at least 8 characters long, so that it can be redacted wherever it is echoed; got 5');
});

test('escaped, encoded and header echoes are redacted where they are kept', async () => {
  const escaped = (await failure(client().createContacts('echo-escaped', ok))) as ContactsHttpError;
  expect(escaped.body).toEqual({ title: 'Unauthorized', detail: 'Bearer [redacted] Bearer [redacted]', session: '[redacted] [redacted]' });
  const encoded = (await failure(client().createContacts('echo-encoded', ok))) as ContactsHttpError;
  expect(encoded.body).toEqual({ title: 'Unauthorized', detail: '[redacted] [redacted] [redacted] [redacted]' });
  expect(await failure(client().createContacts('echo-id', ok))).toMatchObject({ requestId: '[redacted]' });
});

test('the server echo is redacted where it is kept: the body, what was received, and the message', async () => {
  const echoed = await failure(client().createContacts('echo-401', ok));
  expect(echoed.message).toBe('the server answered 401: bad token Bearer [redacted] for session [redacted]');
  expect((echoed as ContactsHttpError).body).toEqual({ title: 'Unauthorized', detail: 'bad token Bearer [redacted] for session [redacted]' });
  const broken = (await failure(client().createContacts('echo-201', ok))) as ContractViolationError;
  expect(broken.received).toMatchObject({ echo: { authorization: 'Bearer [redacted]', 'x-session-token': '[redacted]' } });
});

describe('errors stay small, whatever the server sends', () => {
  let big: Awaited<ReturnType<typeof startServer>>;
  const body = `{"nbInsertion":"${'x'.repeat(50 * 1024 * 1024)}"}`;
  beforeAll(async () => {
    big = await startServer((req, res) => res.writeHead(req.url.includes('/500/') ? 500 : 201, { 'content-type': 'application/json' }).end(body));
  });
  afterAll(() => big.close());
  const sizes = (error: unknown) => [JSON.stringify(error).length, inspect(error).length, inspect(error, { depth: Infinity, showHidden: true }).length];

  test.each(['201', '500'])('a 50 MB %s body, allowed by maxResponseBytes, is cut to 4 kB, its length noted', async (status) => {
    const error = await failure(client({ baseUrl: big.url, timeoutMs: 20_000, maxResponseBytes: 64 * 1024 * 1024 }).createContacts(status, ok));
    const kept = String(error instanceof ContractViolationError ? error.received : (error as ContactsHttpError).body);
    expect(kept.endsWith(`… [${body.length} characters in all]`)).toBe(true);
    expect(kept.length).toBeLessThan(4200);
    for (const size of sizes(error)) expect(size).toBeLessThan(100_000);
  }, 30_000);

  test('300,000 validation issues: checking stops past the first 100, and the error says that there are more; its JSON and inspect still small', async () => {
    const error = (await failure(client().createContacts('1', Array(100_000).fill({ name: 1, notify: 'x', email: 5 })))) as ContactsValidationError;
    expect(error.issues).toHaveLength(100);
    expect(error).toMatchObject({ issueCount: 100, moreIssues: true });
    expect(error.message).toMatch(/; and 95 more; and others past the first 100 \(checking stopped there\)$/);
    for (const size of sizes(error)) expect(size).toBeLessThan(100_000);
  });

  test('maxIssues sets where checking stops', async () => {
    const error = (await failure(client({ maxIssues: 3 }).createContacts('1', Array(10).fill({ name: 1, notify: 'x' })))) as ContactsValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['/0/name', '/0/notify', '/1/name']);
    expect(error).toMatchObject({ issueCount: 3, moreIssues: true });
    const few = (await failure(client({ maxIssues: 3 }).createContacts('1', [{ name: 1, notify: true }] as never))) as ContactsValidationError;
    expect(few).toMatchObject({ issueCount: 1, moreIssues: false, message: 'the request breaks the contract: /0/name must be a string' });
  });
});

describe('support can trace a failure', () => {
  let traced: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    traced = await startServer((req, res) => {
      const headers = { 'x-amzn-requestid': 'req-123', 'x-amz-apigw-id': 'gw-456', 'set-cookie': 'session=secret', 'content-type': 'application/json' };
      res.writeHead(req.url.includes('/503/') ? 503 : 201, headers).end('{"nbInsertion":"x"}');
    });
  });
  afterAll(() => traced.close());

  test.each(['503', '201'])('a %s carries the request id and the status, and nothing else from the headers', async (status) => {
    const error = await failure(client({ baseUrl: traced.url }).createContacts(status, ok));
    expect(error).toMatchObject({ requestId: 'req-123', status: Number(status) });
    expect(JSON.stringify(error)).not.toContain('secret');
    expect(JSON.stringify(error)).not.toContain('gw-456');
  });
});

describe('answers are read up to maxResponseBytes, decompressed, and no further', () => {
  let bounded: Awaited<ReturnType<typeof startServer>>;
  let written = 0;
  beforeAll(async () => {
    // 64 MiB of zeros gzip to about 64 kB on the wire.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    bounded = await startServer((req, res) => {
      const kind = req.url.split('/')[4];
      if (kind === 'bomb') return res.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
      // An endless answer, bounded here so that the test cannot run away: 256 MiB at most.
      res.writeHead(kind === 'endless-400' ? 400 : 201, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = () => {
        while (written < 256 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return res.once('drain', more);
        }
        res.end();
      };
      more();
    });
  });
  afterAll(() => bounded.close());

  test.each([
    ['a gzip bomb (64 kB inflating to 64 MiB)', 'bomb', 'unknown'],
    ['an endless 201', 'endless', 'unknown'],
    ['an endless 400', 'endless-400', 'rejected-by-server'],
  ])('%s stops at the limit, with an error that says so', async (_, kind, outcome) => {
    written = 0;
    const error = await failure(client({ baseUrl: bounded.url, timeoutMs: 20_000, maxResponseBytes: 1024 * 1024 }).createContacts(kind, ok));
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_RESPONSE_TOO_LARGE', outcome, maxResponseBytes: 1024 * 1024 });
    expect(error.message).toMatch(/answer is longer than maxResponseBytes \(1048576 bytes, decompressed\): reading stopped there$/);
    // The server was cut off long before it could write everything.
    if (kind !== 'bomb') expect(written).toBeLessThan(256 * 1024 * 1024);
  }, 30_000);

  test('the raw client stops there too', async () => {
    const raw = createRawClient({ baseUrl: bounded.url, token: TOKEN, sessionToken: SESSION, maxResponseBytes: 1024 * 1024 });
    const error = await raw.POST('/companies/v2/rs/{companyId}/contacts', { params: { path: { companyId: 'bomb' } }, body: ok }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_RESPONSE_TOO_LARGE', outcome: 'unknown' });
  }, 30_000);
});

describe('bodies too large to send are refused before they are read', () => {
  test.each([
    ['a sparse array of 2^32 - 1 items', () => Object.assign([], { length: 2 ** 32 - 1 })],
    ['10 million holes', () => new Array(10_000_000)],
  ])('%s: refused at once, nothing read, whatever validate says', async (_, make) => {
    for (const validate of [true, false]) {
      const error = (await failure(client({ validate }).createContacts('1', make() as ContactInput[]))) as ContactsValidationError;
      expect(error.issues).toEqual([expect.objectContaining({ keyword: 'maxRequestBytes', message: expect.stringMatching(/whose JSON takes at least \d+ bytes, more than maxRequestBytes \(10485760\)$/) })]);
    }
  });

  test('a body under the item bound but over the bytes is refused after it is judged', async () => {
    const error = (await failure(client({ maxRequestBytes: 1000 }).createContacts('1', Array(5).fill({ name: 'é'.repeat(200), notify: true })))) as ContactsValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ keyword: 'maxRequestBytes', message: expect.stringMatching(/^the body takes \d+ bytes as JSON, more than maxRequestBytes \(1000\)$/) })]);
  });
});
