// The docs as the snippet tests read them: README.md and docs/**/*.md, their fenced blocks, and the hidden
// `<!-- snippet … -->` comment before a `ts` block that declares the names it uses without showing them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One markdown document: its path from the repo's root, and its text. */
export interface Doc {
  name: string;
  text: string;
}

/** A fenced block: its language, its lines (the fence's indent removed), and where it stands in its document. */
export interface Block {
  doc: string;
  lang: string;
  lines: string[];
  /** The 1-based line of the opening fence; the block's first line is the next one. */
  fence: number;
  /** The 1-based line of the closing fence. */
  close: number;
  /** The `<!-- snippet … -->` comment right before the fence, if any. */
  snippet?: Snippet | undefined;
}

/** What a hidden snippet comment says: the words after `snippet`, and the lines to put before the block's code. */
export interface Snippet {
  flags: string[];
  prelude: string[];
  /** The 1-based line of `<!-- snippet`; prelude line i (0-based) is line `line + 1 + i`. */
  line: number;
}

/** README.md and every markdown file under docs/, in a stable order. */
export async function readDocs(root: string): Promise<Doc[]> {
  const guides = (await readdir(join(root, 'docs'), { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
  const names = ['README.md', ...guides.map((f) => `docs/${f}`)];
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(root, name), 'utf8') })));
}

/** Every fenced block of a document, with the snippet comment that stands right before it (blank lines between allowed). */
export function blocksOf({ name, text }: Doc): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', lang = ''] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end]!.trim().startsWith(fence) && lines[end]!.trim().replace(/[`~]/g, '') === '')) end++;
    if (end === lines.length) throw new Error(`${name}:${i + 1}: a fenced block that never closes`);
    const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
    blocks.push({ doc: name, lang, lines: body, fence: i + 1, close: end + 1, snippet: snippetBefore(name, lines, i) });
    i = end;
  }
  return blocks;
}

// The words a snippet comment may carry: `fixture` checks it against the build with test/fixtures/openapi added.
const FLAGS = new Set(['fixture']);

/** The `<!-- snippet [fixture]` … `-->` comment ending right above line index `at`, skipping blank lines. */
function snippetBefore(doc: string, lines: string[], at: number): Snippet | undefined {
  let end = at - 1;
  while (end >= 0 && lines[end]!.trim() === '') end--;
  if (end < 0 || !lines[end]!.trim().endsWith('-->')) return undefined;
  let start = end;
  while (start >= 0 && !lines[start]!.trim().startsWith('<!--')) start--;
  const first = lines[start]?.trim() ?? '';
  if (!/^<!--\s*snippet\b/.test(first)) return undefined;
  const words = first.replace(/^<!--\s*snippet\b/, '').replace(/-->$/, '').trim().split(/\s+/).filter(Boolean);
  for (const word of words) if (!FLAGS.has(word)) throw new Error(`${doc}:${start + 1}: unknown snippet flag ${JSON.stringify(word)} (known: ${[...FLAGS].join(', ')})`);
  const prelude = start === end ? [] : lines.slice(start + 1, end).map((line) => line.trim());
  const last = lines[end]!.trim().replace(/-->$/, '').trim();
  if (start !== end && last !== '') prelude.push(last);
  // Only what a reader may assume: declarations of the names a snippet uses, and imports. Hidden code would make it dishonest.
  for (const [i, line] of prelude.entries()) {
    if (line !== '' && !/^(declare|import) /.test(line)) throw new Error(`${doc}:${start + 2 + i}: a snippet comment holds only "declare …" and "import …" lines; got ${JSON.stringify(line)}`);
  }
  return { flags: words, prelude, line: start + 1 };
}

/** The paragraph of prose that ends right above a block (or its snippet comment). */
export function paragraphBefore(doc: Doc, block: Block): string {
  const lines = doc.text.split('\n');
  let i = (block.snippet?.line ?? block.fence) - 2;
  while (i >= 0 && lines[i]!.trim() === '') i--;
  const end = i;
  while (i >= 0 && lines[i]!.trim() !== '' && !/^\s*(`{3,}|~{3,})/.test(lines[i]!)) i--;
  return lines.slice(i + 1, end + 1).join('\n');
}
