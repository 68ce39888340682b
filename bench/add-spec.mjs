// Adds every path, webhook and component of another OpenAPI 3.1 document to the project's openapi/, the way the
// README's "Adding an operation" says: one path file per path under paths/ (URL with `/` as `_`), each component in its
// own file under components/<kind>/, a webhook per file under webhooks/, and a `$ref` per path, webhook and security
// scheme in the root. Run it in a throwaway copy of the project, never in your checkout. A copy of the shared tool
// that try-spec runs, so that the bench's scale measures (bench.mjs) run wherever the project is checked out.
//
// Nothing is left out. The only changes:
//   1. A component whose name the project already uses for that kind is renamed PREFIX<Name>; every $ref follows.
//   2. The document's root `security` is copied onto its operations that have none of their own.
//   3. Its tags are added to the root's `tags`; its other root keys (info, servers, x-*) are not carried.
//   4. FIXES (optional JSON file: [[JSON Pointer, value], ...], value null deletes): places where the document is not
//      valid OpenAPI 3.1 / JSON Schema 2020-12, each with its reason in the fixes file. No valid schema is changed.
//
// Usage: node add-spec.mjs SPEC_FILE PREFIX [FIXES_JSON] [MANIFEST]   (cwd: the copy)
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';

const [specFile, prefixArg, fixesFile, manifestFile = '.added-spec.json'] = process.argv.slice(2);
if (!specFile || !prefixArg) {
  console.error('usage: node add-spec.mjs SPEC_FILE PREFIX [FIXES_JSON] [MANIFEST]');
  process.exit(2);
}
const key = basename(specFile).replace(/\.(ya?ml|json)$/, '');
const SPECS = [{ key, prefix: prefixArg, file: specFile }];
const FIXES = { [key]: fixesFile && fixesFile !== '-' ? JSON.parse(readFileSync(fixesFile, 'utf8')).fixes.map(([p, v]) => [p, v === null ? undefined : v]) : [] };

const fail = (message) => {
  console.error(`add-spec: ${message}`);
  process.exit(1);
};

// A YAML reader and writer from the project's own dependencies, YAML 1.2 (so `09:00` and `2023-09-07` stay strings,
// as Redocly and Prism read them).
const require = createRequire(join(process.cwd(), 'package.json'));
function yamlLib() {
  const tries = [
    () => { const y = require('yaml'); return { parse: (t) => y.parse(t), stringify: (v) => y.stringify(v) }; },
    () => { const y = require('@redocly/openapi-core/lib/js-yaml/index.js'); return { parse: (t) => y.parseYaml(t), stringify: (v) => y.stringifyYaml(v, { lineWidth: -1, noRefs: true }) }; },
    () => { if (!/^[4-9]\./.test(require('js-yaml/package.json').version)) throw new Error('js-yaml 3 reads YAML 1.1'); const y = require('js-yaml'); return { parse: (t) => y.load(t), stringify: (v) => y.dump(v, { lineWidth: -1, noRefs: true }) }; },
  ];
  for (const t of tries) { try { return t(); } catch {} }
  fail('no YAML 1.2 reader (yaml, @redocly/openapi-core or js-yaml 4) in node_modules');
}
const YAML = yamlLib();
const probe = YAML.parse('a: 09:00\nb: 2023-09-07\n');
if (probe.a !== '09:00' || probe.b !== '2023-09-07') fail('the YAML reader found does not read YAML 1.2 strings as strings');

const unescape = (s) => s.replaceAll('~1', '/').replaceAll('~0', '~');
function applyFix(doc, pointer, value) {
  const keys = pointer.slice(1).split('/').map(unescape);
  const last = keys.pop();
  const parent = keys.reduce((node, k) => node?.[k], doc);
  if (parent === undefined || parent === null || !(last in parent)) fail(`fix target ${pointer} not found: the stored spec changed`);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

// The root the project lints and bundles, from redocly.yaml.
const redocly = readFileSync('redocly.yaml', 'utf8');
const rootRel = (/root:\s*(\S+)/.exec(redocly)?.[1] ?? 'openapi/openapi.yaml').replace(/^\.\//, '');
if (!existsSync(rootRel)) fail(`spec root ${rootRel} not found`);
const api = dirname(rootRel);

/** Names of components of `kind` the project already has: files under any components/<kind>/ in openapi/ or test/, and the root's own. */
const rootDoc = YAML.parse(readFileSync(rootRel, 'utf8'));
function projectNames(kind) {
  const names = new Set(Object.keys(rootDoc?.components?.[kind] ?? {}));
  const walk = (dir, depth) => {
    if (depth > 8 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (entry === kind && dirname(path).endsWith('components')) {
        for (const f of readdirSync(path)) names.add(f.replace(/\.(ya?ml|json)$/, ''));
      } else walk(path, depth + 1);
    }
  };
  walk(api, 0);
  walk('test', 0);
  return names;
}

const write = (file, value) => {
  mkdirSync(dirname(file), { recursive: true });
  const text = YAML.stringify(value);
  if (JSON.stringify(YAML.parse(text)) !== JSON.stringify(value)) fail(`${file} would not read back as written`);
  writeFileSync(file, text);
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const manifest = { renamed: {}, securitySchemes: {}, paths: [], webhooks: [], fixes: [] };
const additions = { paths: [], webhooks: [], tags: [], schemes: [] };
const taken = {}; // kind -> names in use, including what this script already wrote
const knownTags = new Set((rootDoc?.tags ?? []).map((t) => t.name));

for (const { key, prefix, file } of SPECS) {
  const spec = YAML.parse(readFileSync(file, 'utf8'));
  for (const [pointer, value] of FIXES[key]) {
    applyFix(spec, pointer, value);
    manifest.fixes.push(`${key}${pointer}`);
  }
  const rename = {};
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    taken[kind] ??= projectNames(kind);
    rename[kind] = {};
    for (const name of Object.keys(map)) {
      let target = name;
      if (taken[kind].has(name)) {
        target = `${prefix}${name}`;
        manifest.renamed[`${key}:${kind}/${name}`] = target;
      }
      if (taken[kind].has(target)) fail(`components/${kind}/${target} is taken too`);
      taken[kind].add(target);
      rename[kind][name] = target;
    }
  }
  const fileOf = (kind, name) => join(api, 'components', kind, `${rename[kind][name]}.yaml`);
  /** A deep copy of `node` with every local component $ref made relative to `from`, and security names renamed. */
  const rewrite = (node, from) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, from));
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const m = /^#\/components\/([^/]+)\/(.+)$/.exec(v);
        if (!m) fail(`unexpected $ref ${v} in ${key} (only refs to its own components are supported)`);
        let rel = relative(dirname(from), fileOf(m[1], unescape(m[2])));
        if (!rel.startsWith('.')) rel = `./${rel}`;
        out[k] = rel;
      } else if (k === 'security' && Array.isArray(v)) {
        out[k] = v.map((req) => Object.fromEntries(Object.entries(req).map(([s, scopes]) => [rename.securitySchemes?.[s] ?? s, scopes])));
      } else out[k] = rewrite(v, from);
    }
    return out;
  };
  for (const [kind, map] of Object.entries(spec.components ?? {})) {
    for (const [name, value] of Object.entries(map)) write(fileOf(kind, name), rewrite(value, fileOf(kind, name)));
  }
  for (const name of Object.keys(spec.components?.securitySchemes ?? {})) {
    const target = rename.securitySchemes[name];
    manifest.securitySchemes[`${key}:${name}`] = target;
    additions.schemes.push([target, `components/securitySchemes/${target}.yaml`]);
  }
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    if (rootDoc?.paths && path in rootDoc.paths) fail(`the project already has the path ${path}`);
    const copy = { ...item };
    for (const m of METHODS) if (copy[m] && !copy[m].security && spec.security) copy[m] = { ...copy[m], security: spec.security };
    const name = `${path.slice(1).replaceAll('/', '_')}.yaml`;
    const target = join(api, 'paths', name);
    if (existsSync(target)) fail(`paths/${name} exists already`);
    write(target, rewrite(copy, target));
    additions.paths.push([path, `paths/${name}`]);
    manifest.paths.push(path);
  }
  for (const [name, item] of Object.entries(spec.webhooks ?? {})) {
    const target = join(api, 'webhooks', `${name}.yaml`);
    if (existsSync(target)) fail(`webhooks/${name}.yaml exists already`);
    write(target, rewrite(item, target));
    additions.webhooks.push([name, `webhooks/${name}.yaml`]);
    manifest.webhooks.push(name);
  }
  for (const tag of spec.tags ?? []) if (!knownTags.has(tag.name)) { knownTags.add(tag.name); additions.tags.push(tag); }
}

// The root, edited as text, so that its layout and comments stay as they are: each addition goes at the end of its block (`paths:`, `tags:`,
// `components:` > `securitySchemes:`, `webhooks:`), and a block the root lacks is appended at the end of the file.
let text = readFileSync(rootRel, 'utf8');
const lines = text.split('\n');
const q = (s) => JSON.stringify(s);
const indentOf = (l) => /^(\s*)/.exec(l)[1].length;
const content = (l) => l.trim() !== '' && !l.trim().startsWith('#');
/** Appends entries at the end of the block opened by the line `at`, indented as its first child. */
function appendToBlock(at, build) {
  const own = indentOf(lines[at]);
  let end = lines.findIndex((l, i) => i > at && content(l) && indentOf(l) <= own && !(own === 0 && /^- /.test(l)));
  if (end < 0) end = lines.length;
  while (end - 1 > at && !content(lines[end - 1])) end--;
  const first = lines.slice(at + 1, end).find(content);
  lines.splice(end, 0, ...build(first));
}
const childIndent = (first, own) => (first !== undefined ? ' '.repeat(indentOf(first)) : ' '.repeat(own + 2));
const top = (key) => lines.findIndex((l) => new RegExp(`^${key}:\\s*$`).test(l));
function addTop(key, entries, tail) {
  const at = top(key);
  if (at >= 0) appendToBlock(at, (first) => entries(childIndent(first, 0), first));
  else {
    while (lines.length && lines.at(-1).trim() === '') lines.pop();
    lines.push(`${key}:`, ...entries('  ', undefined), ...(tail ? [''] : []));
  }
}
if (top('paths') < 0) fail(`no top-level 'paths:' block in ${rootRel}`);
addTop('paths', (ind) => additions.paths.map(([p, ref]) => `${ind}${q(p)}: {"$ref": ${q(ref)}}`));
if (additions.tags.length) {
  // A block sequence may sit at its key's own indentation (`- name`) or deeper; follow the existing items.
  addTop('tags', (ind, first) => additions.tags.map((t) => `${first && /^\s*- /.test(first) ? ' '.repeat(indentOf(first)) : ind}- ${JSON.stringify(t)}`));
}
{
  const schemes = (ind) => additions.schemes.map(([n, ref]) => `${ind}${q(n)}: {"$ref": ${q(ref)}}`);
  const comp = top('components');
  if (comp < 0) addTop('components', (ind) => [`${ind}securitySchemes:`, ...schemes(`${ind}  `)]);
  else {
    let end = lines.findIndex((l, i) => i > comp && content(l) && indentOf(l) === 0);
    if (end < 0) end = lines.length;
    const ss = lines.findIndex((l, i) => i > comp && i < end && /^\s+securitySchemes:\s*$/.test(l));
    if (ss >= 0) appendToBlock(ss, (first) => schemes(childIndent(first, indentOf(lines[ss]))));
    else appendToBlock(comp, (first) => { const ind = childIndent(first, 0); return [`${ind}securitySchemes:`, ...schemes(`${ind}${ind}`)]; });
  }
}
if (additions.webhooks.length) addTop('webhooks', (ind) => additions.webhooks.map(([n, ref]) => `${ind}${q(n)}: {"$ref": ${q(ref)}}`), true);
text = lines.join('\n');
if (!text.endsWith('\n')) text += '\n';
writeFileSync(rootRel, text);
// The root must still read as YAML, and hold what was added.
const check = YAML.parse(text);
for (const [p] of additions.paths) if (!check.paths?.[p]) fail(`root edit lost the path ${p}`);
for (const [n] of additions.webhooks) if (!check.webhooks?.[n]) fail(`root edit lost the webhook ${n}`);
for (const [n] of additions.schemes) if (!check.components?.securitySchemes?.[n]) fail(`root edit lost the security scheme ${n}`);
writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
console.log(`added ${manifest.paths.length} paths, ${manifest.webhooks.length} webhooks, ${Object.keys(manifest.securitySchemes).length} security schemes; renamed ${Object.entries(manifest.renamed).map(([a, b]) => `${a}->${b}`).join(', ') || 'nothing'}; ${manifest.fixes.length} fixes from the fixes file`);
