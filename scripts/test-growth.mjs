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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { addDocument, appendUnder, ignoreTheirLintProblems } from './add-spec.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FOREIGN = join(root, 'test/fixtures/foreign');
const ROOT_SPEC = 'openapi/openapi.yaml';
// The whole suite takes 3 to 10 minutes on two shared cores; a hung server or browser must not hold CI for longer.
const LIMIT_MS = 30 * 60_000;
/** Runs a command to its end, within two minutes. */
const run = (command, args, options) => promisify(execFile)(command, args, { timeout: 120_000, maxBuffer: 1 << 26, ...options });

/** Merges a fragment of the root (top-level keys, each a map or a sequence) into the root's own blocks. */
function mergeIntoRoot(text, fragment) {
  for (const [key, value] of Object.entries(parse(fragment) ?? {})) {
    if (value === null || typeof value !== 'object') throw new Error(`"${key}": a fragment of the root must hold blocks (key:, then entries)`);
    text = appendUnder(text, [key], value);
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
  const status = { type: 'string', readOnly: true, enum: ['active', 'archived'], description: 'Whether the contact is in use; the server sets it.' };
  await writeFile(contact, appendUnder(await readFile(contact, 'utf8'), ['properties'], { status }));
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
      theirs.push(...(await addDocument(copy, join(FOREIGN, file), { work })));
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
