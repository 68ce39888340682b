// Contacts read from files as a stream, each row with its source line: CSV (csv-parse), NDJSON, a JSON array.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
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

/** A file's contacts, one at a time or in chunks as they are read, and the source line of each. */
export interface ContactFile extends AsyncIterable<unknown> {
  /** The rows as they are read: what `importContacts` takes, with no wait per row. */
  chunks(): AsyncIterator<unknown[]>;
  /** The line that row `index` (0-based, among the rows read) starts on. */
  lineOf(index: number): number;
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

/** Reads a file (or a stream) of contacts in `format` (by default, from the extension), once. */
export function readContacts(input: string | Readable, format: FileFormat = formatOf(typeof input === 'string' ? input : '')): ContactFile {
  const read = { csv: csvRows, ndjson: ndjsonRows, json: jsonRows }[format];
  if (!read) throw new ContactsArgumentError(`format must be csv, ndjson or json; got ${JSON.stringify(format)}`);
  // Each row's line is index + an offset that changes only at a multi-line row or a skipped line: only those changes are kept.
  const changes: [index: number, offset: number][] = [];
  let index = 0;
  const chunks = async function* () {
    for await (const rows of read(typeof input === 'string' ? createReadStream(input) : input)) {
      const contacts = rows.map(({ line, contact }) => {
        if (changes.at(-1)?.[1] !== line - index) changes.push([index, line - index]);
        index++;
        return contact;
      });
      yield contacts;
    }
  };
  return {
    chunks,
    async *[Symbol.asyncIterator]() {
      for await (const rows of chunks()) yield* rows;
    },
    lineOf(row) {
      let [low, high] = [0, changes.length - 1];
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (changes[mid]![0] <= row) low = mid;
        else high = mid - 1;
      }
      return row + (changes[low]?.[1] ?? 1);
    },
  };
}

/** The SHA-256 of a file, read as a stream: what ties an import journal to its input. */
export async function digestOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A stream's items in arrays, as they come: one wait per chunk of rows, not per row; at most `high` items held. */
async function* drained<T>(stream: Readable, high = 1000): AsyncGenerator<T[]> {
  let items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  stream
    .on('data', (item: T) => {
      if (items.push(item) >= high) stream.pause();
      notify();
    })
    .on('end', () => ((ended = true), notify()))
    .on('error', (error) => ((failure = { error }), notify()));
  try {
    for (;;) {
      if (items.length > 0) {
        const chunk = items;
        items = [];
        stream.resume();
        yield chunk;
      } else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) stream.destroy();
  }
}

async function* csvRows(stream: Readable): AsyncGenerator<FileRow[]> {
  // RFC 4180 with a header row. The column count is checked per row here, to name the row rather than stop the file.
  // Lines are counted here, empty ones included, as csv-parse's own count goes astray on CRLF inside quotes.
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true }));
  // pipe() does not pass a read error on: without this, a missing file would be an unhandled 'error' event.
  stream.once('error', (error: Error) => parser.destroy(error));
  let columns: string[] | undefined;
  let next = 1;
  for await (const records of drained<string[]>(parser)) {
    const rows: FileRow[] = [];
    for (const record of records) {
      const line = next;
      next += 1 + record.reduce((n, field) => (/[\r\n]/.test(field) ? n + (field.match(/\r\n|\r|\n/g)?.length ?? 0) : n), 0);
      if (record.length === 1 && record[0] === '') continue;
      if (!columns) columns = checkHeader(record);
      else if (record.length !== columns.length) rows.push({ line, contact: new UnreadableRow(`line ${line} has ${record.length} cells where the header has ${columns.length}`) });
      else rows.push({ line, contact: contactOf(columns, record) });
    }
    yield rows;
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

async function* ndjsonRows(stream: Readable): AsyncGenerator<FileRow[]> {
  // Lines split here rather than by readline, whose iterator waits once per line.
  const decoder = new TextDecoder();
  let rest = '';
  let line = 0;
  const parsed = (text: string): FileRow[] => {
    line++;
    if (text.trim() === '') return [];
    try {
      return [{ line, contact: JSON.parse(text) }];
    } catch (error) {
      return [{ line, contact: new UnreadableRow(`line ${line} is not JSON (${(error as Error).message})`) }];
    }
  };
  for await (const chunk of stream) {
    const lines = (rest + decoder.decode(chunk as Uint8Array, { stream: true })).split('\n');
    rest = lines.pop()!;
    yield lines.flatMap((text) => parsed(text.endsWith('\r') ? text.slice(0, -1) : text));
  }
  rest += decoder.decode();
  if (rest !== '') yield parsed(rest);
}

async function* jsonRows(stream: Readable): AsyncGenerator<FileRow[]> {
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
    yield ready.splice(0);
  }
  if (!failed && !parser.isEnded) parser.end();
  if (failed) throw new ContactsArgumentError(`the JSON file cannot be read: ${failed.message}`);
  yield ready.splice(0);
}
