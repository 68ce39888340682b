// contacts-api-verify: against the Prism mock every check passes; against a server that drifted from the
// contract, each drift is named at the level where it shows.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { checks, type Check as Judge } from '../../src/engine/validation.js';
import { main, report as reported } from '../../src/verify/command.js';
import { run, type Outcome, type RunOptions } from '../../src/verify/run.js';
import { parameterValues, plan, type Spec } from '../../src/verify/plan.js';
import { json, startServer } from '../support/server.js';

const env = { CONTACTS_TOKEN: 'SECRET-BEARER-51c0', CONTACTS_SESSION_TOKEN: 'SECRET-SESSION-77aa' };
const fast = ['--rps', '200'];
// What no value of a report may hold: C0 and C1 controls, the line and paragraph separators, bidi marks and overrides.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// The same, but for the report's own line breaks.
const UNPRINTABLE_IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// How many checks the safe level derives from today's spec: counted, never written down.
const safe = plan(JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as Spec, 'safe').length;

/** Every string value of a JSON text, once parsed. */
function valuesOf(text: string): string[] {
  const values: string[] = [];
  JSON.parse(text, (_, value: unknown) => (typeof value === 'string' && values.push(value), value));
  return values;
}

async function verify(args: string[], environment: Record<string, string | undefined> = env) {
  let output = '';
  const code = await main(args, environment, (text) => (output += text));
  expect(output).not.toContain(env.CONTACTS_TOKEN);
  expect(output).not.toContain(env.CONTACTS_SESSION_TOKEN);
  return { code, output };
}

describe('against the Prism mock of the spec', () => {
  test.each([['safe'], ['writes', '--allow-writes', '--company', '42']])('every check of level %s passes, and the exit code is 0', async (...level) => {
    const { code, output } = await verify(['--base-url', inject('prismUrl'), '--level', ...level, ...fast]);
    expect(output).not.toContain('FAIL');
    expect(output).toMatch(/\n(\d+) passed, 0 failed\n$/);
    expect(code).toBe(0);
  });

  test('malformed JSON gets Prism’s own answer: a known deviation of the mock, said so; --strict judges it as drift', async () => {
    const { output } = await verify(['--base-url', inject('prismUrl'), ...fast]);
    expect(output).toContain('observed 400 application/json; charset=utf-8 (a known deviation of the Prism mock: its own answer to malformed JSON)');
    const strict = await verify(['--base-url', inject('prismUrl'), '--strict', ...fast]);
    expect(strict.code).toBe(1);
    expect(strict.output).toContain('FAIL createContacts: malformed JSON');
    expect(strict.output).toContain('media type application/json is not the declared application/problem+json');
  });

  test('--json and --junit report the same checks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'contacts-verify-'));
    try {
      const { output } = await verify(['--base-url', inject('prismUrl'), '--json', '--junit', join(dir, 'verify.xml'), ...fast]);
      const report = JSON.parse(output) as { passed: number; failed: number; checks: { operationId: string; name: string; ok: boolean; expected: string; observed: { status: number; contentType: string } }[] };
      expect(report.failed).toBe(0);
      expect(report.checks).toHaveLength(report.passed);
      expect(report.checks.find((c) => c.operationId === 'createContacts' && c.name === 'missing bearer token')).toMatchObject({ ok: true, observed: { status: 401, contentType: 'application/problem+json' } });
      const xml = await readFile(join(dir, 'verify.xml'), 'utf8');
      expect(xml).toContain(`<testsuite name="contacts-api-verify" tests="${report.passed}" failures="0">`);
      expect(xml).toContain('<testcase classname="createContacts" name="missing bearer token"></testcase>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('against a server that drifted', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    // A 401 as text/plain, a 200 for an empty array, 201 bodies without nbInsertion, and a 251-character name accepted.
    server = await startServer((req, res) => {
      if (!req.headers.authorization?.match(/^Bearer \S/)) return res.writeHead(401, { 'content-type': 'text/plain' }).end('no');
      const body = (() => {
        try {
          return JSON.parse(req.body) as unknown;
        } catch {
          return undefined;
        }
      })();
      if (!Array.isArray(body) || req.headers['content-type'] !== 'application/json' || !req.headers['x-session-token']) return json(res, 422, { title: 'Unprocessable Entity' }, { 'content-type': 'application/problem+json' });
      if (body.length === 0) return json(res, 200, { nbInsertion: 0 });
      const name = (body[0] as { name?: unknown }).name;
      if (typeof name === 'string' && name.length === 251) return json(res, 201, { nbInsertion: 1 });
      return json(res, 201, { inserted: 1 });
    });
  });
  afterAll(() => server.close());

  test('safe: the 401 as text/plain and the 200 instead of 201 are named, and the exit code is 1', async () => {
    const { code, output } = await verify(['--base-url', server.url, ...fast]);
    expect(code).toBe(1);
    expect(output).toContain('FAIL createContacts: missing bearer token');
    expect(output).toContain('observed 401 text/plain: media type text/plain is not the declared application/problem+json');
    expect(output).toContain('FAIL createContacts: an empty array');
    expect(output).toContain('observed 200 application/json: status 200 is not declared (201, 400, 401, 422, 429, 5XX)');
    expect(output).toContain('FAIL createContacts: empty bearer token');
    // Of createContacts' checks, 4 pass and these 3 fail; the spec's other operations add theirs to the count.
    expect([output.match(/^PASS createContacts: /gm)?.length, output.match(/^FAIL createContacts: /gm)?.length]).toEqual([4, 3]);
    const [, passed, failed] = /\n(\d+) passed, (\d+) failed\n$/.exec(output) ?? [];
    expect(Number(passed) + Number(failed)).toBe(safe);
  });

  test('writes: the body without nbInsertion and the 251-character name accepted are named, with the data it created', async () => {
    const { code, output } = await verify(['--base-url', server.url, '--level', 'writes', '--allow-writes', '--company', '42', ...fast]);
    expect(code).toBe(1);
    expect(output).toContain('FAIL createContacts: name: 250 characters (the limit)');
    expect(output).toContain('observed 201 application/json: the body: /nbInsertion is required');
    expect(output).toContain('FAIL createContacts: name: 251 characters (one past the limit)');
    expect(output).toContain('observed 201 application/json: it was accepted (201), so data may have been created');
  });
});

describe('gentle and bounded', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());

  test('at most --rps requests a second', async () => {
    const server = await startServer((_, res) => json(res, 401, {}, { 'content-type': 'application/problem+json' }));
    close = server.close;
    const started = Date.now();
    await verify(['--base-url', server.url, '--rps', '10']);
    // One request a check, the first at once: at least (checks - 1) × 100 ms at 10 a second.
    expect(server.received).toHaveLength(safe);
    expect(Date.now() - started).toBeGreaterThanOrEqual((safe - 1) * 100 - 10);
  });

  test('a 429 is honoured: its Retry-After waited, then the same check sent again', async () => {
    const server = await startServer((_, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '1', 'content-type': 'application/problem+json' }) : json(res, 401, {}, { 'content-type': 'application/problem+json' })));
    close = server.close;
    const started = Date.now();
    const { output } = await verify(['--base-url', server.url, ...fast]);
    expect(server.received).toHaveLength(safe + 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(output).toContain('PASS createContacts: missing bearer token');
  });

  test('--max-requests ends the run, saying so', async () => {
    const server = await startServer((_, res) => json(res, 401, {}, { 'content-type': 'application/problem+json' }));
    close = server.close;
    const { code, output } = await verify(['--base-url', server.url, '--max-requests', '3', ...fast]);
    expect(server.received).toHaveLength(3);
    expect(output).toContain(`STOPPED: stopped after 3 requests (--max-requests); ${safe - 3} checks not run`);
    expect(code).toBe(1);
  });

  test('a Retry-After beyond --max-wait ends the run at once, saying so', async () => {
    const server = await startServer((_, res) => json(res, 429, {}, { 'retry-after': '60', 'content-type': 'application/problem+json' }));
    close = server.close;
    const { code, output } = await verify(['--base-url', server.url, '--max-wait', '5', ...fast]);
    expect(server.received).toHaveLength(1);
    expect(output).toContain(`STOPPED: the server asked for a wait of 60 s (429, Retry-After), beyond --max-wait 5 s; ${safe} checks not run`);
    expect(code).toBe(1);
  });

  test('a Retry-After after the last attempt of a check is not slept out', async () => {
    // The third 429 asks for 50 s, within --max-wait: sleeping it out would outlast the test's timeout, though no request follows.
    const server = await startServer((_, res, n) => json(res, 429, {}, { 'retry-after': n < 3 ? '0' : '50', 'content-type': 'application/problem+json' }));
    close = server.close;
    const { output } = await verify(['--base-url', server.url, '--max-requests', '3', '--max-wait', '60', ...fast]);
    expect(server.received).toHaveLength(3);
    expect(output).toContain(`STOPPED: stopped after 3 requests (--max-requests); ${safe - 1} checks not run`);
  });

  test('a gzip bomb is read up to 10 MB, decompressed, and judged as no answer', async () => {
    // 64 MiB of spaces gzip to about 64 kB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const server = await startServer((_, res) => res.writeHead(401, { 'content-type': 'application/problem+json', 'content-encoding': 'gzip' }).end(bomb));
    close = server.close;
    const { code, output } = await verify(['--base-url', server.url, '--max-requests', '1', ...fast]);
    expect(output).toContain('no answer: the 401 answer is longer than maxResponseBytes (10485760 bytes, decompressed): reading stopped there');
    expect(code).toBe(1);
  });

  test('a server that cannot be reached is UNREACHABLE, exit code 2, not a drift for each check', async () => {
    const server = await startServer(() => {});
    const url = server.url;
    await server.close();
    const { code, output } = await verify(['--base-url', url, ...fast]);
    expect(output).toContain(`UNREACHABLE: ${url} could not be reached (ECONNREFUSED); ${safe} checks not run`);
    expect(output).not.toContain('FAIL');
    expect(code).toBe(2);
  });

  test('what the server sends is printed without control characters or echoed tokens, in text, --json and --junit', async () => {
    // C1 controls (CSI, OSC, NEL) are obs-text to HTTP, so they pass every parser on the way to a terminal. The token
    // as the media type comes back lowercased in the problem, unless it is redacted before anything is made of it.
    const hostile = `${env.CONTACTS_TOKEN}/x; x=\u009b31m \u009d8;;evil ${env.CONTACTS_TOKEN}\u0085PASS createContacts: forged line`;
    const server = await startServer((_, res) => res.writeHead(401, { 'content-type': hostile }).end());
    close = server.close;
    const dir = await mkdtemp(join(tmpdir(), 'contacts-verify-'));
    try {
      for (const args of [[], ['--json'], ['--junit', join(dir, 'report.xml')]]) {
        const { output } = await verify(['--base-url', server.url, ...fast, ...args]);
        const junitText = args[0] === '--junit' ? await readFile(join(dir, 'report.xml'), 'utf8') : '';
        for (const text of [output, junitText]) {
          expect(text).not.toMatch(UNPRINTABLE_IN_TEXT);
          expect(text.toLowerCase()).not.toContain(env.CONTACTS_TOKEN.toLowerCase());
          expect(text).not.toMatch(/^PASS createContacts: forged/m);
        }
        if (args[0] === '--json') expect(valuesOf(output).join('')).not.toMatch(UNPRINTABLE);
        expect(output + junitText).toContain('[redacted]/x');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('5 answers with a 5xx in a row end the run, saying so', async () => {
    const server = await startServer((_, res) => json(res, 503, {}, { 'content-type': 'application/problem+json' }));
    close = server.close;
    const { code, output } = await verify(['--base-url', server.url, ...fast]);
    expect(server.received).toHaveLength(5);
    expect(output).toContain(`STOPPED: stopped after 5 answers in a row with a 5xx status: the server is unwell; ${safe - 5} checks not run`);
    expect(code).toBe(1);
  });
});

describe('usage', () => {
  test('--help prints the usage, with the exit codes, and exits 0', async () => {
    const { code, output } = await verify(['--help'], {});
    expect(code).toBe(0);
    expect(output).toMatch(/^usage: contacts-api-verify[\s\S]*Exit codes: 0 every check passed; 1 drift/);
  });

  test('a --junit file in a missing folder is an I/O error: exit code 2, and why, no stack trace', async () => {
    const server = await startServer((_, res) => json(res, 401, {}, { 'content-type': 'application/problem+json' }));
    try {
      const { code, output } = await verify(['--base-url', server.url, ...fast, '--junit', join(tmpdir(), 'no-such-folder-4b1d', 'report.xml')]);
      expect(code).toBe(2);
      expect(output).toMatch(/could not write the JUnit report: ENOENT/);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
    }
  });

  test.each([
    ['no credentials in the environment', ['--base-url', 'http://127.0.0.1:1'], {}, 'set CONTACTS_TOKEN'],
    ['writes without --allow-writes', ['--base-url', 'http://127.0.0.1:1', '--level', 'writes', '--company', '42'], env, '--level writes creates data: it needs --allow-writes'],
    ['no base URL', [], env, '--base-url is required'],
  ])('%s: exit code 2, and why', async (_, args, environment, message) => {
    const { code, output } = await verify(args, environment);
    expect(code).toBe(2);
    expect(output).toContain(message);
    expect(output).toContain('usage: contacts-api-verify');
  });
});

test('parameter values come from the spec: its examples first, then the format, the enum or the const of the schema', () => {
  const p = (name: string, extra: object) => ({ name, in: 'path', required: true, ...extra });
  const spec = {
    paths: {
      '/e/{a}/{b}/{c}/{d}/{e}': {
        get: {
          parameters: [
            p('a', { schema: { type: 'string', format: 'uuid' } }),
            p('b', { examples: { first: { value: 'from-examples' } }, schema: { type: 'string' } }),
            p('c', { schema: { type: 'string', enum: ['day', 'week'] } }),
            p('d', { example: 'from-example', schema: { type: 'string', format: 'uuid' } }),
            p('e', { schema: { type: 'string', format: 'date-time' } }),
          ],
        },
      },
    },
  } as unknown as Spec;
  const op = { method: 'GET', path: '/e/{a}/{b}/{c}/{d}/{e}' } as Parameters<typeof parameterValues>[1];
  expect(parameterValues(spec, op, undefined).path).toEqual({ a: '00000000-0000-4000-8000-000000000000', b: 'from-examples', c: 'day', d: 'from-example', e: '2026-01-01T00:00:00Z' });
});

describe('answers judged by checks that find more', () => {
  const spec = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as Spec;
  // A token with the characters JSON Pointer escapes, so that as a key it comes back in an issue path as `~1`, `~0`.
  const credentials = { bearer: 'SECRET/BEARER~51c0', session: 'SECRET-SESSION-77aa' };
  const options = (baseUrl: string): RunOptions => ({ baseUrl, credentials, rps: 200, maxRequests: 200, maxWaitMs: 0, timeoutMs: 30_000, strict: false });
  /** Every answer of every operation judged by `check`. */
  const everyAnswer = (check: Judge) => Object.fromEntries(Object.entries(checks).map(([id, judges]) => [id, { ...judges, responses: Object.fromEntries(Object.keys(judges.responses).map((status) => [status, check])) }]));
  // As `additionalProperties: false` would: each key of the body is named in an issue path.
  const noKeys: Judge = (value, _, state, path) => {
    for (const key of Object.keys(value as object)) state.issues.push({ instancePath: path, keyword: 'additionalProperties', params: { additionalProperty: key } });
    return '';
  };
  let dir: string;
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  /** A server that answers every request with a 401 and `body`. */
  const refusing = async (body: object) => {
    const server = await startServer((_, res) => json(res, 401, body, { 'content-type': 'application/problem+json' }));
    servers.push(server);
    return server.url;
  };
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'contacts-verify-'))));
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** The outcome printed as text and as JSON, and written as JUnit, with the exit code of each. */
  async function channels(outcome: Outcome) {
    const written = [];
    for (const format of ['text', 'json', 'junit'] as const) {
      let output = '';
      const file = join(dir, 'report.xml');
      const code = await reported(outcome, { json: format === 'json', credentials, ...(format === 'junit' && { junit: file }) }, (t) => (output += t));
      written.push({ format, code, output: format === 'junit' ? await readFile(file, 'utf8') : output });
    }
    return written;
  }

  test('a key holding a line break, a separator, a bidi override or the token forges no line and shows no token, in text, --json and --junit', async () => {
    const keys = ['\nPASS createContacts: forged line', 'a\u2028PASS b', '\u202Egnp.exe', `x${credentials.bearer}y`];
    const outcome = await run(spec, plan(spec, 'safe'), options(await refusing(Object.fromEntries(keys.map((k) => [k, 1])))), everyAnswer(noKeys));
    for (const { format, code, output } of await channels(outcome)) {
      expect(code, format).toBe(1);
      expect(output, format).not.toMatch(UNPRINTABLE_IN_TEXT);
      // No line the keys forge: a check may pass (an undeclared 401, whose body is not judged), but not as they say.
      expect(output, format).not.toMatch(/^\s*PASS (createContacts: forged line|b is not)/m);
      // As sent, and as JSON Pointer writes it in a path.
      expect(output, format).not.toContain('SECRET/BEARER~51c0');
      expect(output, format).not.toContain('SECRET~1BEARER~051c0');
      expect(output, format).toContain('/x[redacted]y is not a property of the contract');
      expect(output, format).toMatch(format === 'json' ? /\\\\u000aPASS createContacts: forged line/ : /\\u000aPASS createContacts: forged line/);
      if (format === 'json') expect(valuesOf(output).join(''), 'the values, once parsed').not.toMatch(UNPRINTABLE);
    }
  });

  test('an answer with 200,000 issues, from checks that do not stop at any cap: each check keeps 20 and says how many more; the report is printed and written, exit code 1', async () => {
    const flood: Judge = (_, __, state) => {
      for (let i = 0; i < 200_000; i++) state.issues.push({ instancePath: `/items/${i}`, keyword: 'type', params: { type: 'object' } });
      return '';
    };
    // One check is enough.
    const outcome = await run(spec, plan(spec, 'safe').slice(0, 1), options(await refusing({})), everyAnswer(flood));
    const [result] = outcome.results;
    expect(result?.ok).toBe(false);
    expect(result?.problems).toHaveLength(21);
    expect(result?.problems).toContain('the body: /items/0 must be an object');
    // What is kept and what is counted make every problem: the other problems (a status, a header) and 200,000 issues.
    const others = result!.problems.slice(0, 20).filter((p) => !p.startsWith('the body: ')).length;
    const more = Number(/^and (\d+) more$/.exec(result!.problems[20]!)?.[1]);
    expect(more + 20 - others).toBe(200_000);
    for (const { format, code, output } of await channels(outcome)) {
      expect(code, format).toBe(1);
      expect(output, format).toContain(`and ${more} more`);
    }
  });

  test('an answer of 2,000 issues judged by the generated checks: they stop at 20, and the report says that there are others, not counted', async () => {
    const outcome = await run(spec, plan(spec, 'safe').slice(0, 1), options(await refusing(Array(1000).fill({}))), everyAnswer(checks.createContacts.body!));
    const [result] = outcome.results;
    expect(result?.ok).toBe(false);
    expect(result?.problems.filter((p) => p.startsWith('the body: '))).toHaveLength(20);
    expect(result?.problems.at(-1)).toBe('and others: checking the body stopped at 20 issues');
  });

  test('an unexpected failure of the verifier still prints and writes the report, with the checks before it, and exits 2', async () => {
    const first = plan(spec, 'safe')[0]!;
    // A check of an operation the table lacks: the verifier cannot build its request.
    const outcome = await run(spec, [first, { ...first, operationId: 'notAnOperation' }, first], options(await refusing({})));
    expect(outcome.results).toHaveLength(1);
    const written = await channels(outcome);
    for (const { format, code, output } of written) {
      expect(code, format).toBe(2);
      expect(output, format).toMatch(/the verifier failed on notAnOperation: .+ \(TypeError: .+\); 2 checks not run/);
      expect(output, format).toContain(format === 'junit' ? `<testcase classname="${first.operationId}"` : first.operationId);
    }
    expect(written[0]!.output).toContain('\nERROR: the verifier failed');
  });
});
