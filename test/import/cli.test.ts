// contacts-api import as a person runs it: a real process, files, a real server on 127.0.0.1, signals and a terminal.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { progressView } from '../../src/import/progress.js';
import { buildCli, runCli } from '../support/cli.js';
import { json, startServer } from '../support/server.js';

const env = { CONTACTS_TOKEN: 'tok-0000', CONTACTS_SESSION_TOKEN: 'sess-0000' };
let cli: string;
let dir: string;
beforeAll(async () => {
  cli = await buildCli('contacts-api-import-test');
  dir = await mkdtemp(join(tmpdir(), 'contacts-cli-'));
});

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

/** A CSV of `n` rows named r<i>; every row with i % 97 === 5 has notify "maybe", which the contract refuses. */
async function csvFile(name: string, n: number): Promise<{ path: string; valid: Set<string>; invalid: number }> {
  const path = join(dir, name);
  const valid = new Set<string>();
  const lines = ['name,notify,email'];
  for (let i = 0; i < n; i++) {
    const bad = i % 97 === 5;
    if (!bad) valid.add(`r${i}`);
    lines.push(`r${i},${bad ? 'maybe' : i % 2 ? 'yes' : 'no'},r${i}@example.com`);
  }
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  return { path, valid, invalid: n - valid.size };
}

/** A server that counts each contact it receives by name; `answer` may hold or drop a request. */
async function contactsServer(answer: (n: number, reply: () => void) => void = (_, reply) => reply()) {
  const received = new Map<string, number>();
  const server = await startServer((req, res, n) => {
    const batch = JSON.parse(req.body) as { name: string }[];
    for (const { name } of batch) received.set(name, (received.get(name) ?? 0) + 1);
    answer(n, () => json(res, 201, { nbInsertion: batch.length }));
  });
  close = server.close;
  return { url: server.url, received, requests: () => server.received.length };
}

/** The rejects file of a CSV input, itself CSV. */
const rejectsOf = async (path: string) => (parse(await readFile(path, 'utf8'), { columns: true }) as { line: string; outcome: string }[]).map((r) => ({ line: Number(r.line), outcome: r.outcome }));

describe('contacts-api import', () => {
  test('--dry-run judges every row offline and sends nothing; the rejects file names each row by its line', async () => {
    const { path, invalid } = await csvFile('dry.csv', 300);
    const server = await contactsServer();
    const rejects = join(dir, 'dry-rejects.csv');
    // No credentials, and a base URL that would be wrong to reach: a dry run must not.
    const run = await runCli(cli, ['import', path, '--company', '42', '--dry-run', '--base-url', server.url, '--rejects', rejects]);
    expect(run.stdout).toBe(`dry run, nothing sent: would import ${300 - invalid}, rejected ${invalid}, failed 0 (unknown 0)\n`);
    expect(run.code).toBe(1);
    expect(server.requests()).toBe(0);
    const lines = (await readFile(rejects, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('line,outcome,reason');
    // Row 5 is on line 7: the header is line 1.
    expect(lines[1]).toBe('7,rejected,/5/notify must be a boolean');
    expect(lines).toHaveLength(invalid + 1);
  });

  test('--fake imports the whole file in-process; exit 0 when every row is accepted; --json prints the summary as JSON', async () => {
    const path = join(dir, 'ok.ndjson');
    await writeFile(path, '{"name":"A","notify":true}\n{"name":"B","notify":false}\n');
    const run = await runCli(cli, ['import', path, '--company', '42', '--fake', '--no-journal', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 2, rejected: 0, failed: 0, unknown: 0, rows: 2 });
  });

  test('one bin for both commands: import and verify; anything else is the usage, exit 2', async () => {
    expect(await runCli(cli, ['verify', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: contacts-api-verify --base-url URL') });
    expect(await runCli(cli, ['import', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: contacts-api import FILE --company ID') });
    expect(await runCli(cli, ['export'])).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: contacts-api import FILE') });
    expect(await runCli(cli, ['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('contacts-api verify --base-url URL') });
  });

  test('usage and I/O errors exit 2 with a message', async () => {
    const missing = await runCli(cli, ['import', join(dir, 'none.csv'), '--company', '42', '--dry-run']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('ENOENT')]);
    const noToken = await runCli(cli, ['import', join(dir, 'none.csv'), '--company', '42']);
    expect([noToken.code, noToken.stderr]).toEqual([2, expect.stringContaining('CONTACTS_TOKEN')]);
    const badColumn = join(dir, 'fax.csv');
    await writeFile(badColumn, 'name,fax\nA,1\n');
    const unknown = await runCli(cli, ['import', badColumn, '--company', '42', '--dry-run']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown column "fax"')]);
    expect((await runCli(cli, ['import', badColumn])).code).toBe(2);
  });

  test('a journal of another file is refused, and nothing is sent', async () => {
    const a = await csvFile('a.csv', 20);
    const b = await csvFile('b.csv', 21);
    const server = await contactsServer();
    const journal = join(dir, 'shared.import-journal');
    expect((await runCli(cli, ['import', a.path, '--company', '42', '--base-url', server.url, '--journal', journal], env)).code).toBe(1);
    const sent = server.requests();
    const other = await runCli(cli, ['import', b.path, '--company', '42', '--base-url', server.url, '--journal', journal], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the journal is of another input file');
    expect(server.requests()).toBe(sent);
  });

  test('SIGKILL at random points, then reruns: every valid row reaches the server exactly once, but those reported unknown', async () => {
    const { path, valid, invalid } = await csvFile('kill.csv', 2000);
    let child: ChildProcess | undefined;
    let killAt = 0;
    // The kill lands while that request is in flight: the server never answers it.
    const server = await contactsServer((n, reply) => (n === killAt ? child?.kill('SIGKILL') : setImmediate(reply)));
    // Seeded, so that a failure can be replayed.
    let seed = 7;
    const random = (below: number) => ((seed = (seed * 48271) % 2147483647), seed % below);
    const args = ['import', path, '--company', '42', '--base-url', server.url, '--batch-size', '10', '--concurrency', '4'];
    for (let round = 0; round < 6; round++) {
      killAt = server.requests() + 1 + random(25);
      const run = await runCli(cli, args, env, (c) => (child = c));
      expect(run.signal).toBe('SIGKILL');
    }
    killAt = 0;
    const rejects = join(dir, 'kill-rejects.csv');
    const last = await runCli(cli, [...args, '--rejects', rejects, '--json'], env);
    const summary = JSON.parse(last.stdout) as { imported: number; rejected: number; failed: number; unknown: number };
    const unknownLines = new Set((await rejectsOf(rejects)).filter((r) => r.outcome === 'unknown').map((r) => r.line));
    const unknown = new Set([...valid].filter((name) => unknownLines.has(Number(name.slice(1)) + 2)));
    expect(unknown.size).toBe(summary.unknown);
    expect(summary).toMatchObject({ imported: valid.size - unknown.size, rejected: invalid, failed: unknown.size });
    // In flight at each of the six kills: at most 4 batches of 10.
    expect(unknown.size).toBeGreaterThan(0);
    expect(unknown.size).toBeLessThanOrEqual(6 * 4 * 10);
    for (const name of valid) expect([name, server.received.get(name) ?? 0]).toEqual([name, unknown.has(name) ? expect.any(Number) : 1]);
    expect(Math.max(...server.received.values())).toBe(1);
    expect([...server.received.keys()].every((name) => valid.has(name))).toBe(true);
  });

  test('Ctrl-C (SIGINT) lets the batches in flight end, leaves a journal with every outcome, and a rerun finishes the rest', async () => {
    const { path, valid } = await csvFile('int.csv', 500);
    let child: ChildProcess | undefined;
    // The fifth request triggers the interrupt; each answer waits for a later tick, so batches are in flight then.
    const server = await contactsServer((n, reply) => {
      if (n === 5) child?.kill('SIGINT');
      setTimeout(reply, 20);
    });
    const journal = join(dir, 'int.import-journal');
    const args = ['import', path, '--company', '42', '--base-url', server.url, '--batch-size', '10', '--concurrency', '4', '--journal', journal];
    const stopped = await runCli(cli, args, env, (c) => (child = c));
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('stopping after the batches in flight');
    expect(stopped.stdout).toMatch(/^imported \d+, rejected \d+, failed 0 \(unknown 0\)\n$/);
    const records = (await readFile(journal, 'utf8')).trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as { batch: number; rows?: unknown; outcome?: string });
    const sending = records.filter((r) => r.rows).map((r) => r.batch);
    expect(records.filter((r) => r.outcome).map((r) => [r.batch, r.outcome]).sort()).toEqual(sending.map((b) => [b, 'accepted']).sort());
    expect(sending.length).toBeLessThan(50);
    const rest = await runCli(cli, args, env);
    expect(rest.code).toBe(1);
    expect([...valid].map((name) => server.received.get(name))).toEqual([...valid].map(() => 1));
  });

  test('a progress bar on a terminal', async () => {
    const { path } = await csvFile('tty.csv', 300);
    // script(1) gives the command a pseudo-terminal.
    const command = [process.execPath, cli, 'import', path, '--company', '42', '--fake', '--no-journal'].map((a) => `'${a}'`).join(' ');
    // Exit 1, for the rejected rows: the output is what counts.
    const { stdout } = (await promisify(execFile)('script', ['-qfec', command, '/dev/null']).catch((error: { stdout: string }) => error)) as { stdout: string };
    expect(stdout).toMatch(/[█░]+ \d+ rows \| \d+ rows\/s|\d+ rows \| \d+ rows\/s \| inserted \d+, rejected \d+, failed 0/);
    expect(stdout).toContain('imported 296, rejected 4, failed 0 (unknown 0)');
  });
});

describe('progress off a terminal', () => {
  test('one plain line at most every 5 seconds', () => {
    let now = 0;
    const lines: string[] = [];
    const view = progressView({ write: (t) => lines.push(t), isTTY: false }, undefined, () => now);
    for (now = 0; now <= 12_000; now += 500) view.update({ done: now, total: undefined, inserted: now, rejected: 0, failed: 0 });
    view.stop();
    expect(lines).toEqual(['progress: 5000 rows, 1000 rows/s, inserted 5000, rejected 0, failed 0\n', 'progress: 10000 rows, 1000 rows/s, inserted 10000, rejected 0, failed 0\n']);
  });
});
