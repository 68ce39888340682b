// Every `ts` block of README.md and docs/ compiles as a consumer's code against the package built from this tree
// (dist/ of a copy, through its `exports`): strict, NodeNext. A block marked `<!-- snippet fixture -->` uses
// operations of test/fixtures/openapi, and compiles against a build of a copy with them added, the way a team would
// add them. The copies keep these tests off the repo's own dist/, which `npm pack` rebuilds during the suite.
// See "The docs' own tests" in docs/maintaining.md.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addOperations, copyProject, npmRun, root } from '../support/project.js';
import { blocksOf, paragraphBefore, readDocs, type Block, type Doc } from './markdown.js';
import { compile, writeProject, type SnippetError } from './typecheck.js';

const isTs = (block: Block) => block.lang === 'ts' || block.lang === 'typescript';
const fixtureOnly = (block: Block) => block.snippet?.flags.includes('fixture') ?? false;

// A document that is not one of the docs: its one block breaks on its second line, so the test can see that a
// broken snippet is reported, at its place in the markdown.
const CANARY: Doc = {
  name: 'canary.md',
  text: ['# Canary', '', '<!-- snippet', 'declare const count: number;', '-->', '```ts', 'import { createContactsClient } from "contacts-api-contract";', 'const name: string = count;', '```', ''].join('\n'),
};

let docs: Doc[];
let blocks: Block[];
const dirs: string[] = [];
/** The errors of the snippets compiled against the shipped spec (canary and fixture snippets included), and against the fixture build. */
let shipped: { errors: SnippetError[]; other: string[] };
let fixture: { errors: SnippetError[]; other: string[] };

/** A fresh project in the temp folder, removed after the tests. */
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Compiles `chosen` against the package in `pkg`, with the declarations of the packages the guides show but the repo does not install. */
async function check(pkg: string, chosen: Block[]) {
  const dir = await tempDir('contacts-docs-snippets-');
  await copyFile(join(root, 'test/docs/modules.d.ts'), join(dir, 'modules.d.ts'));
  const written = await writeProject(dir, root, pkg, chosen, ['modules.d.ts']);
  return compile(dir, root, written);
}

/** A copy of the project, built: as the spec ships, or with the fixture's operations added (which needs the whole build). */
async function built(withFixture: boolean): Promise<string> {
  const dir = await copyProject('contacts-docs-package-');
  dirs.push(dir);
  if (withFixture) await addOperations(dir, join(root, 'test/fixtures/openapi'));
  await npmRun(dir, withFixture ? 'build' : 'build:dist');
  return dir;
}

beforeAll(async () => {
  docs = await readDocs(root);
  blocks = docs.flatMap(blocksOf).filter(isTs);
  [shipped, fixture] = await Promise.all([
    built(false).then((dir) => check(dir, [...blocks, ...blocksOf(CANARY)])),
    built(true).then((dir) => check(dir, blocks.filter(fixtureOnly))),
  ]);
}, 300_000);
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const listed = (errors: SnippetError[]) => errors.map((e) => e.text).join('\n');

test('the docs have ts snippets, some of them fixture-only', () => {
  expect(blocks.filter((b) => !fixtureOnly(b)).length).toBeGreaterThan(0);
  expect(blocks.filter(fixtureOnly).length).toBeGreaterThan(0);
});

test('every snippet compiles against the built package', () => {
  expect(shipped.other).toEqual([]);
  expect(listed(shipped.errors.filter((e) => e.block.doc !== CANARY.name && !fixtureOnly(e.block)))).toBe('');
});

test('every fixture snippet compiles against the build with test/fixtures/openapi added', () => {
  expect(fixture.other).toEqual([]);
  expect(listed(fixture.errors)).toBe('');
});

test('the text right before a fixture snippet says that it uses the fixture', () => {
  const byName = new Map(docs.map((d) => [d.name, d]));
  const silent = blocks.filter((b) => fixtureOnly(b) && !/fixture/i.test(paragraphBefore(byName.get(b.doc)!, b))).map((b) => `${b.doc}:${b.fence}`);
  expect(silent).toEqual([]);
});

describe('the check itself', () => {
  test('a snippet that does not compile is reported at its file and line in the markdown', () => {
    expect(listed(shipped.errors.filter((e) => e.block.doc === CANARY.name))).toMatch(/^canary\.md:8:7 TS2322 Type 'number' is not assignable to type 'string'\.$/);
  });

  test('a snippet comment holds only declarations and imports', () => {
    const hidden: Doc = { name: 'hidden.md', text: '<!-- snippet\nconst client = createContactsClient({});\n-->\n```ts\nclient;\n```\n' };
    expect(() => blocksOf(hidden)).toThrow('hidden.md:2: a snippet comment holds only "declare …" and "import …" lines');
    expect(() => blocksOf({ name: 'flag.md', text: '<!-- snippet fixtures -->\n```ts\n```\n' })).toThrow('flag.md:1: unknown snippet flag "fixtures"');
  });
});
