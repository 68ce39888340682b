// contacts-api-verify: against the Prism mock every check passes; against a server that drifted from the
// contract, each drift is named at the level where it shows.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { main } from '../../src/verify/command.js';
import { parameterValues, plan, type Spec } from '../../src/verify/plan.js';
import { json, startServer } from '../support/server.js';

const env = { CONTACTS_TOKEN: 'SECRET-BEARER-51c0', CONTACTS_SESSION_TOKEN: 'SECRET-SESSION-77aa' };
const fast = ['--rps', '200'];
// How many checks the safe level derives from today's spec: counted, never written down.
const safe = plan(JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as Spec, 'safe').length;

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
    // C1 controls (CSI, OSC) are obs-text to HTTP, so they pass every parser on the way to a terminal.
    const hostile = `text/plain; x=\u009b31m \u009d8;;evil ${env.CONTACTS_TOKEN}`;
    const server = await startServer((_, res) => res.writeHead(401, { 'content-type': hostile }).end());
    close = server.close;
    const dir = await mkdtemp(join(tmpdir(), 'contacts-verify-'));
    try {
      for (const args of [[], ['--json'], ['--junit', join(dir, 'report.xml')]]) {
        const { output } = await verify(['--base-url', server.url, ...fast, ...args]);
        const junitText = args[0] === '--junit' ? await readFile(join(dir, 'report.xml'), 'utf8') : '';
        for (const text of [output, junitText]) {
          expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
          expect(text).not.toContain(env.CONTACTS_TOKEN);
        }
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
    ['no credentials in the environment', ['--base-url', 'http://127.0.0.1:1'], {}, 'CONTACTS_TOKEN must be a non-empty string'],
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
