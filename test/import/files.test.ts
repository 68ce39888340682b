// The file readers: CSV as RFC 4180 writes it, NDJSON and JSON arrays, each row with its source line.
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { UnreadableRow } from '../../src/import/bulk.js';
import { formatOf, readContacts, type FileFormat } from '../../src/import/files.js';

type FileRow = { line: number; contact: unknown };

const rows = async (text: string | Buffer, format: FileFormat) => {
  const out: FileRow[] = [];
  // Two-byte chunks: every field, quote and line break may fall across a chunk boundary.
  const bytes = Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / 2) }, (_, i) => bytes.subarray(i * 2, i * 2 + 2));
  const file = readContacts(Readable.from(chunks), format);
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
    await expect(rows('name,notify,fax\nA,1,2\n', 'csv')).rejects.toThrow('unknown column "fax": the columns are name, notify, email, phones, comment');
    await expect(rows('name,name\nA,B\n', 'csv')).rejects.toThrow('names the column "name" twice');
  });

  test('a row with the wrong number of cells is that row unreadable, named by its line; the others go on', async () => {
    const out = await rows('name,notify\nA,1\nB,1,extra\nC\nD,0\n', 'csv');
    expect(out.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(out[1]?.contact).toEqual(new UnreadableRow('line 3 has 3 cells where the header has 2'));
    expect(out[2]?.contact).toEqual(new UnreadableRow('line 4 has 1 cells where the header has 2'));
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

test('the format comes from the extension, or is asked for', () => {
  expect(['a.csv', 'b.NDJSON', 'c.jsonl', 'd.json'].map(formatOf)).toEqual(['csv', 'ndjson', 'ndjson', 'json']);
  expect(() => formatOf('contacts.txt')).toThrow('cannot tell the format of "contacts.txt"');
});
