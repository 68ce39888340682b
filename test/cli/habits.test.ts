// What a build, a test run and the README's commands leave behind: bins that run, no untracked files, no temp folders.
import { existsSync } from 'node:fs';
import { copyFile, readFile, rm, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { useTempDir } from '../support/cli.js';
import { copyProject, npmRun, root } from '../support/project.js';

test('every bin keeps its execute bit after build:dist', async () => {
  const dir = await copyProject('contacts-bin-');
  try {
    await npmRun(dir, 'build:dist');
    const { bin } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(bin).length).toBeGreaterThan(0);
    for (const path of Object.values(bin)) expect([path, (await stat(join(dir, path))).mode & 0o111]).toEqual([path, 0o111]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 300_000);

describe('in a repository of its own, with the project\'s .gitignore', () => {
  // Not the checkout's: a copy of the project (test:growth's) is no repository.
  const dir = useTempDir('contacts-gitignore-');
  test("git ignores the files the README's import commands write", async () => {
    const written = ['examples/contacts.csv.import-journal', 'examples/contacts.csv.import-journal.lock', 'examples/contacts.csv.import-journal.lock.1234.new', 'rejects.csv', 'rejects.ndjson'];
    await copyFile(join(root, '.gitignore'), join(dir(), '.gitignore'));
    await promisify(execFile)('git', ['init', '-q'], { cwd: dir() });
    const { stdout } = await promisify(execFile)('git', ['check-ignore', '--no-index', ...written], { cwd: dir() });
    expect(stdout.trimEnd().split('\n')).toEqual(written);
  });
});

let made: string | undefined;
describe('a temp folder of useTempDir', () => {
  const dir = useTempDir('contacts-cli-probe-');
  test('is there for the tests', () => {
    made = dir();
    expect(existsSync(made)).toBe(true);
  });
});

test('…and is removed, with what it holds, once they end', () => {
  expect(made).toBeDefined();
  expect(existsSync(made!)).toBe(false);
});
