// The file readers: CSV as RFC 4180 writes it, NDJSON and JSON arrays, each row with its source line.
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { UnreadableRow } from '../../src/import/bulk.js';
import { formatOf, readContacts, type FileFormat, type ReadOptions } from '../../src/import/files.js';

type FileRow = { line: number; contact: unknown };

const rows = async (text: string | Buffer, format: FileFormat, options?: ReadOptions, size = 2) => {
  const out: FileRow[] = [];
  // Two-byte chunks by default: every field, quote, line break and character may fall across a chunk boundary.
  const bytes = Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, i * size + size));
  const file = readContacts(Readable.from(chunks), format, options);
  for await (const contact of file) out.push({ line: file.lineOf(out.length), contact });
  return out;
};

describe('CSV', () => {
  test('quoted fields, doubled quotes, CRLF, a BOM, line breaks inside quotes, and empty lines', async () => {
    const text = '\uFEFFname,notify,email,phones,comment\r\n"Doe, Jane",yes,jane@example.com,+33 1;+33 2 ,"said ""hi""\r\ntwice"\r\n\r\nBob,0,,,\r\n';
    expect(await rows(text, 'csv')).toEqual([
      { line: 2, contact: { name: 'Doe, Jane', notify: true, email: 'jane@example.com', phones: ['+33 1', '+33 2'], comment: 'said "hi"\r\ntwice' } },
      { line: 5, contact: { name: 'Bob', notify: false } },
    ]);
  });

  test.each([
    ['true', true], ['FALSE', false], ['1', true], ['0', false], ['Yes', true], ['no', false], ['maybe', 'maybe'], [' yes ', true], ['constructor', 'constructor'], ['toString', 'toString'],
  ])('notify %s reads as %s (what cannot be read is left for the contract to refuse)', async (cell, value) => {
    expect((await rows(`name,notify\nA,${cell}\n`, 'csv'))[0]?.contact).toEqual({ name: 'A', notify: value });
  });

  test('columns in any order, and only some of them', async () => {
    expect(await rows('notify,name\n1,A\n', 'csv')).toEqual([{ line: 2, contact: { name: 'A', notify: true } }]);
  });

  test('an unknown or repeated column is an error that names it', async () => {
    await expect(rows('name,notify,fax\nA,1,2\n', 'csv')).rejects.toThrow('unknown column "fax": the columns are name, notify, email, phones, comment (any case, in any order)');
    await expect(rows('name,Name \nA,B\n', 'csv')).rejects.toThrow('names the column "name" twice');
  });

  test('headers are matched without case or surrounding spaces', async () => {
    expect(await rows('\uFEFF Name ,NOTIFY,\tEmail\nA,yes,a@example.com\n', 'csv')).toEqual([{ line: 2, contact: { name: 'A', notify: true, email: 'a@example.com' } }]);
  });

  test('text that is not UTF-8 (Latin-1) rejects its row, by its line; UTF-8 across chunk boundaries reads whole', async () => {
    const text = Buffer.concat([Buffer.from('name,notify\nJosé García,yes\n'), Buffer.from('Jos\xe9 Garc\xeda,yes\n', 'latin1'), Buffer.from('"Zoë\n€",no\n')]);
    const out = await rows(text, 'csv');
    expect(out.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(out[0]?.contact).toEqual({ name: 'José García', notify: true });
    expect(out[1]?.contact).toBeInstanceOf(UnreadableRow);
    expect((out[1]?.contact as UnreadableRow).reason).toBe('line 3 is not valid UTF-8 (save the file as UTF-8)');
    expect(out[2]?.contact).toEqual({ name: 'Zoë\n€', notify: false });
    // A character cut by the end of the file.
    const cut = await rows(Buffer.concat([Buffer.from('name,notify\nA,yes\nB,no'), Buffer.from([0xc3])]), 'csv');
    expect((cut[1]?.contact as UnreadableRow).reason).toBe('line 3 is not valid UTF-8 (save the file as UTF-8)');
  });

  test('a record longer than maxRowBytes is rejected by its line, however many cells or lines it spans; the rows after it keep their lines', async () => {
    const cells = ','.repeat(5000);
    const quoted = `"${'x\n'.repeat(100)}"`;
    const QUOTE = '"';
    const text = `name,notify\nA,yes\nB${cells}\n${quoted},no\nC,0\n"D ""q""${QUOTE},1\n`;
    for (const size of [2, 7, 64 * 1024]) {
      const out = await rows(text, 'csv', { maxRowBytes: 64 }, size);
      expect(out.map((r) => [r.line, r.contact instanceof UnreadableRow ? r.contact.reason : r.contact])).toEqual([
        [2, { name: 'A', notify: true }],
        [3, 'line 3 is longer than 64 bytes (maxRowBytes)'],
        [4, 'line 4 is longer than 64 bytes (maxRowBytes)'],
        [105, { name: 'C', notify: false }],
        [106, { name: 'D "q"', notify: true }],
      ]);
    }
  });

  test("a rejects file reads back as an input: its line, outcome and reason columns are not the contact's; a row whose outcome is unknown is held back", async () => {
    const out = await rows('name,notify,line,outcome,reason\nA,yes,7,rejected,notify must be…\nB,no,9,unknown,ERR_CONTACTS_NETWORK\n', 'csv');
    expect(out[0]).toEqual({ line: 2, contact: { name: 'A', notify: true } });
    expect((out[1]?.contact as UnreadableRow).reason).toBe('line 3: an earlier import may have created this row (its outcome is unknown): check whether it did; to send it anyway, empty its outcome cell');
  });

  test('a row with the wrong number of cells is that row unreadable, named by its line; the others go on', async () => {
    const out = await rows('name,notify\nA,1\nB,1,extra\nC\nD,0\n', 'csv');
    expect(out.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(out[1]?.contact).toEqual(new UnreadableRow('line 3 has 3 cells where the header has 2', { name: 'B', notify: '1' }));
    expect(out[2]?.contact).toEqual(new UnreadableRow('line 4 has 1 cells where the header has 2', { name: 'C' }));
    expect(out[3]?.contact).toEqual({ name: 'D', notify: false });
  });

  test('an unterminated quote is an error, not a silent end', async () => {
    await expect(rows('name,notify\n"A,1\n', 'csv')).rejects.toThrow(/quote/i);
  });
});

describe('NDJSON and JSON', () => {
  test('NDJSON: one contact per line, blank lines skipped, a line that is not JSON is that row unreadable', async () => {
    const out = await rows('\uFEFF{"name":"A","notify":true}\r\n\n{"name":\n{"name":"B","notify":false}', 'ndjson');
    expect(out.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(out[0]?.contact).toEqual({ name: 'A', notify: true });
    expect(out[1]?.contact).toBeInstanceOf(UnreadableRow);
    expect((out[1]?.contact as UnreadableRow).reason).toMatch(/^line 3 is not JSON/);
    expect(out[2]?.contact).toEqual({ name: 'B', notify: false });
  });

  test('NDJSON: a line that is not UTF-8, or longer than maxRowBytes, is that row unreadable; the lines after it go on', async () => {
    const text = Buffer.concat([Buffer.from('{"name":"A","notify":true}\n'), Buffer.from('{"name":"Jos\xe9","notify":true}\n', 'latin1'), Buffer.from(`{"name":"${'x'.repeat(100)}","notify":true}\n{"name":"é","notify":false}\n`)]);
    const out = await rows(text, 'ndjson', { maxRowBytes: 64 });
    expect(out.map((r) => [r.line, r.contact instanceof UnreadableRow ? r.contact.reason : r.contact])).toEqual([
      [1, { name: 'A', notify: true }],
      [2, 'line 2 is not valid UTF-8 (save the file as UTF-8)'],
      [3, 'line 3 is longer than 64 bytes (maxRowBytes)'],
      [4, { name: 'é', notify: false }],
    ]);
  });

  test('NDJSON: a line of 20 MB, past the default bound of 1 MiB, is dropped as it is read and rejected', async () => {
    const out = await rows(`{"name":"${'x'.repeat(20 << 20)}","notify":true}\n{"name":"B","notify":true}\n`, 'ndjson', undefined, 64 * 1024);
    expect(out.map((r) => [r.line, r.contact instanceof UnreadableRow ? r.contact.reason : r.contact])).toEqual([
      [1, 'line 1 is longer than 1048576 bytes (maxRowBytes)'],
      [2, { name: 'B', notify: true }],
    ]);
  });

  test('NDJSON and JSON rows of a rejects file: its "$rejected" key is dropped; a row whose outcome is unknown is held back', async () => {
    const text = '{"$rejected":{"line":3,"outcome":"rejected","reason":"notify must be a boolean"},"name":"A","notify":true}\n{"$rejected":{"outcome":"unknown"},"name":"B","notify":true}\n';
    for (const [format, input] of [['ndjson', text], ['json', `[${text.trimEnd().split('\n').join(',')}]`]] as const) {
      const out = await rows(input, format);
      expect(out[0]?.contact).toEqual({ name: 'A', notify: true });
      expect((out[1]?.contact as UnreadableRow).reason).toBe('line 2: an earlier import may have created this row (its outcome is unknown): check whether it did; to send it anyway, remove its "$rejected" key');
    }
  });

  test('JSON: an element holding text that is not UTF-8 is that row unreadable; one longer than maxRowBytes stops the file', async () => {
    const text = Buffer.concat([Buffer.from('[{"name":"A","notify":true},{"name":"Jos'), Buffer.from([0xe9]), Buffer.from('","notify":true},{"name":"é","notify":false}]')]);
    const out = await rows(text, 'json');
    expect(out.map((r) => [r.line, r.contact instanceof UnreadableRow ? r.contact.reason : r.contact])).toEqual([
      [1, { name: 'A', notify: true }],
      [2, 'element 2 is not valid UTF-8 (save the file as UTF-8)'],
      [3, { name: 'é', notify: false }],
    ]);
    await expect(rows(`[{"name":"A","notify":true},{"name":"${'x'.repeat(200)}"}]`, 'json', { maxRowBytes: 64 })).rejects.toThrow('the JSON file cannot be read: element 2 is longer than 64 bytes (maxRowBytes)');
  });

  test('a JSON array is read as a stream, element by element', async () => {
    const contacts = Array.from({ length: 50 }, (_, i) => ({ name: `c${i}`, notify: i % 2 === 0, phones: ['+1'] }));
    const out = await rows(`\uFEFF ${JSON.stringify(contacts, null, 1)}`, 'json');
    expect(out.map((r) => r.contact)).toEqual(contacts);
    expect(out.map((r) => r.line)).toEqual(contacts.map((_, i) => i + 1));
  });

  test('a JSON file that is not one array, or is cut short, is an error', async () => {
    await expect(rows('{"name":"A"}', 'json')).rejects.toThrow('must hold one array of contacts');
    await expect(rows('[{"name":"A"},', 'json')).rejects.toThrow('the JSON file cannot be read');
  });
});

test('maxRowBytes is checked when the file is opened', () => {
  expect(() => readContacts(Readable.from([]), 'csv', { maxRowBytes: 0 })).toThrow('maxRowBytes must be a positive whole number; got 0');
});

test('the format comes from the extension, or is asked for', () => {
  expect(['a.csv', 'b.NDJSON', 'c.jsonl', 'd.json'].map(formatOf)).toEqual(['csv', 'ndjson', 'ndjson', 'json']);
  expect(() => formatOf('contacts.txt')).toThrow('cannot tell the format of "contacts.txt"');
});
