// Vitest global setup: a real Prism mock of the bundled spec on a free 127.0.0.1 port, for the whole run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

const prismBin = fileURLToPath(new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));
const spec = fileURLToPath(new URL('../../generated/openapi.yaml', import.meta.url));

/** A port that was free a moment ago; Prism cannot be told to pick one itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts `prism mock` on a bundled spec and resolves once it answers HTTP, or rejects with its output. */
export async function startPrism(specFile = spec): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [prismBin, 'mock', specFile, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Prism logs every request: only the tail is kept, which holds the cause when it exits.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A mock that died mid-run shows up in tests as bare ECONNRESETs: stopping it says so, with Prism's own words.
  const stop = async () => {
    const died = child.exitCode !== null || child.signalCode !== null;
    await stopChild(child);
    if (died) throw new Error(`prism exited during the run (${child.exitCode ?? child.signalCode}):\n${output}`);
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${output}`);
    const up = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
    if (up) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`prism did not answer on ${url} within 20 s:\n${output}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return prism.stop;
}
