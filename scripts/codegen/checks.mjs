// One-pass checks: each reads every value once, reports where it breaks the schema (as Ajv2020 would report it on
// the JSON the value makes), and writes that JSON text as it goes: the very bytes that were judged are the ones
// sent, whatever getters, proxies or toJSON the original has. A schema with a keyword they do not compile is
// judged by Ajv2020 instead, on the parse of the text JSON.stringify writes.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { deref, escapeToken, jsonMedia, judgedMedia, located } from './spec.mjs';
import { Shapes } from './shapes.mjs';
import { ident, paramsSchema } from './validators.mjs';

class Unsupported extends Error {}

const COMPILED = new Set(['type', 'enum', 'const', 'maxLength', 'minLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'items', 'maxItems', 'minItems', 'properties', 'required', 'additionalProperties', 'maxProperties', 'minProperties', '$ref']);
// Keywords ajv does not validate with Prism's settings.
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'default', 'readOnly', 'writeOnly', 'deprecated', '$comment', '$id', '$schema', 'externalDocs', 'xml', 'contentMediaType', 'contentEncoding']);
// Without `type`, `nullable` is an unknown keyword in 3.1: an annotation (with one, ajv reads OpenAPI 3.0's).
const annotation = (node, key) => ANNOTATIONS.has(key) || key.startsWith('x-') || (key === 'nullable' && node.type === undefined);
const KINDS = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];
const LOCATIONS = ['path', 'query', 'header', 'cookie'];

/** checks.ts: for each operation, the check of its parameters by location, its body (and items), and each declared response body. */
export function checks(request, response, ops, hooks, spec) {
  // Request bodies are written as they are judged; parameters and answers are only judged (their text is '').
  const requests = new Compiler(request, 'req');
  const responses = new Compiler(response, 'res', false);
  // Verdicts judge as checks do but write no text: parameters, and for validateContacts, Standard Schema and the fake.
  const verdicts = new Compiler(request, 'vfy', false);
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
  const checkAt = (compiler, pointer, validator) => {
    const check = pick(compiler, { $ref: `#${pointer}` }, validator);
    const answer = compiler === responses;
    const tree = (answer ? writeOnly : readOnly).of({ $ref: `#${pointer}` });
    return tree ? `/* @__PURE__ */ ${answer ? 'dropping' : 'guard'}(${check}, ${tree})` : check;
  };
  const rows = ops.map((o) => {
    const entry = [];
    for (const location of LOCATIONS) {
      const params = o.params.filter((p) => p.in === location);
      if (params.length) entry.push(`${location}: ${pick(verdicts, paramsSchema(params, false, '#'), `${ident(o.id)}$${location}`)}`);
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
      return [`${JSON.stringify(r.status)}: ${checkAt(responses, pointer, `${ident(o.id)}$${r.status}`)}`];
    });
    entry.push(`responses: { ${answers.join(', ')} }`);
    return `/** ${o.id}'s checks. */\nexport const judges$${ident(o.id)} = { ${entry.join(', ')} };`;
  });
  const bodies = ops.flatMap((o) => {
    const media = o.body && jsonMedia(o.body.content);
    if (!media) return [];
    const { pointer } = located(request, `${o.body.pointer}/content/${escapeToken(media)}/schema`);
    return [{ id: o.id, check: checkAt(verdicts, pointer, `${ident(o.id)}$body`) }];
  });
  // Each component, as a request carries it: for Standard Schema.
  const components = Object.keys(request.components?.schemas ?? {}).map(
    (name) => `  ${JSON.stringify(name)}: ${checkAt(verdicts, `/components/schemas/${escapeToken(name)}`, `component$${ident(name)}`)},`,
  );
  // Each webhook's payload, as its receiver gets it: for Standard Schema.
  const webhooks = hooks.map(({ name, pointer }) => `  ${JSON.stringify(name)}: ${checkAt(verdicts, located(request, pointer).pointer, `webhook$${ident(name)}`)},`);
  const imports = fallbacks.size ? `import { ${[...fallbacks].join(', ')} } from './validators.js';\n` : '';
  const compilers = [requests, responses, verdicts];
  const functions = compilers.flatMap((c) => c.functions).join('\n');
  const table = rows.join('\n');
  return `// @ts-nocheck -- generated checks; src/engine/validation.ts types their surface.
${imports}${compilers.flatMap((c) => c.constants).join('\n')}
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
      if (!used.has(name) && new RegExp(`\\b${name}\\(`).test(text)) {
        used.add(name);
        need(helper);
      }
    }
  };
  need(code);
  return helpers.filter((helper) => used.has(/^function (\w+)/.exec(helper)[1])).join('\n');
}

class Compiler {
  /** `write`: whether the checks return the JSON text of what they judge, or only '' (undefined where JSON writes nothing). */
  constructor(spec, prefix, write = true) {
    this.deref = deref(spec);
    this.prefix = prefix;
    this.write = write;
    this.names = new Map();
    this.functions = [];
    this.constants = [];
  }

  /** The name of the schema's check, or null when some part of it does not compile. */
  tryCompile(schema) {
    const mark = [this.functions.length, this.constants.length, new Map(this.names)];
    try {
      return this.check(schema);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      [this.functions.length, this.constants.length] = mark;
      this.names = mark[2];
      return null;
    }
  }

  /** A module-level constant; a `new RegExp` is marked pure, so that bundlers drop the ones a bundle never calls. */
  constant(code) {
    const name = `${this.prefix}Regex${this.constants.length}`;
    this.constants.push(`const ${name} = ${code};`);
    return name;
  }

  check(schema) {
    if (schema === true || schema === undefined) return 'any';
    if (schema === false) throw new Unsupported('false schema');
    const node = this.target(schema);
    // Schemas that say the same (two string parameters of length 1 or more…) share one check.
    const key = JSON.stringify(node);
    if (this.names.has(key)) return this.names.get(key);
    const name = `${this.prefix}${this.names.size}`;
    this.names.set(key, name);
    const slot = this.functions.push('') - 1;
    this.functions[slot] = this.body(node, name);
    return name;
  }

  /** Follows $refs, one at a time, while no validating keyword stands beside one. */
  target(schema) {
    for (let node = schema; ; node = this.deref(node.$ref)) {
      if (typeof node !== 'object' || node === null) throw new Unsupported('boolean schema behind a $ref');
      for (const key of Object.keys(node)) {
        if (key === '$ref' ? false : COMPILED.has(key) ? Boolean(node.$ref) : !annotation(node, key)) {
          throw new Unsupported(key);
        }
      }
      if (!node.$ref) return node;
    }
  }

  body(s, name) {
    const kinds = s.type === undefined ? new Set(KINDS) : new Set([s.type].flat());
    if ([...kinds].some((k) => !KINDS.includes(k))) throw new Unsupported(`type ${s.type}`);
    if (s.const !== undefined && s.enum !== undefined) throw new Unsupported('enum and const');
    const values = s.const !== undefined ? [s.const] : s.enum;
    if (values?.some((v) => v !== null && typeof v === 'object')) throw new Unsupported('enum of objects');
    // Number formats (int32, double…) are asserted by ajv on numbers; the checks assert string formats only.
    if (s.format !== undefined && fullFormats[s.format]?.type === 'number') throw new Unsupported(`format ${s.format}`);
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
    // prep() only matters for objects and functions (toJSON, boxed primitives): most values skip the call.
    return `function ${name}(v, k, s, p) {\n  if (v !== null && (typeof v === 'object' || typeof v === 'function')) v = prep(v, k);\n  ${branches.join('\n  ')}\n  return other(v, s, p, k${type});\n}`;
  }

  stringChecks(s, bad) {
    const checks = [];
    if (s.maxLength !== undefined) checks.push(bad(`v.length > ${s.maxLength} && len(v) > ${s.maxLength}`, 'maxLength', { limit: s.maxLength }));
    if (s.minLength) checks.push(bad(`v.length < ${s.minLength} || (v.length < ${2 * s.minLength} && len(v) < ${s.minLength})`, 'minLength', { limit: s.minLength }));
    if (s.pattern !== undefined) checks.push(bad(`!${this.constant(`/* @__PURE__ */ new RegExp(${JSON.stringify(s.pattern)}, "u")`)}.test(v)`, 'pattern', { pattern: s.pattern }));
    if (s.format !== undefined && s.format in fullFormats) {
      const format = fullFormats[s.format];
      const regex = format instanceof RegExp ? format : format?.validate instanceof RegExp ? format.validate : undefined;
      if (regex) checks.push(bad(`!${this.constant(regex.toString())}.test(v)`, 'format', { format: s.format }));
      else if (format !== true) throw new Unsupported(`format ${s.format}`);
    }
    return checks.join(' ');
  }

  numberChecks(s, bad) {
    const checks = [];
    for (const [keyword, comparison, fails] of [['maximum', '<=', '>'], ['minimum', '>=', '<'], ['exclusiveMaximum', '<', '>='], ['exclusiveMinimum', '>', '<=']]) {
      if (s[keyword] === undefined) continue;
      if (typeof s[keyword] !== 'number') throw new Unsupported(keyword);
      checks.push(bad(`v ${fails} ${s[keyword]}`, keyword, { comparison, limit: s[keyword] }));
    }
    if (s.multipleOf !== undefined) throw new Unsupported('multipleOf');
    return checks.join(' ');
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
    const extra = `${s.additionalProperties === false ? 'extra' : this.check(s.additionalProperties)}(x, key, s, here)`;
    const write = (name, call) => {
      const flag = required.includes(name) ? `has${required.indexOf(name)} = true; ` : '';
      const key = JSON.stringify(name);
      const append = this.write ? `o += (c++ ? ${JSON.stringify(`,${key}:`)} : ${JSON.stringify(`${key}:`)}) + t;` : 'c++;';
      return `case ${key}: t = ${call}; if (t !== undefined) { ${flag}${append} } continue;`;
    };
    const cases = properties.map(([name, schema]) => write(name, `${this.check(schema)}(x, key, s, here)`));
    for (const name of required.filter((n) => !Object.hasOwn(s.properties ?? {}, n))) cases.push(write(name, extra));
    const flags = required.map((_, i) => `, has${i} = false`).join('');
    const after = [
      ...required.map((name, i) => bad(`!has${i}`, 'required', { missingProperty: name }, 'here, undefined')),
      s.maxProperties !== undefined ? bad(`c > ${s.maxProperties}`, 'maxProperties', { limit: s.maxProperties }, 'here, undefined') : '',
      s.minProperties !== undefined ? bad(`c < ${s.minProperties}`, 'minProperties', { limit: s.minProperties }, 'here, undefined') : '',
    ].join(' ');
    return `const here = k === undefined ? p : { p, k };
      let ${this.write ? "o = '{', " : ''}c = 0${flags};
      // Own enumerable keys, in Object.keys order, as JSON.stringify reads them; each value read once. V8 answers
      // hasOwnProperty.call from for-in's own cache, three times faster than Object.hasOwn here.
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const x = v[key];
        let t;
        switch (key) { ${cases.join(' ')} default: t = ${extra}; }
        if (t !== undefined) ${this.write ? "o += (c++ ? ',' : '') + JSON.stringify(key) + ':' + t" : 'c++'};
      }
      ${after}
      return ${this.write ? "o + '}'" : "''"};`;
  }
}
