// npm run test:growth follows the docs' "Adding an operation" to the letter. The growth itself (build and suite in
// a grown copy) is that script's own run.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { addOperations, appendUnder, copyProject, hasKey, npmRun, removeCopy, root } from '../support/project.js';

const { addingAnOperation } = (await import(pathToFileURL(join(root, 'scripts/test-growth.mjs')).href)) as {
  addingAnOperation: () => Promise<{ doc: string; blocks: { file: string; text: string }[] }>;
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
    const withPath = hasKey(before, ['paths', path]) ? before : appendUnder(before, ['paths'], { [path]: { $ref: 'paths/companies_v2_rs_{companyId}_contacts_{contactId}.yaml' } });
    const grown = appendUnder(withPath, ['webhooks'], { other: { $ref: 'webhooks/other.yaml' } });
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
