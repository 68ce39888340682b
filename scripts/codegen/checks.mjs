// One-pass checks: each reads every value once, reports where it breaks the schema (as Ajv2020 would report it on
// the JSON the value makes), and writes that JSON text as it goes: the very bytes that were judged are the ones
// sent, whatever getters, proxies or toJSON the original has. A schema with a keyword they do not compile is
// judged by Ajv2020 instead, on the parse of the text JSON.stringify writes.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { deref, escapeToken, jsonMedia, judgedMedia, located } from './spec.mjs';
import { Shapes } from './shapes.mjs';
import { ident, paramsSchema } from './validators.mjs';

class Unsupported extends Error {}

// 2020-12 keywords the checks do not compile: a schema that uses one is judged by Ajv2020. Any other keyword is
// an annotation, as Ajv2020 reads it.
const UNCOMPILED = new Set(['prefixItems', 'contains', 'minContains', 'maxContains', 'uniqueItems', 'patternProperties', 'dependentRequired', 'dependentSchemas', 'dependencies', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems', '$dynamicRef', '$dynamicAnchor', '$anchor', '$id']);
// Keywords that judge a value as a whole: judged on the parse of the JSON the value makes, so that each part reads
// plain data, and the value itself is still read once.
const WHOLE = ['allOf', 'anyOf', 'oneOf', 'not'];

const COMPILED = new Set(['type', 'enum', 'const', 'maxLength', 'minLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'items', 'maxItems', 'minItems', 'properties', 'required', 'additionalProperties', 'maxProperties', 'minProperties', 'propertyNames', '$ref', ...WHOLE]);
const KINDS = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];
const LOCATIONS = ['path', 'query', 'header', 'cookie'];

/**
 * checks.ts (`code`): for each operation, the check of its parameters by location, its body (and items), and each
 * declared response body; and `fallbacks`, the names of the ajv validators it imports from validators.ts.
 */
export function checks(request, response, ops, hooks, spec) {
  // Request bodies are written as they are judged; parameters and answers are only judged (their text is '').
  // Verdicts judge as checks do but write no text: parameters, and for validateContacts, Standard Schema and the fake.
  // Answers are judged as verdicts are, so that a schema the same in both directions has one check.
  const verdicts = new Compiler(bothDirections(request, response), 'vfy', false);
  const requests = new Compiler(request, 'req', true, verdicts);
  const fallbacks = new Set();
  const pick = (compiler, schema, validator) => {
    const name = compiler.tryCompile(schema);
    if (name) return name;
    fallbacks.add(validator);
    return `/* @__PURE__ */ fallback(${validator})`;
  };
  // readOnly and writeOnly, read from the spec itself: the direction copies made those properties anything.
  const readOnly = new Shapes(spec, 'readOnly', 'ro');
  const writeOnly = new Shapes(spec, 'writeOnly', 'wo');
  /** The check of the schema at `pointer`, refusing readOnly properties in requests, dropping writeOnly ones from answers. */
  const checkAt = (compiler, pointer, validator, answer = false) => {
    const check = pick(compiler, { $ref: `#${answer ? ANSWERS : ''}${pointer}` }, validator);
    const tree = (answer ? writeOnly : readOnly).of({ $ref: `#${pointer}` });
    return tree ? `/* @__PURE__ */ ${answer ? 'dropping' : 'guard'}(${check}, ${tree})` : check;
  };
  // The verdicts of request bodies (validateContacts, the fake) are judged most often: compiled first and fast, so that
  // every schema they reach is; what only parameters, answers, components or webhooks reach is compiled small.
  verdicts.fast = true;
  const bodies = ops.flatMap((o) => {
    const media = o.body && jsonMedia(o.body.content);
    if (!media) return [];
    const { pointer } = located(request, `${o.body.pointer}/content/${escapeToken(media)}/schema`);
    return [{ id: o.id, check: checkAt(verdicts, pointer, `${ident(o.id)}$body`) }];
  });
  verdicts.fast = false;
  const rows = ops.map((o) => {
    const entry = [];
    for (const location of LOCATIONS) {
      const params = o.params.filter((p) => p.in === location);
      if (params.length) entry.push(`${location}: ${pick(verdicts, paramsSchema(params, '#'), `${ident(o.id)}$${location}`)}`);
    }
    const media = o.body && jsonMedia(o.body.content);
    if (media) {
      const body = located(request, `${o.body.pointer}/content/${escapeToken(media)}/schema`);
      entry.push(`body: ${checkAt(requests, body.pointer, `${ident(o.id)}$body`)}`);
      if (body.node?.type === 'array' && body.node.items) entry.push(`items: ${checkAt(requests, `${body.pointer}/items`, `${ident(o.id)}$items`)}`);
    }
    // Forms and text are judged as given, and written by the engine in their media type.
    const judged = o.body ? judgedMedia(o.body.content) : [];
    if (judged.length) {
      const each = judged.map((type, i) => `${JSON.stringify(type)}: ${checkAt(verdicts, located(request, `${o.body.pointer}/content/${escapeToken(type)}/schema`).pointer, `${ident(o.id)}$media${i}`)}`);
      entry.push(`media: { ${each.join(', ')} }`);
    }
    const answers = o.responses.flatMap((r) => {
      const type = jsonMedia(r.content);
      if (!type || !r.content[type].schema) return [];
      const { pointer } = located(response, `${r.pointer}/content/${escapeToken(type)}/schema`);
      return [`${JSON.stringify(r.status)}: ${checkAt(verdicts, pointer, `${ident(o.id)}$${r.status}`, true)}`];
    });
    entry.push(`responses: { ${answers.join(', ')} }`);
    return `/** ${o.id}'s checks. */\nexport const judges$${ident(o.id)} = { ${entry.join(', ')} };`;
  });
  // Each component, as a request carries it: for Standard Schema.
  const components = Object.keys(request.components?.schemas ?? {}).map(
    (name) => `  ${JSON.stringify(name)}: ${checkAt(verdicts, `/components/schemas/${escapeToken(name)}`, `component$${ident(name)}`)},`,
  );
  // Each webhook's payload, as its receiver gets it: for Standard Schema.
  const webhooks = hooks.map(({ name, pointer }) => `  ${JSON.stringify(name)}: ${checkAt(verdicts, located(request, pointer).pointer, `webhook$${ident(name)}`)},`);
  const compilers = [verdicts, requests];
  const helpers = new Set(compilers.flatMap((c) => [...c.imports]));
  const imports = [
    ...(fallbacks.size ? [`import { ${[...fallbacks].join(', ')} } from './validators.js';`] : []),
    ...(helpers.has('deepEqual') ? ["import deepEqual from 'fast-deep-equal';"] : []),
    ...(helpers.has('fullFormats') ? ["import { fullFormats } from 'ajv-formats/dist/formats.js';"] : []),
  ].map((line) => `${line}\n`).join('');
  const functions = compilers.flatMap((c) => c.functions).filter(Boolean).join('\n');
  const table = rows.join('\n');
  const code = `// @ts-nocheck -- generated checks; src/engine/validation.ts types their surface.
${imports}${compilers.flatMap((c) => [...c.constants, ...(c.tables ? [`const ${c.prefix}Props = [];`] : [])]).join('\n')}
${runtime(`${functions}\n${table}\n${bodies.map((b) => b.check).join('\n')}\n${components.join('\n')}\n${webhooks.join('\n')}`)}
${[functions, readOnly.code, writeOnly.code].filter(Boolean).join('\n')}

${table}

/** Each operation's checks; an ajv fallback where a schema uses a keyword they do not compile. */
export const checks = {
${ops.map((o) => `  ${JSON.stringify(o.id)}: judges$${ident(o.id)},`).join('\n')}
};

/** Each operation's request body verdict: what its check finds, with no text written. */
${bodies.map(({ id, check }) => `/** ${id}'s body verdict. */\nexport const verdict$${ident(id)} = ${check};`).join('\n')}
export const bodyVerdicts = {
${bodies.map(({ id }) => `  ${JSON.stringify(id)}: verdict$${ident(id)},`).join('\n')}
};

/** Each component schema's verdict, as a request body would carry it. */
export const componentVerdicts = {
${components.join('\n')}
};

/** Each webhook payload's verdict. */
export const webhookVerdicts = {
${webhooks.join('\n')}
};
`;
  return { code, fallbacks };
}

/** A list of arguments, the undefined ones at its end left out. */
const args = (list) => list.map((x) => x ?? 'undefined').join(', ').replace(/(, undefined)+$/, '');

// Where bothDirections() puts the answers' copy of the spec.
const ANSWERS = '/x-answers';

/**
 * The request copy of the spec, with the response copy under ANSWERS, whose $refs lead to the request copy's
 * components wherever a component and all it refers to are the same in both directions (no format, no readOnly
 * or writeOnly property): the checks of those are shared.
 */
function bothDirections(request, response) {
  const [mine, theirs] = [request.components?.schemas ?? {}, response.components?.schemas ?? {}];
  const prefix = '#/components/schemas/';
  const nameOf = (token) => token.replaceAll('~1', '/').replaceAll('~0', '~');
  const refs = Object.fromEntries(Object.entries(theirs).map(([name, node]) => [name, [...JSON.stringify(node).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(([, token]) => nameOf(token))]));
  const differ = new Set(Object.keys(theirs).filter((name) => JSON.stringify(theirs[name]) !== JSON.stringify(mine[name])));
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of Object.keys(theirs)) {
      if (!differ.has(name) && refs[name].some((ref) => differ.has(ref))) grew = differ.add(name);
    }
  }
  const lead = (ref) => (ref.startsWith(prefix) && !differ.has(nameOf(ref.slice(prefix.length))) ? ref : `#${ANSWERS}${ref.slice(1)}`);
  const copy = JSON.parse(JSON.stringify(response), (key, value) => (key === '$ref' && typeof value === 'string' && value.startsWith('#') ? lead(value) : value));
  return { ...request, [ANSWERS.slice(1)]: copy };
}

// Shared by the checks: JSON.stringify's treatment of toJSON and boxed primitives, code points, issues as ajv
// writes them, and the text of values no schema describes. Only the helpers the checks call are written.
const RUNTIME = `function prep(v, k) {
  if (typeof v.toJSON === 'function') v = v.toJSON(k === undefined ? '' : '' + k);
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
  // Plain objects and arrays, the common case, cannot be boxed primitives.
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === Array.prototype) return v;
  if (v instanceof Number) return +v;
  if (v instanceof String) return '' + v;
  if (v instanceof Boolean) return v.valueOf();
  return v;
}
// JSON.stringify of a string: most need no escape, and quoting them is twice as fast as the call.
function str(v) { return unsafe.test(v) ? JSON.stringify(v) : '"' + v + '"'; }
const unsafe = /["\\\\\\u0000-\\u001f\\ud800-\\udfff]/;
function len(s) { let n = 0; for (const _ of s) n++; return n; }
// A path is a JSON Pointer, or { p, k }: its parent's path and its key, written out only when an issue is found.
function at(path, k) {
  if (typeof path !== 'string') path = at(path.p, path.k);
  if (k === undefined) return path;
  return typeof k === 'number' || !/[~/]/.test(k) ? path + '/' + k : path + '/' + k.replaceAll('~', '~0').replaceAll('/', '~1');
}
function bad(s, path, k, keyword, params) { found(s, { instancePath: at(path, k), keyword, params }); }
// At s.max issues, the next one stops the check: the state is thrown, for judge() to catch. A body of a million
// wrong items costs s.max issues, not a million, and the items past them are not read.
function found(s, issue) {
  if (s.issues.length >= s.max) { s.more = true; throw s; }
  s.issues.push(issue);
}
function any(v) { return JSON.stringify(v); }
function extra(v, key, s, path) {
  const text = JSON.stringify(v);
  if (text !== undefined) bad(s, path, undefined, 'additionalProperties', { additionalProperty: key });
  return text;
}
function guard(check, t) {
  // A request's readOnly property is reported, and the request never sent; \`t\` is a tree of shapes.mjs.
  return (v, k, s, p) => (forbid(v, t, s, p, k), check(v, k, s, p));
}
function forbid(v, t, s, p, k) {
  if (v === null || typeof v !== 'object') return;
  const here = k === undefined ? p : { p, k };
  if (Array.isArray(v)) { if (t.i) for (let i = 0; i < v.length; i++) forbid(v[i], t.i, s, here, i); }
  else if (t.p) for (const key in t.p) if (Object.hasOwn(v, key) && v[key] !== undefined) { if (t.p[key] === 1) bad(s, here, key, 'readOnly', {}); else forbid(v[key], t.p[key], s, here, key); }
  if (t.b) for (const b of t.b) forbid(v, b, s, p, k);
}
function dropping(check, t) {
  // An answer's writeOnly property is dropped from the result, once the answer is judged.
  return (v, k, s, p) => { const text = check(v, k, s, p); drop(v, t); return text; };
}
function drop(v, t) {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) { if (t.i) for (const x of v) drop(x, t.i); }
  else if (t.p) for (const key in t.p) if (Object.hasOwn(v, key)) { if (t.p[key] === 1) delete v[key]; else drop(v[key], t.p[key]); }
  if (t.b) for (const b of t.b) drop(v, b);
}
function other(v, s, path, k, type) {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (!type) return JSON.stringify(v);
  // A value of the wrong type is never sent, so its text is not written: a deep or huge one costs nothing.
  bad(s, path, k, 'type', { type });
  return 'null';
}
function never(v, k, s, p) {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  bad(s, p, k, 'false schema', {});
  return 'null';
}
// The parts of a whole judge plain data \`d\`, each in a state of its own; their issues count only where the whole
// fails. A part stops at the whole's cap, as the whole does, and has failed then: \`more\` says so, as its issues may not.
function part(check, d, k, s, p) {
  const b = { issues: [], max: s.max, more: false };
  try {
    check(d, k, b, p);
  } catch (e) {
    if (e !== b) throw e;
  }
  return b;
}
function fails(b) { return b.more || b.issues.length > 0; }
function report(s, b) {
  for (const e of b.issues) found(s, e);
  if (b.more) s.more = true;
}
function object(v, k, s, p, table, rest, names, max, min) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return props(v, k, s, p, table, rest, names, max, min);
  return other(v, s, p, k, 'object');
}
function list(v, k, s, p, check, max, min) {
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);
  if (!Array.isArray(v)) return other(v, s, p, k, 'array');
  const n = v.length, here = k === undefined ? p : { p, k };
  if (n > max) bad(s, p, k, 'maxItems', { limit: max });
  if (n < min) bad(s, p, k, 'minItems', { limit: min });
  // An item JSON drops (undefined, a function) is judged as null.
  for (let i = 0; i < n; i++) if (check(v[i], i, s, here) === undefined) check(null, i, s, here);
  return '';
}
// An object by the table of its properties' checks, writing no text: \`rest\` judges the others.
function props(v, k, s, p, [table, required], rest, names, max, min) {
  const here = k === undefined ? p : { p, k };
  let c = 0, seen;
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    if (names) names(key, s, here);
    if ((table[key] ?? rest)(v[key], key, s, here) === undefined) continue;
    c++;
    if (required.length && required.includes(key)) (seen ??= []).push(key);
  }
  for (const name of required) if (!seen?.includes(name)) bad(s, here, undefined, 'required', { missingProperty: name });
  if (c > max) bad(s, here, undefined, 'maxProperties', { limit: max });
  if (c < min) bad(s, here, undefined, 'minProperties', { limit: min });
  return '';
}
function named(key, s, p, check) {
  const b = part(check, key, undefined, s, p);
  if (!fails(b)) return;
  report(s, b);
  bad(s, p, undefined, 'propertyNames', { propertyName: key });
}
function anyOf(d, k, s, p, checks) {
  const failed = [];
  for (const check of checks) {
    const b = part(check, d, k, s, p);
    if (!fails(b)) return;
    failed.push(b);
  }
  for (const b of failed) report(s, b);
  bad(s, p, k, 'anyOf', {});
}
function oneOf(d, k, s, p, checks) {
  const failed = [], passing = [];
  checks.forEach((check, i) => { const b = part(check, d, k, s, p); if (fails(b)) failed.push(b); else passing.push(i); });
  if (passing.length === 1) return;
  for (const b of failed) report(s, b);
  bad(s, p, k, 'oneOf', { passingSchemas: passing.length ? passing.slice(0, 2) : null });
}
function not(d, k, s, p, check) {
  if (!fails(part(check, d, k, s, p))) bad(s, p, k, 'not', {});
}
function fallback(validate) {
  return (v, k, s, path) => {
    const text = JSON.stringify(v);
    if (text !== undefined && !validate(JSON.parse(text), { instancePath: at(path, k) })) {
      for (const e of validate.errors) found(s, e);
    }
    return text;
  };
}`;

/** The helpers `code` calls, and the ones they call in turn. */
function runtime(code) {
  const helpers = RUNTIME.split(/\n(?=function )/);
  const used = new Set();
  const need = (text) => {
    for (const helper of helpers) {
      const name = /^function (\w+)/.exec(helper)[1];
      // Called, or passed to a helper that calls it.
      if (!used.has(name) && new RegExp(`\\b${name}\\b(?=[(,\\])])`).test(text)) {
        used.add(name);
        need(helper);
      }
    }
  };
  need(code);
  return helpers.filter((helper) => used.has(/^function (\w+)/.exec(helper)[1])).join('\n');
}

class Compiler {
  /**
   * `write`: whether the checks return the JSON text of what they judge, or only '' (undefined where JSON writes
   * nothing). `parts`: the compiler, writing no text, of the parts of a whole (allOf, anyOf…): itself when it writes none.
   */
  constructor(spec, prefix, write = true, parts = undefined) {
    this.deref = deref(spec);
    this.prefix = prefix;
    this.write = write;
    this.parts = parts ?? this;
    this.names = new Map();
    this.bodies = new Map();
    this.shared = new Set();
    this.count = 0;
    this.tables = 0;
    // Compile objects and arrays as switches and loops, not helper calls: for the schemas judged most often.
    this.fast = false;
    this.functions = [];
    this.constants = [];
    this.imports = new Set();
    this.journal = [];
  }

  /** The name of the schema's check, or null when some part of it does not compile. */
  tryCompile(schema) {
    const compilers = [...new Set([this, this.parts])];
    const marks = compilers.map((c) => c.mark());
    try {
      return this.check(schema);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      compilers.forEach((c, i) => c.restore(marks[i]));
      return null;
    }
  }

  /** Where the compiler is: restore() forgets what was added since, so that a schema that does not compile leaves nothing. */
  mark() {
    return [this.functions.length, this.constants.length, this.journal.length, this.count, this.tables];
  }

  restore([functions, constants, journal, count, tables]) {
    [this.functions.length, this.constants.length, this.count, this.tables] = [functions, constants, count, tables];
    for (const [collection, key] of this.journal.splice(journal)) collection.delete(key);
  }

  /** Adds to a map or set of the compiler, in the journal restore() reads. */
  remember(collection, key, value) {
    if (collection.has(key)) return;
    this.journal.push([collection, key]);
    if (collection instanceof Map) collection.set(key, value);
    else collection.add(key);
  }

  /** A module-level constant; a `new RegExp` is marked pure, so that bundlers drop the ones a bundle never calls. */
  constant(code, kind = 'Regex') {
    const name = `${this.prefix}${kind}${this.constants.length}`;
    this.constants.push(`const ${name} = ${code};`);
    return name;
  }

  check(schema) {
    if (schema === true || schema === undefined) return 'any';
    if (schema === false) return 'never';
    const node = this.target(schema);
    if (typeof node === 'boolean') return this.check(node);
    // Schemas that say the same (two string parameters of length 1 or more…) share one check.
    const key = JSON.stringify(node);
    if (this.names.has(key)) {
      this.remember(this.shared, this.names.get(key));
      return this.names.get(key);
    }
    const name = `${this.prefix}${this.count++}`;
    this.remember(this.names, key, name);
    const slot = this.functions.push('') - 1;
    const code = this.body(node, name);
    // Schemas that differ only in annotations make the same code: the first one's check serves, unless this one
    // was already called by its own parts (a recursive schema).
    const same = code.replace(new RegExp(`\\b${name.replace('$', '\\$')}\\b`, 'g'), '$').replace(/Props\[\d+\]/g, 'Props');
    const first = this.bodies.get(same);
    if (first && !this.shared.has(name)) {
      this.functions[slot] = '';
      this.names.set(key, first);
      return first;
    }
    this.remember(this.bodies, same, name);
    this.functions[slot] = code;
    return name;
  }

  /** Follows $refs, one at a time, while nothing but annotations stands beside one; true and false stay themselves. */
  target(schema) {
    for (let node = schema; ; node = this.deref(node.$ref)) {
      if (typeof node === 'boolean') return node;
      if (typeof node !== 'object' || node === null) throw new Unsupported('not a schema');
      const keys = Object.keys(node).filter((key) => COMPILED.has(key));
      const uncompiled = Object.keys(node).find((key) => UNCOMPILED.has(key));
      if (uncompiled) throw new Unsupported(uncompiled);
      if (!node.$ref || keys.length > 1) return node;
    }
  }

  body(s, name) {
    const values = s.const !== undefined ? [s.const] : s.enum;
    if (s.$ref !== undefined || WHOLE.some((key) => s[key] !== undefined) || values?.some((v) => v !== null && typeof v === 'object')) return this.whole(s, name, values);
    // An object or an array that writes no text: one call to a helper, the smallest code (but see `fast`).
    if (!this.write && !this.fast && values === undefined && (s.type === 'object' || s.type === 'array')) {
      if (Array.isArray(s.items)) throw new Unsupported('tuple items');
      const call = s.type === 'object' ? `object(v, k, s, p, ${this.table(s)})` : `list(v, k, s, p, ${args([this.check(s.items), s.maxItems, s.minItems])})`;
      return `function ${name}(v, k, s, p) { return ${call}; }`;
    }
    const kinds = s.type === undefined ? new Set(KINDS) : new Set([s.type].flat());
    if ([...kinds].some((k) => !KINDS.includes(k))) throw new Unsupported(`type ${s.type}`);
    if (s.const !== undefined && s.enum !== undefined) throw new Unsupported('enum and const');
    const bad = (cond, keyword, params, where = 'p, k') => `if (${cond}) bad(s, ${where}, ${JSON.stringify(keyword)}, ${JSON.stringify(params)});`;
    const enumKeyword = s.const !== undefined ? ['const', { allowedValue: s.const }] : ['enum', { allowedValues: s.enum }];
    const inEnum = (kind) => {
      if (!values) return '';
      const same = values.filter((v) => (v === null ? 'null' : typeof v) === kind);
      return bad(same.length ? same.map((v) => `v !== ${JSON.stringify(v)}`).join(' && ') : 'true', ...enumKeyword);
    };
    // One branch per kind the schema allows, each returning the value's JSON text; any other value is written as
    // JSON.stringify would, and reported.
    const branches = [];
    const out = (text) => (this.write ? text : "''");
    if (kinds.has('string')) branches.push(`if (typeof v === 'string') { ${this.stringChecks(s, bad)} ${inEnum('string')} return ${out('str(v)')}; }`);
    if (kinds.has('number') || kinds.has('integer')) {
      // As ajv does, an integer's limits are checked even when it has a fraction.
      const integer = kinds.has('number') ? '' : bad('!Number.isInteger(v)', 'type', { type: s.type });
      branches.push(`if (typeof v === 'number' && isFinite(v)) { ${integer} ${this.numberChecks(s, bad)} ${inEnum('number')} return ${out("'' + v")}; }`);
    }
    if (kinds.has('boolean')) branches.push(`if (typeof v === 'boolean') { ${inEnum('boolean')} return ${out("v ? 'true' : 'false'")}; }`);
    // JSON writes NaN and the infinities as null.
    if (kinds.has('null')) branches.push(`if (v === null || (typeof v === 'number' && !isFinite(v))) { ${inEnum('null')} return ${out("'null'")}; }`);
    if (kinds.has('array')) branches.push(`if (Array.isArray(v)) { ${values ? inEnum('array') : ''} ${this.array(s, bad)} }`);
    if (kinds.has('object')) {
      branches.push(`if (typeof v === 'object' && v !== null${kinds.has('array') ? '' : ' && !Array.isArray(v)'}) { ${values ? inEnum('object') : ''} ${this.object(s, bad)} }`);
    }
    const type = s.type === undefined ? '' : `, ${JSON.stringify(s.type)}`;
    // A value of another type breaks the enum too (as ajv says), unless the enum holds it: `type: string, enum: [a, 1]`.
    const rest = values && type ? `const t = other(v, s, p, k${type});\n  ${bad(`t !== undefined && !${JSON.stringify(values)}.includes(v)`, ...enumKeyword)}\n  return t;` : `return other(v, s, p, k${type});`;
    // prep() only matters for objects and functions (toJSON, boxed primitives): most values skip the call.
    return `function ${name}(v, k, s, p) {\n  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);\n  ${branches.join('\n  ')}\n  ${rest}\n}`;
  }

  /**
   * A schema of parts (allOf, anyOf, oneOf, not, a $ref beside keywords of its own) or of enum or const objects:
   * the value is read once, as JSON.stringify reads it, and each part judges the parse of that text.
   */
  whole(s, name, values) {
    const { allOf = [], anyOf, oneOf, not, $ref, ...own } = s;
    const objects = values?.some((v) => v !== null && typeof v === 'object');
    if (objects) delete own[s.const !== undefined ? 'const' : 'enum'];
    const part = (schema) => this.parts.check(schema);
    const all = [...($ref ? [{ $ref }] : []), ...(Object.keys(own).some((key) => COMPILED.has(key)) ? [own] : []), ...allOf];
    const calls = all.map((schema) => `${part(schema)}(d, k, s, p);`);
    if (objects) {
      this.remember(this.imports, 'deepEqual');
      const list = this.constant(JSON.stringify(values), 'Values');
      const [keyword, params] = s.const !== undefined ? ['const', `{ allowedValue: ${list}[0] }`] : ['enum', `{ allowedValues: ${list} }`];
      calls.push(`if (!${list}.some((x) => deepEqual(x, d))) bad(s, p, k, ${JSON.stringify(keyword)}, ${params});`);
    }
    if (anyOf) calls.push(`anyOf(d, k, s, p, [${anyOf.map(part).join(', ')}]);`);
    if (oneOf) calls.push(`oneOf(d, k, s, p, [${oneOf.map(part).join(', ')}]);`);
    if (not !== undefined) calls.push(`not(d, k, s, p, ${part(not)});`);
    return `function ${name}(v, k, s, p) {\n  const t = JSON.stringify(v);\n  if (t !== undefined) { const d = JSON.parse(t); ${calls.join(' ')} }\n  return ${this.write ? 't' : "t === undefined ? t : ''"};\n}`;
  }

  stringChecks(s, bad) {
    const checks = [];
    if (s.maxLength !== undefined) checks.push(bad(`v.length > ${s.maxLength} && len(v) > ${s.maxLength}`, 'maxLength', { limit: s.maxLength }));
    if (s.minLength) checks.push(bad(`v.length < ${s.minLength} || (v.length < ${2 * s.minLength} && len(v) < ${s.minLength})`, 'minLength', { limit: s.minLength }));
    if (s.pattern !== undefined) checks.push(bad(`!${this.constant(`/* @__PURE__ */ new RegExp(${JSON.stringify(s.pattern)}, "u")`)}.test(v)`, 'pattern', { pattern: s.pattern }));
    const format = this.formatOf(s, 'string');
    if (format) checks.push(bad(format, 'format', { format: s.format }));
    return checks.join(' ');
  }

  numberChecks(s, bad) {
    const checks = [];
    for (const [keyword, comparison, fails] of [['maximum', '<=', '>'], ['minimum', '>=', '<'], ['exclusiveMaximum', '<', '>='], ['exclusiveMinimum', '>', '<=']]) {
      if (s[keyword] === undefined) continue;
      if (typeof s[keyword] !== 'number') throw new Unsupported(keyword);
      checks.push(bad(`v ${fails} ${s[keyword]}`, keyword, { comparison, limit: s[keyword] }));
    }
    // As ajv writes it, with no multipleOfPrecision.
    if (s.multipleOf !== undefined) checks.push(bad(`${s.multipleOf} === 0 || v / ${s.multipleOf} !== parseInt(v / ${s.multipleOf})`, 'multipleOf', { multipleOf: s.multipleOf }));
    const format = this.formatOf(s, 'number');
    if (format) checks.push(bad(format, 'format', { format: s.format }));
    return checks.join(' ');
  }

  /** The condition under which a value of `type` breaks the schema's format, as ajv-formats asserts it; '' when there is none to assert. */
  formatOf(s, type) {
    const format = typeof s.format === 'string' && Object.hasOwn(fullFormats, s.format) ? fullFormats[s.format] : undefined;
    // An unknown format, or one ajv-formats asserts nothing of (binary, password), is an annotation.
    if (format === undefined || format === true || (format.type ?? 'string') !== type) return '';
    const test = format instanceof RegExp ? format : format.validate instanceof RegExp ? format.validate : undefined;
    if (test) return `!${this.constant(test.toString())}.test(v)`;
    this.remember(this.imports, 'fullFormats');
    return `!fullFormats[${JSON.stringify(s.format)}]${typeof format === 'function' ? '' : '.validate'}(v)`;
  }

  /** The check of an object's properties that `properties` does not name, and the check of its property names, if any. */
  others(s) {
    const rest = s.additionalProperties === false ? 'extra' : this.check(s.additionalProperties);
    return [rest, s.propertyNames === undefined || s.propertyNames === true ? undefined : this.parts.check(s.propertyNames)];
  }

  /** The arguments of props() after the path: the properties' checks and the required names, the check of the others, and the limits. */
  table(s) {
    const properties = Object.entries(s.properties ?? {}).map(([name, schema]) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: ${this.check(schema)}`);
    const [rest, names] = this.others(s);
    // Made at the first call, not when the module loads: a spec of many schemas loads faster.
    const table = `${this.prefix}Props[${this.tables++}] ??= [{ __proto__: null, ${properties.join(', ')} }, ${JSON.stringify([...new Set(s.required ?? [])])}]`;
    // named() is called only from here, so that a bundle of objects without propertyNames does not carry it.
    return args([table, rest, names && `(key, s, p) => named(key, s, p, ${names})`, s.maxProperties, s.minProperties]);
  }

  array(s, bad) {
    if (Array.isArray(s.items)) throw new Unsupported('tuple items');
    const item = this.check(s.items);
    const limits = [
      s.maxItems !== undefined ? bad(`n > ${s.maxItems}`, 'maxItems', { limit: s.maxItems }) : '',
      s.minItems !== undefined ? bad(`n < ${s.minItems}`, 'minItems', { limit: s.minItems }) : '',
    ].join(' ');
    // An item JSON drops (undefined, a function) is written, and judged, as null.
    if (!this.write) {
      return `const n = v.length, here = k === undefined ? p : { p, k }; ${limits}
      for (let i = 0; i < n; i++) if (${item}(v[i], i, s, here) === undefined) ${item}(null, i, s, here);
      return '';`;
    }
    return `const n = v.length, here = k === undefined ? p : { p, k }; ${limits}
      let o = '[';
      for (let i = 0; i < n; i++) { const t = ${item}(v[i], i, s, here); o += (i ? ',' : '') + (t === undefined ? ${item}(null, i, s, here) : t); }
      return o + ']';`;
  }

  object(s, bad) {
    const properties = Object.entries(s.properties ?? {});
    const required = [...new Set(s.required ?? [])];
    // Checks that write no text read their properties' checks from a table, the smallest code, unless `fast`: a
    // switch calls each property's check directly, twice as fast as a table's one call site that sees them all.
    if (!this.write && !this.fast) return `return props(v, k, s, p, ${this.table(s)});`;
    const [rest, nameCheck] = this.others(s);
    const extra = `${rest}(x, key, s, here)`;
    const write = (name, call) => {
      const flag = required.includes(name) ? `has${required.indexOf(name)} = true; ` : '';
      const key = JSON.stringify(name);
      const keep = this.write ? `o += (c++ ? ${JSON.stringify(`,${key}:`)} : ${JSON.stringify(`${key}:`)}) + t;` : 'c++;';
      return `case ${key}: t = ${call}; if (t !== undefined) { ${flag}${keep} } continue;`;
    };
    const cases = properties.map(([name, schema]) => write(name, `${this.check(schema)}(x, key, s, here)`));
    for (const name of required.filter((n) => !Object.hasOwn(s.properties ?? {}, n))) cases.push(write(name, extra));
    const flags = required.map((_, i) => `, has${i} = false`).join('');
    const names = nameCheck ? ` named(key, s, here, ${nameCheck});` : '';
    const after = [
      ...required.map((name, i) => bad(`!has${i}`, 'required', { missingProperty: name }, 'here, undefined')),
      s.maxProperties !== undefined ? bad(`c > ${s.maxProperties}`, 'maxProperties', { limit: s.maxProperties }, 'here, undefined') : '',
      s.minProperties !== undefined ? bad(`c < ${s.minProperties}`, 'minProperties', { limit: s.minProperties }, 'here, undefined') : '',
    ].join(' ');
    const other = this.write ? "o += (c++ ? ',' : '') + JSON.stringify(key) + ':' + t" : 'c++';
    // Own enumerable keys, in Object.keys order, as JSON.stringify reads them; each value read once. V8 answers
    // hasOwnProperty.call from for-in's own cache, three times faster than Object.hasOwn here.
    return `const here = k === undefined ? p : { p, k };
      let ${this.write ? "o = '{', " : ''}c = 0${flags};
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;${names}
        const x = v[key];
        let t;
        switch (key) { ${cases.join(' ')} default: t = ${extra}; }
        if (t !== undefined) ${other};
      }
      ${after}
      return ${this.write ? "o + '}'" : "''"};`;
  }
}
