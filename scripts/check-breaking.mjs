// Fails when the spec breaks consumers of the last released version without a major version bump.
// Breaking changes come from two sources:
// - Optic's breaking-change checks (removed operations, properties and responses, new required
//   request properties, changed types, removed enum values…);
// - the constraint rules below, for what Optic does not flag: a request limit that tightens
//   (maxLength, maxItems, maximum, minimum…, pattern, format, additionalProperties, types, enum)
//   or a response limit that loosens, since consumers rely on it when they read.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const RELEASED = 'openapi/released';
const opticBin = fileURLToPath(new URL('../node_modules/@useoptic/optic/build/index.js', import.meta.url));

/** Optic's failed checks, one line each. */
async function opticFindings(base, head) {
  const dir = await mkdtemp(join(tmpdir(), 'contacts-breaking-'));
  try {
    await Promise.all([writeFile(join(dir, 'base.json'), JSON.stringify(base)), writeFile(join(dir, 'head.json'), JSON.stringify(head))]);
    const env = { ...process.env, OPTIC_TELEMETRY_LEVEL: 'off', NO_COLOR: '1' };
    const { stdout } = await promisify(execFile)(process.execPath, [opticBin, 'diff', 'base.json', 'head.json', '--check'], { cwd: dir, env }).catch((e) => {
      if (e.code !== 1) throw new Error(`optic failed (${e.code}): ${e.stderr}`);
      return e;
    });
    return [...stdout.matchAll(/^\s*x \[(.+?)\] (.+)$/gm)].map(([, rule, message]) => `optic: ${rule}: ${message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// How each limit moves: 'max' limits tighten when they fall or appear, 'min' limits when they rise or appear.
const LIMITS = { maxLength: 'max', maxItems: 'max', maximum: 'max', exclusiveMaximum: 'max', minLength: 'min', minItems: 'min', minimum: 'min', exclusiveMinimum: 'min' };

/** Each way the schema at `path` got tighter or looser, as { path, change, what }. */
function schemaChanges(base, head, rb, rh, path, out = []) {
  base = rb(base) ?? {};
  head = rh(head) ?? {};
  const note = (change, what) => out.push({ path, change, what });
  for (const [keyword, kind] of Object.entries(LIMITS)) {
    const [a, b] = [base[keyword], head[keyword]];
    if (a === b) continue;
    const tighter = a === undefined || (b !== undefined && (kind === 'max' ? b < a : b > a));
    note(tighter ? 'tightened' : 'loosened', `${keyword} ${a ?? 'none'} → ${b ?? 'none'}`);
  }
  for (const keyword of ['pattern', 'format']) {
    if (base[keyword] === head[keyword]) continue;
    // A new or changed pattern can refuse values the old one took; a removed one, accept new values.
    if (head[keyword] !== undefined) note('tightened', `${keyword} ${base[keyword] ?? 'none'} → ${head[keyword]}`);
    if (base[keyword] !== undefined) note('loosened', `${keyword} ${base[keyword]} → ${head[keyword] ?? 'none'}`);
  }
  compareSets(base.type, head.type, 'type', note);
  compareSets(base.enum, head.enum, 'enum', note);
  const [required, nowRequired] = [base.required ?? [], head.required ?? []];
  for (const name of nowRequired.filter((n) => !required.includes(n))) note('tightened', `${name} became required`);
  for (const name of required.filter((n) => !nowRequired.includes(n))) note('loosened', `${name} is no longer required`);
  for (const name of Object.keys(base.properties ?? {}).filter((n) => !head.properties?.[n])) {
    // Readers lose the property; senders, where unknown properties are refused, can no longer send it.
    note('loosened', `property ${name} removed`);
    if (head.additionalProperties === false) note('tightened', `property ${name} removed`);
  }
  if (base.additionalProperties !== false && head.additionalProperties === false) note('tightened', 'additionalProperties → false');
  if (base.additionalProperties === false && head.additionalProperties !== false) note('loosened', 'additionalProperties false → allowed');
  for (const name of Object.keys(head.properties ?? {})) {
    if (base.properties?.[name]) schemaChanges(base.properties[name], head.properties[name], rb, rh, `${path}/${name}`, out);
  }
  if (base.items && head.items) schemaChanges(base.items, head.items, rb, rh, `${path}/items`, out);
  return out;
}

/** Values gone from a set tighten it (fewer accepted); new values loosen it. */
function compareSets(a, b, keyword, note) {
  if (a === undefined || b === undefined) return;
  const [before, after] = [[a].flat(), [b].flat()];
  const gone = before.filter((v) => !after.includes(v));
  const added = after.filter((v) => !before.includes(v));
  if (gone.length) note('tightened', `${keyword} lost ${JSON.stringify(gone)}`);
  if (added.length) note('loosened', `${keyword} gained ${JSON.stringify(added)}`);
}

/** The constraint rules' findings for every operation both specs have. */
function ruleFindings(base, head) {
  const resolver = (spec) => (node) => {
    for (let i = 0; node?.$ref && i < 20; i++) node = node.$ref.slice(2).split('/').reduce((n, k) => n?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
    return node;
  };
  const [rb, rh] = [resolver(base), resolver(head)];
  const findings = [];
  const breaking = (side) => (c) => (side === 'request' ? c.change === 'tightened' : c.change === 'loosened');
  for (const [url, item] of Object.entries(head.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const old = base.paths?.[url]?.[method];
      if (!old || typeof op !== 'object' || !op.responses) continue;
      const where = `${method.toUpperCase()} ${url}`;
      const pairs = [];
      const params = (o, i, r) => [...(i.parameters ?? []), ...(o.parameters ?? [])].map(r);
      for (const p of params(op, item, rh)) {
        const q = params(old, base.paths[url], rb).find((x) => x.name === p.name && x.in === p.in);
        if (q) pairs.push(['request', `${where} ${p.in} ${p.name}`, q.schema, p.schema]);
      }
      for (const [type, media] of Object.entries(rh(op.requestBody)?.content ?? {})) {
        const oldMedia = rb(old.requestBody)?.content?.[type];
        if (oldMedia) pairs.push(['request', `${where} request ${type}`, oldMedia.schema, media.schema]);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(rh(response)?.content ?? {})) {
          const oldMedia = rb(old.responses?.[status])?.content?.[type];
          if (oldMedia) pairs.push(['response', `${where} ${status} ${type}`, oldMedia.schema, media.schema]);
        }
      }
      for (const [side, label, a, b] of pairs) {
        for (const c of schemaChanges(a, b, rb, rh, '').filter(breaking(side))) findings.push(`rule: ${label} ${c.path || '(body)'}: ${c.what} (${c.change} ${side})`);
      }
    }
  }
  return findings;
}

/** Every breaking change from `base` to `head`, Optic's first. */
export async function breakingChanges(base, head) {
  return [...(await opticFindings(base, head)), ...ruleFindings(base, head)];
}

/** The newest released spec in openapi/released/, by semantic version. */
async function lastReleased() {
  const versions = (await readdir(RELEASED)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const key = (v) => v.split('.').map(Number);
  versions.sort((a, b) => key(a).reduce((d, n, i) => d || n - key(b)[i], 0));
  const version = versions.at(-1);
  if (!version) throw new Error(`no released spec in ${RELEASED}/`);
  return { version, spec: JSON.parse(await readFile(join(RELEASED, `${version}.json`), 'utf8')) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const released = await lastReleased();
  const head = JSON.parse(await readFile('generated/openapi.json', 'utf8'));
  const version = head.info.version;
  const findings = await breakingChanges(released.spec, head);
  const major = (v) => Number(v.split('.')[0]);
  console.log(`comparing ${version} with the last release, ${released.version}: ${findings.length} breaking change(s)`);
  for (const f of findings) console.log(`  ${f}`);
  if (findings.length > 0 && major(version) <= major(released.version)) {
    console.error(`breaking changes need a major version: bump info.version in openapi/openapi.yaml to ${major(released.version) + 1}.0.0`);
    process.exitCode = 1;
  }
}
