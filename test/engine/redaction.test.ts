// One redaction, on parsed values: whatever the status, size, schema or depth of an answer, and however its JSON
// escapes an echoed token, no form of it is kept; the status and the kind of failure are kept as they were.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ContactsError, ContactsHttpError, ContractViolationError, createContactsClient, type ContactInput, type ContactsClientOptions, type Logger } from '../../src/index.js';
import { createEngine, type Target } from '../../src/engine/engine.js';
import type { Operation } from '../../src/engine/table.js';
import type { Check } from '../../src/engine/validation.js';
import { json, startServer } from '../support/server.js';

// Every character a JSON writer may escape one way or another: `&<>` (Go), `/` (PHP), `~` and `/` (JSON Pointer).
const TOKEN = 'SECRET&BEARER<b7f3/x+y>';
const SESSION = 'SECRET~SESSION/9c1e';
const NUMERIC = '314159265358979323846264';
const ok: ContactInput[] = [{ name: 'Ada', notify: true }];

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** Go's json.Marshal: `<`, `>` and `&` escaped, and nothing else. */
const go = (text: string) => JSON.stringify(text).replace(/[<>&]/g, hex);
const pointer = (text: string) => text.replaceAll('~', '~0').replaceAll('/', '~1');
/** The forms a printed error must not hold: as sent, escaped as each writer escapes, encoded, in a JSON Pointer. */
const forms = (secret: string) => [
  secret,
  go(secret).slice(1, -1),
  secret.replace(/[^A-Za-z0-9]/g, hex),
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  pointer(secret),
];
const padding = 'p'.repeat(5000);

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  // The path's companyId picks the answer.
  server = await startServer((req, res) => {
    const fault = req.url.split('/')[4];
    const echo = `${go(req.headers.authorization!)},"session":${go(String(req.headers['x-session-token']))}`;
    const raw = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/problem+json' }).end(text);
    if (fault === 'go-418') return raw(418, `{"title":"Teapot","detail":${echo}}`);
    if (fault === 'go-422-schema') return raw(422, `{"status":"bad","detail":${echo}}`);
    if (fault === 'go-422-large') return raw(422, `{"title":"Unprocessable","detail":${echo},"pad":"${padding}"}`);
    if (fault === 'go-201-large') return raw(201, `{"nbInsertion":"x","detail":${echo},"pad":"${padding}"}`);
    if (fault === 'go-502-text') return res.writeHead(502, { 'content-type': 'text/html' }).end(`<script>var t = ${echo};</script>`);
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    if (fault === 'deep-422') return raw(422, `{"title":"deep","deep":${nested(2000)}}`);
    if (fault === 'deeper-422') return raw(422, `{"title":"deep","deep":${nested(100_000)}}`);
    if (fault === 'deep-201') return raw(201, `{"deep":${nested(2000)}}`);
    if (fault === 'numeric-401') return raw(401, `{"title":"Unauthorized","n":${req.headers.authorization!.slice(7)},"s":"${req.headers.authorization!.slice(7)}"}`);
    if (fault === 'base64-401') {
      const bearer = req.headers.authorization!.slice(7);
      // The token at each offset past a group of three bytes, in a longer text.
      const encoded = ['', 'a', 'ab'].map((prefix) => Buffer.from(`${prefix}${bearer}`).toString('base64'));
      return json(res, 401, { title: 'Unauthorized', detail: encoded.join(' ') });
    }
    if (fault === 'keyed-201') return json(res, 201, { [String(req.headers['x-session-token'])]: 1, [req.headers.authorization!.slice(7)]: { deeper: 1 } });
    res.writeHead(500).end();
  });
});
afterAll(() => server.close());

const client = (options: Partial<ContactsClientOptions> = {}) =>
  createContactsClient({ baseUrl: server.url, token: TOKEN, sessionToken: SESSION, retry: { retries: 0 }, logLevel: 'off', ...options });

async function failure(promise: Promise<unknown>): Promise<ContactsError> {
  const error = await promise.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e);
  expect(error).toBeInstanceOf(ContactsError);
  return error as ContactsError;
}

function expectRedacted(printed: string, ...secrets: string[]) {
  for (const secret of secrets) for (const form of forms(secret)) expect(printed).not.toContain(form);
}
const printed = (error: unknown) => [String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })].join('\n');

describe('JSON escapes are undone before redaction, whatever the status, size or schema', () => {
  test.each([
    ['an undeclared status', 'go-418', 418],
    ['a declared status whose body breaks its schema', 'go-422-schema', 422],
    ['a declared error body over 4 kB', 'go-422-large', 422],
  ])('%s: no form of either token in message, body, JSON or inspect', async (_, fault, status) => {
    const error = (await failure(client().createContacts(fault, ok))) as ContactsHttpError;
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect([error.status, error.outcome]).toEqual([status, 'rejected-by-server']);
    expect(String(error.body ?? '')).toContain('[redacted]');
    expectRedacted(printed(error), TOKEN, SESSION);
  });

  test('a 201 over 4 kB that breaks the contract: what was received is redacted, then cut to 4 kB with its length noted', async () => {
    const error = (await failure(client().createContacts('go-201-large', ok))) as ContractViolationError;
    expect(error).toBeInstanceOf(ContractViolationError);
    const received = String(error.received);
    expect(received).toContain('"detail":"Bearer [redacted]","session":"[redacted]"');
    expect(received).toMatch(/… \[\d+ characters in all\]$/);
    expect(received.length).toBeLessThan(4200);
    expectRedacted(printed(error), TOKEN, SESSION);
  });

  test('text that is not JSON is redacted against the forms a writer may escape a token in', async () => {
    const error = (await failure(client().createContacts('go-502-text', ok))) as ContactsHttpError;
    expect(error.body).toBe('<script>var t = "Bearer [redacted]","session":"[redacted]";</script>');
    expectRedacted(printed(error), TOKEN, SESSION);
  });
});

describe('an answer nested deep keeps its status and its kind of failure', () => {
  test.each([
    ['4 kB nested 2,000 deep', 'deep-422'],
    ['200 kB nested 100,000 deep', 'deeper-422'],
  ])('a 422 of %s is a ContactsHttpError, rejected by the server', async (_, fault) => {
    const error = await failure(client().createContacts(fault, ok));
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect(error).toMatchObject({ status: 422, outcome: 'rejected-by-server' });
    expect(JSON.stringify(error).length).toBeLessThan(10_000);
  });

  test('a 201 nested 2,000 deep that breaks the contract is a ContractViolationError, not a network error', async () => {
    const error = await failure(client().createContacts('deep-201', ok));
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toMatchObject({ status: 201, outcome: 'unknown' });
  });
});

test('a numeric token echoed as a JSON number, beyond what a double holds, is redacted as a number and as a string', async () => {
  const error = (await failure(client({ token: NUMERIC }).createContacts('numeric-401', ok))) as ContactsHttpError;
  expect(error.body).toEqual({ title: 'Unauthorized', n: '[redacted]', s: '[redacted]' });
  expect(printed(error)).not.toMatch(/3141592653|3\.14159/);
});

test('base64 of a text holding the token at any offset: only the groups it shares with other bytes are left', async () => {
  const error = (await failure(client().createContacts('base64-401', ok))) as ContactsHttpError;
  const encoded = String((error.body as Record<string, unknown> | undefined)?.['detail']).split(' ');
  expect(encoded).toHaveLength(3);
  // A group of four characters holds three bytes: the token's first and last groups share theirs with the text around.
  for (const text of encoded) expect(text).toMatch(/^[A-Za-z0-9+/]{0,4}\[redacted\][A-Za-z0-9+/=]{0,4}$/);
});

describe('a token used as a key in an answer is redacted in every field of every issue', () => {
  // An operation of no spec, sending both tokens, whose 201 allows no property: each key of the answer is an issue, at its own path.
  const op: Operation = {
    method: 'POST',
    path: '/companies/v2/rs/{companyId}/contacts',
    params: { path: { companyId: true }, header: { 'x-session-token': true } },
    body: null,
    successes: { '201': ['application/json'] },
    errors: {},
    idempotent: false,
    security: [['bearerAuth']],
  };
  const closed: Check = (value, _key, state) => {
    for (const key of Object.keys(value as object)) state.issues.push({ instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: key } });
    return JSON.stringify(value);
  };
  const target: Target = { id: 'createClosed', op, judges: { responses: { '201': closed } } };

  test('path (a JSON Pointer), message, params, the warn log line', async () => {
    const lines: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (line: string) => lines.push(line) } as Logger;
    const engine = createEngine({ baseUrl: server.url, token: TOKEN, sessionToken: SESSION, retry: { retries: 0 }, logger });
    const error = (await failure(engine.call(target, { params: { path: { companyId: 'keyed-201' } } }))) as ContractViolationError;
    expect(error).toBeInstanceOf(ContractViolationError);
    const redacted = ['/[redacted]', { additionalProperty: '[redacted]' }];
    expect(error.issues.map((issue) => [issue.path, issue.params])).toEqual([redacted, redacted]);
    expect(error.message).toBe('the 201 response breaks the contract: /[redacted] is not a property of the contract; /[redacted] is not a property of the contract');
    expect(lines).toHaveLength(1);
    expectRedacted([printed(error), ...lines].join('\n'), TOKEN, SESSION);
  });
});
