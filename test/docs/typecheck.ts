// Type-checks `ts` blocks as a consumer's code: each block a module of a fresh project outside the repo, in which
// `contacts-api-contract` is the package as installed (its `exports`, so dist/), compiled by tsc, strict and NodeNext.
import { execFile } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { Block } from './markdown.js';

/** A snippet as a file of the project, and the way back from its lines to the markdown's. */
interface Written {
  file: string;
  block: Block;
  /** The markdown line of each line of the file, 1-based, index 0 unused. */
  lines: number[];
}

/** A compile error, placed in the markdown where the snippet's line is. */
export interface SnippetError {
  block: Block;
  /** `README.md:42:7 TS2339 Property 'x' does not exist…` */
  text: string;
}

const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
};

/**
 * Writes a project in `dir` whose `contacts-api-contract` is `pkg` (a linked package folder, read through its
 * `exports`) and whose other packages are the repo's; each block is a module with its snippet comment's lines first.
 */
export async function writeProject(dir: string, root: string, pkg: string, blocks: Block[], extra: string[] = []): Promise<Written[]> {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  const installed = (await readdir(join(root, 'node_modules'))).filter((name) => !name.startsWith('.') && name !== 'contacts-api-contract');
  await Promise.all(installed.map((name) => symlink(join(root, 'node_modules', name), join(dir, 'node_modules', name))));
  await symlink(pkg, join(dir, 'node_modules/contacts-api-contract'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'docs-snippets', private: true, type: 'module' }));
  await mkdir(join(dir, 'snippets'));
  const written = blocks.map((block) => {
    const prelude = block.snippet?.prelude ?? [];
    const at = block.snippet?.line ?? block.fence;
    // `export {}` makes every snippet a module: its names are its own, and top-level await is allowed.
    const text = [...prelude, ...block.lines, 'export {};'].join('\n');
    const lines = [0, ...prelude.map((_, i) => at + 1 + i), ...block.lines.map((_, i) => block.fence + 1 + i), block.close];
    return { file: join(dir, 'snippets', `${block.doc.replace(/\W+/g, '_')}_L${block.fence}.ts`), block, lines, text };
  });
  await Promise.all(written.map(({ file, text }) => writeFile(file, `${text}\n`)));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['snippets/*.ts', ...extra] }, null, 2));
  return written.map(({ file, block, lines }) => ({ file, block, lines }));
}

/** Runs tsc on the project; every error in a snippet comes back placed in its markdown, any other as tsc printed it. */
export async function compile(dir: string, root: string, written: Written[]): Promise<{ errors: SnippetError[]; other: string[] }> {
  const output = await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { cwd: dir, maxBuffer: 1 << 24, timeout: 240_000 }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
  const byFile = new Map(written.map((w) => [relative(dir, w.file), w]));
  const errors: SnippetError[] = [];
  const other: string[] = [];
  // An error's first line names its place; the lines indented under it continue its message.
  for (const entry of output.split(/\n(?=\S)/).filter((e) => e.trim() !== '')) {
    const found = /^(.+?)\((\d+),(\d+)\): error (TS\d+): ([\s\S]*)$/.exec(entry.trim());
    const snippet = found && byFile.get(found[1]!);
    if (!found || !snippet) {
      other.push(entry.trim());
      continue;
    }
    const line = snippet.lines[Number(found[2])] ?? snippet.block.fence;
    errors.push({ block: snippet.block, text: `${snippet.block.doc}:${line}:${found[3]} ${found[4]} ${found[5]!.replace(/\s+/g, ' ')}` });
  }
  return { errors, other };
}
