// npm run test:growth: grows one copy of the project by YAML alone, as its users would, then runs `npm run build` and
// the whole `npm test` there. It adds the example of "Adding an operation", read from the document that holds it so
// that the example cannot rot; a list operation beside createContacts, whose contact gains a readOnly enum; and the
// published OpenAPI 3.1 documents of test/fixtures/foreign/. The copy is removed whatever happens, and the run is
// bounded in time.
// Usage: node scripts/test-growth.mjs [--no-test] [--keep]
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const redoclyBin = join(root, 'node_modules/@redocly/cli/bin/cli.js');
const FOREIGN = join(root, 'test/fixtures/foreign');
const ROOT_SPEC = 'openapi/openapi.yaml';
// The whole suite takes 3 to 10 minutes on two shared cores; a hung server or browser must not hold CI for longer.
const LIMIT_MS = 30 * 60_000;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Runs a command to its end, within two minutes. */
const run = (command, args, options) => promisify(execFile)(command, args, { timeout: 120_000, maxBuffer: 1 << 26, ...options });
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- Editing a YAML file as text, so that its layout and comments stay as they are (the project has no YAML library
// of its own; Redocly reads what is written here, and the build proves it).
const indentOf = (line) => line.length - line.trimStart().length;
const isContent = (line) => line.trim() !== '' && !line.trimStart().startsWith('#');
const keyLine = (key) => new RegExp(`^\\s*(${[key, JSON.stringify(key), `'${key}'`].map(escapeRegExp).join('|')}):(\\s|$)`);

/** The end (exclusive) of the block opened at line `at` (-1: the document), at indentation `indent`. */
function blockEnd(lines, at, indent) {
  if (at < 0) return lines.length;
  // A block sequence may sit at its key's own indentation.
  const end = lines.findIndex((l, i) => i > at && isContent(l) && (indentOf(l) < indent || (indentOf(l) === indent && !l.trimStart().startsWith('- '))));
  return end < 0 ? lines.length : end;
}

/** The indentation of the entries of the block opened at `at`: its first entry's, or two more than its key's. */
function childIndent(lines, at, indent) {
  const first = lines.slice(at + 1, blockEnd(lines, at, indent)).find(isContent);
  return first === undefined ? indent + 2 : indentOf(first);
}

/** The line of the key `keys` (a path of keys, e.g. ['components', 'securitySchemes']), or -1. */
function findKey(lines, keys) {
  let at = -1;
  let indent = -2; // the document's entries are at 0
  for (const key of keys) {
    const end = blockEnd(lines, at, indent);
    const own = at < 0 ? 0 : childIndent(lines, at, indent);
    at = lines.findIndex((l, i) => i > at && i < end && indentOf(l) === own && keyLine(key).test(l));
    indent = own;
    if (at < 0) return -1;
  }
  return at;
}

/** The number of items of the block sequence `keys` of a YAML text. */
function itemsOf(text, keys) {
  const lines = text.split('\n');
  const at = findKey(lines, keys);
  if (at < 0) return 0;
  const indent = childIndent(lines, at, indentOf(lines[at]));
  return lines.slice(at + 1, blockEnd(lines, at, indentOf(lines[at]))).filter((l) => indentOf(l) === indent && l.trimStart().startsWith('- ')).length;
}

/** Whether a YAML text has the key `keys`. */
export const hasKey = (text, keys) => findKey(text.split('\n'), keys) >= 0;

/**
 * Appends `entries` (YAML lines, indented from 0) at the end of the block `keys` of a YAML text, and creates the
 * blocks it lacks at the end of their parent.
 */
export function appendUnder(text, keys, entries) {
  const lines = text.replace(/\n*$/, '').split('\n');
  for (let depth = 1; depth <= keys.length; depth++) {
    if (findKey(lines, keys.slice(0, depth)) >= 0) continue;
    const parent = depth === 1 ? -1 : findKey(lines, keys.slice(0, depth - 1));
    insertAtEnd(lines, parent, [`${keys[depth - 1]}:`]);
  }
  insertAtEnd(lines, findKey(lines, keys), entries);
  return `${lines.join('\n')}\n`;
}

/** Inserts `entries` after the last line of content of the block opened at `at`, at its entries' indentation. */
function insertAtEnd(lines, at, entries) {
  const indent = at < 0 ? -2 : indentOf(lines[at]);
  let end = blockEnd(lines, at, indent);
  while (end - 1 > at && !isContent(lines[end - 1])) end--;
  const pad = ' '.repeat(at < 0 ? 0 : childIndent(lines, at, indent));
  lines.splice(end, 0, ...entries.map((e) => (e === '' ? e : pad + e)));
}

/** Merges a fragment of the root (top-level keys, each with entries under it) into the root's own blocks. */
function mergeIntoRoot(text, fragment) {
  const lines = fragment.replace(/\n*$/, '').split('\n');
  const starts = lines.flatMap((l, i) => (isContent(l) && indentOf(l) === 0 ? [i] : []));
  for (const [n, start] of starts.entries()) {
    const key = /^([^:#]+):\s*$/.exec(lines[start])?.[1];
    if (key === undefined) throw new Error(`"${lines[start]}": a fragment of the root must hold blocks (key:, then entries)`);
    const entries = lines.slice(start + 1, starts[n + 1] ?? lines.length);
    const indent = Math.min(...entries.filter(isContent).map(indentOf));
    text = appendUnder(text, [key], entries.map((e) => e.slice(indent)));
  }
  return text;
}

// ---- What is added.

/** The fenced yaml blocks of the section "Adding an operation", each with the file its text names, and the document. */
export async function addingAnOperation(dir = root) {
  const docs = ['README.md', ...(await readdir(join(dir, 'docs'), { recursive: true }).catch(() => [])).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const found = [];
  for (const doc of docs) {
    const text = await readFile(join(dir, doc), 'utf8');
    const heading = /^(#{1,6}) +Adding an operation *$/m.exec(text);
    if (!heading) continue;
    const rest = text.slice(heading.index + heading[0].length);
    const next = new RegExp(`^#{1,${heading[1].length}} `, 'm').exec(rest);
    const section = rest.slice(0, next?.index ?? rest.length);
    const blocks = [];
    let before = 0;
    for (const m of section.matchAll(/^( *)```ya?ml\n([\s\S]*?)^ *```$/gm)) {
      // The file is the last one the text names before the block, as in "here `openapi/components/parameters/X.yaml`:".
      const file = [...section.slice(before, m.index).matchAll(/`(openapi\/[^`\s]+\.ya?ml)`/g)].at(-1)?.[1];
      if (!file) throw new Error(`${doc}: a yaml block of "Adding an operation" names no file under openapi/ before it`);
      blocks.push({ file, text: m[2].split('\n').map((l) => l.slice(m[1].length)).join('\n') });
      before = m.index + m[0].length;
    }
    if (blocks.length) found.push({ doc, blocks });
  }
  if (found.length !== 1) throw new Error(`"Adding an operation" with yaml blocks must be in one document of README.md and docs/; found in ${found.length}: ${found.map((f) => f.doc).join(', ')}`);
  return found[0];
}

/** Follows "Adding an operation" to the letter: writes each file it shows, and merges its fragment of the root. */
async function addExample(dir) {
  const { doc, blocks } = await addingAnOperation(dir);
  for (const { file, text } of blocks) {
    const target = join(dir, file);
    if (file === ROOT_SPEC) await writeFile(target, mergeIntoRoot(await readFile(target, 'utf8'), text));
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
  return `${doc}: ${blocks.map((b) => b.file).join(', ')}`;
}

/** A list operation on createContacts' own path, with a query parameter, and a readOnly enum on the contact. */
async function addListOperation(dir) {
  const api = join(dir, 'openapi');
  const pathFile = join(api, 'paths/companies_v2_rs_{companyId}_contacts.yaml');
  const contact = join(api, 'components/schemas/Contact.yaml');
  await writeFile(pathFile, `${await readFile(pathFile, 'utf8')}get:
  tags:
    - Contacts
  operationId: listContacts
  summary: List contacts
  description: Lists the contacts of a company, a page at a time.
  parameters:
    - $ref: ../components/parameters/SessionToken.yaml
    - $ref: ../components/parameters/Page.yaml
  responses:
    '200':
      description: A page of contacts.
      content:
        application/json:
          schema:
            $ref: ../components/schemas/ContactList.yaml
    '401':
      $ref: ../components/responses/Unauthorized.yaml
    '422':
      $ref: ../components/responses/UnprocessableEntity.yaml
    '429':
      $ref: ../components/responses/TooManyRequests.yaml
    5XX:
      $ref: ../components/responses/ServerError.yaml
`);
  await writeFile(contact, appendUnder(await readFile(contact, 'utf8'), ['properties'], [
    'status:',
    '  type: string',
    '  readOnly: true',
    '  enum:',
    '    - active',
    '    - archived',
    '  description: Whether the contact is in use; the server sets it.',
  ]));
  await writeFile(join(api, 'components/parameters/Page.yaml'), `name: page
in: query
required: false
description: The page to read, from 1.
schema:
  type: integer
  minimum: 1
  default: 1
example: 2
`);
  await writeFile(join(api, 'components/schemas/ContactList.yaml'), `type: object
description: A page of contacts, and the number of the next one.
required:
  - contacts
  - nextPage
properties:
  contacts:
    type: array
    items:
      $ref: ./Contact.yaml
  nextPage:
    type:
      - integer
      - 'null'
    minimum: 2
    description: The next page, or null after the last one.
`);
  return 'listContacts, Contact.status';
}

/** Names of components of `kind` in use: the copy's and those of the fixtures the tests add to copies of it. */
async function takenNames(dir, kind) {
  const files = (await Promise.all(['openapi', 'test/fixtures'].map((d) => readdir(join(dir, d), { recursive: true })))).flat();
  const inKind = files.filter((f) => f.split('/').at(-2) === kind && f.split('/').at(-3) === 'components');
  return new Set(inKind.map((f) => f.split('/').at(-1).replace(/\.(ya?ml|json)$/, '')));
}

/**
 * Adds every path, webhook and component of a published document the way the project lays them out: a path file per
 * path under paths/ (its URL, `/` as `_`), a file per component under components/<kind>/, a file per webhook under
 * webhooks/, and a `$ref` per path, webhook and security scheme in the root. A component whose name is taken is
 * renamed `${prefix}${name}`, and so is every use of it; the document's root `security` goes onto its operations that
 * have none, and its tags into the root's. Files are written as JSON, which is YAML.
 */
async function addDocument(dir, file, prefix, work) {
  // Redocly, the project's reader of YAML, turns the document into JSON; from a folder without the project's config.
  const json = join(work, `${file.split('/').at(-1)}.json`);
  await run(process.execPath, [redoclyBin, 'bundle', file, '--ext', 'json', '-o', json], { cwd: work });
  const spec = JSON.parse(await readFile(json, 'utf8'));
  const api = join(dir, 'openapi');
  const rename = {};
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    const taken = await takenNames(dir, kind);
    rename[kind] = {};
    for (const name of Object.keys(map)) {
      const target = taken.has(name) ? `${prefix}${name}` : name;
      if (taken.has(target)) throw new Error(`${file}: components/${kind}/${target} is taken too`);
      rename[kind][name] = target;
    }
  }
  const fileOf = (kind, name) => join(api, 'components', kind, `${rename[kind]?.[name] ?? name}.yaml`);
  const unescape = (s) => s.replaceAll('~1', '/').replaceAll('~0', '~');
  const rewrite = (node, from) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, from));
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(v);
        if (!m) throw new Error(`${file}: $ref ${v} does not point at a component`);
        const rel = relative(dirname(from), fileOf(m[1], unescape(m[2])));
        return [k, rel.startsWith('.') ? rel : `./${rel}`];
      }
      if (k === 'security' && Array.isArray(v)) return [k, v.map((req) => Object.fromEntries(Object.entries(req).map(([s, scopes]) => [rename.securitySchemes?.[s] ?? s, scopes])))];
      return [k, rewrite(v, from)];
    }));
  };
  const written = []; // their files, and their places in the root
  const write = async (target, value) => {
    if (existsSync(target)) throw new Error(`${file}: ${relative(dir, target)} exists already`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(rewrite(value, target), null, 2)}\n`);
    written.push(relative(dir, target));
  };
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    for (const [name, value] of Object.entries(map)) await write(fileOf(kind, name), value);
  }
  let text = await readFile(join(dir, ROOT_SPEC), 'utf8');
  const ref = (key, target) => `${JSON.stringify(key)}: {"$ref": ${JSON.stringify(relative(api, target))}}`;
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (hasKey(text, ['paths', path])) throw new Error(`${file}: the project has the path ${path} already`);
    const withSecurity = Object.fromEntries(Object.entries(item).map(([m, op]) => [m, METHODS.includes(m) && spec.security && !op.security ? { ...op, security: spec.security } : op]));
    const target = join(api, 'paths', `${path.slice(1).replaceAll('/', '_')}.yaml`);
    await write(target, withSecurity);
    text = appendUnder(text, ['paths'], [ref(path, target)]);
    written.push(`${ROOT_SPEC}#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
  for (const [name, item] of Object.entries(spec.webhooks ?? {})) {
    const target = join(api, 'webhooks', `${name}.yaml`);
    await write(target, item);
    text = appendUnder(text, ['webhooks'], [ref(name, target)]);
    written.push(`${ROOT_SPEC}#/webhooks/${name}`);
  }
  for (const name of Object.keys(spec.components?.securitySchemes ?? {})) {
    text = appendUnder(text, ['components', 'securitySchemes'], [ref(rename.securitySchemes[name], fileOf('securitySchemes', name))]);
    written.push(`${ROOT_SPEC}#/components/securitySchemes/${rename.securitySchemes[name]}`);
  }
  for (const tag of spec.tags ?? []) {
    if (new RegExp(`name: *["']?${escapeRegExp(tag.name)}["']?\\s*$`, 'm').test(text)) continue;
    written.push(`${ROOT_SPEC}#/tags/${itemsOf(text, ['tags'])}`);
    text = appendUnder(text, ['tags'], [`- ${JSON.stringify(tag)}`]);
  }
  await writeFile(join(dir, ROOT_SPEC), text);
  return written;
}

/**
 * Records the published documents' own lint problems in .redocly.lint-ignore.yaml, Redocly's way of adopting a spec,
 * so that the build judges the toolchain and not their style. `theirs` holds their files, and the places of the root
 * that are theirs (file#pointer); a problem anywhere else fails the check.
 */
async function ignoreTheirLintProblems(dir, theirs) {
  // It exits 1 when it finds problems, which is what it is run for.
  await run(process.execPath, [redoclyBin, 'lint', '--generate-ignore-file'], { cwd: dir }).catch(() => {});
  const ignore = await readFile(join(dir, '.redocly.lint-ignore.yaml'), 'utf8').catch(() => '');
  // Redocly writes it as `file:`, then `  rule:`, then `    - 'pointer'`.
  let file = '';
  const problems = [];
  for (const line of ignore.split('\n').filter(isContent)) {
    if (indentOf(line) === 0) file = line.replace(/:\s*$/, '').replace(/^["']|["']$/g, '');
    else if (line.trimStart().startsWith('- ')) problems.push(`${file}${line.trim().slice(2).replace(/^["']|["']$/g, '')}`);
  }
  const ours = problems.filter((p) => !theirs.some((t) => p === t || p.startsWith(t.includes('#') ? `${t}/` : `${t}#`)));
  if (ours.length) throw new Error(`lint problems outside the published documents: ${ours.join(', ')}; npm run lint:spec in a copy kept with --keep says what they are`);
  return problems.length;
}

/** Copies the project's files (tracked, or new and not ignored) into `dir`, with its node_modules linked in. */
async function copyProject(dir) {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  const files = stdout.split('\0').filter((f) => f && f !== 'node_modules' && existsSync(join(root, f)));
  for (const f of files) await cp(join(root, f), join(dir, f), { recursive: true, verbatimSymlinks: true });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  return files.length;
}

/** Runs `npm run <script>` in `dir` in a process group of its own, killed at `deadline`; resolves to its exit code. */
function npm(dir, script, deadline, children) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script], { cwd: dir, stdio: 'inherit', detached: true });
    children.add(child);
    const timer = setTimeout(() => {
      console.error(`test:growth: npm run ${script} passed the time limit of ${LIMIT_MS / 60_000} minutes; stopping it`);
      stop(child);
    }, Math.max(0, deadline - Date.now()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function stop(child) {
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  kill('SIGTERM');
  setTimeout(() => kill('SIGKILL'), 5000).unref();
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--no-test' && a !== '--keep');
  if (unknown.length) {
    console.error(`test:growth: unknown option ${unknown[0]}; usage: node scripts/test-growth.mjs [--no-test] [--keep]`);
    process.exit(2);
  }
  const started = Date.now();
  const deadline = started + LIMIT_MS;
  const work = await mkdtemp(join(tmpdir(), 'contacts-growth-'));
  const copy = join(work, 'copy');
  const children = new Set();
  const cleanUp = async () => {
    if (args.includes('--keep')) console.log(`test:growth: the copy is kept in ${copy}`);
    else await rm(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      for (const child of children) stop(child);
      await cleanUp();
      process.exit(130);
    });
  }
  let status = 1;
  try {
    await mkdir(copy);
    console.log(`test:growth: copied ${await copyProject(copy)} files into ${copy}`);
    console.log(`test:growth: added the example of ${await addExample(copy)}`);
    console.log(`test:growth: added ${await addListOperation(copy)}`);
    const theirs = [];
    for (const file of (await readdir(FOREIGN)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
      theirs.push(...(await addDocument(copy, join(FOREIGN, file), 'Foreign', work)));
      console.log(`test:growth: added test/fixtures/foreign/${file}`);
    }
    console.log(`test:growth: recorded their ${await ignoreTheirLintProblems(copy, theirs)} lint problems in .redocly.lint-ignore.yaml`);
    status = await npm(copy, 'build', deadline, children);
    if (status === 0 && !args.includes('--no-test')) status = await npm(copy, 'test', deadline, children);
  } catch (error) {
    console.error(`test:growth: ${error instanceof Error ? error.message : error}`);
  } finally {
    await cleanUp();
  }
  const took = Math.round((Date.now() - started) / 1000);
  console.log(`test:growth: ${status === 0 ? 'passed' : 'FAILED'} in ${Math.floor(took / 60)} min ${took % 60} s`);
  process.exitCode = status === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
