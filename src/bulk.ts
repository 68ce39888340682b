// importContacts: each contact judged once, as it will be sent; the valid ones sent in batches; a report on every one.
import { ContactsAbortError, ContactsArgumentError, ContactsError, ContactsValidationError, type Outcome, type ValidationIssue } from './errors.js';
import type { CreateContactsResult } from './types.js';
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
  if (!Array.isArray(contacts)) throw new ContactsValidationError([{ path: '', keyword: 'type', message: 'the body must be an array' }]);
  const report: ImportReport = { inserted: 0, accepted: [], rejected: [], failed: [], warnings: [] };
  const valid: { index: number; copy: unknown }[] = [];
  const state = { issues: [] };
  for (let index = 0; index < contacts.length; index++) {
    // Each row is read once, here, into the copy that its batch will send.
    const row = judge(contacts[index], checks.createContacts.items!, index, state);
    if ('copy' in row) valid.push({ index, copy: row.copy });
    else report.rejected.push({ index, issues: row.issues });
  }
  const batches = Array.from({ length: Math.ceil(valid.length / batchSize) }, (_, i) => valid.slice(i * batchSize, (i + 1) * batchSize));

  const fail = (batch: typeof valid, error: ContactsError) => {
    for (const { index } of batch) report.failed.push({ index, error, outcome: error.outcome });
  };
  const progress = () => {
    const done = report.accepted.length + report.rejected.length + report.failed.length;
    const counts = { done, total: contacts.length, inserted: report.inserted, rejected: report.rejected.length, failed: report.failed.length };
    try {
      onProgress?.(counts);
    } catch (error) {
      report.warnings.push(`onProgress threw, and was ignored: ${String(error)}`);
    }
  };
  const run = async (batch: typeof valid) => {
    try {
      const { nbInsertion } = await send(JSON.stringify(batch.map((row) => row.copy)));
      report.inserted += nbInsertion;
      for (const { index } of batch) report.accepted.push(index);
      if (nbInsertion !== batch.length) {
        report.warnings.push(`the batch of contacts ${batch[0]!.index}–${batch.at(-1)!.index} (${batch.length}) got a 201 with nbInsertion ${nbInsertion}`);
      }
    } catch (error) {
      fail(batch, error instanceof ContactsError ? error : new ContactsError('ERR_CONTACTS_UNEXPECTED', 'unknown', 'the batch failed unexpectedly', { cause: error }));
    }
    progress();
  };

  let next = 0;
  const worker = async () => {
    while (next < batches.length && !signal?.aborted) await run(batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  const aborted = new ContactsAbortError('not-sent');
  for (const batch of batches.slice(next)) fail(batch, aborted);
  if (next < batches.length) progress();

  report.accepted.sort((a, b) => a - b);
  report.failed.sort((a, b) => a.index - b.index);
  return report;
}

function checkCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) throw new ContactsArgumentError(`${name} must be a positive whole number; got ${value}`);
}
