// What the contract costs its users, as ratios measured side by side in one run, against plain fetch and against
// peers (openapi-fetch with Ajv2020 or zod): `node bench/bench.mjs --help` says how to run it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat as fileStat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { z } from 'zod';
import { startServerProcess, timedProcess, writeCsv } from './import.mjs';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// What a build needs; .redocly.lint-ignore.yaml holds the lint problems of an adopted spec, if the project keeps any.
const ENTRIES = ['openapi', 'scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml', '.redocly.lint-ignore.yaml'];

/** Every measurement: its name, how to take it from a built copy of the project, its budget if it has one, and its group if it runs only when named. */
export const MEASURES = [
  { name: 'clientStubRatio', budget: ['>=', 0.85], run: (ctx) => clientStub(ctx, true) },
  { name: 'clientStubNoValidationRatio', budget: ['>=', 0.95], run: (ctx) => clientStub(ctx, false) },
  { name: 'loopbackRatio', budget: ['<=', 1.35], run: async (ctx) => (await loopback(ctx)).validated },
  { name: 'loopbackVsPeerRatio', budget: ['<=', 0.95], run: async (ctx) => (await loopback(ctx)).vsPeer },
  { name: 'loopbackNoValidationRatio', run: async (ctx) => (await loopback(ctx)).unvalidated },
  { name: 'loopbackDeadlineRatio', run: async (ctx) => (await loopback(ctx)).deadline },
  { name: 'validationContactsPerSec', run: async (ctx) => (await validation(ctx)).perSec },
  { name: 'validationVsZodRatio', budget: ['>=', 1.5], run: async (ctx) => (await validation(ctx)).vsZod },
  { name: 'worstAdversarialValidationMs', budget: ['<=', 1], run: (ctx) => adversarial(ctx).worstEmail },
  { name: 'worstAdversarialBodyValidationMs', run: (ctx) => adversarial(ctx).worstOther },
  { name: 'checkVsStringifyRatio', run: checkVsStringify },
  { name: 'checkVsRoundTripRatio', run: checkVsRoundTrip },
  { name: 'conformanceVsAjvRatio', budget: ['>=', 1], run: conformanceVsAjv },
  { name: 'bundleClientGzipBytes', budget: ['<=', 13_500], run: (ctx) => bundle(ctx, "export { createContactsClient } from 'contacts-api-contract';") },
  { name: 'bundleVsPeerRatio', run: bundleVsPeer },
  { name: 'bundleCreateContactsAt200OpsRatio', budget: ['<=', 1.02], run: bundleAt200Ops },
  {
    name: 'bundleTypesGzipBytes',
    budget: ['<=', 0],
    run: (ctx) => bundle(ctx, "import type { ContactInput, CreateContactsResult } from 'contacts-api-contract/types';\nexport type { ContactInput, CreateContactsResult };"),
  },
  { name: 'generateWallMs', budget: ['<=', 4000], run: (ctx) => wall(ctx, 'generate') },
  { name: 'buildWallMs', run: (ctx) => wall(ctx, 'build') },
  { name: 'bulkRatio', budget: ['>=', 0.65], run: async (ctx) => (await bulk(ctx)).ours },
  { name: 'bulkVsPeerRatio', budget: ['>=', 1.1], run: async (ctx) => (await bulk(ctx)).vsPeer },
  { name: 'bulkDeadlineRatio', run: async (ctx) => (await bulk(ctx)).deadline },
  { name: 'importStreamPeakRssMb', budget: ['<=', 200], run: async (ctx) => (await importStream(ctx)).peakRssMb },
  { name: 'importStreamRatio', budget: ['>=', 0.85], run: async (ctx) => (await importStream(ctx)).ratio },
  { name: 'importDryRunRowsPerSec', run: async (ctx) => (await importStream(ctx)).dryRunRowsPerSec },
  { name: 'scaleGeneratedJsMb', group: 'scale', budget: ['<=', 5], run: async (ctx) => (await scale(ctx)).generatedJsMb },
  { name: 'scaleImportRatio', group: 'scale', budget: ['<=', 3], run: scaleImport },
  { name: 'scaleGenerateWallMs', group: 'scale', run: async (ctx) => (await scale(ctx)).generateMs },
  { name: 'bundleOneOperationAtScaleRatio', group: 'scale', budget: ['<=', 1.05], run: bundleOneOperationAtScale },
];

/** Thrown by a measure that cannot be taken on this tree, with the reason; the bench says so rather than print a number. */
class NotAvailable extends Error {}

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

/**
 * Rounds of every function in turn, the order rotating each round (A B, then B A, …) so that drift and warm-up fall
 * on all alike; per round, what `measure` gives for each, by name.
 */
async function rotate(fns, rounds, measure, warmups = 1) {
  const names = Object.keys(fns);
  for (let i = 0; i < warmups; i++) for (const name of names) await measure(fns[name]);
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const round = {};
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) round[name] = await measure(fns[name]);
    out.push(round);
  }
  return out;
}

/** Per round, `a`'s figure over `b`'s: of times, a latency ratio, which is also `b`'s throughput over `a`'s. */
const over = (rounds, a, b) => stat(rounds.map((round) => round[a] / round[b]));

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

const params = { path: { companyId: '42' }, header: { 'x-session-token': auth.sessionToken } };

/** createContacts vs bare openapi-fetch `POST`, both on a stub fetch that answers 201 at once. */
async function clientStub({ pkg, operations, n }, validate) {
  const stub = async () => new Response('{"nbInsertion":100}', { status: 201, headers: { 'content-type': 'application/json' } });
  const baseUrl = 'http://127.0.0.1:1';
  const client = pkg.createContactsClient({ ...auth, baseUrl, fetch: stub, validate });
  const bare = createClient({ baseUrl, fetch: stub, headers: { authorization: headers.authorization } });
  const fns = { ours: () => client.createContacts('42', body100), bare: () => bare.POST(operations.createContacts.path, { params, body: body100 }) };
  return over(await rotate(fns, n(15, 3), (fn) => timed(fn, n(2000, 50))), 'bare', 'ours');
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

/**
 * The peer: what a team would write without this package, openapi-fetch with Ajv2020 (compiled at the bench's start)
 * judging the body before and the 201 after, and a deadline per request, as the client has.
 */
function peer({ server, operations, ajv }) {
  const client = createClient({ baseUrl: server.url, headers: { authorization: headers.authorization } });
  return (body) =>
    withDeadline(async (signal) => {
      if (!ajv.body(body)) throw new Error('peer: the bench body must be valid');
      const { data, response } = await client.POST(operations.createContacts.path, { params, body, signal });
      if (response.status !== 201 || !ajv.created(data)) throw new Error(`peer: unexpected answer ${response.status}`);
      return data;
    });
}

let loopbackRun;
/**
 * Median latency, one request at a time, same server and body, rounds rotating the order: of createContacts, over
 * plain fetch and over the peer; of createContacts without validation, and of plain fetch with a deadline (the
 * floor of any client that times out), over plain fetch.
 */
function loopback(ctx) {
  const { pkg, server, n } = ctx;
  loopbackRun ??= (async () => {
    const client = (validate) => pkg.createContactsClient({ ...auth, baseUrl: server.url, validate });
    const [validated, unvalidated, peerCreate] = [client(true), client(false), peer(ctx)];
    const target = `${server.url}/companies/v2/rs/42/contacts`;
    const plain = (signal) => fetch(target, { method: 'POST', headers, body: JSON.stringify(body100), signal }).then((response) => response.json());
    const fns = {
      plain,
      validated: () => validated.createContacts('42', body100),
      unvalidated: () => unvalidated.createContacts('42', body100),
      deadline: () => withDeadline(plain),
      peer: () => peerCreate(body100),
    };
    const count = n(200, 20);
    const medianLatency = async (fn) => {
      const runs = [];
      for (let i = 0; i < count; i++) runs.push(await timed(fn, 1));
      return median(runs);
    };
    const rounds = await rotate(fns, n(10, 2), medianLatency);
    return { validated: over(rounds, 'validated', 'plain'), vsPeer: over(rounds, 'validated', 'peer'), unvalidated: over(rounds, 'unvalidated', 'plain'), deadline: over(rounds, 'deadline', 'plain') };
  })();
  return loopbackRun;
}

let bulkRun;
/**
 * importContacts on 10,000 contacts vs a hand-written pool of 4 plain fetch calls sending the same batches, and vs
 * a pool of 4 peers; and that plain pool with a deadline per request, the floor of any pool that times out.
 */
function bulk(ctx) {
  const { pkg, server, n } = ctx;
  bulkRun ??= (async () => {
    const all = contacts(n(10_000, 1_000));
    const client = pkg.createContactsClient({ ...auth, baseUrl: server.url });
    const target = `${server.url}/companies/v2/rs/42/contacts`;
    const batches = Array.from({ length: all.length / 100 }, (_, i) => all.slice(i * 100, (i + 1) * 100));
    const pool = (send) => async () => {
      let next = 0;
      const worker = async () => {
        while (next < batches.length) await send(batches[next++]);
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    };
    const plain = (batch) => (signal) => fetch(target, { method: 'POST', headers, body: JSON.stringify(batch), signal }).then((response) => response.json());
    const ours = async () => {
      const report = await pkg.importContacts(client, '42', all, { batchSize: 100, concurrency: 4 });
      if (report.inserted !== all.length) throw new Error(`bulk: inserted ${report.inserted} of ${all.length}`);
    };
    const fns = { ours, pool: pool((batch) => plain(batch)()), deadline: pool((batch) => withDeadline(plain(batch))), peer: pool(peer(ctx)) };
    // A whole import is one timed run: warm up until the JIT has settled.
    const rounds = await rotate(fns, n(12, 1), (fn) => timed(fn, 1), n(5, 1));
    return { ours: over(rounds, 'pool', 'ours'), vsPeer: over(rounds, 'peer', 'ours'), deadline: over(rounds, 'pool', 'deadline') };
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
    const rounds = await rotate({ ours: () => pkg.validateContacts(body100), zod: () => schema.safeParse(body100) }, n(15, 3), (fn) => timed(fn, count));
    return { perSec: stat(rounds.map(({ ours }) => (count * 100) / (ours / 1000))), vsZod: over(rounds, 'zod', 'ours') };
  })();
  return validationRun;
}

/** The one-pass check of a body (judge and write at once) against `other`, on the same 100 contacts. */
async function versus({ checks, n }, other) {
  const check = checks.createContacts.body;
  const state = { issues: [] };
  if (check(body100, undefined, state, '') !== JSON.stringify(body100) || state.issues.length) throw new Error('check: must write what JSON.stringify writes');
  return over(await rotate({ check: () => check(body100, undefined, { issues: [] }, ''), other }, n(15, 3), (fn) => timed(fn, n(2000, 50))), 'other', 'check');
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
/** Against the peer's Ajv2020 doing what the check does: judging the body and writing the JSON text that is sent. */
function conformanceVsAjv(ctx) {
  return versus(ctx, () => ctx.ajv.body(body100) && JSON.stringify(body100));
}

/**
 * The peer's validators: a plain Ajv2020 with ajv-formats (allErrors, as the client reports every issue), compiled
 * once from the spec as each direction sees it, for Create contacts' body and its 201 answer.
 */
async function peerAjv({ copy, spec, operations }) {
  const [{ default: Ajv2020 }, { default: addFormats }, { forDirection }] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats'), import(join(copy, 'scripts/codegen/spec.mjs'))]);
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  ajv.addSchema(forDirection(spec, 'request'), 'request').addSchema(forDirection(spec, 'response'), 'response');
  const { path, method } = operations.createContacts;
  const at = `#/paths/${path.replaceAll('/', '~1')}/${method.toLowerCase()}`;
  const validators = { body: ajv.compile({ $ref: `request${at}/requestBody/content/application~1json/schema` }), created: ajv.compile({ $ref: `response${at}/responses/201/content/application~1json/schema` }) };
  if (!validators.body(body100) || !validators.created({ nbInsertion: 100 })) throw new Error('Ajv2020 must find the bench body and answer valid');
  return validators;
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

/** What a consumer that calls Create contacts alone imports. */
const CONNECT_CREATE = "export { connect, createContacts } from 'contacts-api-contract';";

/** That bundle over the peer's: openapi-fetch plus a zod/mini schema of the body (bench/peer.mjs), wrapped as `createContacts` is. */
async function bundleVsPeer(ctx) {
  const { name, email, phones, comment } = ctx.spec.components.schemas.Contact.properties;
  const facts = { name: name.maxLength, email: email.maxLength, pattern: email.pattern, phones: phones.maxItems, phone: phones.items.maxLength, comment: comment.maxLength };
  const peerEntry = `import createClient from 'openapi-fetch';
import { contactsSchema } from ${JSON.stringify(join(root, 'bench/peer.mjs'))};
const body = contactsSchema(${JSON.stringify(facts)});
export const connect = (options) => createClient(options);
export const createContacts = (api, companyId, contacts, init) => api.POST(${JSON.stringify(ctx.operations.createContacts.path)}, { ...init, params: { path: { companyId } }, body: body.parse(contacts) });`;
  return (await bundle(ctx, CONNECT_CREATE)) / (await bundle(ctx, peerEntry));
}

/** A copy of the project's sources (not its tests) from `from`, with `root`'s node_modules; `prefix` names its folder. */
async function copyProject(from, prefix) {
  const copy = await mkdtemp(join(tmpdir(), prefix));
  for (const item of ENTRIES) if (existsSync(join(from, item))) await cp(join(from, item), join(copy, item), { recursive: true });
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/**
 * The bundle of a consumer that calls createContacts alone (`connect` and `createContacts`), from a second copy
 * whose spec has 200 more operations (GETs with a path and a query parameter and a JSON answer, added as a team
 * would add them), over the same bundle of the spec as it is.
 */
async function bundleAt200Ops(ctx) {
  const copy = await copyProject(ctx.copy, 'contacts-bench-200-');
  try {
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
    return (await bundle({ copy }, CONNECT_CREATE)) / (await bundle(ctx, CONNECT_CREATE));
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

const SPECS = join(root, 'bench/specs');
/** A small OpenAI operation (GET /models/{model}: a path parameter and a JSON answer), for the bundle at scale. */
const OPENAI_OPERATION = 'retrieveModel';

let scaleRun;
/**
 * A copy of the project with OpenAI's published spec added (bench/specs: 288 operations, with the fixes of
 * openai.fixes.json) by `npm run add:spec`, the way to adopt a published spec, its own lint problems recorded in
 * Redocly's ignore file; then built there with the steps of `npm run build`, its `npm run
 * generate` timed. When a step fails, the scale measures are not available, and say why.
 */
function scale(ctx) {
  scaleRun ??= (async () => {
    const copy = await copyProject(ctx.copy, 'contacts-bench-scale-');
    ctx.cleanup.push(copy);
    await exec(process.execPath, [join(root, 'scripts/add-spec.mjs'), join(SPECS, 'openai.json'), '--fixes', join(SPECS, 'openai.fixes.json')], { cwd: copy, maxBuffer: 1 << 26 }).catch((error) => {
      throw new NotAvailable(`adding openai.json to the copy fails: ${firstError(error)}`);
    });
    const steps = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8')).scripts.build.split(' && ');
    if (!steps.includes('npm run generate')) throw new Error('bench: `npm run build` must have `npm run generate` as one of its steps');
    let generateMs = 0;
    for (const step of steps) {
      const start = performance.now();
      await exec('sh', ['-c', step], { cwd: copy, maxBuffer: 1 << 28 }).catch((error) => {
        throw new NotAvailable(`\`${step}\` fails in the copy with openai.json added: ${firstError(error)}`);
      });
      if (step === 'npm run generate') generateMs = performance.now() - start;
    }
    return { copy, generateMs, generatedJsMb: (await jsBytes(join(copy, 'dist/generated'))) / 2 ** 20 };
  })();
  return scaleRun;
}

/** The line of a failed command's output that names its error (else its last line on stderr), for a one-line reason. */
function firstError({ stdout = '', stderr = '', message }) {
  const lines = `${stderr}\n${stdout}`.split('\n');
  const named = lines.find((line) => /^\w*Error:|error TS\d+/.test(line)) ?? stderr.trim().split('\n').at(-1);
  return (named || message).trim().slice(0, 400);
}

/** The bytes of the .js files under `dir`. */
async function jsBytes(dir) {
  let bytes = 0;
  for (const file of await readdir(dir, { recursive: true })) if (file.endsWith('.js')) bytes += (await fileStat(join(dir, file))).size;
  return bytes;
}

/** The main entry's import time in the copy at scale over that in the copy as it is: fresh processes, alternately. */
async function scaleImport(ctx) {
  const { copy } = await scale(ctx);
  const script = 'const start = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - start));';
  const importMs = async (from) => Number((await exec(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(join(from, 'dist/src/index.js')).href])).stdout);
  return over(await rotate({ scale: () => importMs(copy), base: () => importMs(ctx.copy) }, ctx.n(10, 2), (fn) => fn()), 'scale', 'base');
}

/**
 * The bundle of `connect` plus one small OpenAI operation's own function, over that of `connect` plus
 * createContacts, both from the copy at scale: one operation must cost the same whatever the spec's size.
 */
async function bundleOneOperationAtScale(ctx) {
  const { exports } = JSON.parse(await readFile(join(ctx.copy, 'package.json'), 'utf8'));
  if (!exports['./operations']) throw new NotAvailable("the package has no './operations' entry yet (a function per operation, issue 24)");
  const { copy } = await scale(ctx);
  const one = `export { connect } from 'contacts-api-contract';\nexport { ${OPENAI_OPERATION} } from 'contacts-api-contract/operations';`;
  return (await bundle({ copy }, one)) / (await bundle({ copy }, CONNECT_CREATE));
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

const HELP = `Usage: npm run -s bench [-- OPTIONS]

  --json        one JSON object: the figures, their spread, each budget's verdict, and what was not available, why
  --quick       tiny counts, for the smoke test: the figures mean nothing
  --only=a,b    those measures alone: names, or the group "scale"
  --all         every measure, the scale group's too
  --help        this text

Without --only or --all, every measure outside the scale group: about 2 minutes on 2 quiet cores.
The scale group builds a copy of the project with OpenAI's published spec added (288 operations, bench/specs/):
under a minute more there. Its measures print "not available" and why when that build fails or the API they
measure does not exist yet.

Measures (budget; group):
${MEASURES.map(({ name, budget, group }) => `  ${name}${budget ? ` (${budget.join(' ')})` : ''}${group ? `; ${group}` : ''}`).join('\n')}`;

/** The measures the arguments ask for: `--only`'s names and groups, all with `--all`, else those of no group. */
function selection(args) {
  const only = [...args].find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const known = ['--json', '--quick', '--all', '--help'];
  const wrong = [...args].filter((arg) => !known.includes(arg) && !arg.startsWith('--only=')).concat((only ?? []).filter((word) => !MEASURES.some((m) => m.name === word || m.group === word)));
  if (wrong.length) return { error: `bench: ${wrong.map((w) => JSON.stringify(w)).join(', ')} is neither an option nor a measure or group (see --help)` };
  return { measures: MEASURES.filter((m) => (only ? only.includes(m.name) || only.includes(m.group) : args.has('--all') || !m.group)) };
}

/** Takes the measurements asked for on a copy of the project built there, as consumers run it; the tree is left alone. */
async function main(args) {
  if (args.has('--help')) return console.log(HELP);
  const { measures, error } = selection(args);
  if (error) {
    console.error(error);
    return (process.exitCode = 2);
  }
  const quick = args.has('--quick');
  const copy = await copyProject(root, 'contacts-bench-');
  const server = await loopbackServer();
  const ctx = { copy, server, n: (full, small) => (quick ? small : full), cleanup: [copy] };
  const [results, spread, unavailable] = [{}, {}, {}];
  try {
    // The build runs first: the modules measured are the ones it compiled.
    const built = await wall(ctx, 'build');
    Object.assign(ctx, {
      pkg: await import(join(copy, 'dist/src/index.js')),
      operations: (await import(join(copy, 'dist/generated/operations.js'))).operations,
      checks: (await import(join(copy, 'dist/generated/checks.js'))).checks,
      spec: JSON.parse(await readFile(join(copy, 'generated/openapi.json'), 'utf8')),
    });
    ctx.ajv = await peerAjv(ctx);
    for (const { name, run } of measures) {
      try {
        const value = name === 'buildWallMs' ? built : await run(ctx);
        results[name] = typeof value === 'number' ? value : value.median;
        if (typeof value !== 'number') spread[name] = [value.min, value.max];
      } catch (error) {
        if (!(error instanceof NotAvailable)) throw error;
        results[name] = null;
        unavailable[name] = error.message;
      }
    }
  } finally {
    await server.close();
    for (const dir of ctx.cleanup) await rm(dir, { recursive: true, force: true });
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, quick };
  const budgets = Object.fromEntries(measures.filter((m) => m.budget && results[m.name] !== null).map(({ name, budget }) => [name, { budget: budget.join(' '), met: met(budget, results[name]) }]));
  if (args.has('--json')) return console.log(JSON.stringify({ ...results, spread, budgets, unavailable, machine }, null, 2));
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x >= 100 ? x.toFixed(0) : x.toFixed(3));
  console.log(`| measurement | median | spread (min–max) | budget |`);
  console.log(`|---|---|---|---|`);
  for (const { name, budget } of measures) {
    const range = spread[name] ? `${fmt(spread[name][0])}–${fmt(spread[name][1])}` : '';
    const verdict = budgets[name] ? `${budgets[name].budget}: ${budgets[name].met ? 'met' : 'NOT met'}` : budget ? `${budget.join(' ')}: not measured` : '';
    console.log(`| \`${name}\` | ${name in unavailable ? `not available: ${unavailable[name]}` : fmt(results[name])} | ${range} | ${verdict} |`);
  }
  console.log(`\n${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (quick run)' : ''}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(new Set(process.argv.slice(2)));
