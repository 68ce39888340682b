// contacts-api import: a file of contacts into a company, streamed, journaled, with progress; or checked offline.
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { envToken, parseCommand } from '../cli/args.js';
import { connect } from '../client/client.js';
import { importContacts, importRows, UnreadableRow, type FailedContact, type ImportOptions, type ImportReport, type RejectedContact } from './bulk.js';
import { ContactsArgumentError, ContactsJournalError, type ValidationIssue } from '../engine/errors.js';
import { checkBaseUrl } from '../engine/options.js';
import { createContractFetch } from '../testing/fake.js';
import { CSV_COLUMNS, digestOf, formatOf, MAX_ROW_BYTES, readContacts, REJECTS_COLUMNS, REJECTS_KEY, type ContactFile, type FileFormat } from './files.js';
import { JournalInUseError, openJournal, type FileJournal } from './journal.js';
import { progressView, type ProgressOutput, type ProgressView } from './progress.js';

export const IMPORT_USAGE = `usage: contacts-api import FILE --company ID [--format csv|ndjson|json] [--batch-size 100]
                          [--concurrency auto|N] [--journal PATH | --no-journal] [--rejects PATH]
                          [--max-row-bytes ${MAX_ROW_BYTES}] [--dry-run] [--fake] [--base-url URL]
                          [--resend-unknown] [--json]
Credentials: CONTACTS_TOKEN and CONTACTS_SESSION_TOKEN, from the environment (not with --dry-run or --fake).
Journal: FILE.import-journal for an import to a server; --fake keeps one only with --journal, --dry-run none.
Rejects: every row not imported, in the format of the extension of PATH, with the columns of the source and
         line, outcome and reason; fix them and import that file.
Exit codes: 0 every row accepted; 1 a row was rejected or failed, or a warning (a count that differs);
            2 usage or I/O errors; 130 stopped (Ctrl-C): run the same command again to go on.`;

/** The exit code of an import stopped by its signal (Ctrl-C), as a shell reports a process ended by SIGINT. */
export const STOPPED = 130;

/** Where the command writes, and what stops it (Ctrl-C). */
export interface ImportIo {
  stdout: (text: string) => void;
  stderr: ProgressOutput;
  signal?: AbortSignal;
}

/** Runs `contacts-api import`; resolves to the exit code. */
export async function importMain(argv: string[], env: Record<string, string | undefined>, io: ImportIo): Promise<number> {
  let options: Options;
  try {
    options = parse(argv, env);
    await checkFiles(options);
  } catch (error) {
    io.stderr.write(`contacts-api import: ${message(error)}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  let journal: FileJournal | undefined;
  let rejects: Rejects | undefined;
  let view: ProgressView | undefined;
  try {
    if (options.journal) {
      // Where the batches go, recorded in the journal: a rehearsal's never settles rows for a server, nor one server's for another.
      const target = options.fake ? 'fake' : checkBaseUrl(options.baseUrl);
      journal = await openJournal(options.journal, { input: await digestOf(options.file), target, resendUnknown: options.resendUnknown });
    }
    const file = readContacts(options.file, options.format, { maxRowBytes: options.maxRowBytes });
    if (options.rejects) rejects = new Rejects(options.rejects.path, options.rejects.format, file, options.format === 'csv');
    view = progressView(io.stderr, undefined);
    const importOptions: ImportOptions = {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      report: 'summary',
      onProgress: (p) => view?.update(p),
      onRejected: (row, contact) => rejects?.rejected(row, contact),
      onFailed: (row, contact) => rejects?.failed(row, contact),
      ...(io.signal && { signal: io.signal }),
      ...(journal && { journal }),
    };
    const report = options.dryRun
      ? await importRows(async (_text, _pace, rows) => ({ nbInsertion: rows }), options.company, file, importOptions)
      : await importContacts(connection(options), options.company, file, importOptions);
    view.stop();
    view = undefined;
    const stopped = io.signal?.aborted ?? false;
    const unread = stopped ? await file.unread(report.counts.read).catch(() => null) : 0;
    const unwritten = await rejects?.close(true).then(() => undefined, (error: unknown) => error);
    io.stdout(summary(report, options, stopped, unread));
    io.stderr.write(notes(report, stopped, unread, journal !== undefined));
    if (unwritten) {
      io.stderr.write(`contacts-api import: ${message(unwritten)}\n`);
      return 2;
    }
    if (stopped) return STOPPED;
    return report.counts.rejected + report.counts.failed > 0 || report.warnings.length > 0 ? 1 : 0;
  } catch (error) {
    view?.stop();
    io.stderr.write(`contacts-api import: ${message(error)}${hint(error)}\n`);
    return 2;
  } finally {
    await rejects?.close(false).catch(() => {});
    await journal?.close();
  }
}

type Options = ReturnType<typeof parse>;

function parse(argv: string[], env: Record<string, string | undefined>) {
  const { values, positionals } = parseCommand(
    argv,
    {
      company: { type: 'string' },
      format: { type: 'string' },
      'batch-size': { type: 'string', default: '100' },
      concurrency: { type: 'string', default: 'auto' },
      journal: { type: 'string' },
      'no-journal': { type: 'boolean', default: false },
      rejects: { type: 'string' },
      'max-row-bytes': { type: 'string', default: String(MAX_ROW_BYTES) },
      'dry-run': { type: 'boolean', default: false },
      fake: { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      'resend-unknown': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    { positionals: true },
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new ContactsArgumentError(`give exactly one FILE to import${extra.length > 0 ? `; got ${[file, ...extra].map((f) => JSON.stringify(f)).join(', ')}` : ''}`);
  if (!values.company) throw new ContactsArgumentError('--company is required');
  if (values.journal && values['no-journal']) throw new ContactsArgumentError('--journal and --no-journal cannot go together');
  if (values['dry-run'] && values.fake) throw new ContactsArgumentError('--dry-run and --fake cannot go together');
  // A dry run sends nothing, so there is nothing to journal.
  if (values['dry-run'] && values.journal) throw new ContactsArgumentError('--dry-run sends nothing, so it keeps no journal: leave out --journal');
  const format = (values.format ?? formatOf(file)) as FileFormat;
  if (!['csv', 'ndjson', 'json'].includes(format)) throw new ContactsArgumentError(`--format must be csv, ndjson or json; got ${JSON.stringify(format)}`);
  const whole = (name: string, text: string) => {
    if (!/^[1-9]\d*$/.test(text)) throw new ContactsArgumentError(`--${name} must be a whole number of at least 1; got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const [dryRun, fake] = [values['dry-run'], values.fake];
  // A rehearsal's journal would settle rows for the real import: --fake keeps one only where it is told to.
  const journal = dryRun || values['no-journal'] ? undefined : (values.journal ?? (fake ? undefined : `${file}.import-journal`));
  return {
    file,
    company: values.company,
    format,
    batchSize: whole('batch-size', values['batch-size']),
    concurrency: values.concurrency === 'auto' ? ('auto' as const) : whole('concurrency', values.concurrency),
    maxRowBytes: whole('max-row-bytes', values['max-row-bytes']),
    journal,
    rejects: values.rejects === undefined ? undefined : { path: values.rejects, format: rejectsFormat(values.rejects, format) },
    dryRun,
    fake,
    baseUrl: values['base-url'],
    resendUnknown: values['resend-unknown'],
    json: values.json,
    credentials: dryRun || fake ? undefined : { token: envToken(env, 'CONTACTS_TOKEN'), sessionToken: envToken(env, 'CONTACTS_SESSION_TOKEN') },
  };
}

/** The format of the rejects file, by its extension: a CSV file cannot hold the rows of a JSON input as they are. */
function rejectsFormat(path: string, input: FileFormat): FileFormat {
  let format: FileFormat;
  try {
    format = formatOf(path);
  } catch {
    throw new ContactsArgumentError(`--rejects ${path}: name it .csv, .ndjson, .jsonl or .json (the rejects file is written in the format its extension names)`);
  }
  if (format === 'csv' && input !== 'csv') throw new ContactsArgumentError(`--rejects ${path}: CSV cannot hold the rows of ${input === 'json' ? 'a JSON' : 'an NDJSON'} file as they are; name it .ndjson or .json`);
  return format;
}

/** The input exists and is a file, and the rejects file can be written and is not the input: before anything is read or written. */
async function checkFiles({ file, rejects }: Options) {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => Promise.reject(new ContactsArgumentError(error.code === 'ENOENT' ? `no such file: ${file}` : message(error))));
  if (found.isDirectory()) throw new ContactsArgumentError(`${file} is a folder, not a file`);
  if (!rejects) return;
  if (resolve(rejects.path) === resolve(file)) throw new ContactsArgumentError('--rejects must not be the input file: the rejects are written while the input is read');
  const existing = await stat(rejects.path).catch(() => undefined);
  await access(existing ? rejects.path : dirname(resolve(rejects.path)), constants.W_OK).catch((error: unknown) => Promise.reject(new ContactsArgumentError(`--rejects ${rejects.path} cannot be written: ${message(error)}`)));
}

function connection(options: Options) {
  if (options.fake) return connect({ token: 'fake-token', sessionToken: 'fake-session', fetch: createContractFetch({ handlers: { createContacts: ({ body }) => ({ nbInsertion: (body as unknown[]).length }) } }) });
  return connect({ ...options.credentials!, ...(options.baseUrl && { baseUrl: options.baseUrl }) });
}

/** The one line on stdout: the counts, or all of them as JSON. */
function summary(report: ImportReport, options: Options, stopped: boolean, unread: number | null): string {
  const { accepted, rejected, failed, unknown, resumed, read } = report.counts;
  if (options.json) {
    // A dry run sends nothing: it says what would be imported, not what was.
    const done = options.dryRun ? { wouldImport: accepted } : { imported: accepted, inserted: report.inserted };
    return `${JSON.stringify({ ...done, rejected, failed, unknown, resumed, rows: read, dryRun: options.dryRun, stopped, unread, warnings: report.warnings })}\n`;
  }
  return `${options.dryRun ? 'dry run, nothing sent: would import' : 'imported'} ${accepted}, rejected ${rejected}, failed ${failed} (unknown ${unknown})\n`;
}

/** What a person should know beyond the counts, on stderr. */
function notes(report: ImportReport, stopped: boolean, unread: number | null, journaled: boolean): string {
  const out = report.warnings.map((warning) => `warning: ${warning}`);
  if (stopped) out.push(`stopped: ${unread ?? 'some'} rows were not read; the batches in flight ended${journaled ? ' and are in the journal: run the same command again to go on' : ''}`);
  if (report.counts.resumed > 0) out.push(`${report.counts.resumed} rows were settled by an earlier run (journal) and not sent again`);
  if (report.counts.unknown > 0) out.push(`${report.counts.unknown} rows may or may not have been created: they are not sent again unless --resend-unknown (see --rejects)`);
  return out.map((line) => `contacts-api import: ${line}\n`).join('');
}

/**
 * The rejects file: every row not imported, as the source had it, with its line, outcome and reason, in the format
 * its extension names: a valid input, to fix and import. Made at the first row, or at the end of an import that ran,
 * so that a usage error leaves none.
 */
class Rejects {
  private out: WriteStream | undefined;
  private failure: Error | undefined;
  private rows = 0;

  constructor(
    private readonly path: string,
    private readonly format: FileFormat,
    private readonly file: ContactFile,
    private readonly csv: boolean,
  ) {}

  rejected(row: RejectedContact, contact: unknown) {
    const reason = contact instanceof UnreadableRow ? contact.reason : reasonOf(row.issues, this.csv);
    this.write(row.index, heldUnknown(contact) ? 'unknown' : 'rejected', reason, contact);
  }

  failed(row: FailedContact, contact: unknown) {
    this.write(row.index, row.outcome, `${row.error.code}: ${row.error.message}`, contact);
  }

  /** Ends the file (made now if `made` and no row came); throws what writing failed with: the rejects file is then incomplete. */
  async close(made: boolean) {
    if (made) this.open();
    const out = this.out;
    if (out && !out.writableEnded) await new Promise<void>((resolve) => out.end(this.format === 'json' ? (this.rows > 0 ? '\n]\n' : ']\n') : '', () => resolve()));
    if (this.failure) throw new Error(`the rejects file ${this.path} could not be written: ${this.failure.message}`);
  }

  private open(): WriteStream {
    if (this.out) return this.out;
    const out = (this.out = createWriteStream(this.path));
    out.on('error', (error) => (this.failure ??= error));
    if (this.format === 'csv') out.write(stringify([[...this.columns(), ...REJECTS_COLUMNS]]));
    if (this.format === 'json') out.write('[');
    return out;
  }

  private columns(): readonly string[] {
    return this.file.columns ?? CSV_COLUMNS;
  }

  private write(index: number, outcome: string, reason: string, contact: unknown) {
    const out = this.open();
    const line = this.file.lineOf(index);
    const source = contact instanceof UnreadableRow ? contact.source : contact;
    if (this.format === 'csv') {
      const fields = typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
      out.write(stringify([[...this.columns().map((column) => cellOf(Object.hasOwn(fields, column) ? fields[column] : undefined)), line, outcome, reason]]));
      return;
    }
    const rejected = { line, outcome, reason };
    let row: Record<string, unknown>;
    if (typeof source === 'string') row = { [REJECTS_KEY]: { ...rejected, text: source } };
    else if (typeof source === 'object' && source !== null && !Array.isArray(source)) row = { ...source, [REJECTS_KEY]: rejected };
    else row = { [REJECTS_KEY]: { ...rejected, ...(source !== undefined && { row: source }) } };
    // Its own key first, for a person to see at the start of each line.
    const text = JSON.stringify({ [REJECTS_KEY]: row[REJECTS_KEY], ...row });
    out.write(this.format === 'json' ? `${this.rows > 0 ? ',' : ''}\n${text}` : `${text}\n`);
    this.rows++;
  }
}

/** Whether a row was held back because an earlier import may have created it: it stays "unknown" in the rejects. */
function heldUnknown(contact: unknown): boolean {
  if (!(contact instanceof UnreadableRow) || typeof contact.source !== 'object' || contact.source === null) return false;
  const source = contact.source as Record<string, unknown>;
  return source['outcome'] === 'unknown' || (source[REJECTS_KEY] as { outcome?: unknown } | undefined)?.outcome === 'unknown';
}

/** A value as a CSV cell, the way the reader reads it back. */
function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(cellOf).join(';');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// In CSV, what the contract calls a boolean is one of the words the reader takes.
const CSV_WORDS: Record<string, string> = { boolean: 'true, false, yes, no, 1 or 0' };

/** Issues as a person reads them: by column (or property), without the row's index or references to params, one per value, in CSV's words for CSV. */
function reasonOf(issues: ValidationIssue[], csv: boolean): string {
  // Where a format and a pattern both refuse a value, the format's words say it: one reason per value.
  const formatted = new Set(issues.filter((i) => i.keyword === 'format').map((i) => i.path));
  return issues
    .filter((issue) => !(issue.keyword === 'pattern' && formatted.has(issue.path)))
    .map((issue) => {
      // "/5/phones/1": the row's index first, then the property and the item.
      const [, , property, ...rest] = issue.path.split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
      const what = property === undefined ? 'the row' : `${property}${rest.map((token) => (/^\d+$/.test(token) ? ` #${Number(token) + 1}` : `.${token}`)).join('')}`;
      const words = (issue.message.startsWith(issue.path) ? issue.message.slice(issue.path.length).trimStart() : issue.message).replace(/ \((the pattern is|listed) in params\)$/, '');
      const type = String(issue.params['type'] ?? '');
      if (csv && issue.keyword === 'type' && CSV_WORDS[type]) return `${what} must be ${CSV_WORDS[type]}`;
      if (csv && issue.keyword === 'required') return `${what} is required (its column is missing, or its cell empty)`;
      if (issue.keyword === 'enum' && Array.isArray(issue.params['allowedValues'])) return `${what} must be one of ${issue.params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
      return `${what} ${words}`;
    })
    .join('; ');
}

/** What to do about a journal that is refused, on the command line. */
function hint(error: unknown): string {
  const refused = error instanceof ContactsJournalError && !(error instanceof JournalInUseError) && error.message.includes('another journal file');
  return refused ? '\ncontacts-api import: another journal file is given with --journal PATH' : '';
}

function message(error: unknown): string {
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT' && path) return `no such file: ${path}`;
  if ((code === 'EACCES' || code === 'EPERM') && path) return `permission denied: ${path}`;
  if (code === 'EISDIR' && path) return `${path} is a folder, not a file`;
  return error instanceof Error ? error.message : String(error);
}
