// check:breaking on fixtures: each spec change below is compared with the released 1.0.0 by the real gate, which
// runs `redocly diff` with the repository's own redocly.yaml (without diff-recommended it would find nothing).
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
const result = (s: Spec) => schemas(s).CreateContactsResult;
const path = '/companies/v2/rs/{companyId}/contacts';
const post = (s: Spec) => s['paths'][path].post;

/** Runs the gate in a temporary project whose spec is the release changed by `change`, at `version`. */
async function gate(change: (spec: Spec) => void, version = '1.0.0', release: (spec: Spec) => void = () => {}, packageVersion?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'contacts-breaking-'));
  dirs.push(dir);
  const base = JSON.parse(await readFile(released, 'utf8')) as Spec;
  release(base);
  const spec = structuredClone(base);
  change(spec);
  spec['info'].version = version;
  await mkdir(join(dir, 'openapi/released'), { recursive: true });
  await mkdir(join(dir, 'generated'));
  await writeFile(join(dir, 'openapi/released/1.0.0.json'), JSON.stringify(base));
  // YAML is a superset of JSON: the changed spec is the project's source (which has no "generated" header).
  // generated/ stays the release, stale.
  delete spec['x-generated'];
  await writeFile(join(dir, 'openapi/openapi.yaml'), JSON.stringify(spec));
  await writeFile(join(dir, 'generated/openapi.json'), JSON.stringify(base));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'contacts-api-contract', version: packageVersion ?? version }));
  return promisify(execFile)(process.execPath, [join(root, 'scripts/check-breaking.mjs')], { cwd: dir }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

// [change, the rule that rates it major, the change]
const breaking: [string, string, (s: Spec) => void][] = [
  ['a new required request property', 'required-properties-added', (s) => {
    contact(s).properties.title = { type: 'string' };
    contact(s).required.push('title');
  }],
  ['a removed response property', 'property-removed', (s) => {
    delete result(s).properties.nbInsertion;
    result(s).required = [];
  }],
  ['a tightened request maxLength (250 → 200)', 'schema-constraint-changed', (s) => (contact(s).properties.name.maxLength = 200)],
  ['a changed type (notify → string)', 'schema-type-changed', (s) => (contact(s).properties.notify.type = 'string')],
  ['a removed operation', 'path-removed', (s) => delete s['paths'][path]],
  ['a loosened response maximum', 'schema-constraint-changed', (s) => delete result(s).properties.nbInsertion.maximum],
  ['a changed request pattern', 'schema-constraint-changed', (s) => (contact(s).properties.email.pattern = '^.+@.+$')],
  ['fewer phones allowed (maxItems 5 → 4)', 'schema-constraint-changed', (s) => (contact(s).properties.phones.maxItems = 4)],
  ['a new required header', 'parameter-became-required', (s) => post(s).parameters.push({ name: 'x-tenant', in: 'header', required: true, schema: { type: 'string' } })],
  ['a removed null (email: string only)', 'schema-type-changed', (s) => (contact(s).properties.email.type = 'string')],
  ['uniqueItems on phones', 'schema-constraint-changed', (s) => (contact(s).properties.phones.uniqueItems = true)],
  ['maxProperties on a contact', 'schema-constraint-changed', (s) => (contact(s).maxProperties = 4)],
  ['an added anyOf', 'schema-combinator-changed', (s) => (contact(s).anyOf = [{ required: ['email'] }, { required: ['phones'] }])],
  ['a changed operationId', 'operation-id-changed', (s) => (post(s).operationId = 'addContacts')],
  ['a changed server', 'server-removed', (s) => (s['servers'][0].url = 'https://api.example.org/v2')],
  ['a request property turned readOnly', 'own rule', (s) => (contact(s).properties.comment.readOnly = true)],
  ['a response property turned writeOnly', 'own rule', (s) => (result(s).properties.nbInsertion.writeOnly = true)],
];

describe('breaking changes fail without a major bump, and name their rule', () => {
  test.concurrent.each(breaking)('%s (%s)', async (_, rule, change) => {
    const { code, output } = await gate(change);
    expect(code, output).toBe(1);
    expect(output).toContain(rule === 'own rule' ? 'major (own rule): ' : `(${rule})`);
    expect(output).toMatch(/require a major bump \(2\.0\.0\)|need a major version/);
    // Where the person edits it (here a one-line spec), never the bundle or the release the gate compares.
    if (rule !== 'own rule') expect(output).toMatch(/\n {6}at openapi\/openapi\.yaml:1:\d+\n/);
    expect(output).not.toMatch(/(openapi|released-[\d.]+)\.json:\d/);
  });

  test.concurrent.each(breaking)('%s passes with a major bump', async (_, __, change) => {
    expect((await gate(change, '2.0.0')).code).toBe(0);
  });
});

// [change, the bump it needs, the change]
const smaller: [string, string, (s: Spec) => void][] = [
  ['a new optional request property', '1.1.0', (s) => (contact(s).properties.title = { type: 'string' })],
  ['a new response property', '1.1.0', (s) => (result(s).properties.requestId = { type: 'string' })],
  ['a loosened request limit (250 → 300)', '1.0.1', (s) => (contact(s).properties.name.maxLength = 300)],
  ['a description edit', '1.0.1', (s) => (contact(s).properties.name.description = 'The name.')],
];

describe('smaller changes need the bump they rate, no more', () => {
  test.concurrent.each(smaller)('%s passes at %s', async (_, version, change) => {
    const { code, output } = await gate(change, version);
    expect(code, output).toBe(0);
    expect(output).toContain('Diff passed');
  });

  test.concurrent.each(smaller)('%s fails without a bump', async (_, version, change) => {
    const { code, output } = await gate(change);
    expect(code).toBe(1);
    expect(output).toContain(`info.version stayed 1.0.0, but these changes require a ${version.endsWith('.1') ? 'patch' : 'minor'} bump (${version})`);
  });
});

test('a required readOnly property that stops being readOnly must now be sent: major (own rule)', async () => {
  const release = (s: Spec) => {
    contact(s).properties.id = { type: 'string', readOnly: true };
    contact(s).required.push('id');
  };
  const { code, output } = await gate((s) => delete contact(s).properties.id.readOnly, '1.0.0', release);
  expect(code).toBe(1);
  expect(output).toContain('major (own rule): POST /companies/v2/rs/{companyId}/contacts request[]: id is no longer readOnly, and required, so requests must now send it');
});

test('the unchanged spec passes', async () => {
  expect(await gate(() => {})).toMatchObject({ code: 0, output: expect.stringContaining('0 major, 0 minor, 0 patch') });
});

test('the gate reads openapi/ itself: a breaking change there fails even while generated/ is stale', async () => {
  // gate() leaves generated/openapi.json as the release: only openapi/ carries the change.
  const { code, output } = await gate((s) => (contact(s).properties.name.maxLength = 200));
  expect(code).toBe(1);
  expect(output).toContain('schema-constraint-changed');
});

test('a bump of info.version without package.json fails, naming both versions', async () => {
  const { code, output } = await gate((s) => (contact(s).properties.title = { type: 'string' }), '1.1.0', undefined, '1.0.0');
  expect(code).toBe(1);
  expect(output).toContain('package.json has version 1.0.0 and openapi/openapi.yaml has info.version 1.1.0');
});

describe('each change is named where the person edits it: the YAML file under openapi/ and its line', () => {
  const MARK = '# edited by the test';
  type Edit = (text: string) => string;

  /** Runs the gate in `format` on a copy of openapi/ as it is kept, multi-file YAML, with `edits` to its files. */
  async function gateOnYaml(edits: Record<string, Edit>, format = 'stylish') {
    const dir = await mkdtemp(join(tmpdir(), 'contacts-breaking-yaml-'));
    dirs.push(dir);
    await cp(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
    for (const [file, edit] of Object.entries(edits)) await writeFile(join(dir, 'openapi', file), edit(await readFile(join(dir, 'openapi', file), 'utf8')));
    const version = /^ {2}version: (\S+)$/m.exec(await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8'))![1];
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'contacts-api-contract', version }));
    return promisify(execFile)(process.execPath, [join(root, 'scripts/check-breaking.mjs'), '--format', format], { cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, dir }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr, dir }),
    );
  }

  /** The 1-based line of the edited file that holds MARK. */
  const markedLine = async (dir: string, file: string) => (await readFile(join(dir, 'openapi', file), 'utf8')).split('\n').findIndex((line) => line.includes(MARK)) + 1;

  // name's maxLength, 250 → 200: the line after `name:` that holds `maxLength`.
  const tighten: Edit = (text) => text.replace(/(\n {2}name:\n(?: {4}.*\n)*? {4}maxLength: )\d+/, `$1200 ${MARK}`);
  const contact = 'components/schemas/Contact.yaml';

  test.concurrent.each([
    ['stylish', (line: number) => `at openapi/${contact}:${line}:5\n`],
    ['markdown', (line: number) => `| openapi/${contact}:${line}:5 |`],
    ['github-actions', (line: number) => `::error title=schema-constraint-changed,file=openapi/${contact},line=${line},col=5::`],
  ])('%s: a tightened maxLength is named at its line in the YAML', async (format, expected) => {
    const { code, output, dir } = await gateOnYaml({ [contact]: tighten }, format);
    expect(code, output).toBe(1);
    const line = await markedLine(dir, contact);
    expect(line).toBeGreaterThan(1);
    expect(output).toContain(expected(line));
    expect(output).not.toMatch(/(openapi|released-[\d.]+)\.json(:\d|,line=)/);
  });

  test('a removed response property is where it was removed from; a new required header, at its line in the path file', async () => {
    const result = 'components/schemas/CreateContactsResult.yaml';
    const path = 'paths/companies_v2_rs_{companyId}_contacts.yaml';
    const { code, output, dir } = await gateOnYaml({
      // nbInsertion out of `properties:` (and of `required`), which the edit marks.
      [result]: (text) => text.replace(/^required:\n(?: {2}- .*\n)+/m, '').replace(/^properties:\n(?: {2}nbInsertion:\n(?: {4}.*\n|\n)*)/m, `properties: ${MARK}\n  total:\n    type: integer\n`),
      [path]: (text) => text.replace(/^( {2}parameters:\n)/m, `$1    - name: x-tenant ${MARK}\n      in: header\n      required: true\n      schema:\n        type: string\n`),
    });
    expect(code, output).toBe(1);
    expect(output).toContain(`Property \`nbInsertion\` of \`CreateContactsResult\` was removed. (property-removed)\n      at openapi/${result}:${await markedLine(dir, result)}:1\n`);
    expect(output).toContain(`Required \`x-tenant\` header parameter was added. (parameter-became-required)\n      at openapi/${path}:${await markedLine(dir, path)}:`);
  });

  test('a $ref to no file fails at once, with the file and line of the $ref and Redocly\'s words, no stack trace', async () => {
    const { code, output, dir } = await gateOnYaml({ 'openapi.yaml': (text) => text.replace(/(\$ref: components\/securitySchemes\/\w+)\.yaml/, `$1-typo.yaml ${MARK}`) });
    expect(code).toBe(1);
    expect(output).toContain(`openapi/openapi.yaml:${await markedLine(dir, 'openapi.yaml')}:`);
    expect(output).toContain("Can't resolve $ref");
    expect(output).toContain('openapi/openapi.yaml cannot be bundled, so it cannot be compared with the release: fix the above first');
    expect(output).not.toMatch(/\n\s+at .*\(node:/);
  });
});
