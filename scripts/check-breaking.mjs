// Fails when the spec changed more than its version says, against the last released spec.
// - Redocly's `diff`, with the diff-recommended ruleset of redocly.yaml, rates every change by the semver bump
//   it requires; --check-version fails when info.version was not bumped that far (--fail-on none, or a major
//   change would fail even after a major bump).
// - One rule of our own, for what Redocly rates a patch: a property that turns readOnly in a request or
//   writeOnly in an answer leaves the types this package generates, so consumers' code breaks; a required
//   property that stops being readOnly must now be sent.
// - The spec compared is openapi/ itself, bundled here, so a stale generated/ cannot hide a change; and the
//   package's version must be the spec's.
// - Each change is shown where a person edits it: the file under openapi/ and its line, not the bundle's (a removed
//   node, where it was removed from); a spec that cannot be bundled, with Redocly's own words, file and line.
// Usage: node scripts/check-breaking.mjs [--format stylish|markdown|github-actions]
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parsed, pointerAt, sourcesOf } from './sources.mjs';

const RELEASED = 'openapi/released';
const SOURCE = 'openapi/openapi.yaml';
const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
// The repository's own config, wherever the gate runs: without diff-recommended, `redocly diff` finds nothing.
const config = fileURLToPath(new URL('../redocly.yaml', import.meta.url));

/** The newest released spec in openapi/released/, by semantic version. */
async function lastReleased() {
  const versions = (await readdir(RELEASED)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const key = (v) => v.split('.').map(Number);
  versions.sort((a, b) => key(a).reduce((d, n, i) => d || n - key(b)[i], 0));
  if (!versions.length) throw new Error(`no released spec in ${RELEASED}/`);
  return { version: versions.at(-1), file: join(RELEASED, `${versions.at(-1)}.json`) };
}

/** The spec of openapi/, bundled by Redocly into `dir`; returns the file, or ends the gate with Redocly's words. */
async function bundle(dir) {
  const file = join(dir, 'openapi.json');
  await promisify(execFile)(process.execPath, [redoclyBin, 'bundle', SOURCE, '--config', config, '-o', file]).catch((e) => {
    // Redocly names the file under openapi/, the line and the pointer of what it could not resolve or read.
    console.error(withoutBanner(`${e.stdout ?? ''}${e.stderr ?? ''}`).trim() || String(e));
    console.error(`\n${SOURCE} cannot be bundled, so it cannot be compared with the release: fix the above first`);
    process.exit(1);
  });
  return file;
}

/**
 * Redocly's diff of the files `base` and `head` in `dir`, with each place it names in them written as the place in
 * openapi/ that the person edits; resolves to whether the version was bumped as far as the changes require.
 */
async function redoclyDiff(dir, base, head, format) {
  const args = [redoclyBin, 'diff', base, head, '--config', config, '--check-version', '--fail-on', 'none', '--format', format];
  const { stdout, stderr, code } = await promisify(execFile)(process.execPath, args, { cwd: dir }).then((r) => ({ ...r, code: 0 }), (e) => e);
  const [baseText, headText] = await Promise.all([base, head].map((name) => readFile(join(dir, name), 'utf8')));
  const texts = { [base]: parsed(baseText), [head]: parsed(headText) };
  const source = sourcesOf(JSON.parse(headText), SOURCE);
  // file:line:col (stylish, markdown), or file=…,line=…,col=… of an annotation (github-actions).
  const names = [base, head].map((name) => name.replaceAll('.', '\\.')).join('|');
  const location = new RegExp(`(file=)?(?<![\\w.-])(${names})(?::|,line=)(\\d+)(?::|,col=)(\\d+)(?:,endLine=\\d+,endColumn=\\d+)?`, 'g');
  const shown = stdout.replace(location, (text, annotation, name, line, col) => {
    const at = source(pointerAt(texts[name], Number(line), Number(col)));
    if (!at) return text;
    // An annotation's end is the bundle's, so it is left out.
    return annotation ? `file=${at.file},line=${at.line},col=${at.col}` : `${at.file}:${at.line}:${at.col}`;
  });
  process.stdout.write(shown);
  process.stderr.write(withoutBanner(stderr));
  return code === 0;
}

// The Node 20 deprecation banner of Redocly is harmless; keep only what Redocly says of the spec.
const withoutBanner = (text) => text.replace(/\s*╔[\s\S]*╝\s*/, '\n');

/** Properties that turned readOnly where a request carries them, or writeOnly where an answer does. */
export function visibilityChanges(base, head) {
  const found = [];
  for (const [url, item] of Object.entries(head.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const old = base.paths?.[url]?.[method];
      if (!old?.responses) continue;
      const where = `${method.toUpperCase()} ${url}`;
      for (const [type, media] of Object.entries(resolve(head, op.requestBody)?.content ?? {})) {
        const before = resolve(base, old.requestBody)?.content?.[type]?.schema;
        compare(base, head, before, media.schema, 'readOnly', `${where} request`, found);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(resolve(head, response)?.content ?? {})) {
          compare(base, head, resolve(base, old.responses?.[status])?.content?.[type]?.schema, media.schema, 'writeOnly', `${where} ${status}`, found);
        }
      }
    }
  }
  return [...new Set(found)];
}

function resolve(spec, node) {
  for (let i = 0; node?.$ref && i < 20; i++) node = node.$ref.slice(2).split('/').reduce((n, k) => n?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  return node;
}

function compare(base, head, before, after, flag, where, found, seen = new Set()) {
  [before, after] = [resolve(base, before), resolve(head, after)];
  if (!before || !after || seen.has(after)) return;
  seen.add(after);
  for (const [name, property] of Object.entries(after.properties ?? {})) {
    const [was, is] = [resolve(base, before.properties?.[name]), resolve(head, property)];
    if (!was) continue;
    if (is?.[flag] === true && was[flag] !== true) found.push(`${where}: ${name} became ${flag}, so it leaves the ${flag === 'readOnly' ? 'request' : 'answer'} types`);
    if (flag === 'readOnly' && was.readOnly === true && is?.readOnly !== true && after.required?.includes(name)) found.push(`${where}: ${name} is no longer readOnly, and required, so requests must now send it`);
    compare(base, head, was, is, flag, `${where} ${name}`, found, seen);
  }
  if (before.items && after.items) compare(base, head, before.items, after.items, flag, `${where}[]`, found, seen);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--format');
  const released = await lastReleased();
  const work = await mkdtemp(join(tmpdir(), 'contacts-breaking-head-'));
  const headFile = await bundle(work);
  const [base, head, pkg] = await Promise.all([released.file, headFile, 'package.json'].map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
  // The release was copied from generated/, whose "generated" header is no part of the contract.
  const { 'x-generated': _, ...contract } = base;
  const baseName = `released-${released.version}.json`;
  await writeFile(join(work, baseName), JSON.stringify(contract, null, 2));
  const bumped = await redoclyDiff(work, baseName, 'openapi.json', i > 0 ? process.argv[i + 1] : 'stylish');
  await rm(work, { recursive: true, force: true });
  if (pkg.version !== head.info.version) {
    console.error(`package.json has version ${pkg.version} and ${SOURCE} has info.version ${head.info.version}: the package's version is the spec's, so set both`);
    process.exitCode = 1;
  }
  const own = visibilityChanges(base, head);
  for (const change of own) console.log(`major (own rule): ${change}`);
  const major = (v) => Number(v.split('.')[0]);
  if (own.length && major(head.info.version) <= major(base.info.version)) {
    console.error(`these changes need a major version: bump info.version in openapi/openapi.yaml to ${major(base.info.version) + 1}.0.0`);
    process.exitCode = 1;
  }
  if (!bumped) process.exitCode = 1;
}
