import { ContactsAbortError, ContactsArgumentError, ContactsError, ContactsValidationError, type Outcome, type ValidationIssue } from './errors.js';
import type { ContactInput, CreateContactsResult } from './types.js';
import { validateContacts } from './validation.js';

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

/** A contact that failed validation and was not sent. */
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

/** Validates `contacts`, sends the valid ones through `send` in batches, and reports on each one. */
export async function importContacts(
  send: (batch: ContactInput[]) => Promise<CreateContactsResult>,
  contacts: readonly unknown[],
  { batchSize = 100, concurrency = 4, signal, onProgress }: ImportOptions,
): Promise<ImportReport> {
  checkCount('batchSize', batchSize);
  checkCount('concurrency', concurrency);
  const rejected = rejectedContacts(contacts);
  const rejectedSet = new Set(rejected.map((r) => r.index));
  const valid: number[] = [];
  for (let index = 0; index < contacts.length; index++) if (!rejectedSet.has(index)) valid.push(index);
  const batches = Array.from({ length: Math.ceil(valid.length / batchSize) }, (_, i) => valid.slice(i * batchSize, (i + 1) * batchSize));
  const report: ImportReport = { inserted: 0, accepted: [], rejected, failed: [], warnings: [] };

  const fail = (batch: number[], error: ContactsError) => {
    for (const index of batch) report.failed.push({ index, error, outcome: error.outcome });
  };
  const progress = () => {
    const done = report.accepted.length + rejected.length + report.failed.length;
    const counts = { done, total: contacts.length, inserted: report.inserted, rejected: rejected.length, failed: report.failed.length };
    try {
      onProgress?.(counts);
    } catch (error) {
      report.warnings.push(`onProgress threw, and was ignored: ${String(error)}`);
    }
  };
  const run = async (batch: number[]) => {
    try {
      const { nbInsertion } = await send(batch.map((index) => contacts[index] as ContactInput));
      report.inserted += nbInsertion;
      report.accepted.push(...batch);
      if (nbInsertion !== batch.length) {
        report.warnings.push(`the batch of contacts ${batch[0]}–${batch.at(-1)} (${batch.length}) got a 201 with nbInsertion ${nbInsertion}`);
      }
    } catch (error) {
      fail(batch, error instanceof ContactsError ? error : new ContactsError('ERR_CONTACTS_UNEXPECTED', 'unknown', String(error), { cause: error }));
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

/** The contacts that break the request schema, with their issues, in input order. */
function rejectedContacts(contacts: readonly unknown[]): RejectedContact[] {
  if (!Array.isArray(contacts)) throw new ContactsValidationError([{ path: '', keyword: 'type', message: 'the body must be an array' }]);
  const verdict = validateContacts(contacts);
  if (verdict.valid) return [];
  const byIndex = new Map<number, ValidationIssue[]>();
  for (const issue of verdict.issues) {
    const index = Number(issue.path.split('/')[1]);
    byIndex.set(index, [...(byIndex.get(index) ?? []), issue]);
  }
  return [...byIndex].sort(([a], [b]) => a - b).map(([index, issues]) => ({ index, issues }));
}

function checkCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) throw new ContactsArgumentError(`${name} must be a positive whole number; got ${value}`);
}
