// The contacts-api command, bundled from src/ for tests that run it as a process (signals, a terminal, exit codes).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles src/cli.ts into test/artifacts (inside the repo, so that its packages resolve); returns its path. */
export async function buildCli(name: string): Promise<string> {
  const outfile = `${root}test/artifacts/${name}.mjs`;
  await build({ entryPoints: [`${root}src/cli.ts`], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return outfile;
}

/** A run of the command. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the command; `started` gets the child to signal or kill. */
export function runCli(cli: string, args: string[], env: Record<string, string> = {}, started?: (child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A temp folder for the tests of a file or describe block: made before them, removed with all it holds after them. */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));
  return () => {
    if (!dir) throw new Error('useTempDir: the folder is made before the tests, not while they are collected');
    return dir;
  };
}
