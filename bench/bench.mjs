// What the contract costs its users, as ratios measured side by side in one run.
// Usage: npm run -s bench [-- --json] [-- --quick]   (--quick: tiny counts, for the smoke test)
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { z } from 'zod';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const n = (full, small) => (quick ? small : full);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

async function timed(fn, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return performance.now() - start;
}

/** Rounds of A then B, then B then A, so that drift and warm-up fall on both alike; returns per-round times. */
async function interleave(a, b, rounds, count, warmups = 1) {
  for (let i = 0; i < warmups; i++) {
    await timed(a, count);
    await timed(b, count);
  }
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0 ? [a, b] : [b, a];
    const [t1, t2] = [await timed(first[0], count), await timed(first[1], count)];
    times.push(r % 2 === 0 ? [t1, t2] : [t2, t1]);
  }
  return times;
}

/** Throughput of A over throughput of B, per round. */
const throughputRatio = (times) => stat(times.map(([ta, tb]) => tb / ta));

const contacts = (count, offset = 0) =>
  Array.from({ length: count }, (_, i) => ({
    name: `Contact ${offset + i}`,
    notify: i % 2 === 0,
    email: `contact.${offset + i}@example.com`,
    phones: ['+33 1 23 45 67 89'],
    comment: i % 3 ? null : 'Met at the fair',
  }));
const body100 = contacts(100);
const auth = { token: 'bench-token', sessionToken: 'bench-session' };
const headers = { authorization: `Bearer ${auth.token}`, 'x-session-token': auth.sessionToken, 'content-type': 'application/json' };

/** createContacts vs bare openapi-fetch, both on a stub fetch that answers 201 at once. */
async function clientStub(validate) {
  const stub = async () => new Response('{"nbInsertion":100}', { status: 201, headers: { 'content-type': 'application/json' } });
  const baseUrl = 'http://127.0.0.1:1';
  const client = createContactsClient({ ...auth, baseUrl, fetch: stub, validate });
  const bare = createClient({ baseUrl, fetch: stub, headers: { authorization: headers.authorization } });
  const params = { path: { companyId: '42' }, header: { 'x-session-token': auth.sessionToken } };
  const times = await interleave(() => client.createContacts('42', body100), () => bare.POST(operationPath, { params, body: body100 }), n(15, 3), n(2000, 50));
  return throughputRatio(times);
}

/** A minimal node:http server on 127.0.0.1 that answers every POST with a 201 counting the contacts. */
async function loopbackServer() {
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    res.writeHead(201, { 'content-type': 'application/json' }).end(`{"nbInsertion":${JSON.parse(text).length}}`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Median latency of createContacts over plain fetch, one request at a time, same server and body. */
async function loopback(url) {
  const client = createContactsClient({ ...auth, baseUrl: url });
  const target = `${url}/companies/v2/rs/42/contacts`;
  const ours = () => client.createContacts('42', body100);
  const plain = async () => (await fetch(target, { method: 'POST', headers, body: JSON.stringify(body100) })).json();
  const medianLatency = async (fn, count) => {
    const runs = [];
    for (let i = 0; i < count; i++) runs.push(await timed(fn, 1));
    return median(runs);
  };
  const count = n(200, 20);
  await medianLatency(ours, count);
  await medianLatency(plain, count);
  const ratios = [];
  for (let r = 0; r < n(10, 2); r++) {
    const [a, b] = r % 2 === 0 ? [await medianLatency(ours, count), await medianLatency(plain, count)] : [...[await medianLatency(plain, count), await medianLatency(ours, count)]].reverse();
    ratios.push(a / b);
  }
  return stat(ratios);
}

/** importContacts on 10,000 contacts vs a hand-written pool of plain fetch calls sending the same batches. */
async function bulk(url) {
  const all = contacts(n(10_000, 1_000));
  const client = createContactsClient({ ...auth, baseUrl: url });
  const target = `${url}/companies/v2/rs/42/contacts`;
  const batches = Array.from({ length: all.length / 100 }, (_, i) => all.slice(i * 100, (i + 1) * 100));
  const pool = async () => {
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await (await fetch(target, { method: 'POST', headers, body: JSON.stringify(batches[next++]) })).json();
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  };
  const ours = async () => {
    const report = await client.importContacts('42', all, { batchSize: 100, concurrency: 4 });
    if (report.inserted !== all.length) throw new Error(`bulk: inserted ${report.inserted} of ${all.length}`);
  };
  // A whole import is one timed run: warm up until the JIT has settled.
  return throughputRatio(await interleave(ours, pool, n(11, 1), 1, n(5, 1)));
}

/** An equivalent zod v4 schema, built from the same spec facts. */
function zodSchema() {
  const props = spec.components.schemas.Contact.properties;
  const contact = z.strictObject({
    name: z.string().max(props.name.maxLength),
    notify: z.boolean(),
    email: z.email().max(props.email.maxLength).regex(new RegExp(props.email.pattern, 'u')).nullable().optional(),
    phones: z.array(z.string().max(props.phones.items.maxLength)).max(props.phones.maxItems).optional(),
    comment: z.string().max(props.comment.maxLength).nullable().optional(),
  });
  return z.array(contact);
}

async function validation() {
  const schema = zodSchema();
  if (!schema.safeParse(body100).success || !validateContacts(body100).valid) throw new Error('validation: the bench body must be valid');
  const count = n(2000, 50);
  const times = await interleave(() => validateContacts(body100), () => schema.safeParse(body100), n(15, 3), count);
  const perSec = stat(times.map(([ta]) => (count * 100) / (ta / 1000)));
  return { perSec, vsZod: throughputRatio(times) };
}

/** The slowest validation of inputs built to make regexes backtrack, and of huge or deep bodies. */
function adversarial() {
  const emails = [
    'a'.repeat(10_000),
    `${'a.'.repeat(5_000)}@`,
    `${"a'".repeat(4_999)}@@`,
    `a@${'a'.repeat(9_998)}`,
    `a@${'a-'.repeat(4_999)}`,
    `a@${'a.'.repeat(4_999)}!`,
    `a@${'a'.repeat(5_000)}.${'1'.repeat(4_997)}`,
    `${'_'.repeat(9_999)}@`,
    `${'a'.repeat(5_000)}@${'a'.repeat(4_999)}`,
    `${'a.'.repeat(2_500)}@${'a.'.repeat(2_499)}a`,
  ];
  const time = (value, repeats) => {
    const runs = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      validateContacts(value);
      runs.push(performance.now() - start);
    }
    return median(runs);
  };
  let deep = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const worstEmail = Math.max(...emails.map((email) => time([{ name: 'a', notify: true, email }], n(51, 5))));
  const bodies = [Array(100_000).fill(body100[0]), Array(100_000).fill({ name: 1, notify: 'x', email: 'a'.repeat(300) }), [{ name: deep, notify: true }]];
  const worstOther = Math.max(...bodies.map((value) => time(value, n(5, 1))));
  return { worstEmail, worstOther };
}

/** esbuild bundles, minified and gzipped, of what a consumer imports; an empty bundle ships 0 bytes. */
async function bundles() {
  const size = async (contents) => {
    const result = await build({ stdin: { contents, resolveDir: copy, loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', platform: 'neutral' });
    const out = result.outputFiles[0].contents;
    return out.length === 0 ? 0 : gzipSync(out, { level: 9 }).length;
  };
  return {
    client: await size("export { createContactsClient } from 'contacts-api-contract';"),
    types: await size("import type { ContactInput, CreateContactsResult } from 'contacts-api-contract/types';\nexport type { ContactInput, CreateContactsResult };"),
  };
}

/** Wall time of `npm run generate` and `npm run build`, in the copy. */
async function wallTimes() {
  const wall = async (script) => {
    const runs = [];
    for (let i = 0; i < n(3, 1); i++) {
      const start = performance.now();
      await exec('npm', ['run', '-s', script], { cwd: copy });
      runs.push(performance.now() - start);
    }
    return stat(runs);
  };
  return { generate: await wall('generate'), build: await wall('build') };
}

// Everything runs in a copy of the project, built there by `npm run build`: the tree is left alone, and the
// measured code is the compiled package, as consumers run it.
const copy = await mkdtemp(join(tmpdir(), 'contacts-bench-'));
for (const entry of ['openapi', 'scripts', 'src', 'generated', 'test', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml', 'vitest.config.ts']) {
  await cp(join(root, entry), join(copy, entry), { recursive: true });
}
await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
const walls = await wallTimes();
const { createContactsClient, validateContacts } = await import(join(copy, 'dist/src/index.js'));
const { operationPath } = await import(join(copy, 'dist/generated/meta.js'));
const spec = JSON.parse(await readFile(join(copy, 'generated/openapi.json'), 'utf8'));

const server = await loopbackServer();
const results = {};
const spread = {};
const put = (name, s) => {
  results[name] = typeof s === 'number' ? s : s.median;
  if (typeof s !== 'number') spread[name] = [s.min, s.max];
};
try {
  put('clientStubRatio', await clientStub(true));
  put('clientStubNoValidationRatio', await clientStub(false));
  put('loopbackRatio', await loopback(server.url));
  const v = await validation();
  put('validationContactsPerSec', v.perSec);
  put('validationVsZodRatio', v.vsZod);
  const adv = adversarial();
  put('worstAdversarialValidationMs', adv.worstEmail);
  put('worstAdversarialBodyValidationMs', adv.worstOther);
  const sizes = await bundles();
  put('bundleClientGzipBytes', sizes.client);
  put('bundleTypesGzipBytes', sizes.types);
  put('generateWallMs', walls.generate);
  put('buildWallMs', walls.build);
  put('bulkRatio', await bulk(server.url));
} finally {
  await server.close();
  await rm(copy, { recursive: true, force: true });
}

const BUDGETS = {
  clientStubRatio: ['>=', 0.85],
  clientStubNoValidationRatio: ['>=', 0.95],
  loopbackRatio: ['<=', 1.1],
  validationVsZodRatio: ['>=', 1.5],
  worstAdversarialValidationMs: ['<', 1],
  bundleClientGzipBytes: ['<=', 6000],
  bundleTypesGzipBytes: ['<=', 0],
  generateWallMs: ['<=', 4000],
  bulkRatio: ['>=', 0.9],
};
const met = (name) => {
  const [op, limit] = BUDGETS[name];
  const value = results[name];
  return op === '>=' ? value >= limit : op === '<=' ? value <= limit : value < limit;
};
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, quick };

if (args.has('--json')) {
  const budgets = Object.fromEntries(Object.keys(BUDGETS).map((name) => [name, { budget: BUDGETS[name].join(' '), met: met(name) }]));
  console.log(JSON.stringify({ ...results, spread, budgets, machine }, null, 2));
} else {
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x >= 100 ? x.toFixed(0) : x.toFixed(3));
  console.log(`| measurement | median | spread (min–max) | budget |`);
  console.log(`|---|---|---|---|`);
  for (const [name, value] of Object.entries(results)) {
    const range = spread[name] ? `${fmt(spread[name][0])}–${fmt(spread[name][1])}` : '';
    const budget = BUDGETS[name] ? `${BUDGETS[name].join(' ')}: ${met(name) ? 'met' : 'NOT met'}` : '';
    console.log(`| \`${name}\` | ${fmt(value)} | ${range} | ${budget} |`);
  }
  console.log(`\n${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (quick run)' : ''}`);
}
