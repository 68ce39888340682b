// The README stays a front page: under 200 lines, linking every guide of docs/; and every relative link of the docs
// leads to a file that exists, and to a heading of it when it names one.
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { expect, test } from 'vitest';
import { root } from '../support/project.js';
import { blocksOf, readDocs } from './markdown.js';

const docs = await readDocs(root);
const readme = docs.find((d) => d.name === 'README.md')!;

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The text of a document outside its fenced blocks, so that code is not read as links. */
function prose(name: string, text: string): string {
  const lines = text.split('\n');
  for (const block of blocksOf({ name, text })) for (let i = block.fence - 1; i < block.close; i++) lines[i] = '';
  return lines.join('\n');
}

test('the README is under 200 lines', () => {
  expect(readme.text.split('\n').length).toBeLessThan(200);
});

test('the README links every guide in docs/', () => {
  const guides = docs.filter((d) => d.name.startsWith('docs/')).map((d) => d.name);
  expect(guides.length).toBeGreaterThan(0);
  expect(guides.filter((name) => !readme.text.includes(`](${name})`))).toEqual([]);
});

test('every relative link leads to a file, and to a heading of it when it names one', () => {
  const headings = new Map(docs.map((d) => [d.name, new Set([...prose(d.name, d.text).matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)))]));
  const broken: string[] = [];
  for (const doc of docs) {
    for (const [, target = ''] of prose(doc.name, doc.text).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path = '', hash] = target.split('#');
      const file = path === '' ? doc.name : normalize(join(dirname(doc.name), path));
      if (!existsSync(join(root, file))) broken.push(`${doc.name}: ${target} (no file ${file})`);
      else if (hash && headings.has(file) && !headings.get(file)!.has(hash)) broken.push(`${doc.name}: ${target} (no heading #${hash} in ${file})`);
    }
  }
  expect(broken).toEqual([]);
});
