// Contacts read from files, one row at a time, each with its source line: CSV (csv-parse), NDJSON, a JSON array.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { parse } from 'csv-parse';
import { UnreadableRow } from '../bulk.js';
import { ContactsArgumentError } from '../errors.js';

/** The formats `readContacts` reads. */
export type FileFormat = 'csv' | 'ndjson' | 'json';

/** One row of a file: its contact, or an `UnreadableRow` saying why there is none, and the line it starts on. */
export interface FileRow {
  /** 1-based; for a JSON array, the element's index + 1. */
  line: number;
  contact: unknown;
}

/** The CSV columns, as the contract names the properties. */
export const CSV_COLUMNS = ['name', 'notify', 'email', 'phones', 'comment'] as const;
const BOOLEANS: Record<string, boolean> = { true: true, false: false, 1: true, 0: false, yes: true, no: false };

/** The format a file's extension names. */
export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  throw new ContactsArgumentError(`cannot tell the format of ${JSON.stringify(path)} from its extension: name it .csv, .ndjson, .jsonl or .json, or give the format`);
}

/** Reads a file (or a stream) of contacts, one row at a time, in `format` (by default, from the extension). */
export function readContacts(input: string | Readable, format: FileFormat = formatOf(typeof input === 'string' ? input : '')): AsyncGenerator<FileRow> {
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  // pipe() does not pass a read error on: without this, a missing file would be an unhandled 'error' event.
  const failed = (parser: Readable) => stream.once('error', (error: Error) => parser.destroy(error));
  if (format === 'csv') return csvRows(stream, failed);
  if (format === 'ndjson') return ndjsonRows(stream);
  if (format === 'json') return jsonRows(stream);
  throw new ContactsArgumentError(`format must be csv, ndjson or json; got ${JSON.stringify(format)}`);
}

/** The SHA-256 of a file, read as a stream: what ties an import journal to its input. */
export async function digestOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* csvRows(stream: Readable, failed: (parser: Readable) => void): AsyncGenerator<FileRow> {
  // RFC 4180 with a header row. The column count is checked per row here, to name the row rather than stop the file;
  // lines are counted here from each record's raw text (which ends with the first character of its delimiter), as
  // csv-parse's own count goes astray on CRLF inside quotes.
  const parser = stream.pipe(parse({ bom: true, raw: true, relax_column_count: true }));
  failed(parser);
  let columns: string[] | undefined;
  let next = 1;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    const line = next;
    next += (raw.replace(/[\r\n]$/, '').match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    if (record.length === 1 && record[0] === '') continue;
    if (!columns) columns = checkHeader(record);
    else if (record.length !== columns.length) yield { line, contact: new UnreadableRow(`line ${line} has ${record.length} cells where the header has ${columns.length}`) };
    else yield { line, contact: contactOf(columns, record) };
  }
}

function checkHeader(header: string[]): string[] {
  const columns = header.map((name) => name.trim());
  for (const [i, name] of columns.entries()) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) throw new ContactsArgumentError(`the CSV header has an unknown column ${JSON.stringify(name)}: the columns are ${CSV_COLUMNS.join(', ')}`);
    if (columns.indexOf(name) !== i) throw new ContactsArgumentError(`the CSV header names the column ${JSON.stringify(name)} twice`);
  }
  return columns;
}

/** A CSV row as a contact: an empty cell omits its property; what cannot be converted is kept, for the contract to refuse. */
function contactOf(columns: string[], cells: string[]): Record<string, unknown> {
  const contact: Record<string, unknown> = {};
  for (const [i, name] of columns.entries()) {
    const cell = cells[i]!;
    if (cell === '') continue;
    if (name === 'notify') contact[name] = BOOLEANS[cell.trim().toLowerCase()] ?? cell;
    else if (name === 'phones') contact[name] = cell.split(';').map((phone) => phone.trim());
    else contact[name] = cell;
  }
  return contact;
}

async function* ndjsonRows(stream: Readable): AsyncGenerator<FileRow> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (line === 1 && text.startsWith('\uFEFF')) yield* parsed(text.slice(1), line);
    else if (text.trim() !== '') yield* parsed(text, line);
  }
}

function* parsed(text: string, line: number): Generator<FileRow> {
  try {
    yield { line, contact: JSON.parse(text) };
  } catch (error) {
    yield { line, contact: new UnreadableRow(`line ${line} is not JSON (${(error as Error).message})`) };
  }
}

async function* jsonRows(stream: Readable): AsyncGenerator<FileRow> {
  // A streaming parser: the file may be larger than memory, and only its array's elements are kept, one at a time.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const ready: FileRow[] = [];
  let failed: Error | undefined;
  const decoder = new TextDecoder();
  let start = '';
  parser.onValue = ({ value, key }) => void ready.push({ line: (key as number) + 1, contact: value });
  parser.onError = (error) => (failed ??= error);
  for await (const chunk of stream) {
    if (!start) {
      // TextDecoder drops the BOM itself.
      start = decoder.decode(chunk as Uint8Array, { stream: true }).trimStart();
      if (start && !start.startsWith('[')) throw new ContactsArgumentError('the JSON file must hold one array of contacts');
    }
    parser.write(chunk as Uint8Array);
    if (failed) break;
    yield* ready.splice(0);
  }
  if (!failed && !parser.isEnded) parser.end();
  if (failed) throw new ContactsArgumentError(`the JSON file cannot be read: ${failed.message}`);
  yield* ready.splice(0);
}
