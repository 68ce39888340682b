// The contacts-api command, bundled from src/ for tests that run it as a process (signals, a terminal, exit codes).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
