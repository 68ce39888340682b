// npm run test:growth follows the docs' "Adding an operation" to the letter, and edits the spec's root as text,
// keeping its layout and comments. The growth itself (build and suite in a grown copy) is that script's own run.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { addOperations, copyProject, npmRun, removeCopy, root } from '../support/project.js';

const { addingAnOperation, appendUnder, hasKey } = (await import(pathToFileURL(join(root, 'scripts/test-growth.mjs')).href)) as {
  addingAnOperation: () => Promise<{ doc: string; blocks: { file: string; text: string }[] }>;
  appendUnder: (text: string, keys: string[], entries: string[]) => string;
  hasKey: (text: string, keys: string[]) => boolean;
};

test('"Adding an operation" shows the path file, each new component and the root, each as a yaml block under its file name', async () => {
  const { blocks } = await addingAnOperation();
  const files = blocks.map((b) => b.file);
  expect(files).toContain('openapi/openapi.yaml');
  expect(files.some((f) => f.startsWith('openapi/paths/'))).toBe(true);
  const path = blocks.find((b) => b.file.startsWith('openapi/paths/'))!;
  expect(path.text).toMatch(/^ {2}operationId: \w+$/m);
  // Each $ref of the path file leads to a file the project has or the example writes.
  const refs = [...path.text.matchAll(/\$ref: \.\.\/(\S+)/g)].map((m) => `openapi/${m[1]}`);
  expect(refs.filter((ref) => !existsSync(join(root, ref)) && !files.includes(ref))).toEqual([]);
  // The root's block names the path file.
  const rootBlock = blocks.find((b) => b.file === 'openapi/openapi.yaml')!;
  expect(rootBlock.text).toContain(`$ref: ${path.file.slice('openapi/'.length)}`);
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
  let text = appendUnder(ROOT, ['paths'], ['/b:', '  $ref: paths/b.yaml']);
  text = appendUnder(text, ['components', 'securitySchemes'], ['key: {"$ref": "components/securitySchemes/key.yaml"}']);
  text = appendUnder(text, ['tags'], ['- name: Games']);
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
    key: {"$ref": "components/securitySchemes/key.yaml"}
`);
});

test('appendUnder creates the blocks the text lacks, at the end of their parent', () => {
  expect(appendUnder(ROOT, ['webhooks'], ['hook:', '  $ref: webhooks/hook.yaml'])).toBe(`${ROOT}webhooks:\n  hook:\n    $ref: webhooks/hook.yaml\n`);
  expect(appendUnder('openapi: 3.1.0\ncomponents:\n  schemas: {}\n', ['components', 'securitySchemes'], ['a: {}'])).toBe('openapi: 3.1.0\ncomponents:\n  schemas: {}\n  securitySchemes:\n    a: {}\n');
});

test('hasKey finds a key only at its own place, quoted or not', () => {
  expect(hasKey(ROOT, ['paths', '/a'])).toBe(true);
  expect(hasKey('paths:\n  "/a": {}\n', ['paths', '/a'])).toBe(true);
  expect(hasKey(ROOT, ['paths', '/b'])).toBe(false);
  expect(hasKey(ROOT, ['bearerAuth'])).toBe(false);
  expect(hasKey(ROOT, ['components', 'securitySchemes', 'bearerAuth'])).toBe(true);
});

describe('the fixtures added to a copy of a grown project', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  test('a path, webhook or scheme the copy has already keeps its one $ref, and the blocks it has are appended to', async () => {
    dir = await copyProject('contacts-grown-');
    const rootFile = join(dir, 'openapi/openapi.yaml');
    // A path the fixture holds too: one the copy has already (a grown project's), or added here.
    const path = '/companies/v2/rs/{companyId}/contacts/{contactId}';
    const before = await readFile(rootFile, 'utf8');
    const withPath = hasKey(before, ['paths', path]) ? before : appendUnder(before, ['paths'], [`${path}:`, '  $ref: paths/companies_v2_rs_{companyId}_contacts_{contactId}.yaml']);
    const grown = appendUnder(withPath, ['webhooks'], ['other: {"$ref": "webhooks/other.yaml"}']);
    await writeFile(rootFile, grown);
    await addOperations(dir, join(root, 'test/fixtures/openapi'));
    const text = await readFile(rootFile, 'utf8');
    expect(text.match(/^ {2}\/companies\/v2\/rs\/\{companyId\}\/contacts\/\{contactId\}:/gm)).toHaveLength(1);
    expect(text.match(/^webhooks:/gm)).toHaveLength(1);
    expect(hasKey(text, ['webhooks', 'contactCreated'])).toBe(true);
    expect(hasKey(text, ['components', 'securitySchemes', 'basicAuth'])).toBe(true);
  });

  test('a script that fails keeps the copy, so that the files its error names can be read', async () => {
    dir = await copyProject('contacts-failed-');
    const error = await npmRun(dir, 'no-such-script').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(dir);
    await removeCopy(dir);
    expect(existsSync(join(dir, 'openapi/openapi.yaml'))).toBe(true);
  });
});
