// Contacts read from files as a stream, each row with its source line: CSV (csv-parse), NDJSON, a JSON array.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { parse } from 'csv-parse';
import { UnreadableRow } from './bulk.js';
import { ContactsArgumentError } from '../engine/errors.js';

/** The formats `readContacts` reads. */
export type FileFormat = 'csv' | 'ndjson' | 'json';

/** Rows as a reader gives them: each contact (or an `UnreadableRow` saying why there is none), and the line it starts on (1-based; for a JSON array, the element's index + 1). */
type Chunk = { contacts: unknown[]; lines: number[] };
const chunk = (): Chunk => ({ contacts: [], lines: [] });
const add = (to: Chunk, line: number, contact: unknown) => (to.contacts.push(contact), to.lines.push(line));

/** A file's contacts, one at a time or in chunks as they are read, and the source line of each. */
export interface ContactFile extends AsyncIterable<unknown> {
  /** The rows as they are read: what `importContacts` takes, with no wait per row. */
  chunks(): AsyncIterator<unknown[]>;
  /** The line that row `index` (0-based, among the rows read) starts on. */
  lineOf(index: number): number;
}

// The digest reads 1 MB at a time rather than 64 kB: a sixteenth of the calls; the parser keeps the default, as
// larger reads only made it hold more rows at once.
const READ_BYTES = 1 << 20;

/** The CSV columns, as the contract names the properties. */
export const CSV_COLUMNS = ['name', 'notify', 'email', 'phones', 'comment'] as const;
const BOOLEANS = new Map([['true', true], ['false', false], ['1', true], ['0', false], ['yes', true], ['no', false]]);

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
    for await (const { contacts, lines } of read(typeof input === 'string' ? createReadStream(input) : input)) {
      for (const line of lines) {
        if (changes.at(-1)?.[1] !== line - index) changes.push([index, line - index]);
        index++;
      }
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
  for await (const chunk of createReadStream(path, { highWaterMark: READ_BYTES })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A stream's items in arrays, as they come: one wait per chunk of rows, not per row; at most `high` items held. */
async function* drained<T>(stream: Readable, high = 1000): AsyncGenerator<T[]> {
  let items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  // Paused mode, read() in a loop: a 'data' event per row costs a tenth of a dry run.
  const take = () => {
    for (let item: T | null; items.length < high && (item = stream.read() as T | null) !== null; ) items.push(item);
  };
  stream
    .on('readable', () => (take(), notify()))
    .on('end', () => ((ended = true), notify()))
    .on('error', (error) => ((failure = { error }), notify()));
  try {
    for (;;) {
      if (items.length > 0) {
        const chunk = items;
        items = [];
        take();
        yield chunk;
      } else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) stream.destroy();
  }
}

async function* csvRows(stream: Readable): AsyncGenerator<Chunk> {
  // RFC 4180 with a header row. The column count is checked per row here, to name the row rather than stop the file.
  // Lines are counted here, empty ones included, as csv-parse's own count goes astray on CRLF inside quotes.
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true }));
  // pipe() does not pass a read error on: without this, a missing file would be an unhandled 'error' event.
  stream.once('error', (error: Error) => parser.destroy(error));
  let columns: string[] | undefined;
  let next = 1;
  for await (const records of drained<string[]>(parser)) {
    const rows = chunk();
    for (const record of records) {
      const line = next;
      next += 1 + breaks(record);
      if (record.length === 1 && record[0] === '') continue;
      if (!columns) columns = checkHeader(record);
      else if (record.length !== columns.length) add(rows, line, new UnreadableRow(`line ${line} has ${record.length} cells where the header has ${columns.length}`));
      else add(rows, line, contactOf(columns, record));
    }
    yield rows;
  }
}

/** The line breaks inside a record's fields: CRLF, CR or LF, each one. */
function breaks(record: string[]): number {
  let n = 0;
  for (const field of record) if (field.includes('\n') || field.includes('\r')) n += field.match(/\r\n|\r|\n/g)!.length;
  return n;
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
  // Index loops and the plain cell looked up first: a million rows make every allocation per cell show in the GC.
  const contact: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const name = columns[i]!;
    const cell = cells[i]!;
    if (cell === '') continue;
    if (name === 'notify') contact[name] = BOOLEANS.get(cell) ?? BOOLEANS.get(cell.trim().toLowerCase()) ?? cell;
    else if (name === 'phones') contact[name] = cell.includes(';') ? cell.split(';').map((phone) => phone.trim()) : [cell.trim()];
    else contact[name] = cell;
  }
  return contact;
}

async function* ndjsonRows(stream: Readable): AsyncGenerator<Chunk> {
  // Lines split here rather than by readline, whose iterator waits once per line.
  const decoder = new TextDecoder();
  let rest = '';
  let line = 0;
  const parsed = (rows: Chunk, text: string) => {
    line++;
    if (text.trim() === '') return;
    try {
      add(rows, line, JSON.parse(text));
    } catch (error) {
      add(rows, line, new UnreadableRow(`line ${line} is not JSON (${(error as Error).message})`));
    }
  };
  for await (const data of stream) {
    const lines = (rest + decoder.decode(data as Uint8Array, { stream: true })).split('\n');
    rest = lines.pop()!;
    const rows = chunk();
    for (const text of lines) parsed(rows, text.endsWith('\r') ? text.slice(0, -1) : text);
    yield rows;
  }
  rest += decoder.decode();
  const last = chunk();
  if (rest !== '') parsed(last, rest);
  yield last;
}

async function* jsonRows(stream: Readable): AsyncGenerator<Chunk> {
  // A streaming parser: the file may be larger than memory, and only its array's elements are kept, one at a time.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let ready = chunk();
  let failed: Error | undefined;
  const decoder = new TextDecoder();
  let start = '';
  parser.onValue = ({ value, key }) => void add(ready, (key as number) + 1, value);
  parser.onError = (error) => (failed ??= error);
  for await (const data of stream) {
    if (!start) {
      // TextDecoder drops the BOM itself.
      start = decoder.decode(data as Uint8Array, { stream: true }).trimStart();
      if (start && !start.startsWith('[')) throw new ContactsArgumentError('the JSON file must hold one array of contacts');
    }
    parser.write(data as Uint8Array);
    if (failed) break;
    yield ready;
    ready = chunk();
  }
  if (!failed && !parser.isEnded) parser.end();
  if (failed) throw new ContactsArgumentError(`the JSON file cannot be read: ${failed.message}`);
  yield ready;
}
