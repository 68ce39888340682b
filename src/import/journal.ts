// An import journal in a file: one JSON line per record, appended. A batch's record is on disk (fdatasync) before the
// batch is sent, so that after a crash at any moment a rerun knows every batch that may have left.
import { hash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { ImportJournal, JournaledBatch } from './resume.js';
import { ContactsJournalError, type Outcome } from '../engine/errors.js';

/** Options of `openJournal`. */
export interface JournalOptions {
  /** What identifies the input (`digestOf(file)`): a journal of another input is refused. */
  input?: string;
  /** Send again the rows an earlier run left with an unknown outcome: they may then be created twice. */
  resendUnknown?: boolean;
}

/** A journal in a file, created if missing; `close` it when the import ends. */
export type FileJournal = ImportJournal & { close(): Promise<void> };

type Header = { journal: 1; company: string; input: string | null };
type Entry = { batch: number; rows?: [number, number][]; hash?: string; outcome?: 'accepted' | Outcome };

/** Opens the journal at `path`, for `importContacts`' `journal` option. */
export async function openJournal(path: string, options: JournalOptions = {}): Promise<FileJournal> {
  let file: FileHandle | undefined;
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

  return {
    resendUnknown: options.resendUnknown ?? false,
    async open(company) {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
      const batches = parse(path, text, company, options.input ?? null);
      file = await open(path, 'a');
      // A torn last line is cut, so that the next record starts a line of its own.
      if (!text.endsWith('\n')) await file.truncate(Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      if (!batches) await append({ journal: 1, company, input: options.input ?? null } satisfies Header, true);
      return batches ?? [];
    },
    hash: (text) => hash('sha256', text, 'base64url'),
    sending: ({ id, rows, hash }) => append({ batch: id, rows: ranges(rows), hash } satisfies Entry, true),
    settled: (id, outcome) => append({ batch: id, outcome } satisfies Entry, false),
    async close() {
      await Promise.allSettled([running, next]);
      await file?.close();
      file = undefined;
    },
  };
}

/** The batches a journal holds, or undefined when it is empty. A torn last line (a crash mid-write) was never sent. */
function parse(path: string, text: string, company: string, input: string | null): JournaledBatch[] | undefined {
  const complete = text.split('\n').slice(0, -1);
  if (complete.length === 0) return undefined;
  const bad = (n: number, why: string) => new ContactsJournalError(`${path}, line ${n}: ${why}`);
  const header = read(complete[0]!, () => bad(1, 'not a journal of contacts-api-contract')) as Partial<Header>;
  if (header.journal !== 1) throw bad(1, 'not a journal of contacts-api-contract');
  if (header.company !== company) throw bad(1, `the journal is of company ${JSON.stringify(header.company)}, not ${JSON.stringify(company)}`);
  if (input !== null && header.input !== null && header.input !== input) throw bad(1, 'the journal is of another input file (its contents differ)');
  const batches = new Map<number, JournaledBatch>();
  for (const [i, line] of complete.slice(1).entries()) {
    const entry = read(line, () => bad(i + 2, 'not JSON')) as Entry;
    if (entry.rows && entry.hash) batches.set(entry.batch, { id: entry.batch, rows: entry.rows.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k)), hash: entry.hash });
    else if (entry.outcome && batches.has(entry.batch)) batches.get(entry.batch)!.outcome = entry.outcome;
    else throw bad(i + 2, 'not a record of a batch');
  }
  return [...batches.values()];
}

function read(line: string, error: () => Error): unknown {
  try {
    return JSON.parse(line);
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
