// importContacts: each contact judged once, as it will be sent; the valid ones sent in batches; a report on every one.
import { ContactsAbortError, ContactsError, ContactsValidationError, type Outcome, type ValidationIssue } from './errors.js';
import type { CreateContactsResult } from './types.js';
import { checkCount } from './options.js';
import { checks, judge } from './validation.js';

/** Options of `importContacts`. */
export interface ImportOptions {
  /** Contacts per request; default 100. */
  batchSize?: number;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Stops starting new batches; batches in flight finish, so that their outcome is known. */
  signal?: AbortSignal;
  /** Called each time a batch ends. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Running totals, in contacts. */
export interface ImportProgress {
  done: number;
  total: number;
  inserted: number;
  rejected: number;
  failed: number;
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

/** What happened to every contact: each input index is in exactly one of accepted, rejected and failed. */
export interface ImportReport {
  /** The sum of `nbInsertion` over the batches that got a 201. */
  inserted: number;
  /** Indexes of the contacts whose batch got a 201. */
  accepted: number[];
  rejected: RejectedContact[];
  failed: FailedContact[];
  warnings: string[];
}

/** Judges each contact, sends the valid ones through `send` as JSON text in batches, and reports on each one. */
export async function importContacts(
  send: (batch: string) => Promise<CreateContactsResult>,
  contacts: readonly unknown[],
  { batchSize = 100, concurrency = 4, signal, onProgress }: ImportOptions,
): Promise<ImportReport> {
  checkCount('batchSize', batchSize);
  checkCount('concurrency', concurrency);
  if (!Array.isArray(contacts)) throw new ContactsValidationError([{ path: '', keyword: 'type', message: 'the body must be an array', params: { type: 'array' } }]);
  const report: ImportReport = { inserted: 0, accepted: [], rejected: [], failed: [], warnings: [] };
  const state = { issues: [] };
  let cursor = 0;
  // The next batch of valid contacts, each read once, here, into the JSON text its batch sends. Rows are judged as
  // batches form, so that only the batches in flight are held.
  const nextBatch = () => {
    const batch: { index: number; text: string }[] = [];
    for (; cursor < contacts.length && batch.length < batchSize; cursor++) {
      const row = readRow(cursor);
      if ('text' in row) batch.push({ index: cursor, text: row.text });
      else report.rejected.push({ index: cursor, issues: row.issues });
    }
    return batch;
  };
  // A row whose very reading throws (a getter at its index) is rejected like one that cannot be serialised.
  const readRow = (index: number) => {
    try {
      return judge(contacts[index], checks.createContacts.items!, index, state);
    } catch (cause) {
      const name = cause instanceof Error ? cause.name : typeof cause;
      return { issues: [{ path: `/${index}`, keyword: 'json', message: `/${index} cannot be read (reading it threw ${name})`, params: {} }] };
    }
  };
  // Nothing onProgress does, throw or reject, reaches the import: the report always comes back.
  const ignored = (error: unknown) => report.warnings.push(`onProgress failed, and was ignored: ${String(error)}`);
  const progress = () => {
    const done = report.accepted.length + report.rejected.length + report.failed.length;
    const counts = { done, total: contacts.length, inserted: report.inserted, rejected: report.rejected.length, failed: report.failed.length };
    try {
      const result: unknown = onProgress?.(counts);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') (result as PromiseLike<unknown>).then(undefined, ignored);
    } catch (error) {
      ignored(error);
    }
  };
  const run = async (batch: { index: number; text: string }[]) => {
    try {
      const { nbInsertion } = await send(`[${batch.map((row) => row.text).join(',')}]`);
      report.inserted += nbInsertion;
      for (const { index } of batch) report.accepted.push(index);
      if (nbInsertion !== batch.length) {
        report.warnings.push(`the batch of contacts ${batch[0]!.index}–${batch.at(-1)!.index} (${batch.length}) got a 201 with nbInsertion ${nbInsertion}`);
      }
    } catch (error) {
      const failure = error instanceof ContactsError ? error : new ContactsError('ERR_CONTACTS_UNEXPECTED', 'unknown', 'the batch failed unexpectedly', { cause: error });
      for (const { index } of batch) report.failed.push({ index, error: failure, outcome: failure.outcome });
    }
    progress();
  };

  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0 && !signal?.aborted; batch = nextBatch()) await run(batch);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (signal?.aborted) {
    // Stopped by the signal: the rows not sent, judged or not, were not sent.
    const aborted = new ContactsAbortError('not-sent');
    const reported = new Set([...report.accepted, ...report.rejected.map((r) => r.index), ...report.failed.map((f) => f.index)]);
    const before = report.failed.length;
    for (let index = 0; index < contacts.length; index++) if (!reported.has(index)) report.failed.push({ index, error: aborted, outcome: 'not-sent' });
    if (report.failed.length > before) progress();
  }

  report.accepted.sort((a, b) => a - b);
  report.failed.sort((a, b) => a.index - b.index);
  return report;
}
