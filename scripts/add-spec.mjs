// npm run add:spec -- FILE [--prefix NAME] [--fixes FIXES.json]: adopts a published OpenAPI 3.1 document (YAML or
// JSON) into openapi/ the way docs/maintaining.md lays a spec out, and records the document's own lint problems in
// .redocly.lint-ignore.yaml, so that `npm run build` judges the toolchain and not their style. npm run test:growth
// and the bench's scale measures add documents with it too.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs, promisify } from 'node:util';
import { parseYaml } from '@redocly/openapi-core';
import { isCollection, parse, parseDocument, stringify } from 'yaml';
import { escapeToken, METHODS } from './codegen/spec.mjs';

const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const ROOT_SPEC = 'openapi/openapi.yaml';
const IGNORE_FILE = '.redocly.lint-ignore.yaml';
const USAGE = 'usage: npm run add:spec -- FILE [--prefix NAME] [--fixes FIXES.json]';
/** Runs a command to its end, within ten minutes: Redocly lints a document of 300 operations in about one. */
const run = (command, args, options) => promisify(execFile)(command, args, { timeout: 600_000, maxBuffer: 1 << 28, ...options });
const unescape = (s) => s.replaceAll('~1', '/').replaceAll('~0', '~');

// ---- Editing a YAML file with its layout and comments kept (every file of openapi/ reads back as it was written).

/** Whether a YAML text has the key `keys` (a path of keys, e.g. ['components', 'securitySchemes']). */
export const hasKey = (text, keys) => parseDocument(text).hasIn(keys);

/**
 * Adds `value` at the end of the block `keys` of a YAML text: a map's entries, or a sequence's items. The blocks it
 * lacks are created at the end of their parent.
 */
export function appendUnder(text, keys, value) {
  const doc = parseDocument(text);
  let node = doc.getIn(keys, true);
  if (!isCollection(node)) doc.setIn(keys, (node = doc.createNode(Array.isArray(value) ? [] : {})));
  node.flow = false;
  if (Array.isArray(value)) for (const item of value) node.add(doc.createNode(item));
  else for (const [key, item] of Object.entries(value)) node.add(doc.createPair(key, item));
  return doc.toString({ lineWidth: 0 });
}

/** Sets the value at a JSON Pointer of the document (null deletes it): a place where it is not valid OpenAPI 3.1 as published. */
function fix(spec, pointer, value) {
  const keys = pointer.slice(1).split('/').map(unescape);
  const last = keys.pop();
  const parent = keys.reduce((node, key) => (node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? node[key] : undefined), spec);
  if (parent === null || typeof parent !== 'object' || !Object.hasOwn(parent, last)) throw new Error(`the fix of ${pointer} finds nothing there: the document is not the one the fixes were written for`);
  if (value === null && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (value === null) delete parent[last];
  else parent[last] = value;
}

/** Names of components of `kind` in use: the project's, and those of the fixtures its tests add to copies of it. */
async function takenNames(dir, kind) {
  const files = (await Promise.all(['openapi', 'test/fixtures'].map((d) => readdir(join(dir, d), { recursive: true }).catch(() => [])))).flat();
  const inKind = files.filter((f) => f.split('/').at(-2) === kind && f.split('/').at(-3) === 'components');
  return new Set(inKind.map((f) => f.split('/').at(-1).replace(/\.(ya?ml|json)$/, '')));
}

/**
 * Adds every path, webhook and component of a published document the way the project lays them out: a path file per
 * path under paths/ (its URL, `/` as `_`), a file per component under components/<kind>/, a file per webhook under
 * webhooks/, and a `$ref` per path, webhook and security scheme in the root. A component whose name is taken is
 * renamed `${prefix}${name}`, and so is every use of it; the document's root `security` goes onto its operations that
 * have none, and its tags into the root's.
 */
export async function addDocument(dir, file, { prefix = 'Foreign', fixes = [], work }) {
  // Redocly, the project's reader of OpenAPI, bundles the document into one JSON; from a folder without the project's config.
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const json = join(work, `${basename(file)}.json`);
  await run(process.execPath, [redoclyBin, 'bundle', resolve(file), '--ext', 'json', '-o', json], { cwd: work }).catch((error) => {
    throw new Error(`Redocly cannot read ${file} as OpenAPI: ${`${error.stderr}`.trim().split('\n').at(-1) || error.message}`);
  });
  const spec = JSON.parse(await readFile(json, 'utf8'));
  for (const [pointer, value] of fixes) fix(spec, pointer, value);
  if (!/^3\.1\.\d+$/.test(String(spec.openapi))) throw new Error(`${file} is OpenAPI ${spec.openapi ?? '(no version)'}; the project holds OpenAPI 3.1 only`);
  const api = join(dir, 'openapi');
  // Null-prototype maps: a name is any string, `__proto__` included.
  const rename = Object.create(null);
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    const taken = await takenNames(dir, kind);
    rename[kind] = Object.create(null);
    for (const name of Object.keys(map)) {
      const target = taken.has(name) ? `${prefix}${name}` : name;
      if (taken.has(target)) throw new Error(`${file}: components/${kind}/${target} is taken too`);
      rename[kind][name] = target;
    }
  }
  // Names come from the document: each must be one file or folder name, so that nothing lands outside its folder.
  const safe = (what, name) => {
    if (/[/\\\0]/.test(name) || name === '' || name === '.' || name === '..') throw new Error(`${file}: the ${what} ${JSON.stringify(name)} cannot be a file name`);
    return name;
  };
  const fileOf = (kind, name) => join(api, 'components', safe('component kind', kind), `${safe('component', rename[kind]?.[name] ?? name)}.yaml`);
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
  // Every file is made and checked before any is written: a document refused leaves the project as it was.
  const files = new Map();
  const write = (target, value) => {
    if (existsSync(target) || files.has(target)) throw new Error(`${file}: ${relative(dir, target)} exists already`);
    const data = rewrite(value, target);
    // As YAML where Redocly reads it back as written (`0b101` is a string to yaml, a number to Redocly's js-yaml);
    // else as JSON, which every YAML reader reads alike.
    const text = stringify(data, { lineWidth: 0 });
    files.set(target, isDeepStrictEqual(parseYaml(text), data) ? text : `${JSON.stringify(data, null, 2)}\n`);
  };
  const places = []; // theirs in the root
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    for (const [name, value] of Object.entries(map)) write(fileOf(kind, name), value);
  }
  const before = { root: await readFile(join(dir, ROOT_SPEC), 'utf8') };
  let text = before.root;
  const ref = (key, target) => ({ [key]: { $ref: relative(api, target) } });
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (hasKey(text, ['paths', path])) throw new Error(`${file}: the project has the path ${path} already`);
    const withSecurity = Object.fromEntries(Object.entries(item).map(([m, op]) => [m, METHODS.includes(m) && spec.security && !op.security ? { ...op, security: spec.security } : op]));
    const target = join(api, 'paths', `${safe('path', path.slice(1).replaceAll('/', '_') || '_')}.yaml`);
    write(target, withSecurity);
    text = appendUnder(text, ['paths'], ref(path, target));
    places.push(`${ROOT_SPEC}#/paths/${escapeToken(path)}`);
  }
  for (const [name, item] of Object.entries(spec.webhooks ?? {})) {
    if (hasKey(text, ['webhooks', name])) throw new Error(`${file}: the project has the webhook ${name} already`);
    const target = join(api, 'webhooks', `${safe('webhook', name)}.yaml`);
    write(target, item);
    text = appendUnder(text, ['webhooks'], ref(name, target));
    places.push(`${ROOT_SPEC}#/webhooks/${escapeToken(name)}`);
  }
  for (const name of Object.keys(spec.components?.securitySchemes ?? {})) {
    const target = rename.securitySchemes[name];
    if (hasKey(text, ['components', 'securitySchemes', target])) throw new Error(`${file}: the project has the security scheme ${target} already`);
    text = appendUnder(text, ['components', 'securitySchemes'], ref(target, fileOf('securitySchemes', name)));
    places.push(`${ROOT_SPEC}#/components/securitySchemes/${escapeToken(target)}`);
  }
  for (const tag of spec.tags ?? []) {
    const tags = parse(text).tags ?? [];
    if (tags.some((t) => t.name === tag.name)) continue;
    places.push(`${ROOT_SPEC}#/tags/${tags.length}`);
    text = appendUnder(text, ['tags'], [tag]);
  }
  const written = [];
  try {
    for (const [target, content] of files) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content, { flag: 'wx' });
      written.push(relative(dir, target));
    }
    await writeFile(join(dir, ROOT_SPEC), text);
  } catch (error) {
    await undo(dir, written, before);
    throw error;
  }
  return [...written, ...places];
}

/** Takes an adoption back: removes the files it wrote, and restores the root (and the lint ignore file) as they were. */
export async function undo(dir, theirs, saved) {
  for (const file of theirs.filter((place) => !place.includes('#'))) await rm(join(dir, file), { force: true });
  await writeFile(join(dir, ROOT_SPEC), saved.root);
  if (!('ignore' in saved)) return;
  if (saved.ignore === undefined) await rm(join(dir, IGNORE_FILE), { force: true });
  else await writeFile(join(dir, IGNORE_FILE), saved.ignore);
}

/**
 * Records the published documents' own lint problems in .redocly.lint-ignore.yaml, Redocly's way of adopting a spec,
 * so that the build judges the toolchain and not their style. `theirs` holds their files, and the places of the root
 * that are theirs (file#pointer); a problem anywhere else, not recorded before, fails. Returns how many there are.
 */
export async function ignoreTheirLintProblems(dir, theirs) {
  const file = join(dir, IGNORE_FILE);
  const recorded = async () => {
    const ignore = parse(await readFile(file, 'utf8').catch(() => '')) ?? {};
    // Redocly writes it as file, then rule, then the pointers of the problems.
    return Object.entries(ignore).flatMap(([source, rules]) => Object.values(rules).flat().map((pointer) => `${source}${pointer}`));
  };
  const before = new Set(await recorded());
  // It exits 1 when it finds problems, which is what it is run for; anything else is its failure.
  await run(process.execPath, [redoclyBin, 'lint', '--generate-ignore-file'], { cwd: dir }).catch((error) => {
    if (error.code !== 1) throw new Error(`Redocly lint failed: ${`${error.stderr}`.trim().split('\n').at(-1) || error.message}`);
  });
  const added = (await recorded()).filter((problem) => !before.has(problem));
  const ours = added.filter((p) => !theirs.some((t) => p === t || p.startsWith(t.includes('#') ? `${t}/` : `${t}#`)));
  if (ours.length) throw new Error(`lint problems outside the added documents: ${ours.join(', ')}; npm run lint:spec says what they are`);
  return added.length;
}

/** The fixes of a fixes file: `{ "fixes": [[JSON Pointer, value or null], …] }`. */
async function fixesIn(path) {
  if (!existsSync(path)) throw new Error(`no such file: ${path}`);
  let fixes;
  try {
    fixes = JSON.parse(await readFile(path, 'utf8'))?.fixes;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${error.message}`);
  }
  const valid = Array.isArray(fixes) && fixes.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === 'string' && f[0].startsWith('/'));
  if (!valid) throw new Error(`${path} must hold { "fixes": [[JSON Pointer, value or null to delete], …] }`);
  return fixes;
}

async function main() {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { prefix: { type: 'string', default: 'Foreign' }, fixes: { type: 'string' } } });
    if (args.positionals.length !== 1) throw new Error(args.positionals.length ? `one document at a time, not ${args.positionals.length}` : 'the document to add is missing');
  } catch (error) {
    console.error(`add:spec: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  // Paths are the user's: from where `npm run` was typed (npm runs scripts from the project's root).
  const from = process.env['npm_lifecycle_event'] === 'add:spec' ? (process.env['INIT_CWD'] ?? '.') : '.';
  const [given] = args.positionals;
  const dir = process.cwd();
  if (!existsSync(join(dir, ROOT_SPEC))) {
    console.error(`add:spec: run it in the project's folder, which holds ${ROOT_SPEC}`);
    process.exit(2);
  }
  const work = await mkdtemp(join(tmpdir(), 'contacts-add-spec-'));
  const before = { root: await readFile(join(dir, ROOT_SPEC), 'utf8'), ignore: await readFile(join(dir, IGNORE_FILE), 'utf8').catch(() => undefined) };
  let theirs;
  try {
    const fixes = args.values.fixes ? await fixesIn(relative(dir, resolve(from, args.values.fixes))) : [];
    theirs = await addDocument(dir, relative(dir, resolve(from, given)), { prefix: args.values.prefix, fixes, work });
    const problems = await ignoreTheirLintProblems(dir, theirs);
    console.log(`add:spec: added ${given} (${theirs.length} files and places of the root); its ${problems} lint problems are recorded in ${IGNORE_FILE}`);
  } catch (error) {
    // Nothing of it stays: the project is as it was.
    if (theirs) await undo(dir, theirs, before);
    console.error(`add:spec: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
