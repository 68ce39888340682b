// contacts-api import as a person runs it: a real process, files, a real server on 127.0.0.1, signals and a terminal.
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { progressView } from '../../src/import/progress.js';
import { buildCli, runCli, useTempDir } from '../support/cli.js';
import { json, startServer } from '../support/server.js';

const env = { CONTACTS_TOKEN: 'tok-0000', CONTACTS_SESSION_TOKEN: 'sess-0000' };
let cli: string;
const temp = useTempDir('contacts-cli-');
let dir: string;
beforeAll(async () => {
  cli = await buildCli('contacts-api-import-test');
  dir = temp();
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

/** A server that counts each contact it receives by name; `answer` may hold or drop a request, `status` chooses its answer by the batch's names. */
async function contactsServer(answer: (n: number, reply: () => void) => void = (_, reply) => reply(), status: (names: string[]) => number = () => 201) {
  const received = new Map<string, number>();
  const server = await startServer((req, res, n) => {
    const names = (JSON.parse(req.body) as { name: string }[]).map((c) => c.name);
    for (const name of names) received.set(name, (received.get(name) ?? 0) + 1);
    const code = status(names);
    answer(n, () => (code === 201 ? json(res, 201, { nbInsertion: names.length }) : json(res, code, { title: 'no' })));
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
    // The source's columns, then where the row was and why: the cells as the source had them, to fix and import.
    expect(lines[0]).toBe('name,notify,email,line,outcome,reason');
    // Row 5 is on line 7: the header is line 1.
    expect(lines[1]).toBe('r5,maybe,r5@example.com,7,rejected,"notify must be true, false, yes, no, 1 or 0"');
    expect(lines).toHaveLength(invalid + 1);
  });

  test('--dry-run --json says what would be imported, not what was', async () => {
    const { path, invalid } = await csvFile('dry-json.csv', 100);
    const run = await runCli(cli, ['import', path, '--company', '42', '--dry-run', '--json']);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ wouldImport: 100 - invalid, rejected: invalid, failed: 0, rows: 100, dryRun: true, stopped: false, unread: 0 });
    expect(summary).not.toHaveProperty('imported');
    expect(summary).not.toHaveProperty('inserted');
  });

  test('--fake imports the whole file in-process; exit 0 when every row is accepted; --json prints the summary as JSON', async () => {
    const path = join(dir, 'ok.ndjson');
    await writeFile(path, '{"name":"A","notify":true}\n{"name":"B","notify":false}\n');
    const run = await runCli(cli, ['import', path, '--company', '42', '--fake', '--no-journal', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ imported: 2, rejected: 0, failed: 0, unknown: 0, rows: 2 });
  });

  test('one bin for both commands: import and verify; anything else names the command, with the usage, exit 2', async () => {
    expect(await runCli(cli, ['verify', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: contacts-api-verify --base-url URL') });
    expect(await runCli(cli, ['import', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: contacts-api import FILE --company ID') });
    expect(await runCli(cli, ['sync'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^unknown command sync\nusage: contacts-api import FILE/) });
    expect(await runCli(cli, ['imprt', 'x.csv'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^unknown command imprt; did you mean import\?\n/) });
    expect(await runCli(cli, ['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('contacts-api verify --base-url URL') });
  });

  test('usage errors name the option, and the closest one: for import and verify', async () => {
    const path = join(dir, 'typo.csv');
    await writeFile(path, 'name,notify\nA,yes\n');
    const typo = await runCli(cli, ['import', path, '--company', '42', '--dryrun']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^contacts-api import: unknown option --dryrun; did you mean --dry-run\?\nusage: contacts-api import/);
    expect((await runCli(cli, ['import', path, '--company'])).stderr).toContain('contacts-api import: --company needs a value');
    expect((await runCli(cli, ['import', path, '--company', '42', '--dry-run=yes'])).stderr).toContain('--dry-run takes no value; got "yes"');
    const verify = await runCli(cli, ['verify', '--base-urll', 'http://127.0.0.1:1']);
    expect([verify.code, verify.stdout]).toEqual([2, expect.stringMatching(/^unknown option --base-urll; did you mean --base-url\?\n/)]);
  });

  test('usage and I/O errors exit 2 with a message a person can act on, and write no rejects file', async () => {
    const rejects = join(dir, 'usage-rejects.csv');
    const none = join(dir, 'none.csv');
    const missing = await runCli(cli, ['import', none, '--company', '42', '--dry-run', '--rejects', rejects]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining(`contacts-api import: no such file: ${none}\n`)]);
    const ok = join(dir, 'ok.csv');
    await writeFile(ok, 'name,notify\nA,yes\n');
    const noToken = await runCli(cli, ['import', ok, '--company', '42', '--rejects', rejects]);
    expect([noToken.code, noToken.stderr]).toEqual([2, expect.stringContaining('contacts-api import: set CONTACTS_TOKEN: the credentials come from the environment')]);
    const verifyNoToken = await runCli(cli, ['verify', '--base-url', 'http://127.0.0.1:1']);
    expect(verifyNoToken.stdout).toContain('set CONTACTS_TOKEN');
    const badColumn = join(dir, 'fax.csv');
    await writeFile(badColumn, 'name,fax\nA,1\n');
    const unknown = await runCli(cli, ['import', badColumn, '--company', '42', '--dry-run', '--rejects', rejects]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown column "fax"')]);
    expect((await runCli(cli, ['import', badColumn])).code).toBe(2);
    expect(existsSync(rejects)).toBe(false);
  });

  test('--rejects honours the extension it is given; one that cannot hold the rows, or none, is refused', async () => {
    const { path, invalid } = await csvFile('ext.csv', 100);
    const ndjson = join(dir, 'ext-rejects.ndjson');
    expect((await runCli(cli, ['import', path, '--company', '42', '--dry-run', '--rejects', ndjson])).code).toBe(1);
    const rows = (await readFile(ndjson, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(invalid);
    expect(rows[0]).toEqual({ $rejected: { line: 7, outcome: 'rejected', reason: 'notify must be true, false, yes, no, 1 or 0' }, name: 'r5', notify: 'maybe', email: 'r5@example.com' });
    const input = join(dir, 'ext.ndjson');
    await writeFile(input, '{"name":"A","notify":true}\n');
    const csvForJson = await runCli(cli, ['import', input, '--company', '42', '--dry-run', '--rejects', join(dir, 'ext-rejects.csv')]);
    expect([csvForJson.code, csvForJson.stderr]).toEqual([2, expect.stringContaining('CSV cannot hold the rows of an NDJSON file as they are; name it .ndjson or .json')]);
    const txt = await runCli(cli, ['import', input, '--company', '42', '--dry-run', '--rejects', join(dir, 'ext-rejects.txt')]);
    expect([txt.code, txt.stderr]).toEqual([2, expect.stringContaining('name it .csv, .ndjson, .jsonl or .json')]);
    const same = await runCli(cli, ['import', input, '--company', '42', '--dry-run', '--rejects', input]);
    expect([same.code, same.stderr]).toEqual([2, expect.stringContaining('--rejects must not be the input file')]);
    expect(existsSync(join(dir, 'ext-rejects.csv'))).toBe(false);
  });

  test('rows in a file that is not UTF-8 (Latin-1) are rejected by their line, not sent garbled', async () => {
    const path = join(dir, 'latin1.csv');
    await writeFile(path, Buffer.from('name,notify\nAda,yes\nJosé García,yes\n', 'latin1'));
    const server = await contactsServer();
    const rejects = join(dir, 'latin1-rejects.csv');
    const run = await runCli(cli, ['import', path, '--company', '42', '--base-url', server.url, '--no-journal', '--json', '--rejects', rejects], env);
    expect([run.code, JSON.parse(run.stdout)]).toEqual([1, expect.objectContaining({ imported: 1, rejected: 1 })]);
    expect([...server.received.keys()]).toEqual(['Ada']);
    expect(await rejectsOf(rejects)).toEqual([{ line: 3, outcome: 'rejected' }]);
    expect(await readFile(rejects, 'utf8')).toContain('line 3 is not valid UTF-8 (save the file as UTF-8)');
  });

  test('a 201 whose nbInsertion differs from the batch size shows on stderr, by lines, and exits 1', async () => {
    const path = join(dir, 'short.csv');
    await writeFile(path, `name,notify\n${Array.from({ length: 10 }, (_, i) => `c${i},yes`).join('\n')}\n`);
    const server = await startServer((_, res) => json(res, 201, { nbInsertion: 0 }));
    close = server.close;
    const run = await runCli(cli, ['import', path, '--company', '42', '--base-url', server.url, '--no-journal'], env);
    expect(run.stdout).toBe('imported 10, rejected 0, failed 0 (unknown 0)\n');
    expect(run.stderr).toContain('contacts-api import: warning: the batch of lines 2–11 (10 contacts) got a 201 with nbInsertion 0: the server says it created 0 of them\n');
    expect(run.code).toBe(1);
  });

  test('fixing the rejects file and importing it sends the fixed rows; rows whose outcome is unknown stay held back', async () => {
    const { path, valid, invalid } = await csvFile('fix.csv', 200);
    // The batch holding r50 gets a 500 (it may have been created); the one holding r150 a 422 (it was not).
    let faults = true;
    const server = await contactsServer(undefined, (names) => (!faults ? 201 : names.includes('r50') ? 500 : names.includes('r150') ? 422 : 201));
    const rejects = join(dir, 'fix-rejects.csv');
    const args = ['--company', '42', '--base-url', server.url, '--batch-size', '10', '--json'];
    const first = JSON.parse((await runCli(cli, ['import', path, ...args, '--rejects', rejects], env)).stdout) as Record<string, number>;
    expect(first).toMatchObject({ rejected: invalid, failed: 20, unknown: 10 });
    const outcomes = (await rejectsOf(rejects)).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'unknown')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'rejected-by-server')).toHaveLength(10);
    // The person fixes the cells that were refused, and imports the rejects file as a new input.
    await writeFile(rejects, (await readFile(rejects, 'utf8')).replaceAll(',maybe,', ',yes,'));
    faults = false;
    const before = new Map(server.received);
    const again = join(dir, 'fix-rejects-again.csv');
    const second = await runCli(cli, ['import', rejects, ...args, '--rejects', again], env);
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: invalid + 10, rejected: 10, failed: 0 });
    const sent = [...server.received].filter(([name, n]) => n > (before.get(name) ?? 0)).map(([name]) => name);
    expect(sent).toHaveLength(invalid + 10);
    // Every row reached the server once, but those that may have been created: they wait for the person.
    expect([...valid].filter((name) => !server.received.has(name))).toEqual([]);
    expect((await rejectsOf(again)).map((r) => r.outcome)).toEqual(Array(10).fill('unknown'));
    expect(await readFile(again, 'utf8')).toContain('an earlier import may have created this row (its outcome is unknown)');
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
    expect(other.stderr).toBe(
      `contacts-api import: ${journal} is the journal of an import of another input file (its contents differ), not of this one: to go on with that import, run it again as it was; to start another, use another journal file (the rows that import sent would then be sent again)\ncontacts-api import: another journal file is given with --journal PATH\n`,
    );
    expect(server.requests()).toBe(sent);
  });

  test('a rehearsal (--fake) keeps no journal for the real import; one it was given is refused by the real import', async () => {
    const { path, valid } = await csvFile('rehearsal.csv', 30);
    expect((await runCli(cli, ['import', path, '--company', '42', '--fake'])).code).toBe(1);
    const server = await contactsServer();
    const real = await runCli(cli, ['import', path, '--company', '42', '--base-url', server.url], env);
    expect(real.code).toBe(1);
    expect(real.stderr).not.toContain('settled by an earlier run');
    expect([...valid].every((name) => server.received.get(name) === 1)).toBe(true);
    const sent = server.requests();
    const journal = join(dir, 'rehearsal-given.import-journal');
    expect((await runCli(cli, ['import', path, '--company', '42', '--fake', '--journal', journal])).code).toBe(1);
    const refused = await runCli(cli, ['import', path, '--company', '42', '--base-url', server.url, '--journal', journal], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${journal} is the journal of an import to "fake", not to "${server.url}"`);
    expect(server.requests()).toBe(sent);
    expect((await runCli(cli, ['import', path, '--company', '42', '--dry-run', '--journal', journal])).stderr).toContain('--dry-run sends nothing, so it keeps no journal: leave out --journal');
  });

  test('two imports on one journal: the second fails at once, exit 2, and no row is sent twice', async () => {
    const { path, valid } = await csvFile('twice.csv', 400);
    let arrived: () => void = () => {};
    const first = new Promise<void>((resolve) => (arrived = resolve));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first import's first request is held until the second import has ended.
    const server = await contactsServer((n, reply) => (n === 1 ? (arrived(), void held.then(reply)) : reply()));
    const args = ['import', path, '--company', '42', '--base-url', server.url, '--batch-size', '10'];
    const one = runCli(cli, args, env);
    await first;
    const two = await runCli(cli, args, env);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/ is in use by another import \(process \d+\): wait for it to end; if no import is running, delete .*twice\.csv\.import-journal\.lock\n$/);
    release();
    expect((await one).code).toBe(1);
    expect([...valid].every((name) => server.received.get(name) === 1)).toBe(true);
    expect(Math.max(...server.received.values())).toBe(1);
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
    const stopped = await runCli(cli, [...args, '--json'], env, (c) => (child = c));
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('stopping after the batches in flight');
    const summary = JSON.parse(stopped.stdout) as { rows: number; unread: number; stopped: boolean; failed: number };
    expect(summary).toMatchObject({ stopped: true, failed: 0 });
    // Every row is either read (and reported) or unread.
    expect(summary.unread).toBeGreaterThan(0);
    expect(summary.rows + summary.unread).toBe(500);
    expect(stopped.stderr).toContain(`stopped: ${summary.unread} rows were not read; the batches in flight ended and are in the journal: run the same command again to go on`);
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
