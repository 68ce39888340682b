// What the contract costs its users, as ratios measured side by side in one run.
// Usage: npm run -s bench [-- --json] [-- --quick] [-- --only=a,b]   (--quick: tiny counts, for the smoke test;
// --only: those measures alone, while working on them)
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { z } from 'zod';
import { startServerProcess, timedProcess, writeCsv } from './import.mjs';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Every measurement: its name, how to take it from a built copy of the project, and its budget if it has one. */
export const MEASURES = [
  { name: 'clientStubRatio', budget: ['>=', 0.85], run: (ctx) => clientStub(ctx, true) },
  { name: 'clientStubNoValidationRatio', budget: ['>=', 0.95], run: (ctx) => clientStub(ctx, false) },
  { name: 'loopbackRatio', budget: ['<=', 1.15], run: async (ctx) => (await loopback(ctx)).validated },
  { name: 'loopbackNoValidationRatio', run: async (ctx) => (await loopback(ctx)).unvalidated },
  { name: 'loopbackDeadlineRatio', run: async (ctx) => (await loopback(ctx)).deadline },
  { name: 'validationContactsPerSec', run: async (ctx) => (await validation(ctx)).perSec },
  { name: 'validationVsZodRatio', budget: ['>=', 1.5], run: async (ctx) => (await validation(ctx)).vsZod },
  { name: 'worstAdversarialValidationMs', budget: ['<=', 1], run: (ctx) => adversarial(ctx).worstEmail },
  { name: 'worstAdversarialBodyValidationMs', run: (ctx) => adversarial(ctx).worstOther },
  { name: 'checkVsStringifyRatio', run: checkVsStringify },
  { name: 'checkVsRoundTripRatio', run: checkVsRoundTrip },
  { name: 'conformanceVsAjvRatio', budget: ['>=', 1], run: conformanceVsAjv },
  { name: 'bundleClientGzipBytes', budget: ['<=', 6000], run: (ctx) => bundle(ctx, "export { createContactsClient } from 'contacts-api-contract';") },
  { name: 'bundleCreateContactsAt200OpsRatio', budget: ['<=', 1.02], run: bundleAt200Ops },
  {
    name: 'bundleTypesGzipBytes',
    budget: ['<=', 0],
    run: (ctx) => bundle(ctx, "import type { ContactInput, CreateContactsResult } from 'contacts-api-contract/types';\nexport type { ContactInput, CreateContactsResult };"),
  },
  { name: 'generateWallMs', budget: ['<=', 4000], run: (ctx) => wall(ctx, 'generate') },
  { name: 'buildWallMs', run: (ctx) => wall(ctx, 'build') },
  { name: 'bulkRatio', budget: ['>=', 0.9], run: async (ctx) => (await bulk(ctx)).ours },
  { name: 'bulkDeadlineRatio', run: async (ctx) => (await bulk(ctx)).deadline },
  { name: 'importStreamPeakRssMb', budget: ['<=', 200], run: async (ctx) => (await importStream(ctx)).peakRssMb },
  { name: 'importStreamRatio', budget: ['>=', 0.85], run: async (ctx) => (await importStream(ctx)).ratio },
  { name: 'importDryRunRowsPerSec', run: async (ctx) => (await importStream(ctx)).dryRunRowsPerSec },
];

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

/** createContacts vs bare openapi-fetch `POST`, both on a stub fetch that answers 201 at once. */
async function clientStub({ pkg, operations, n }, validate) {
  const stub = async () => new Response('{"nbInsertion":100}', { status: 201, headers: { 'content-type': 'application/json' } });
  const baseUrl = 'http://127.0.0.1:1';
  const client = pkg.createContactsClient({ ...auth, baseUrl, fetch: stub, validate });
  const bare = createClient({ baseUrl, fetch: stub, headers: { authorization: headers.authorization } });
  const params = { path: { companyId: '42' }, header: { 'x-session-token': auth.sessionToken } };
  const times = await interleave(() => client.createContacts('42', body100), () => bare.POST(operations.createContacts.path, { params, body: body100 }), n(15, 3), n(2000, 50));
  return throughputRatio(times);
}

/** Plain fetch with what any client that times out needs: a deadline per request (an AbortController and a timer). */
async function withDeadline(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    return await request(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

let loopbackRun;
/**
 * Median latency over plain fetch, one request at a time, same server and body, rounds rotating the order: of
 * createContacts, of createContacts without validation, and of plain fetch with a deadline (the floor of any
 * client that times out).
 */
function loopback({ pkg, server, n }) {
  loopbackRun ??= (async () => {
    const client = (validate) => pkg.createContactsClient({ ...auth, baseUrl: server.url, validate });
    const [validated, unvalidated] = [client(true), client(false)];
    const target = `${server.url}/companies/v2/rs/42/contacts`;
    const plain = (signal) => fetch(target, { method: 'POST', headers, body: JSON.stringify(body100), signal }).then((response) => response.json());
    const fns = { plain, validated: () => validated.createContacts('42', body100), unvalidated: () => unvalidated.createContacts('42', body100), deadline: () => withDeadline(plain) };
    const medianLatency = async (fn, count) => {
      const runs = [];
      for (let i = 0; i < count; i++) runs.push(await timed(fn, 1));
      return median(runs);
    };
    const count = n(200, 20);
    for (const fn of Object.values(fns)) await medianLatency(fn, count);
    const rounds = [];
    for (let r = 0; r < n(10, 2); r++) {
      const names = Object.keys(fns);
      const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
      const round = {};
      for (const name of order) round[name] = await medianLatency(fns[name], count);
      rounds.push(round);
    }
    const over = (name) => stat(rounds.map((round) => round[name] / round.plain));
    return { validated: over('validated'), unvalidated: over('unvalidated'), deadline: over('deadline') };
  })();
  return loopbackRun;
}

let bulkRun;
/**
 * importContacts on 10,000 contacts vs a hand-written pool of plain fetch calls sending the same batches; and
 * the same pool with a deadline per request, the floor of any pool that times out.
 */
function bulk({ pkg, server, n }) {
  bulkRun ??= (async () => {
    const all = contacts(n(10_000, 1_000));
    const client = pkg.createContactsClient({ ...auth, baseUrl: server.url });
    const target = `${server.url}/companies/v2/rs/42/contacts`;
    const batches = Array.from({ length: all.length / 100 }, (_, i) => all.slice(i * 100, (i + 1) * 100));
    const pool = (deadline) => async () => {
      let next = 0;
      const send = (batch) => (signal) => fetch(target, { method: 'POST', headers, body: JSON.stringify(batch), signal }).then((response) => response.json());
      const worker = async () => {
        while (next < batches.length) await (deadline ? withDeadline(send(batches[next++])) : send(batches[next++])());
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    };
    const ours = async () => {
      const report = await pkg.importContacts(client, '42', all, { batchSize: 100, concurrency: 4 });
      if (report.inserted !== all.length) throw new Error(`bulk: inserted ${report.inserted} of ${all.length}`);
    };
    // A whole import is one timed run: warm up until the JIT has settled.
    const [rounds, warmups] = [n(11, 1), n(5, 1)];
    return { ours: throughputRatio(await interleave(ours, pool(false), rounds, 1, warmups)), deadline: throughputRatio(await interleave(pool(true), pool(false), rounds, 1, warmups)) };
  })();
  return bulkRun;
}

let importRun;
/**
 * `contacts-api import` of a CSV of 1,000,000 rows (written now) with its defaults (journal on, concurrency auto)
 * against a 201 server in another process; its rows/s against the minimal pipeline's, run alternately; its peak RSS;
 * and the rows/s of `--dry-run` on the same file.
 */
function importStream({ copy, n }) {
  importRun ??= (async () => {
    const rows = n(1_000_000, 2_000);
    const file = join(copy, 'contacts.csv');
    await writeCsv(file, rows);
    const server = await startServerProcess();
    try {
      const cli = ['dist/src/cli.js', 'import', file, '--company', '42', '--base-url', server.url, '--json'];
      const runs = [];
      for (let round = 0; round < n(3, 1); round++) {
        await rm(`${file}.import-journal`, { force: true });
        const ours = await timedProcess(cli.map((a) => (a.startsWith('dist/') ? join(copy, a) : a)), copy);
        if (JSON.parse(ours.stdout).imported !== rows) throw new Error(`import: ${ours.stdout}`);
        const plain = await timedProcess([join(root, 'bench/import.mjs'), 'pipeline', file, server.url], copy);
        runs.push({ ratio: plain.ms / ours.ms, rssMb: ours.rssMb });
      }
      const dry = await timedProcess([join(copy, 'dist/src/cli.js'), 'import', file, '--company', '42', '--dry-run'], copy);
      return { peakRssMb: Math.max(...runs.map((r) => r.rssMb)), ratio: stat(runs.map((r) => r.ratio)), dryRunRowsPerSec: rows / (dry.ms / 1000) };
    } finally {
      server.stop();
    }
  })();
  return importRun;
}

/** An equivalent zod v4 schema, built from the same spec facts. */
function zodSchema(spec) {
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

let validationRun;
function validation({ pkg, spec, n }) {
  validationRun ??= (async () => {
    const schema = zodSchema(spec);
    if (!schema.safeParse(body100).success || !pkg.validateContacts(body100).valid) throw new Error('validation: the bench body must be valid');
    const count = n(2000, 50);
    const times = await interleave(() => pkg.validateContacts(body100), () => schema.safeParse(body100), n(15, 3), count);
    return { perSec: stat(times.map(([ta]) => (count * 100) / (ta / 1000))), vsZod: throughputRatio(times) };
  })();
  return validationRun;
}

/** The one-pass check of a body (judge and write at once) against `other`, on the same 100 contacts. */
async function versus({ checks, n }, other) {
  const check = checks.createContacts.body;
  const state = { issues: [] };
  if (check(body100, undefined, state, '') !== JSON.stringify(body100) || state.issues.length) throw new Error('check: must write what JSON.stringify writes');
  return throughputRatio(await interleave(() => check(body100, undefined, { issues: [] }, ''), other, n(15, 3), n(2000, 50)));
}
/** Against JSON.stringify alone, which judges nothing: 1 would mean the checks cost nothing. */
function checkVsStringify(ctx) {
  return versus(ctx, () => JSON.stringify(body100));
}
/** Against what the check replaces: serialise, parse back, and validate that with ajv (set up as the generator's fallback). */
async function checkVsRoundTrip(ctx) {
  const { oracle } = await import(join(ctx.copy, 'scripts/codegen/validators.mjs'));
  const { path, method } = ctx.operations.createContacts;
  const validate = oracle(ctx.spec).getSchema(`request#/paths/${path.replaceAll('/', '~1')}/${method.toLowerCase()}/requestBody/content/application~1json/schema`);
  return versus(ctx, () => validate(JSON.parse(JSON.stringify(body100))));
}
/**
 * Against a plain Ajv2020 with ajv-formats (allErrors, as the client reports every issue), compiled from the same
 * schema, doing what the check does: judging the body and writing the JSON text that is sent.
 */
async function conformanceVsAjv(ctx) {
  const [{ default: Ajv2020 }, { default: addFormats }, { forDirection }] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats'), import(join(ctx.copy, 'scripts/codegen/spec.mjs'))]);
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  ajv.addSchema(forDirection(ctx.spec, 'request'), 'spec');
  const { path, method } = ctx.operations.createContacts;
  const validate = ajv.compile({ $ref: `spec#/paths/${path.replaceAll('/', '~1')}/${method.toLowerCase()}/requestBody/content/application~1json/schema` });
  if (!validate(body100)) throw new Error('Ajv2020 must find the benchmark body valid');
  return versus(ctx, () => validate(body100) && JSON.stringify(body100));
}

let adversarialRun;
/** The slowest validation of inputs built to make regexes backtrack, and of huge or deep bodies. */
function adversarial({ pkg, n }) {
  adversarialRun ??= (() => {
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
        pkg.validateContacts(value);
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
  })();
  return adversarialRun;
}

/** esbuild bundle of what a consumer imports, minified and gzipped; an empty bundle ships 0 bytes. */
async function bundle({ copy }, contents) {
  const result = await build({ stdin: { contents, resolveDir: copy, loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', platform: 'neutral' });
  const out = result.outputFiles[0].contents;
  return out.length === 0 ? 0 : gzipSync(out, { level: 9 }).length;
}

/**
 * The bundle of a consumer that calls createContacts alone (`connect` and `createContacts`), from a second copy
 * whose spec has 200 more operations (GETs with a path and a query parameter and a JSON answer, added as a team
 * would add them), over the same bundle of the spec as it is.
 */
async function bundleAt200Ops(ctx) {
  const entry = "export { connect, createContacts } from 'contacts-api-contract';";
  const copy = await mkdtemp(join(tmpdir(), 'contacts-bench-200-'));
  try {
    for (const item of ['openapi', 'scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml']) await cp(join(ctx.copy, item), join(copy, item), { recursive: true });
    await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
    const count = ctx.n(200, 2);
    const refs = [];
    for (let i = 0; i < count; i++) {
      const file = `companies_v2_rs_{companyId}_synthetic${i}.yaml`;
      refs.push(`  /companies/v2/rs/{companyId}/synthetic${i}:\n    $ref: paths/${file}\n`);
      await writeFile(join(copy, 'openapi/paths', file), SYNTHETIC(i));
    }
    const rootFile = join(copy, 'openapi/openapi.yaml');
    await writeFile(rootFile, (await readFile(rootFile, 'utf8')).replace(/^components:$/m, `${refs.join('')}components:`));
    await exec('npm', ['run', '-s', 'build'], { cwd: copy, maxBuffer: 1 << 26 });
    return (await bundle({ copy }, entry)) / (await bundle(ctx, entry));
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

const SYNTHETIC = (i) => `parameters:
  - $ref: ../components/parameters/CompanyId.yaml
get:
  tags:
    - Contacts
  operationId: synthetic${i}
  summary: Synthetic operation ${i}
  description: One of the operations the bench adds to measure how the bundle scales.
  parameters:
    - name: q${i}
      in: query
      description: A query.
      schema:
        type: string
        maxLength: ${10 + i}
  responses:
    '200':
      description: OK.
      content:
        application/json:
          schema:
            type: object
            required:
              - n${i}
            properties:
              n${i}:
                type: integer
          example:
            n${i}: 1
    '401':
      $ref: ../components/responses/Unauthorized.yaml
`;

/** Wall time of an npm script in the copy. */
async function wall({ copy, n }, script) {
  const runs = [];
  for (let i = 0; i < n(3, 1); i++) {
    const start = performance.now();
    await exec('npm', ['run', '-s', script], { cwd: copy });
    runs.push(performance.now() - start);
  }
  return stat(runs);
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

const met = ([op, limit], value) => (op === '>=' ? value >= limit : value <= limit);

/** Takes every measurement on a copy of the project built there, as consumers run it; the tree is left alone. */
async function main(args) {
  const quick = args.has('--quick');
  const copy = await mkdtemp(join(tmpdir(), 'contacts-bench-'));
  for (const entry of ['openapi', 'scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml']) {
    await cp(join(root, entry), join(copy, entry), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
  const server = await loopbackServer();
  const results = {};
  const spread = {};
  try {
    // The build runs first: the modules measured are the ones it compiled.
    const ctx = { copy, server, n: (full, small) => (quick ? small : full) };
    const built = await wall(ctx, 'build');
    Object.assign(ctx, {
      pkg: await import(join(copy, 'dist/src/index.js')),
      operations: (await import(join(copy, 'dist/generated/operations.js'))).operations,
      checks: (await import(join(copy, 'dist/generated/checks.js'))).checks,
      spec: JSON.parse(await readFile(join(copy, 'generated/openapi.json'), 'utf8')),
    });
    const only = [...args].find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
    for (const { name, run } of MEASURES.filter((m) => !only || only.includes(m.name))) {
      const value = name === 'buildWallMs' ? built : await run(ctx);
      results[name] = typeof value === 'number' ? value : value.median;
      if (typeof value !== 'number') spread[name] = [value.min, value.max];
    }
  } finally {
    await server.close();
    await rm(copy, { recursive: true, force: true });
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, quick };
  const budgets = Object.fromEntries(MEASURES.filter((m) => m.budget && m.name in results).map(({ name, budget }) => [name, { budget: budget.join(' '), met: met(budget, results[name]) }]));
  if (args.has('--json')) return console.log(JSON.stringify({ ...results, spread, budgets, machine }, null, 2));
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x >= 100 ? x.toFixed(0) : x.toFixed(3));
  console.log(`| measurement | median | spread (min–max) | budget |`);
  console.log(`|---|---|---|---|`);
  for (const { name } of MEASURES.filter((m) => m.name in results)) {
    const range = spread[name] ? `${fmt(spread[name][0])}–${fmt(spread[name][1])}` : '';
    const budget = budgets[name] ? `${budgets[name].budget}: ${budgets[name].met ? 'met' : 'NOT met'}` : '';
    console.log(`| \`${name}\` | ${fmt(results[name])} | ${range} | ${budget} |`);
  }
  console.log(`\n${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (quick run)' : ''}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(new Set(process.argv.slice(2)));
