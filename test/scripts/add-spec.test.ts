// npm run add:spec adopts a published document the project's way, editing the root with its layout and comments
// kept, and records the document's own lint problems; nothing else.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';
import { appendUnder, copyProject, hasKey, npmRun, root } from '../support/project.js';

const addSpec = (cwd: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, 'scripts/add-spec.mjs'), ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const ROOT = `openapi: 3.1.0
# the tags
tags:
  - name: Contacts
paths:
  /a:
    $ref: paths/a.yaml

components:
  securitySchemes:
    bearerAuth:
      $ref: components/securitySchemes/bearerAuth.yaml
`;

test('appendUnder adds at the end of a block, nested or not, and keeps the rest as it was', () => {
  let text = appendUnder(ROOT, ['paths'], { '/b': { $ref: 'paths/b.yaml' } });
  text = appendUnder(text, ['components', 'securitySchemes'], { key: { $ref: 'components/securitySchemes/key.yaml' } });
  text = appendUnder(text, ['tags'], [{ name: 'Games' }]);
  expect(text).toBe(`openapi: 3.1.0
# the tags
tags:
  - name: Contacts
  - name: Games
paths:
  /a:
    $ref: paths/a.yaml
  /b:
    $ref: paths/b.yaml

components:
  securitySchemes:
    bearerAuth:
      $ref: components/securitySchemes/bearerAuth.yaml
    key:
      $ref: components/securitySchemes/key.yaml
`);
});

test('appendUnder creates the blocks the text lacks, at the end of their parent', () => {
  expect(appendUnder(ROOT, ['webhooks'], { hook: { $ref: 'webhooks/hook.yaml' } })).toBe(`${ROOT}webhooks:\n  hook:\n    $ref: webhooks/hook.yaml\n`);
  expect(appendUnder('openapi: 3.1.0\ncomponents:\n  schemas: {}\n', ['components', 'securitySchemes'], { a: {} })).toBe('openapi: 3.1.0\ncomponents:\n  schemas: {}\n  securitySchemes:\n    a: {}\n');
});

test('hasKey finds a key only at its own place, quoted or not', () => {
  expect(hasKey(ROOT, ['paths', '/a'])).toBe(true);
  expect(hasKey('paths:\n  "/a": {}\n', ['paths', '/a'])).toBe(true);
  expect(hasKey(ROOT, ['paths', '/b'])).toBe(false);
  expect(hasKey(ROOT, ['bearerAuth'])).toBe(false);
  expect(hasKey(ROOT, ['components', 'securitySchemes', 'bearerAuth'])).toBe(true);
});

/** A document with names no project has, and one component the copy has already, which must be renamed. */
async function probe(copy: string) {
  const names = (await readdir(join(copy, 'openapi/components/schemas'))).map((f) => f.replace(/\.yaml$/, ''));
  const taken = names.find((name) => !names.includes(`Foreign${name}`))!;
  const answer = { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${taken}` } } } };
  const doc = {
    openapi: '3.1.0',
    info: { title: 'probe', version: '1' },
    tags: [{ name: 'AddSpecProbe' }],
    security: [{ addSpecProbeKey: [] }],
    // No operationId, summary or 4xx: lint problems of its own.
    paths: { '/add-spec-probe/{id}': { get: { tags: ['AddSpecProbe'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': answer } } } },
    components: {
      // A string YAML 1.2 writes plain, which Redocly's reader would read as a number: that file is written as JSON.
      schemas: { [taken]: { type: 'object', properties: { at: { type: 'string', examples: ['0b101'] } } } },
      securitySchemes: { addSpecProbeKey: { type: 'apiKey', in: 'header', name: 'x-probe-key' } },
    },
  };
  await writeFile(join(copy, 'probe.json'), JSON.stringify(doc));
  return taken;
}

test('a document added to a copy: its paths, schemes and tags in the root, a clashing name prefixed, its files in YAML (or JSON where YAML would read otherwise), its lint problems recorded, and the spec lints clean', async () => {
  dir = await copyProject('contacts-add-spec-');
  const taken = await probe(dir);
  const { code, stdout, stderr } = await addSpec(dir, 'probe.json');
  expect([code, stderr]).toEqual([0, '']);
  expect(stdout).toMatch(/^add:spec: added probe\.json \(\d+ files and places of the root\); its [1-9]\d* lint problems are recorded in \.redocly\.lint-ignore\.yaml\n$/);
  const text = await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8');
  expect(hasKey(text, ['paths', '/add-spec-probe/{id}'])).toBe(true);
  expect(hasKey(text, ['components', 'securitySchemes', 'addSpecProbeKey'])).toBe(true);
  expect(text).toMatch(/^ {2}- name: AddSpecProbe$/m);
  const path = await readFile(join(dir, 'openapi/paths/add-spec-probe_{id}.yaml'), 'utf8');
  expect(path).toContain(`$ref: ../components/schemas/Foreign${taken}.yaml`);
  expect(path).toMatch(/^ {2}security:\n {4}- addSpecProbeKey: \[\]$/m);
  expect(JSON.parse(await readFile(join(dir, `openapi/components/schemas/Foreign${taken}.yaml`), 'utf8'))).toMatchObject({ properties: { at: { examples: ['0b101'] } } });
  await npmRun(dir, 'lint:spec');
}, 120_000);

test('a lint problem of the project itself fails the adoption, and the project is left as it was', async () => {
  dir = await copyProject('contacts-add-spec-');
  await probe(dir);
  // An operation of the project's own, without a description or a 4xx.
  const rootFile = join(dir, 'openapi/openapi.yaml');
  await writeFile(join(dir, 'openapi/paths/add-spec-own.yaml'), 'get:\n  operationId: addSpecOwn\n  responses:\n    "204":\n      description: none\n');
  await writeFile(rootFile, appendUnder(await readFile(rootFile, 'utf8'), ['paths'], { '/add-spec-own': { $ref: 'paths/add-spec-own.yaml' } }));
  const before = await readFile(rootFile, 'utf8');
  const ignored = existsSync(join(dir, '.redocly.lint-ignore.yaml')) ? await readFile(join(dir, '.redocly.lint-ignore.yaml'), 'utf8') : undefined;
  const result = await addSpec(dir, 'probe.json');
  expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/^add:spec: lint problems outside the added documents: openapi\/paths\/add-spec-own\.yaml#\/get/) });
  expect(await readFile(rootFile, 'utf8')).toBe(before);
  expect(existsSync(join(dir, 'openapi/paths/add-spec-probe_{id}.yaml'))).toBe(false);
  expect(existsSync(join(dir, '.redocly.lint-ignore.yaml')) ? await readFile(join(dir, '.redocly.lint-ignore.yaml'), 'utf8') : undefined).toBe(ignored);
}, 120_000);

test('bad usage is said, with the usage, and exits 2; a missing file, a file that is not OpenAPI, a bad fixes file and a fix that finds nothing exit 1 and change nothing', async () => {
  dir = await copyProject('contacts-add-spec-');
  expect(await addSpec(dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('add:spec: the document to add is missing\nusage: npm run add:spec -- FILE') });
  expect(await addSpec(dir, 'a.yaml', 'b.yaml')).toMatchObject({ code: 2, stderr: expect.stringContaining('one document at a time, not 2') });
  expect(await addSpec(dir, 'a.yaml', '--prefx', 'X')).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--prefx'") });
  expect(await addSpec(dir, 'nope.yaml')).toMatchObject({ code: 1, stderr: 'add:spec: no such file: nope.yaml\n' });
  await writeFile(join(dir, 'not-openapi.yaml'), 'just: text\n');
  expect(await addSpec(dir, 'not-openapi.yaml')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^add:spec: Redocly cannot read not-openapi\.yaml as OpenAPI: .+\n$/) });
  const tictactoe = join(root, 'test/fixtures/foreign/tictactoe.yaml');
  expect(await addSpec(dir, tictactoe, '--fixes', 'nope.json')).toMatchObject({ code: 1, stderr: 'add:spec: no such file: nope.json\n' });
  await writeFile(join(dir, 'fixes.json'), JSON.stringify([['/a', 1]]));
  expect(await addSpec(dir, tictactoe, '--fixes', 'fixes.json')).toMatchObject({ code: 1, stderr: 'add:spec: fixes.json must hold { "fixes": [[JSON Pointer, value or null to delete], …] }\n' });
  const before = await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8');
  await writeFile(join(dir, 'fixes.json'), JSON.stringify({ fixes: [['/components/schemas/nothere/minimum', null]] }));
  const result = await addSpec(dir, tictactoe, '--fixes', 'fixes.json');
  expect(result).toMatchObject({ code: 1, stderr: 'add:spec: the fix of /components/schemas/nothere/minimum finds nothing there: the document is not the one the fixes were written for\n' });
  expect(await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8')).toBe(before);
  await writeFile(join(dir, 'old.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 'old', version: '1' }, paths: {} }));
  expect(await addSpec(dir, 'old.json')).toMatchObject({ code: 1, stderr: 'add:spec: old.json is OpenAPI 3.0.3; the project holds OpenAPI 3.1 only\n' });
}, 120_000);

test('a name that would lead out of openapi/ is refused before anything is written', async () => {
  dir = await copyProject('contacts-add-spec-');
  const before = await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8');
  const hook = { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Ping' } } } }, responses: { '200': { description: 'ok' } } } };
  const doc = { openapi: '3.1.0', info: { title: 'escape', version: '1' }, webhooks: { '../../escape': hook }, components: { schemas: { Ping: { type: 'object' } } } };
  await writeFile(join(dir, 'escape.json'), JSON.stringify(doc));
  const result = await addSpec(dir, 'escape.json');
  expect(result).toMatchObject({ code: 1, stderr: 'add:spec: escape.json: the webhook "../../escape" cannot be a file name\n' });
  expect(await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8')).toBe(before);
  expect(existsSync(join(dir, 'escape.yaml'))).toBe(false);
  expect(existsSync(join(dir, 'openapi/components/schemas/Ping.yaml'))).toBe(false);
}, 120_000);
