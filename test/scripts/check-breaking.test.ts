// check:breaking on fixtures: each spec change below is compared with the released 1.0.0 by the real gate.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

type Spec = Record<string, any>;
const root = fileURLToPath(new URL('../..', import.meta.url));
const released = join(root, 'openapi/released/1.0.0.json');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const schemas = (s: Spec) => s['components'].schemas;
const contact = (s: Spec) => schemas(s).Contact;
const path = '/companies/v2/rs/{companyId}/contacts';

/** Runs the gate in a temporary project whose spec is the release changed by `change`. */
async function gate(change: (spec: Spec) => void, version = '1.0.0') {
  const dir = await mkdtemp(join(tmpdir(), 'contacts-breaking-'));
  dirs.push(dir);
  const spec = JSON.parse(await readFile(released, 'utf8')) as Spec;
  change(spec);
  spec['info'].version = version;
  await mkdir(join(dir, 'openapi/released'), { recursive: true });
  await mkdir(join(dir, 'generated'));
  await cp(released, join(dir, 'openapi/released/1.0.0.json'));
  await writeFile(join(dir, 'generated/openapi.json'), JSON.stringify(spec));
  return promisify(execFile)(process.execPath, [join(root, 'scripts/check-breaking.mjs')], { cwd: dir }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

const breaking: [string, string, (s: Spec) => void][] = [
  ['a new required request property', 'optic', (s) => {
    contact(s).properties.title = { type: 'string' };
    contact(s).required.push('title');
  }],
  ['a removed response property', 'optic', (s) => {
    delete schemas(s).CreateContactsResult.properties.nbInsertion;
    schemas(s).CreateContactsResult.required = [];
  }],
  ['a tightened request maxLength', 'rule', (s) => (contact(s).properties.name.maxLength = 200)],
  ['a changed type', 'optic', (s) => (contact(s).properties.notify.type = 'string')],
  ['a removed operation', 'optic', (s) => delete s['paths'][path]],
  ['a loosened response maximum', 'rule', (s) => delete schemas(s).CreateContactsResult.properties.nbInsertion.maximum],
  ['a changed request pattern', 'rule', (s) => (contact(s).properties.email.pattern = '^.+@.+$')],
  ['fewer phones allowed', 'rule', (s) => (contact(s).properties.phones.maxItems = 4)],
];

const harmless: [string, (s: Spec) => void][] = [
  ['a new optional request property', (s) => (contact(s).properties.title = { type: 'string' })],
  ['a new response property', (s) => (schemas(s).CreateContactsResult.properties.requestId = { type: 'string' })],
  ['a loosened request limit', (s) => (contact(s).properties.name.maxLength = 300)],
  ['a description edit', (s) => (contact(s).properties.name.description = 'The name.')],
];

describe('breaking changes fail without a major bump', () => {
  test.concurrent.each(breaking)('%s (found by %s)', async (_, source, change) => {
    const { code, output } = await gate(change);
    expect(code, output).toBe(1);
    expect(output).toContain(`${source}: `);
    expect(output).toContain('breaking changes need a major version');
  });
});

describe('harmless changes pass', () => {
  test.concurrent.each(harmless)('%s', async (_, change) => {
    expect(await gate(change)).toEqual({ code: 0, output: 'comparing 1.0.0 with the last release, 1.0.0: 0 breaking change(s)\n' });
  });
});

test('a breaking change passes with a major bump', async () => {
  const { code, output } = await gate((s) => (contact(s).properties.name.maxLength = 200), '2.0.0');
  expect(code).toBe(0);
  expect(output).toContain('1 breaking change(s)');
});
