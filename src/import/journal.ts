// An import journal in a file: one JSON line per record, appended. A batch's record is on disk (fdatasync) before the
// batch is sent, so that after a crash at any moment a rerun knows every batch that may have left. A lock file
// beside it keeps two imports from sharing it, and its header records where its batches went.
import { hash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { link, open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import type { ImportJournal, JournaledBatch } from './resume.js';
import { Lines } from './lines.js';
import { ContactsJournalError, type Outcome } from '../engine/errors.js';

/** Options of `openJournal`. */
export interface JournalOptions {
  /** What identifies the input (`digestOf(file)`): a journal of another input is refused. */
  input?: string;
  /** Where the batches go (a base URL, or a name such as `"fake"`): a journal of another target is refused. */
  target?: string;
  /** Send again the rows an earlier run left with an unknown outcome: they may then be created twice. */
  resendUnknown?: boolean;
}

/** A journal in a file, created if missing; `close` it when the import ends. */
export type FileJournal = ImportJournal & { close(): Promise<void> };

/** The refusal of a journal that another import, running now, holds. */
export class JournalInUseError extends ContactsJournalError {}

type Header = { journal: 1; company: string; input: string | null; target?: string | null };
type Entry = { batch: number; rows?: [number, number][]; hash?: string; outcome?: 'accepted' | Outcome };

// A record is a batch's row ranges and hash: far below this, whatever the batch size. A longer line is no journal's.
const MAX_RECORD_BYTES = 16 << 20;
// The locks this process holds: a lock file naming this process, but not among them, is a crashed run's whose pid came back.
const held = new Set<string>();

/** Opens the journal at `path`, for `importContacts`' `journal` option; `open` locks it until `close`. */
export async function openJournal(path: string, options: JournalOptions = {}): Promise<FileJournal> {
  let file: FileHandle | undefined;
  let unlock: (() => Promise<void>) | undefined;
  // Records are written at once, in order, with a synchronous write (a line to the page cache takes microseconds),
  // so no queue is needed to keep them in order; only the sync is waited for. One fdatasync at a time: a record
  // waits for the first one that starts after its write, which also covers every record written meanwhile.
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    if (!running) return (running = file!.datasync().finally(() => (running = undefined)));
    return (next ??= running.then(started, started));
  };
  const started = () => {
    next = undefined;
    return sync();
  };
  const append = async (record: object, durable: boolean) => {
    if (!file) throw new ContactsJournalError('the journal is not open');
    writeFileSync(file.fd, `${JSON.stringify(record)}\n`);
    if (durable) await sync();
  };
  const expected = { input: options.input ?? null, target: options.target ?? null };

  return {
    resendUnknown: options.resendUnknown ?? false,
    async open(company) {
      const found = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      if (found && !found.isFile()) throw new ContactsJournalError(`${path} is not a regular file, so it cannot be a journal: use another journal file`);
      unlock = await lock(path);
      try {
        const { batches, complete, size } = await read(path, company, expected);
        file = await open(path, 'a');
        // A torn last line is cut, so that the next record starts a line of its own.
        if (complete < size) await file.truncate(complete);
        if (!batches) await append({ journal: 1, company, ...expected } satisfies Header, true);
        return batches ?? [];
      } catch (error) {
        await file?.close();
        file = undefined;
        await unlock();
        throw error;
      }
    },
    hash: (text) => hash('sha256', text, 'base64url'),
    sending: ({ id, rows, hash }) => append({ batch: id, rows: ranges(rows), hash } satisfies Entry, true),
    settled: (id, outcome) => append({ batch: id, outcome } satisfies Entry, false),
    async close() {
      await Promise.allSettled([running, next]);
      await file?.close();
      file = undefined;
      await unlock?.();
      unlock = undefined;
    },
  };
}

/**
 * Takes `path`.lock, a file holding this process's pid, made whole before it appears (a hard link to a file
 * written first), so that no one ever reads a half-written lock; reclaims one whose process is gone.
 */
async function lock(path: string): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  const mine = `${lockPath}.${process.pid}.new`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await link(mine, lockPath).then(() => true, (error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? false : Promise.reject(error)))) {
        held.add(lockPath);
        return async () => {
          held.delete(lockPath);
          if ((await ownerOf(lockPath)) === process.pid) await rm(lockPath, { force: true });
        };
      }
      const owner = await ownerOf(lockPath);
      if (owner === undefined) continue;
      if (alive(owner, lockPath)) throw inUse(path, lockPath, owner);
      // Moved aside before it is removed: of two imports reclaiming it at once, the one that moves the lock the
      // other has just made finds a live owner in it, puts it back and stops.
      const aside = `${lockPath}.${process.pid}.stale`;
      if (!(await rename(lockPath, aside).then(() => true, () => false))) continue;
      const moved = await ownerOf(aside);
      if (moved !== undefined && moved !== owner && alive(moved, lockPath)) {
        await link(aside, lockPath).catch(() => {});
        await rm(aside, { force: true });
        throw inUse(path, lockPath, moved);
      }
      await rm(aside, { force: true });
    }
    throw new JournalInUseError(`${path} is being locked by other imports at the same moment: run this one again once they have started`);
  } finally {
    await rm(mine, { force: true });
  }
}

/** The pid a lock file names (NaN when it names none); undefined once it is gone. */
async function ownerOf(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  return text === undefined ? undefined : /^\d+\n?$/.test(text) ? Number(text) : NaN;
}

/** Whether the process `pid` runs (a lock that names no pid is taken as held: nothing says it is free). */
function alive(pid: number, lockPath: string): boolean {
  if (!Number.isInteger(pid)) return true;
  if (pid === process.pid) return held.has(lockPath);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(path: string, lockPath: string, pid: number): JournalInUseError {
  const who = Number.isNaN(pid) ? 'another import' : `another import (process ${pid})`;
  return new JournalInUseError(`${path} is in use by ${who}: wait for it to end; if no import is running, delete ${lockPath}`);
}

/**
 * The batches a journal holds (undefined when it is empty), read a line at a time, each line bounded; and how many
 * of its bytes are whole lines. A torn last line (a crash mid-write) was never sent.
 */
async function read(path: string, company: string, expected: { input: string | null; target: string | null }) {
  let header: Partial<Header> | undefined;
  let n = 0;
  let [complete, size] = [0, 0];
  let failure: Error | undefined;
  const batches = new Map<number, JournaledBatch>();
  const bad = (why: string) => new ContactsJournalError(`${path}, line ${n}: ${why}`);
  const lines = new Lines(MAX_RECORD_BYTES, (bytes, ended) => {
    n++;
    if (failure) return;
    if (!bytes) return void (failure = bad(`longer than ${MAX_RECORD_BYTES} bytes: not a journal of contacts-api-contract; use another journal file`));
    if (!ended) return;
    complete += bytes.length + 1;
    try {
      if (!header) header = check(path, parsed(bytes, () => bad('not a journal of contacts-api-contract; use another journal file')) as Partial<Header>, company, expected);
      else record(batches, parsed(bytes, () => bad('not JSON')) as Entry, () => bad('not a record of a batch'));
    } catch (error) {
      failure = error as Error;
    }
  });
  try {
    for await (const chunk of createReadStream(path)) {
      size += (chunk as Buffer).length;
      lines.push(chunk as Buffer);
      if (failure || lines.overflowing) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  lines.end();
  if (failure) throw failure;
  return { batches: header ? [...batches.values()] : undefined, complete, size };
}

/** The header, if it is of this import; else a refusal that says what to do. */
function check(path: string, header: Partial<Header>, company: string, expected: { input: string | null; target: string | null }): Partial<Header> {
  if (header.journal !== 1) throw new ContactsJournalError(`${path}, line 1: not a journal of contacts-api-contract; use another journal file`);
  const refuse = (of: string, not: string, more = '') =>
    new ContactsJournalError(`${path} is the journal of an import ${of}, not ${not}: to go on with that import, run it again as it was; to start another, use another journal file${more}`);
  if (header.company !== company) throw refuse(`into company ${JSON.stringify(header.company)}`, `into company ${JSON.stringify(company)}`);
  if (expected.input !== null && header.input !== null && header.input !== expected.input) throw refuse('of another input file (its contents differ)', 'of this one', ' (the rows that import sent would then be sent again)');
  // A journal that names no target (an earlier version's) cannot show that its batches went where this import sends.
  if (expected.target !== null && (header.target ?? null) !== expected.target) throw refuse(`to ${header.target ? JSON.stringify(header.target) : 'a target it does not record'}`, `to ${JSON.stringify(expected.target)}`);
  return header;
}

function record(batches: Map<number, JournaledBatch>, entry: Entry, bad: () => Error) {
  if (entry.rows && entry.hash) batches.set(entry.batch, { id: entry.batch, rows: entry.rows.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k)), hash: entry.hash });
  else if (entry.outcome && batches.has(entry.batch)) batches.get(entry.batch)!.outcome = entry.outcome;
  else throw bad();
}

function parsed(line: Buffer, error: () => Error): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    throw error();
  }
}

/** Ascending indexes as runs: a batch of 100 rows is usually one pair. */
function ranges(rows: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const row of rows) {
    const last = out.at(-1);
    if (last && last[1] === row - 1) last[1] = row;
    else out.push([row, row]);
  }
  return out;
}
