// importContacts: rows read one at a time from any source, each judged once as it will be sent, the valid ones
// sent in batches by a pool that shares rate-limit pauses, and every row read reported once.
import { ContactsAbortError, ContactsArgumentError, ContactsError, ContactsJournalError, ContactsValidationError, type Outcome, type ValidationIssue } from '../engine/errors.js';
import type { CreateContactsResult } from '../engine/types.js';
import { checkCount } from '../engine/options.js';
import { CREATE_CONTACTS, engineOf, type Connection } from '../client/client.js';
import type { Pace } from '../engine/engine.js';
import { Pacer, type Lane } from './pace.js';
import { resumeFrom, type ImportJournal } from './resume.js';
import { createContactsJudges, judge, type JudgeState } from '../engine/validation.js';

/**
 * Where importContacts reads rows from: an array, any iterable or async iterable, a web ReadableStream, or an object
 * whose `chunks()` yields arrays of rows (as `readContacts` does), which is read with one wait per chunk, not per row.
 */
export type ContactSource = readonly unknown[] | Iterable<unknown> | AsyncIterable<unknown> | ReadableStream<unknown> | ChunkedSource;

/** A source read a chunk of rows at a time; one that knows the line each row starts on (a file) has messages name rows by line. */
export interface ChunkedSource {
  chunks(): AsyncIterator<readonly unknown[]>;
  lineOf?(index: number): number;
}

/** Options of `importContacts`. */
export interface ImportOptions {
  /** Contacts per request; default 100. */
  batchSize?: number;
  /** Requests in flight at once, default 4; `'auto'` adapts it between 1 and `maxConcurrency` (AIMD). */
  concurrency?: number | 'auto';
  /** The most requests in flight under `concurrency: 'auto'`; default 8. */
  maxConcurrency?: number;
  /** Stops starting new batches; batches in flight finish, so that their outcome is known. */
  signal?: AbortSignal;
  /** Called each time a batch ends. */
  onProgress?: (progress: ImportProgress) => void;
  /** `'full'` (default) lists every row in the report; `'summary'` keeps counts only: rows go to the callbacks. */
  report?: 'full' | 'summary';
  /** Called with each batch that got a 201. */
  onAccepted?: (rows: AcceptedRows) => void;
  /** Called with each row that was not sent because it breaks the contract, and the row as the source gave it. */
  onRejected?: (row: RejectedContact, contact: unknown) => void;
  /** Called with each row whose batch failed, or that an earlier run left with an unknown outcome, and the row as the source gave it. */
  onFailed?: (row: FailedContact, contact: unknown) => void;
  /** How many rows the source holds, for progress, when it is not an array. */
  total?: number;
  /** Records each batch before and after it is sent, so that a rerun sends no row twice (see `openJournal`). */
  journal?: ImportJournal;
}

/** Running totals, in rows. */
export interface ImportProgress {
  done: number;
  /** The rows in the source, when known. */
  total: number | undefined;
  inserted: number;
  rejected: number;
  failed: number;
}

/** The rows of one batch that got a 201. */
export interface AcceptedRows {
  first: number;
  last: number;
  indexes: number[];
  /** True when an earlier run, by the journal, sent them: they were not sent again. */
  resumed: boolean;
}

/** A contact that failed validation, or could not be serialised, and was not sent. */
export interface RejectedContact {
  index: number;
  issues: ValidationIssue[];
}

/** A contact whose batch failed. */
export interface FailedContact {
  index: number;
  error: ContactsError;
  outcome: Outcome;
}

/** How many rows ended where: `unknown` counts the failed rows whose outcome is unknown; `resumed`, the rows an earlier run settled. */
export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
  failed: number;
  unknown: number;
  resumed: number;
}

/** What happened to every row read: each index is in exactly one of accepted, rejected and failed. */
export interface ImportReport {
  /** The sum of `nbInsertion` over this run's batches that got a 201. */
  inserted: number;
  /** Indexes of the contacts whose batch got a 201 (empty under `report: 'summary'`). */
  accepted: number[];
  rejected: RejectedContact[];
  failed: FailedContact[];
  warnings: string[];
  counts: ImportCounts;
}

/** A batch being formed: its rows' JSON texts, their indexes and the rows as read, side by side. */
type Batch = { texts: string[]; indexes: number[]; rows: unknown[] };
/** Sends one batch's JSON text of `rows` contacts. */
export type Send = (batch: string, pace: Pace, rows: number) => Promise<CreateContactsResult>;

/** Reads the contacts one at a time from any source, sends the valid ones in batches over a connection (or a client), and reports on each one. */
export async function importContacts(api: Connection, companyId: string, contacts: ContactSource, options: ImportOptions = {}): Promise<ImportReport> {
  const engine = engineOf(api);
  const params = { path: { companyId } };
  engine.checkParams(CREATE_CONTACTS, params);
  const send: Send = (batch, pace) => engine.sendEncoded(CREATE_CONTACTS, params, batch, {}, pace) as Promise<CreateContactsResult>;
  return importRows(send, companyId, contacts, options);
}

/** Judges each row, sends the valid ones through `send` as JSON text in batches, and reports on each one. */
export async function importRows(send: Send, company: string, source: ContactSource, options: ImportOptions): Promise<ImportReport> {
  const { batchSize = 100, concurrency = 4, maxConcurrency = 8, signal, journal } = options;
  checkCount('batchSize', batchSize);
  checkCount('maxConcurrency', maxConcurrency);
  if (concurrency !== 'auto') checkCount('concurrency', concurrency);
  const rows = rowsOf(source);
  const total = Array.isArray(source) ? source.length : options.total;
  const past = journal ? await resumeFrom(journal, company) : undefined;
  const lineOf = typeof (source as Partial<ChunkedSource>).lineOf === 'function' ? (index: number) => (source as Required<ChunkedSource>).lineOf(index) : undefined;
  const out = new Report(options, total, Array.isArray(source) && signal !== undefined, lineOf);
  const pacer = new Pacer(concurrency === 'auto' ? undefined : concurrency, maxConcurrency, signal);
  let nextId = past?.nextId ?? 0;
  let read = 0;
  let sourceError: { error: unknown } | undefined;

  // A source that throws, or rows that differ from the journal's, stop new batches; the batches in flight still end.
  const formBatch = async (): Promise<Batch> => {
    const batch: Batch = { texts: [], indexes: [], rows: [] };
    try {
      while (batch.texts.length < batchSize && !signal?.aborted && !sourceError) {
        // Awaited only when the source is asynchronous: a microtask per row of an array costs a tenth of the import.
        let value = rows.next();
        if (value instanceof Pending) value = await value.row;
        if (value === END) break;
        const index = read++;
        const judged = readRow(value, index);
        const earlier = past?.see(index, typeof judged === 'string' ? judged : undefined);
        if (earlier === 'accepted') out.resumed(index);
        else if (earlier === 'unknown') out.failed([index], PREVIOUSLY_UNKNOWN, [value], true);
        else if (typeof judged === 'string') batch.texts.push(judged), batch.indexes.push(index), batch.rows.push(value);
        else out.rejected({ index, issues: judged }, value);
      }
    } catch (error) {
      sourceError = { error };
      return { texts: [], indexes: [], rows: [] };
    }
    return batch;
  };
  // Batches form one at a time, in row order, whichever worker asks.
  let forming = Promise.resolve<Batch>({ texts: [], indexes: [], rows: [] });
  const nextBatch = () => (forming = forming.then(formBatch));

  const run = async ({ texts, indexes, rows: values }: Batch, lane: Lane) => {
    const text = `[${texts.join(',')}]`;
    const id = nextId++;
    try {
      await journal?.sending({ id, rows: indexes, hash: journal.hash(text) });
    } catch (cause) {
      // Not recorded, so not sent: a rerun could not know it went.
      sourceError ??= { error: cause };
      return out.failed(indexes, new ContactsJournalError('the journal could not be written, so the batch was not sent', { cause }), values);
    }
    let outcome: 'accepted' | Outcome;
    try {
      const { nbInsertion } = await send(text, lane, indexes.length);
      out.accepted(indexes, nbInsertion);
      pacer.succeeded();
      outcome = 'accepted';
    } catch (error) {
      const failure = error instanceof ContactsError ? error : new ContactsError('ERR_CONTACTS_UNEXPECTED', 'unknown', 'the batch failed unexpectedly', { cause: error });
      out.failed(indexes, failure, values);
      outcome = failure.outcome;
    }
    // Not waited for: an outcome lost in a crash only makes a rerun count the batch unknown, never send it twice.
    void journal?.settled(id, outcome).catch((cause: unknown) => out.warn(`the journal could not record batch ${id} (${outcome}): a rerun will count it unknown (${String(cause)})`));
  };

  const worker = async () => {
    while (!signal?.aborted && !sourceError) {
      const lane = await pacer.lane();
      const batch = await nextBatch();
      if (batch.indexes.length === 0) return lane.release();
      await run(batch, lane).finally(() => lane.release());
    }
  };
  await Promise.all(Array.from({ length: pacer.workers }, worker));
  if (signal?.aborted && Array.isArray(source)) {
    // Stopped by the signal: the rows of an array not sent, judged or not, were not sent.
    const unsent = out.unreported(source.length);
    if (unsent.length > 0) out.failed(unsent, new ContactsAbortError('not-sent'), unsent.map((i) => readAt(source, i)));
  }
  if (sourceError) throw sourceError.error;
  if (!signal?.aborted) past?.end();
  return out.finished;
}

const PREVIOUSLY_UNKNOWN = new ContactsJournalError('an earlier run sent this row and never learnt the outcome: it may have been created; it is not sent again', undefined, 'unknown');

/** What `next()` gives once the source has no more rows. */
const END = Symbol('end');
type Next = unknown | typeof END;
/** A row still to come from an asynchronous source: told apart from a row that is itself a promise. */
class Pending {
  constructor(readonly row: Promise<Next>) {}
}

/** The rows, in order, from whatever the source is; an array is read by index, so a row that throws is only that row. */
function rowsOf(source: ContactSource): { next(): Next | Pending } {
  let index = 0;
  const step = (r: IteratorResult<unknown>) => (r.done ? END : r.value);
  if (Array.isArray(source)) return { next: () => (index < source.length ? readAt(source, index++) : END) };
  if (source !== null && typeof source === 'object') {
    if (typeof (source as { chunks?: unknown }).chunks === 'function') {
      const chunks = (source as { chunks(): AsyncIterator<readonly unknown[]> }).chunks();
      let chunk: readonly unknown[] = [];
      let at = 0;
      const fill = async (): Promise<Next> => {
        for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
          [chunk, at] = [r.value, 0];
          if (chunk.length > 0) return chunk[at++];
        }
        return END;
      };
      return { next: () => (at < chunk.length ? chunk[at++] : new Pending(fill())) };
    }
    if (typeof (source as ReadableStream).getReader === 'function') {
      const reader = (source as ReadableStream<unknown>).getReader();
      return { next: () => new Pending(reader.read().then(step)) };
    }
    const asyncIterator = (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator]?.();
    if (asyncIterator) return { next: () => new Pending(asyncIterator.next().then(step)) };
    const iterator = (source as Partial<Iterable<unknown>>)[Symbol.iterator]?.();
    if (iterator) return { next: () => step(iterator.next()) };
  }
  throw new ContactsValidationError([{ path: '', keyword: 'type', message: 'the contacts must be an array, an iterable or a ReadableStream', params: { type: 'array' } }]);
}

/** A row a source could not read, and why (a file line that is not JSON, say): it is rejected, and the import goes on. */
export class UnreadableRow {
  /** `reason` completes "cannot be read (…)"; `source` is what was read of the row (a CSV row's cells, a line's text), when anything was. */
  constructor(
    readonly reason: string,
    readonly source?: unknown,
  ) {}
}

function readAt(source: readonly unknown[], index: number): unknown {
  try {
    return source[index];
  } catch (cause) {
    return new UnreadableRow(`reading it threw ${cause instanceof Error ? cause.name : typeof cause}`);
  }
}

const itemCheck = createContactsJudges.items!;
// Shared by every row: a valid row leaves it empty, and an invalid one stops the check at its first issue.
const rowState: JudgeState = { issues: [], max: 0 };

/** A row's JSON text, judged valid; else its issues, or why it cannot be read. */
function readRow(value: unknown, index: number): string | ValidationIssue[] {
  if (value instanceof UnreadableRow) return [{ path: `/${index}`, keyword: 'json', message: `/${index} cannot be read (${value.reason})`, params: {} }];
  // The check alone for the common case, a valid row; judge() for the rest, which also words the issues.
  try {
    const text = itemCheck(value, index, rowState, '');
    if (text !== undefined && rowState.issues.length === 0) return text;
  } catch {
    // judge() reads it again, and reports what threw.
  }
  rowState.issues = [];
  const judged = judge(value, itemCheck, index, { issues: [] });
  return 'text' in judged ? judged.text : judged.issues;
}

/** The report and the callbacks, fed as rows end. */
class Report {
  private readonly report: ImportReport = { inserted: 0, accepted: [], rejected: [], failed: [], warnings: [], counts: { read: 0, accepted: 0, rejected: 0, failed: 0, unknown: 0, resumed: 0 } };
  private readonly full: boolean;
  private readonly seen = new Set<number>();

  constructor(
    private readonly options: ImportOptions,
    private readonly total: number | undefined,
    private readonly listed: boolean,
    private readonly lineOf: ((index: number) => number) | undefined,
  ) {
    this.full = (options.report ?? 'full') === 'full';
    if (!['full', 'summary'].includes(options.report ?? 'full')) throw new ContactsArgumentError(`report must be 'full' or 'summary'; got ${JSON.stringify(options.report)}`);
  }

  resumed(index: number) {
    this.report.counts.resumed++;
    this.count(index, 'accepted');
    if (this.full) this.report.accepted.push(index);
    this.call('onAccepted', { first: index, last: index, indexes: [index], resumed: true });
  }

  rejected(row: RejectedContact, value: unknown) {
    this.count(row.index, 'rejected');
    if (this.full) this.report.rejected.push(row);
    this.call('onRejected', row, value);
  }

  accepted(indexes: number[], nbInsertion: number) {
    this.report.inserted += nbInsertion;
    for (const index of indexes) this.count(index, 'accepted');
    if (this.full) this.report.accepted.push(...indexes);
    if (nbInsertion !== indexes.length) this.warn(`the batch of ${this.named(indexes[0]!, indexes.at(-1)!)} (${indexes.length} contacts) got a 201 with nbInsertion ${nbInsertion}: the server says it created ${nbInsertion} of them`);
    this.call('onAccepted', { first: indexes[0]!, last: indexes.at(-1)!, indexes, resumed: false });
    this.progress();
  }

  failed(indexes: number[], error: ContactsError, values: unknown[], resumed = false) {
    for (const [i, index] of indexes.entries()) {
      const row = { index, error, outcome: error.outcome };
      this.count(index, 'failed');
      if (error.outcome === 'unknown') this.report.counts.unknown++;
      if (resumed) this.report.counts.resumed++;
      if (this.full) this.report.failed.push(row);
      this.call('onFailed', row, values[i]);
    }
    this.progress();
  }

  /** The indexes below `length` that no row was reported for. */
  unreported(length: number): number[] {
    return Array.from({ length }, (_, i) => i).filter((i) => !this.seen.has(i));
  }

  warn(message: string) {
    this.report.warnings.push(message);
  }

  get finished() {
    this.report.accepted.sort((a, b) => a - b);
    this.report.failed.sort((a, b) => a.index - b.index);
    return this.report;
  }

  private count(index: number, where: 'accepted' | 'rejected' | 'failed') {
    this.report.counts.read++;
    this.report.counts[where]++;
    // Only an aborted array's rows are listed at the end: only then is the set kept.
    if (this.listed) this.seen.add(index);
  }

  /** Rows by their lines, when the source knows them; else by their indexes. */
  private named(first: number, last: number): string {
    return this.lineOf ? `lines ${this.lineOf(first)}–${this.lineOf(last)}` : `contacts ${first}–${last}`;
  }

  // Nothing a callback does, throw or reject, reaches the import: the report always comes back.
  private call<K extends 'onAccepted' | 'onRejected' | 'onFailed' | 'onProgress'>(name: K, ...args: Parameters<NonNullable<ImportOptions[K]>>) {
    const callback = this.options[name] as ((...args: unknown[]) => unknown) | undefined;
    if (!callback) return;
    const ignored = (error: unknown) => this.warn(`${name} failed, and was ignored: ${String(error)}`);
    try {
      const result: unknown = callback(...args);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') (result as PromiseLike<unknown>).then(undefined, ignored);
    } catch (error) {
      ignored(error);
    }
  }

  private progress() {
    const { counts, inserted } = this.report;
    this.call('onProgress', { done: counts.read, total: this.total, inserted, rejected: counts.rejected, failed: counts.failed });
  }
}
