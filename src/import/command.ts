// contacts-api import: a file of contacts into a company, streamed, journaled, with progress; or checked offline.
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { checkToken } from '../engine/auth.js';
import { connect } from '../client/client.js';
import { importContacts, importRows, type FailedContact, type ImportOptions, type ImportReport, type RejectedContact } from './bulk.js';
import { ContactsArgumentError } from '../engine/errors.js';
import { createContractFetch } from '../testing/fake.js';
import { digestOf, formatOf, readContacts, type FileFormat } from './files.js';
import { openJournal, type FileJournal } from './journal.js';
import { progressView, type ProgressOutput, type ProgressView } from './progress.js';

export const IMPORT_USAGE = `usage: contacts-api import FILE --company ID [--format csv|ndjson|json] [--batch-size 100]
                          [--concurrency auto|N] [--journal PATH | --no-journal] [--rejects PATH]
                          [--dry-run] [--fake] [--base-url URL] [--resend-unknown] [--json]
Credentials: CONTACTS_TOKEN and CONTACTS_SESSION_TOKEN, from the environment (not with --dry-run or --fake).
Exit codes: 0 every row accepted; 1 a row was rejected or failed; 2 usage or I/O errors.`;

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
  } catch (error) {
    io.stderr.write(`${message(error)}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  let journal: FileJournal | undefined;
  let rejects: Rejects | undefined;
  let view: ProgressView | undefined;
  try {
    if (options.journal) journal = await openJournal(options.journal, { input: await digestOf(options.file), resendUnknown: options.resendUnknown });
    rejects = options.rejects ? await Rejects.open(options.rejects, options.format === 'csv' ? 'csv' : 'ndjson') : undefined;
    view = progressView(io.stderr, undefined);
    const file = readContacts(options.file, options.format);
    const importOptions: ImportOptions = {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      report: 'summary',
      onProgress: (p) => view?.update(p),
      onRejected: (row) => rejects?.rejected(file.lineOf(row.index), row),
      onFailed: (row) => rejects?.failed(file.lineOf(row.index), row),
      ...(io.signal && { signal: io.signal }),
      ...(journal && { journal }),
    };
    const report = options.dryRun
      ? await importRows(async (_text, _pace, rows) => ({ nbInsertion: rows }), options.company, file, importOptions)
      : await importContacts(connection(options), options.company, file, importOptions);
    view?.stop();
    view = undefined;
    await rejects?.close();
    io.stdout(summary(report, options));
    if (report.counts.resumed > 0 || (io.signal?.aborted ?? false)) io.stderr.write(notes(report, io.signal?.aborted ?? false));
    return report.counts.rejected + report.counts.failed > 0 || io.signal?.aborted ? 1 : 0;
  } catch (error) {
    view?.stop();
    io.stderr.write(`contacts-api import: ${message(error)}\n`);
    return 2;
  } finally {
    await rejects?.close().catch(() => {});
    await journal?.close();
  }
}

type Options = ReturnType<typeof parse>;

function parse(argv: string[], env: Record<string, string | undefined>) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      company: { type: 'string' },
      format: { type: 'string' },
      'batch-size': { type: 'string', default: '100' },
      concurrency: { type: 'string', default: 'auto' },
      journal: { type: 'string' },
      'no-journal': { type: 'boolean', default: false },
      rejects: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      fake: { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      'resend-unknown': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new ContactsArgumentError('give exactly one FILE to import');
  if (!values.company) throw new ContactsArgumentError('--company is required');
  if (values.journal && values['no-journal']) throw new ContactsArgumentError('--journal and --no-journal cannot go together');
  if (values['dry-run'] && values.fake) throw new ContactsArgumentError('--dry-run and --fake cannot go together');
  const format = (values.format ?? formatOf(file)) as FileFormat;
  if (!['csv', 'ndjson', 'json'].includes(format)) throw new ContactsArgumentError(`--format must be csv, ndjson or json; got ${JSON.stringify(format)}`);
  const whole = (name: string, text: string) => {
    if (!/^[1-9]\d*$/.test(text)) throw new ContactsArgumentError(`--${name} must be a whole number of at least 1; got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const dryRun = values['dry-run'];
  // A dry run sends nothing, so there is nothing to journal.
  const journal = dryRun || values['no-journal'] ? undefined : (values.journal ?? `${file}.import-journal`);
  return {
    file,
    company: values.company,
    format,
    batchSize: whole('batch-size', values['batch-size']),
    concurrency: values.concurrency === 'auto' ? ('auto' as const) : whole('concurrency', values.concurrency),
    journal,
    rejects: values.rejects,
    dryRun,
    fake: values.fake,
    baseUrl: values['base-url'],
    resendUnknown: values['resend-unknown'],
    json: values.json,
    credentials: dryRun || values.fake ? undefined : { token: checkToken(env['CONTACTS_TOKEN'], 'CONTACTS_TOKEN'), sessionToken: checkToken(env['CONTACTS_SESSION_TOKEN'], 'CONTACTS_SESSION_TOKEN') },
  };
}

function connection(options: Options) {
  if (options.fake) return connect({ token: 'fake-token', sessionToken: 'fake-session', fetch: createContractFetch({ handlers: { createContacts: ({ body }) => ({ nbInsertion: (body as unknown[]).length }) } }) });
  return connect({ ...options.credentials!, ...(options.baseUrl && { baseUrl: options.baseUrl }) });
}

/** The one line on stdout: the counts, or all of them as JSON. */
function summary(report: ImportReport, options: Options): string {
  const { accepted, rejected, failed, unknown, resumed, read } = report.counts;
  if (options.json) return `${JSON.stringify({ imported: accepted, rejected, failed, unknown, resumed, rows: read, inserted: report.inserted, dryRun: options.dryRun, warnings: report.warnings })}\n`;
  const line = `${options.dryRun ? 'dry run, nothing sent: would import' : 'imported'} ${accepted}, rejected ${rejected}, failed ${failed} (unknown ${unknown})`;
  return `${line}\n`;
}

function notes(report: ImportReport, stopped: boolean): string {
  const out: string[] = [];
  if (stopped) out.push('stopped: the batches in flight ended and are in the journal; run the same command again to go on');
  if (report.counts.resumed > 0) out.push(`${report.counts.resumed} rows were settled by an earlier run (journal) and not sent again`);
  if (report.counts.unknown > 0) out.push(`${report.counts.unknown} rows may or may not have been created: they are not sent again unless --resend-unknown (see --rejects)`);
  return out.map((line) => `contacts-api import: ${line}\n`).join('');
}

/** The rejects file: every rejected or failed row, by source line, as CSV for CSV input and NDJSON otherwise. */
class Rejects {
  private failure: Error | undefined;

  private constructor(
    private readonly out: WriteStream,
    private readonly format: 'csv' | 'ndjson',
  ) {
    out.on('error', (error) => (this.failure ??= error));
  }

  static async open(path: string, format: 'csv' | 'ndjson'): Promise<Rejects> {
    const out = createWriteStream(path);
    await new Promise((resolve, reject) => out.once('open', resolve).once('error', reject));
    if (format === 'csv') out.write(stringify([['line', 'outcome', 'reason']]));
    return new Rejects(out, format);
  }

  rejected(line: number, row: RejectedContact) {
    this.write(line, 'rejected', row.issues.map((i) => i.message).join('; '), { issues: row.issues });
  }

  failed(line: number, row: FailedContact) {
    this.write(line, row.outcome, `${row.error.code}: ${row.error.message}`, { error: { code: row.error.code, message: row.error.message } });
  }

  /** Throws what writing failed with (a full disk…): the rejects file is then incomplete. */
  async close() {
    if (!this.out.writableEnded) await new Promise((resolve) => this.out.end(resolve));
    if (this.failure) throw new Error(`the rejects file could not be written: ${this.failure.message}`);
  }

  private write(line: number, outcome: string, reason: string, detail: object) {
    this.out.write(this.format === 'csv' ? stringify([[line, outcome, reason]]) : `${JSON.stringify({ line, outcome, ...detail })}\n`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
