// The import journal: a rerun sends only what never reached the server, and refuses a journal of another import.
import { spawnSync } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { JournalInUseError, openJournal } from '../../src/import/journal.js';
import { createContactsClient, importContacts, type ImportOptions } from '../../src/index.js';
import { created, recordingFetch } from '../support/fetch.js';
import { useTempDir } from '../support/cli.js';

const contact = (name: string) => ({ name, notify: true });
const rows = (n: number) => Array.from({ length: n }, (_, i) => contact(`c${i}`));
const dir = useTempDir('contacts-journal-');
let path: string;
let n = 0;
beforeEach(() => {
  path = join(dir(), `contacts-${n++}.import-journal`);
});

/** One run: `answer` decides each batch's fate by its first contact's name; returns the names that reached the server. */
async function run(contacts: unknown[], answer: (first: string) => number = () => 201, options: { input?: string; target?: string; resendUnknown?: boolean; company?: string } & ImportOptions = {}) {
  const { fetch, calls } = recordingFetch(({ body }) => {
    const batch = JSON.parse(body) as { name: string }[];
    const status = answer(batch[0]!.name);
    return status === 201 ? created({ nbInsertion: batch.length }) : Response.json({ title: 'no' }, { status });
  });
  const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch, retry: { retries: 0 } });
  const { input, target, resendUnknown, company = '42', ...importOptions } = options;
  const journal = await openJournal(path, { ...(input && { input }), ...(target && { target }), ...(resendUnknown && { resendUnknown }) });
  try {
    const report = await importContacts(client, company, contacts, { batchSize: 2, concurrency: 1, ...importOptions, journal });
    return { report, sent: calls.flatMap((c) => (JSON.parse(c.body) as { name: string }[]).map((x) => x.name)) };
  } finally {
    await journal.close();
  }
}

describe('a rerun', () => {
  test('skips the accepted rows, sends the never-processed ones again, and leaves the unknown ones alone', async () => {
    // c2–c3 get a 401 (not processed), c4–c5 a 500 (may have been processed).
    const first = await run(rows(8), (name) => ({ c2: 401, c4: 500 })[name] ?? 201);
    expect(first.report.counts).toMatchObject({ accepted: 4, failed: 4, unknown: 2 });
    const second = await run(rows(8));
    expect(second.sent).toEqual(['c2', 'c3']);
    expect(second.report.counts).toEqual({ read: 8, accepted: 6, rejected: 0, failed: 2, unknown: 2, resumed: 6 });
    expect(second.report.failed.map((f) => [f.index, f.outcome, f.error.code])).toEqual([
      [4, 'unknown', 'ERR_CONTACTS_JOURNAL'],
      [5, 'unknown', 'ERR_CONTACTS_JOURNAL'],
    ]);
    // Asked for, the unknown rows go again; then nothing is left to send.
    expect((await run(rows(8), undefined, { resendUnknown: true })).sent).toEqual(['c4', 'c5']);
    expect((await run(rows(8))).sent).toEqual([]);
  });

  test('a batch recorded as sending, with no outcome (a crash in flight), is unknown and not sent again', async () => {
    await run(rows(4));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    // Keep the header, batch 0 whole, and only the "sending" record of batch 1.
    await writeFile(path, `${lines.slice(0, 4).join('\n')}\n`);
    const again = await run(rows(6));
    expect(again.sent).toEqual(['c4', 'c5']);
    expect(again.report.failed.map((f) => [f.index, f.outcome])).toEqual([
      [2, 'unknown'],
      [3, 'unknown'],
    ]);
  });

  test('a torn last line (a crash mid-write) is cut, and the journal goes on', async () => {
    await run(rows(2));
    await appendFile(path, '{"batch":1,"rows":[[2,');
    expect((await run(rows(4))).sent).toEqual(['c2', 'c3']);
    for (const line of (await readFile(path, 'utf8')).trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('a journal of another import is refused before anything is sent', () => {
  test('another company', async () => {
    await run(rows(2));
    await expect(run(rows(2), undefined, { company: '43' })).rejects.toThrow(`${path} is the journal of an import into company "42", not into company "43": to go on with that import, run it again as it was; to start another, use another journal file`);
  });

  test('another input file, by its digest', async () => {
    await run(rows(2), undefined, { input: 'digest-a' });
    await expect(run(rows(2), undefined, { input: 'digest-b' })).rejects.toThrow('is the journal of an import of another input file (its contents differ), not of this one');
  });

  test('another target: a rehearsal against the fake never settles rows for a real server, nor one server for another', async () => {
    const first = await run(rows(2), undefined, { target: 'fake' });
    expect(first.sent).toEqual(['c0', 'c1']);
    const real = run(rows(2), undefined, { target: 'https://api.example.com' });
    await expect(real).rejects.toThrow(`${path} is the journal of an import to "fake", not to "https://api.example.com": to go on with that import, run it again as it was; to start another, use another journal file`);
    // A journal that records no target (an earlier version's) proves nothing about where its batches went.
    path = join(dir(), 'untargeted.import-journal');
    await run(rows(2));
    await expect(run(rows(2), undefined, { target: 'https://api.example.com' })).rejects.toThrow('is the journal of an import to a target it does not record');
  });

  test('other rows where the journal recorded a batch', async () => {
    await run(rows(4));
    const other = rows(4).map((c, i) => (i === 1 ? contact('someone else') : c));
    const error = await run(other).catch((e: unknown) => e);
    expect(String(error)).toContain('batch 0 (rows 0–1) sent other rows');
    await expect(run(rows(3))).rejects.toThrow('batch 1 (rows 2–3) has rows that this input does not');
  });

  test('a file that is not a journal', async () => {
    await writeFile(path, 'name,notify\n');
    await expect(run(rows(2))).rejects.toThrow('line 1: not a journal of contacts-api-contract; use another journal file');
  });

  test('a journal is read a bounded line at a time: a device or a file with no line breaks is refused, not read whole', async () => {
    path = '/dev/zero';
    await expect(run(rows(2))).rejects.toThrow('/dev/zero is not a regular file, so it cannot be a journal');
    path = join(dir(), 'one-long-line.import-journal');
    // Past the bound by one byte: read until then, and refused.
    await writeFile(path, Buffer.alloc((16 << 20) + 1, 0x20));
    await expect(run(rows(2))).rejects.toThrow('line 1: longer than 16777216 bytes: not a journal of contacts-api-contract');
  });
});

describe('a journal is locked while an import uses it', () => {
  test('a second import on it is refused at once, saying what to do; once the first closes, it may go on', async () => {
    const first = await openJournal(path);
    await first.open('42');
    const second = await openJournal(path);
    const refused = await second.open('42').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JournalInUseError);
    expect(String(refused)).toContain(`${path} is in use by another import (process ${process.pid}): wait for it to end; if no import is running, delete ${path}.lock`);
    await first.close();
    await expect(second.open('42')).resolves.toEqual([]);
    await second.close();
  });

  test('a lock whose process is gone is taken over, and so is one naming this process that it does not hold (a pid reused after a crash)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    for (const pid of [gone, process.pid]) {
      await writeFile(`${path}.lock`, `${pid}\n`);
      expect((await run(rows(2))).sent).toEqual(pid === gone ? ['c0', 'c1'] : []);
    }
  });

  test('a lock that names no process is not taken over: nothing says it is free', async () => {
    await writeFile(`${path}.lock`, '');
    await expect(run(rows(2))).rejects.toThrow(`${path} is in use by another import: wait for it to end; if no import is running, delete ${path}.lock`);
  });
});
