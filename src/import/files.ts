// Contacts read from files as a stream, each row with its source line: CSV (csv-parse), NDJSON, a JSON array. Every
// row is bounded in bytes and must be UTF-8: a row that is not is rejected by its line, and the others go on.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { parse } from 'csv-parse';
import { UnreadableRow } from './bulk.js';
import { Lines } from './lines.js';
import { Utf8Check, type Invalid } from './utf8.js';
import { ContactsArgumentError } from '../engine/errors.js';
import { checkCount } from '../engine/options.js';

/** The formats `readContacts` reads. */
export type FileFormat = 'csv' | 'ndjson' | 'json';

/** Options of `readContacts`. */
export interface ReadOptions {
  /** The most bytes one row may take (a CSV record, an NDJSON line, a JSON array's element); default 1 MiB. */
  maxRowBytes?: number;
}

/** Rows as a reader gives them: each contact (or an `UnreadableRow` saying why there is none), and the line it starts on (1-based; for a JSON array, the element's index + 1). */
type Chunk = { contacts: unknown[]; lines: number[] };
const chunk = (): Chunk => ({ contacts: [], lines: [] });
const add = (to: Chunk, line: number, contact: unknown) => (to.contacts.push(contact), to.lines.push(line));
/** A reader: the rows of a stream; `columns` learns a CSV file's columns once its header is read. */
type Reader = (stream: Readable, max: number, columns: (names: string[]) => void) => AsyncGenerator<Chunk>;

/** A file's contacts, one at a time or in chunks as they are read, and the source line of each. */
export interface ContactFile extends AsyncIterable<unknown> {
  /** The rows as they are read: what `importContacts` takes, with no wait per row. */
  chunks(): AsyncIterator<unknown[]>;
  /** The line that row `index` (0-based, among the rows read) starts on. */
  lineOf(index: number): number;
  /** A CSV file's columns, by the contract's names, in the file's order, once its header is read. */
  readonly columns: readonly string[] | undefined;
  /** How many rows come after the first `taken`: those read but not taken, and those left, read now (not kept) to count them. */
  unread(taken: number): Promise<number>;
}

/** The default of `maxRowBytes`. */
export const MAX_ROW_BYTES = 1 << 20;

// The digest reads 1 MB at a time rather than 64 kB: a sixteenth of the calls; the parser keeps the default, as
// larger reads only made it hold more rows at once.
const READ_BYTES = 1 << 20;

/** The CSV columns, as the contract names the properties. */
export const CSV_COLUMNS = ['name', 'notify', 'email', 'phones', 'comment'] as const;
/** The columns a rejects file adds to the source's: a rejects file is read back as an input, without them. */
export const REJECTS_COLUMNS = ['line', 'outcome', 'reason'] as const;
/** The key a rejects file of NDJSON or JSON adds to each row: read back, it is dropped. */
export const REJECTS_KEY = '$rejected';
const BOOLEANS = new Map([['true', true], ['false', false], ['1', true], ['0', false], ['yes', true], ['no', false]]);
const NOT_UTF8 = 'is not valid UTF-8 (save the file as UTF-8)';
const UNKNOWN_OUTCOME = 'an earlier import may have created this row (its outcome is unknown): check whether it did; to send it anyway,';

/** The format a file's extension names. */
export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  throw new ContactsArgumentError(`cannot tell the format of ${JSON.stringify(path)} from its extension: name it .csv, .ndjson, .jsonl or .json, or give the format`);
}

/** Reads a file (or a stream) of contacts in `format` (by default, from the extension), once. */
export function readContacts(input: string | Readable, format: FileFormat = formatOf(typeof input === 'string' ? input : ''), options: ReadOptions = {}): ContactFile {
  const read = ({ csv: csvRows, ndjson: ndjsonRows, json: jsonRows } as Record<string, Reader>)[format];
  if (!read) throw new ContactsArgumentError(`format must be csv, ndjson or json; got ${JSON.stringify(format)}`);
  const max = checkCount('maxRowBytes', options.maxRowBytes ?? MAX_ROW_BYTES);
  let columns: readonly string[] | undefined;
  // Each row's line is index + an offset that changes only at a multi-line row or a skipped line: only those changes are kept.
  const changes: [index: number, offset: number][] = [];
  let index = 0;
  let reading: AsyncGenerator<unknown[]> | undefined;
  const chunks = async function* () {
    for await (const { contacts, lines } of read(typeof input === 'string' ? createReadStream(input) : input, max, (names) => (columns = names))) {
      for (const line of lines) {
        if (changes.at(-1)?.[1] !== line - index) changes.push([index, line - index]);
        index++;
      }
      yield contacts;
    }
  };
  return {
    chunks: () => (reading = chunks()),
    async *[Symbol.asyncIterator]() {
      for await (const rows of (reading = chunks())) yield* rows;
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
    get columns() {
      return columns;
    },
    async unread(taken) {
      // Goes on with the reading under way, where the import left it.
      if (reading) for await (const _ of reading) void _;
      return index - taken;
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

async function* csvRows(stream: Readable, max: number, learn: (names: string[]) => void): AsyncGenerator<Chunk> {
  // RFC 4180 with a header row. The column count is checked per row here, to name the row rather than stop the file.
  // Lines are counted here, empty ones included, as csv-parse's own count goes astray on CRLF inside quotes.
  const guard = new CsvGuard(max);
  const parser = stream.pipe(guard).pipe(parse({ bom: true, relax_column_count: true }));
  // pipe() does not pass a read error on: without this, a missing file would be an unhandled 'error' event.
  stream.once('error', (error: Error) => parser.destroy(error));
  guard.once('error', (error: Error) => parser.destroy(error));
  let columns: (string | null)[] | undefined;
  let next = 1;
  for await (const records of drained<string[]>(parser)) {
    const rows = chunk();
    for (const record of records) {
      const line = next;
      next += 1 + breaks(record);
      const flaw = guard.flawBefore(next);
      if (flaw?.next !== undefined) next = Math.max(next, flaw.next);
      if (!flaw && record.length === 1 && record[0] === '') continue;
      if (!columns) {
        if (flaw) throw new ContactsArgumentError(`the CSV header (line ${line}) ${flaw.reason}`);
        columns = checkHeader(record);
        learn(columns.filter((name) => name !== null && name !== 'outcome') as string[]);
      } else if (flaw) add(rows, line, new UnreadableRow(`line ${line} ${flaw.reason}`, flaw.cut ? undefined : cellsOf(columns, record)));
      else if (record.length !== columns.length) add(rows, line, new UnreadableRow(`line ${line} has ${record.length} cells where the header has ${columns.length}`, cellsOf(columns, record)));
      else add(rows, line, contactOf(columns, record, line));
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

/** The header's columns by the contract's names (matched without case or surrounding spaces); null for a rejects file's own columns. */
function checkHeader(header: string[]): (string | null)[] {
  const names = header.map((name) => name.trim().toLowerCase());
  return names.map((name, i) => {
    if ((REJECTS_COLUMNS as readonly string[]).includes(name)) return name === 'outcome' ? name : null;
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) throw new ContactsArgumentError(`the CSV header has an unknown column ${JSON.stringify(header[i]!.trim())}: the columns are ${CSV_COLUMNS.join(', ')} (any case, in any order)`);
    if (names.indexOf(name) !== i) throw new ContactsArgumentError(`the CSV header names the column ${JSON.stringify(name)} twice`);
    return name;
  });
}

/** A row's cells by column, as read (what a rejects file writes back): a cell past the header's is dropped. */
function cellsOf(columns: (string | null)[], cells: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, name] of columns.entries()) if (name !== null && cells[i]) out[name] = cells[i]!;
  return out;
}

/** A CSV row as a contact: an empty cell omits its property; what cannot be converted is kept, for the contract to refuse. */
function contactOf(columns: (string | null)[], cells: string[], line: number): unknown {
  // Index loops and the plain cell looked up first: a million rows make every allocation per cell show in the GC.
  const contact: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const name = columns[i]!;
    const cell = cells[i]!;
    if (cell === '' || name === null) continue;
    if (name === 'notify') contact[name] = BOOLEANS.get(cell) ?? BOOLEANS.get(cell.trim().toLowerCase()) ?? cell;
    else if (name === 'phones') contact[name] = cell.includes(';') ? cell.split(';').map((phone) => phone.trim()) : [cell.trim()];
    // A rejects file's outcome: a row that may have been created is not sent again unless the person says so.
    else if (name === 'outcome') {
      if (cell.trim() === 'unknown') return new UnreadableRow(`line ${line}: ${UNKNOWN_OUTCOME} empty its outcome cell`, cellsOf(columns, cells));
    } else contact[name] = cell;
  }
  return contact;
}

/** What is wrong with a CSV record, found in its bytes; `cut` when its end was dropped, and `next`, the line after it. */
type Flaw = { line: number; reason: string; cut?: true; next?: number };

/**
 * The bytes of a CSV file on their way to the parser: each record bounded to `max` bytes (the rest of a longer one is
 * dropped, its quote closed, so that the parser stays in step) and checked as UTF-8. Records end at a line break
 * outside quotes: RFC 4180 quotes pair up, so their parity tells, without parsing, whether a break is inside one.
 */
class CsvGuard extends Transform {
  private readonly flaws: Flaw[] = [];
  private readonly utf8 = new Utf8Check();
  private line = 1;
  private quoted = false;
  private afterCr = false;
  private record: { line: number; bytes: number; flaw?: Flaw; cutQuoted?: boolean } = { line: 1, bytes: 0 };

  constructor(private readonly max: number) {
    super();
  }

  /** The flaw of a record that ends before line `next`, if any (and the flaws before it, which belong to it too). */
  flawBefore(next: number): Flaw | undefined {
    let flaw: Flaw | undefined;
    while (this.flaws.length > 0 && this.flaws[0]!.line < next) {
      const earlier = this.flaws.shift()!;
      flaw ??= earlier;
    }
    return flaw;
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    const { bytes, invalid } = this.utf8.check(chunk);
    this.scan(bytes, invalid);
    done();
  }

  override _flush(done: TransformCallback): void {
    const { bytes, invalid } = this.utf8.end();
    this.scan(bytes, invalid);
    if (this.record.cutQuoted) this.push('"');
    done();
  }

  private scan(bytes: Buffer, invalid: Invalid) {
    // From one quote or line break to the next, by indexOf: the bytes between them only count towards the bound.
    let [quote, cr, lf] = [bytes.indexOf(0x22), bytes.indexOf(0x0d), bytes.indexOf(0x0a)];
    let [at, from, bad] = [0, 0, 0];
    for (;;) {
      if (quote !== -1 && quote < at) quote = bytes.indexOf(0x22, at);
      if (cr !== -1 && cr < at) cr = bytes.indexOf(0x0d, at);
      if (lf !== -1 && lf < at) lf = bytes.indexOf(0x0a, at);
      const next = Math.min(quote === -1 ? bytes.length : quote, cr === -1 ? bytes.length : cr, lf === -1 ? bytes.length : lf);
      for (; bad < invalid.length && invalid[bad]![0] <= next; bad++) this.flaw(NOT_UTF8);
      const run = Math.min(next + 1, bytes.length) - at;
      if (this.record.cutQuoted === undefined && this.record.bytes + run > this.max) {
        const cut = at + this.max - this.record.bytes;
        this.flaw(`is longer than ${this.max} bytes (maxRowBytes)`, true);
        this.record.cutQuoted = this.quoted;
        if (cut > from) this.push(bytes.subarray(from, cut));
      }
      this.record.bytes += run;
      if (next === bytes.length) break;
      at = next + 1;
      if (next === quote) this.quoted = !this.quoted;
      else if (next === cr || !(next === 0 ? this.afterCr : bytes[next - 1] === 0x0d)) {
        this.line++;
        // A record ends: what was dropped of it ends here too, and its quote is closed before its line break.
        if (this.quoted) continue;
        if (this.record.cutQuoted !== undefined) {
          this.record.flaw!.next = this.line;
          if (this.record.cutQuoted) this.push('"');
          from = next;
        }
        this.record = { line: this.line, bytes: 0 };
      }
    }
    if (bytes.length > 0) this.afterCr = bytes[bytes.length - 1] === 0x0d;
    if (this.record.cutQuoted === undefined && from < bytes.length) this.push(bytes.subarray(from));
  }

  private flaw(reason: string, cut?: true) {
    if (this.record.flaw) return;
    this.record.flaw = { line: this.record.line, reason, ...(cut && { cut }) };
    this.flaws.push(this.record.flaw);
  }
}

/** A row of a JSON format as a contact: a rejects file's key dropped, and a row it says may have been created held back. */
function fromRejects(value: unknown, line: number): unknown {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, REJECTS_KEY)) return value;
  const { [REJECTS_KEY]: rejected, ...contact } = value as Record<string, unknown>;
  if ((rejected as { outcome?: unknown } | null)?.outcome === 'unknown') return new UnreadableRow(`line ${line}: ${UNKNOWN_OUTCOME} remove its ${JSON.stringify(REJECTS_KEY)} key`, value);
  return contact;
}

async function* ndjsonRows(stream: Readable, max: number): AsyncGenerator<Chunk> {
  // Lines split as bytes, each bounded, rather than by readline, whose iterator waits once per line and holds a line whole.
  let line = 0;
  let rows = chunk();
  const lines = new Lines(max, (bytes) => {
    line++;
    if (!bytes) return void add(rows, line, new UnreadableRow(`line ${line} is longer than ${max} bytes (maxRowBytes)`));
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
    const text = bytes.toString('utf8');
    if (!isUtf8(bytes)) return void add(rows, line, new UnreadableRow(`line ${line} ${NOT_UTF8}`, text));
    if (text.trim() === '') return;
    try {
      add(rows, line, fromRejects(JSON.parse(text), line));
    } catch (error) {
      add(rows, line, new UnreadableRow(`line ${line} is not JSON (${(error as Error).message})`, text));
    }
  });
  for await (const data of stream) {
    lines.push(data as Buffer);
    yield rows;
    rows = chunk();
  }
  lines.end();
  yield rows;
}

async function* jsonRows(stream: Readable, max: number): AsyncGenerator<Chunk> {
  // A streaming parser: the file may be larger than memory, and only its array's elements are kept, one at a time.
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const utf8 = new Utf8Check();
  let ready = chunk();
  let failed: Error | undefined;
  // The elements that held bytes that are not UTF-8 (written on as "?": a string goes on, anything else breaks).
  const notUtf8 = new Set<number>();
  let [count, pending] = [0, 0];
  const decoder = new TextDecoder();
  let start = '';
  parser.onValue = ({ value, key }) => {
    const index = key as number;
    count = index + 1;
    add(ready, count, notUtf8.delete(index) ? new UnreadableRow(`element ${count} ${NOT_UTF8}`) : fromRejects(value, count));
  };
  parser.onError = (error) => (failed ??= error);
  const write = ({ bytes, invalid }: { bytes: Buffer; invalid: [number, number][] }) => {
    const before = count;
    let from = 0;
    for (const [a, b] of invalid) {
      parser.write(bytes.subarray(from, a));
      notUtf8.add(count);
      bytes.fill(0x3f, a, b);
      from = a;
    }
    parser.write(bytes.subarray(from));
    // An element larger than the bound stops the file: unlike a line, its end cannot be found without parsing it.
    pending = count > before ? 0 : pending + bytes.length;
    if (pending > max) failed ??= new Error(`element ${count + 1} is longer than ${max} bytes (maxRowBytes)`);
  };
  for await (const data of stream) {
    if (!start) {
      // TextDecoder drops the BOM itself.
      start = decoder.decode(data as Uint8Array, { stream: true }).trimStart();
      if (start && !start.startsWith('[')) throw new ContactsArgumentError('the JSON file must hold one array of contacts');
    }
    write(utf8.check(data as Buffer));
    if (failed) break;
    yield ready;
    ready = chunk();
  }
  if (!failed) write(utf8.end());
  if (!failed && !parser.isEnded) parser.end();
  if (failed) throw new ContactsArgumentError(`the JSON file cannot be read: ${failed.message}`);
  yield ready;
}
