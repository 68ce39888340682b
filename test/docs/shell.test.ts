// The shell lines of README.md and docs/ that run offline (`contacts-api` with --dry-run, --fake or --help) are run,
// as a reader would run them in this repo, against the command built from src/cli.ts (both bins are its commands),
// each block in a temp folder holding a copy of examples/. In a `console` block, the lines under a `$ ` command are its output: they must be
// what it prints on stdout. See "The docs' own tests" in docs/maintaining.md.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { buildCli } from '../support/cli.js';
import { root } from '../support/project.js';
import { blocksOf, readDocs, type Block, type Doc } from './markdown.js';

const SHELLS = new Set(['sh', 'bash', 'shell', 'console']);
// What makes a run of the command need no server and no credentials.
const OFFLINE = /(^|\s)(--dry-run|--fake|--help|-h)(\s|$)/;

/** One command of a block: its markdown line, its text, and the output the doc shows for it (console blocks). */
interface Shown {
  line: number;
  command: string;
  output: string[] | undefined;
}

/** The commands of a shell block, comments and prompts removed. */
function commandsOf(block: Block): Shown[] {
  const shown: Shown[] = [];
  block.lines.forEach((text, i) => {
    const line = block.fence + 1 + i;
    if (block.lang === 'console') {
      if (text.startsWith('$ ')) shown.push({ line, command: text.slice(2), output: [] });
      else shown.at(-1)?.output?.push(text);
    } else shown.push({ line, command: text, output: undefined });
  });
  return shown
    .map((s) => ({ ...s, command: s.command.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim() }))
    .filter((s) => s.command !== '')
    .map((s) => ({ ...s, output: s.output && trimEnd(s.output) }));
}

const trimEnd = (lines: string[]) => {
  const out = [...lines];
  while (out.length > 0 && out.at(-1)!.trim() === '') out.pop();
  return out;
};

/** The process to start for a command of the docs, or undefined when it is not one this test runs. */
function argvOf(command: string): string[] | undefined {
  // Placeholders of environment variables (`CONTACTS_TOKEN=…`) are dropped: an offline run reads none.
  const words = command.replace(/^(\w+=\S*\s+)+/, '').split(/\s+/);
  const [a, b, c, d] = words;
  if (a === 'cat' && words.length === 2) return ['cat', b!];
  if (!OFFLINE.test(command)) return undefined;
  if (a === 'npx' && b === 'contacts-api') return words.slice(2);
  if (a === 'npx' && b === 'contacts-api-verify') return ['verify', ...words.slice(2)];
  if (a === 'npm' && b === 'run' && (c === 'import' || c === 'verify') && d === '--') return [c, ...words.slice(4)];
  return undefined;
}

/** Runs a block's commands in order in a fresh folder with examples/; returns each mismatch, placed in the markdown. */
async function runBlock(block: Block): Promise<{ ran: number; problems: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'contacts-docs-shell-'));
  const problems: string[] = [];
  let ran = 0;
  try {
    await cp(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
    for (const { line, command, output } of commandsOf(block)) {
      const where = `${block.doc}:${line} $ ${command}`;
      const argv = argvOf(command);
      if (!argv) {
        if (output?.length) problems.push(`${where}: shows an output, but is not a command this test can run offline`);
        continue;
      }
      if (argv[0] === 'cat' && ran === 0) continue;
      ran++;
      const { code, stdout, stderr } = await run(argv, dir);
      const help = /(^|\s)(--help|-h)(\s|$)/.test(command);
      // 0: every row accepted; 1: a row rejected or failed. 2 is a usage or I/O error: the doc is wrong.
      if (help ? code !== 0 : code !== 0 && code !== 1) problems.push(`${where}: exit code ${code}\n${stderr}`);
      if (output?.length && stdout.trimEnd() !== output.join('\n')) problems.push(`${where}: the doc shows\n${output.join('\n')}\nbut it printed\n${stdout.trimEnd()}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { ran, problems };
}

/** Starts a command with no credentials in its environment, bounded in time. */
async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (argv[0] === 'cat') {
    const text = await readFile(join(cwd, argv[1]!), 'utf8').catch(() => undefined);
    return text === undefined ? { code: 1, stdout: '', stderr: `no such file: ${argv[1]}` } : { code: 0, stdout: text, stderr: '' };
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...argv], { cwd, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let cli: string;
beforeAll(async () => {
  cli = await buildCli('contacts-api-docs');
}, 60_000);

const docs: Doc[] = await readDocs(root);
const blocks = docs.flatMap(blocksOf).filter((b) => SHELLS.has(b.lang) && commandsOf(b).some((c) => argvOf(c.command) && !c.command.startsWith('cat ')));

test('the docs have offline shell snippets, and show the output of some', () => {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.some((b) => commandsOf(b).some((c) => c.output?.length))).toBe(true);
});

test.each(blocks.map((b) => [`${b.doc}:${b.fence}`, b] as const))('%s runs as shown', async (_, block) => {
  const { ran, problems } = await runBlock(block);
  expect(problems.join('\n\n')).toBe('');
  expect(ran).toBeGreaterThan(0);
}, 120_000);

test('a command whose output differs from the doc is reported at its line', async () => {
  const canary: Doc = { name: 'canary.md', text: '```console\n$ npx contacts-api import examples/contacts.csv --company 42 --dry-run\nimported everything\n```\n' };
  const { problems } = await runBlock(blocksOf(canary)[0]!);
  expect(problems).toEqual([expect.stringMatching(/^canary\.md:2 \$ npx contacts-api import .*: the doc shows\nimported everything\nbut it printed\n/)]);
}, 60_000);
