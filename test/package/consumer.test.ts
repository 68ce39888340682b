// A consumer's view: the real tarball installed in a fresh project outside the repo, type-checked under
// nodenext and bundler resolution, and run on the oldest Node `engines` promises (20.19) and on Node 24, from the
// `node` npm package, against a local fake server; its verify bin run against the Prism mock.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { plan, type Spec } from '../../src/verify/plan.js';
import { json, startServer } from '../support/server.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
// The oldest Node that `engines` promises, and the current one.
const RUNTIMES = { node20: '20.19.0', node24: '24.21.0' };
let dir: string;
let packedFiles: string[];

const files: Record<string, string> = {
  'good.ts': `
import type { ContactInput } from 'contacts-api-contract/types';
import { connect, createContactsClient, ContactsHttpError, type CreateContactsResult } from 'contacts-api-contract';
import { createContacts as createContactsOperation } from 'contacts-api-contract/operations';
import { createContractFetch } from 'contacts-api-contract/testing';

const fake = createContractFetch({ status: 429 });
const client = createContactsClient({ token: 'token-0000', sessionToken: async () => 'session-0000', fetch: fake });
const contacts: ContactInput[] = [{ name: 'Ada', notify: true, email: null, phones: ['1'] }];

export async function send(): Promise<CreateContactsResult | number> {
  try {
    return await client.createContacts('42', contacts);
  } catch (error) {
    if (error instanceof ContactsHttpError) return error.status;
    throw error;
  }
}
export const sent: number = fake.requests.length;
// One operation, one function: the input and result of request('createContacts', …).
export function viaOperation(): Promise<CreateContactsResult> {
  return createContactsOperation(connect({ token: 'token-0000', sessionToken: 'session-0000', fetch: fake }), { params: { path: { companyId: '42' } }, body: contacts });
}
`,
  'bad.ts': `
import type { ContactInput } from 'contacts-api-contract/types';
import { createContactsClient, ContactsHttpError, type Connection } from 'contacts-api-contract';
import { createContacts as createContactsOperation } from 'contacts-api-contract/operations';

// @ts-expect-error -- name is required
export const noName: ContactInput = { notify: true };
// @ts-expect-error -- notify is a boolean
export const yes: ContactInput = { name: 'a', notify: 'yes' };
// @ts-expect-error -- phones is an array of strings
export const onePhone: ContactInput = { name: 'a', notify: true, phones: '123' };
// @ts-expect-error -- the client needs both tokens
createContactsClient({ token: 'token-0000' });
export function statusText(error: ContactsHttpError): string {
  // @ts-expect-error -- status is a number
  return error.status;
}
export function wrongBody(api: Connection) {
  // @ts-expect-error -- the operation's body is an array of contacts
  return createContactsOperation(api, { params: { path: { companyId: '42' } }, body: { name: 'a', notify: true } });
}
// @ts-expect-error -- the types entry has no runtime values
export { createContactsClient as fromTypes } from 'contacts-api-contract/types';
// @ts-expect-error -- internal files are not part of the package's exports
export { createContactsClient as internal } from 'contacts-api-contract/dist/src/client/client.js';
`,
  'run.mjs': `
import { connect, createContactsClient } from 'contacts-api-contract';
import { createContacts } from 'contacts-api-contract/operations';
import spec from 'contacts-api-contract/openapi.json' with { type: 'json' };

const options = { baseUrl: process.argv[2], token: 'token-0000', sessionToken: 'session-0000' };
const client = createContactsClient(options);
const result = await client.createContacts('42', [{ name: 'Ada', notify: true }]);
const invalid = await client.createContacts('42', [{ name: 1 }]).catch((error) => error.code);
const viaOperation = await createContacts(connect(options), { params: { path: { companyId: '42' } }, body: [{ name: 'Ada', notify: true }] });
console.log(JSON.stringify({ node: process.version, result, invalid, viaOperation, specVersion: spec.info.version }));
`,
};

const tsconfig = (module: string, moduleResolution: string, file: string) =>
  JSON.stringify({
    compilerOptions: { module, moduleResolution, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true },
    files: [file],
  });

async function tsc(project: string) {
  return exec(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: dir }).then(
    () => '',
    (e: { stdout: string }) => e.stdout,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contacts-consumer-'));
  const packed = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root });
  const [{ filename, files: packedList }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  const tarball = join(dir, filename);
  packedFiles = packedList.map((f) => f.path);
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  const typescript = lock.packages['node_modules/typescript']!.version;
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const runtimes = Object.entries(RUNTIMES).map(([alias, version]) => `${alias}@npm:node@${version}`);
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `typescript@${typescript}`, ...runtimes], { cwd: dir });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  for (const [mode, module] of [['nodenext', 'nodenext'], ['bundler', 'esnext']] as const) {
    for (const file of ['good.ts', 'bad.ts']) await writeFile(join(dir, `tsconfig.${mode}.${file}.json`), tsconfig(module, mode, file));
  }
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

test('the tarball holds only what a consumer needs', () => {
  const needed = /^(dist\/(src|src\/(cli|client|engine|import|testing|verify)|generated)\/\w+\.(js|d\.ts)|generated\/openapi\.(yaml|json)|package\.json|README\.md|CHANGELOG\.md)$/;
  expect(packedFiles.filter((f) => !needed.test(f))).toEqual([]);
  expect(packedFiles).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/types.d.ts', 'generated/openapi.yaml']));
});

describe.each(['nodenext', 'bundler'])('type-checked with moduleResolution %s', (mode) => {
  test("a consumer's code compiles", async () => {
    expect(await tsc(`tsconfig.${mode}.good.ts.json`)).toBe('');
  });

  test('every wrong usage is still an error', async () => {
    // An unused @ts-expect-error is itself an error, so this fails as soon as one wrong usage compiles.
    expect(await tsc(`tsconfig.${mode}.bad.ts.json`)).toBe('');
  });
});

describe('runs from the tarball', () => {
  test.each(Object.entries(RUNTIMES))('on %s (%s)', async (alias, version) => {
    const server = await startServer((_, res) => json(res, 201, { nbInsertion: 1 }));
    try {
      const { stdout } = await exec(join(dir, 'node_modules', alias, 'bin/node'), ['run.mjs', server.url], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({ node: `v${version}`, result: { nbInsertion: 1 }, invalid: 'ERR_CONTACTS_VALIDATION', viaOperation: { nbInsertion: 1 }, specVersion: '1.0.0' });
      expect(server.received).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  test('its contacts-api-verify bin checks a deployment (here the Prism mock) from the consumer’s repo', async () => {
    const env = { ...process.env, CONTACTS_TOKEN: 'tok-0000', CONTACTS_SESSION_TOKEN: 'sess-0000' };
    const { stdout } = await exec(join(dir, 'node_modules/.bin/contacts-api-verify'), ['--base-url', inject('prismUrl'), '--rps', '100'], { cwd: dir, env });
    // As many checks as the spec gives at the safe level: derived, not today's count.
    const spec = JSON.parse(await readFile(join(root, 'generated/openapi.json'), 'utf8')) as Spec;
    expect(stdout).toMatch(new RegExp(`\\n${plan(spec, 'safe').length} passed, 0 failed\\n$`));
  });

  test('its contacts-api bin checks a file offline, with its dependencies (csv-parse, cli-progress…) installed', async () => {
    const csv = join(dir, 'contacts.csv');
    await copyFile(join(root, 'examples/contacts.csv'), csv);
    // Exit 1: the sample holds a row the contract refuses.
    const run = await exec(join(dir, 'node_modules/.bin/contacts-api'), ['import', csv, '--company', '42', '--dry-run'], { cwd: dir }).catch((error: { code: number; stdout: string }) => error);
    expect(run).toMatchObject({ code: 1, stdout: 'dry run, nothing sent: would import 3, rejected 1, failed 0 (unknown 0)\n' });
  });
});
