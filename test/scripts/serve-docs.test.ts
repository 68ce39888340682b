// docs:serve survives any request path, and says plainly when the docs are not built or the port is taken.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The script in a folder of its own, with built docs or not. */
async function setUp(built: boolean) {
  dir = await mkdtemp(join(tmpdir(), 'contacts-serve-'));
  await mkdir(join(dir, 'scripts'));
  await cp(join(root, 'scripts/serve-docs.mjs'), join(dir, 'scripts/serve-docs.mjs'));
  if (built) {
    await mkdir(join(dir, 'dist/docs'), { recursive: true });
    await writeFile(join(dir, 'dist/docs/index.html'), '<!doctype html><title>docs</title>');
  }
}

/** Runs the script until it exits, or until it prints its URL; returns what it printed. */
async function serve(port: number) {
  const child = spawn(process.execPath, [join(dir, 'scripts/serve-docs.mjs')], { env: { ...process.env, PORT: String(port) } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number, output }));
  const listening = new Promise<string>((resolve) => child.stdout.on('data', () => /http:\/\/\S+\//.test(output) && resolve(/http:\/\/\S+\//.exec(output)![0])));
  return { child, exited, listening };
}

test('a path that does not decode is a 404, and the server goes on serving', async () => {
  await setUp(true);
  const { child, listening } = await serve(0);
  try {
    const url = await listening;
    expect((await fetch(`${url}%ZZ`)).status).toBe(404);
    expect((await fetch(`${url}..%2f..%2fpackage.json`)).status).toBe(404);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>docs</title>');
  } finally {
    child.kill();
  }
});

test('without built docs it says to run npm run docs, and exits 2', async () => {
  await setUp(false);
  const { exited } = await serve(0);
  expect(await exited).toEqual({ code: 2, output: 'docs:serve: dist/docs/index.html is missing; build the docs first with `npm run docs`\n' });
});

test('a busy port is named, with what to do, and exits 2: no stack trace', async () => {
  await setUp(true);
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = (taken.address() as { port: number }).port;
  try {
    const { exited } = await serve(port);
    expect(await exited).toEqual({ code: 2, output: `docs:serve: port ${port} is in use; set PORT to another (0 picks a free one)\n` });
  } finally {
    taken.close();
  }
});
