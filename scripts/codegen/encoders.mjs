// One-pass encoders: each reads every value of a request body once, checks it against the schema and writes
// its JSON, so that the bytes sent are the bytes judged. A schema with a keyword they do not compile gets no
// encoder; the client then serialises, parses and validates with ajv instead.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { escapeToken, jsonMedia, resolver } from './spec.mjs';
import { ident } from './validators.mjs';

class Unsupported extends Error {}

const COMPILED = new Set(['type', 'enum', 'const', 'maxLength', 'minLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'items', 'maxItems', 'minItems', 'properties', 'required', 'additionalProperties', 'maxProperties', 'minProperties', '$ref']);
// Keywords ajv does not validate with Prism's settings.
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'default', 'readOnly', 'writeOnly', 'deprecated', '$comment', '$id', '$schema', 'externalDocs', 'xml', 'contentMediaType', 'contentEncoding']);
const KINDS = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];

/** encoders.ts: for each operation with a JSON body, its encoder (null when the schema does not compile), and its items' encoder for an array body. */
export function encoders(request, ops) {
  const resolve = resolver(request);
  const compiler = new Compiler(resolve);
  const entries = ops.flatMap((o) => {
    const media = o.body && jsonMedia(o.id, o.body.content);
    if (!media) return [];
    const schema = o.body.content[media].schema;
    const body = compiler.tryCompile(schema);
    const items = resolve(schema)?.type === 'array' && resolve(schema).items ? compiler.tryCompile(resolve(schema).items) : null;
    return [`  ${JSON.stringify(o.id)}: { body: ${body}, items: ${items} },`];
  });
  return `// @ts-nocheck -- generated serialisers; src/encoding.ts types their surface.
${compiler.constants.join('\n')}
${RUNTIME}
${compiler.functions.join('\n')}

/** Each operation's body encoders; null where the schema uses a keyword they do not compile. */
export const encoders = {
${entries.join('\n')}
};
`;
}

// Shared by every encoder: JSON.stringify's treatment of toJSON and boxed primitives, string quoting,
// code points, and the fallback for values no schema describes.
const RUNTIME = `const ESCAPE = /["\\\\\\u0000-\\u001f\\ud800-\\udfff]/;
function q(v) { return ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"'; }
function prep(v, k) {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
    if (typeof v.toJSON === 'function') v = v.toJSON(k);
    if (v instanceof Number) return +v;
    if (v instanceof String) return '' + v;
    if (v instanceof Boolean) return v.valueOf();
  }
  return v;
}
function any(v) { return JSON.stringify(v); }
function other(v, s) {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  s.ok = false;
  return any(v);
}
function len(s) { let n = 0; for (const _ of s) n++; return n; }`;

class Compiler {
  constructor(resolve) {
    this.resolve = resolve;
    this.names = new Map();
    this.functions = [];
    this.constants = [];
  }

  /** The name of the schema's encoder, or null when some part of it does not compile. */
  tryCompile(schema) {
    const mark = [this.functions.length, this.constants.length, new Map(this.names)];
    try {
      return this.encoder(schema);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      [this.functions.length, this.constants.length] = mark;
      this.names = mark[2];
      return null;
    }
  }

  constant(code) {
    const name = `c${this.constants.length}`;
    this.constants.push(`const ${name} = ${code};`);
    return name;
  }

  encoder(schema) {
    if (schema === true || schema === undefined) return 'any';
    if (schema === false) throw new Unsupported('false schema');
    const node = this.target(schema);
    if (this.names.has(node)) return this.names.get(node);
    const name = `e${this.names.size}`;
    this.names.set(node, name);
    const slot = this.functions.push('') - 1;
    this.functions[slot] = this.body(node, name);
    return name;
  }

  /** Follows a $ref that has no validating keyword beside it. */
  target(schema) {
    for (let node = schema; ; node = this.resolve({ $ref: node.$ref })) {
      for (const key of Object.keys(node)) {
        if (key === '$ref' ? false : COMPILED.has(key) ? Boolean(node.$ref) : !ANNOTATIONS.has(key) && !key.startsWith('x-')) {
          throw new Unsupported(key);
        }
      }
      if (!node.$ref) return node;
    }
  }

  body(s, name) {
    const kinds = s.type === undefined ? new Set(KINDS) : new Set([s.type].flat());
    if ([...kinds].some((k) => !KINDS.includes(k))) throw new Unsupported(`type ${s.type}`);
    const values = s.const !== undefined ? [s.const] : s.enum;
    if (values?.some((v) => v !== null && typeof v === 'object')) throw new Unsupported('enum of objects');
    const fail = (cond) => `if (s.ok && (${cond})) s.ok = false;`;
    const inEnum = (kind) => {
      if (!values) return '';
      const same = values.filter((v) => (v === null ? 'null' : typeof v) === kind);
      return same.length ? fail(same.map((v) => `v !== ${JSON.stringify(v)}`).join(' && ')) : 's.ok = false;';
    };
    // One branch per kind the schema allows; any other value is written as JSON.stringify would, and judged invalid.
    const branches = [];
    if (kinds.has('string')) branches.push(`if (typeof v === 'string') { ${this.stringChecks(s, fail)} ${inEnum('string')} return q(v); }`);
    if (kinds.has('number') || kinds.has('integer')) {
      const integer = kinds.has('number') ? '' : fail('!Number.isInteger(v)');
      branches.push(`if (typeof v === 'number' && isFinite(v)) { ${integer} ${this.numberChecks(s, fail)} ${inEnum('number')} return '' + v; }`);
    }
    if (kinds.has('boolean')) branches.push(`if (typeof v === 'boolean') { ${inEnum('boolean')} return v ? 'true' : 'false'; }`);
    // JSON writes NaN and the infinities as null.
    if (kinds.has('null')) branches.push(`if (v === null || (typeof v === 'number' && !isFinite(v))) { ${inEnum('null')} return 'null'; }`);
    if (kinds.has('array')) branches.push(`if (Array.isArray(v)) { ${values ? 's.ok = false;' : ''} ${this.array(s, fail)} }`);
    if (kinds.has('object')) {
      branches.push(`if (typeof v === 'object' && v !== null${kinds.has('array') ? '' : ' && !Array.isArray(v)'}) { ${values ? 's.ok = false;' : ''} ${this.object(s, fail)} }`);
    }
    return `function ${name}(v, k, s) {\n  v = prep(v, k);\n  ${branches.join('\n  ')}\n  return other(v, s);\n}`;
  }

  stringChecks(s, fail) {
    const checks = [];
    if (s.maxLength !== undefined) checks.push(fail(`v.length > ${s.maxLength} && len(v) > ${s.maxLength}`));
    if (s.minLength) checks.push(fail(`v.length < ${s.minLength} || (v.length < ${2 * s.minLength} && len(v) < ${s.minLength})`));
    if (s.pattern !== undefined) checks.push(fail(`!${this.constant(`new RegExp(${JSON.stringify(s.pattern)}, "u")`)}.test(v)`));
    if (s.format !== undefined && s.format in fullFormats) {
      const format = fullFormats[s.format];
      const regex = format instanceof RegExp ? format : format?.validate instanceof RegExp ? format.validate : undefined;
      if (regex) checks.push(fail(`!${this.constant(regex.toString())}.test(v)`));
      else if (format !== true) throw new Unsupported(`format ${s.format}`);
    }
    return checks.join(' ');
  }

  numberChecks(s, fail) {
    const checks = [];
    for (const [keyword, op] of [['minimum', '<'], ['maximum', '>'], ['exclusiveMinimum', '<='], ['exclusiveMaximum', '>=']]) {
      if (s[keyword] === undefined) continue;
      if (typeof s[keyword] !== 'number') throw new Unsupported(keyword);
      checks.push(fail(`v ${op} ${s[keyword]}`));
    }
    return checks.join(' ');
  }

  array(s, fail) {
    if (Array.isArray(s.items)) throw new Unsupported('tuple items');
    const item = this.encoder(s.items);
    const limits = [
      s.maxItems !== undefined ? fail(`n > ${s.maxItems}`) : '',
      s.minItems !== undefined ? fail(`n < ${s.minItems}`) : '',
    ].join(' ');
    // An item JSON drops (undefined, a function) is written, and judged, as null.
    return `const n = v.length; ${limits}
      let o = '[';
      for (let i = 0; i < n; i++) { const t = ${item}(v[i], '' + i, s); o += (i ? ',' : '') + (t === undefined ? ${item}(null, '', s) : t); }
      return o + ']';`;
  }

  object(s, fail) {
    const properties = Object.entries(s.properties ?? {});
    const required = [...new Set(s.required ?? [])];
    const extra = s.additionalProperties === false ? '(s.ok = false, any(x))' : `${this.encoder(s.additionalProperties)}(x, key, s)`;
    const flag = (name) => (required.includes(name) ? ` if (t !== undefined) r${required.indexOf(name)} = true;` : '');
    const cases = properties.map(([name, schema]) => `case ${JSON.stringify(name)}: t = ${this.encoder(schema)}(x, key, s);${flag(name)} break;`);
    for (const name of required.filter((n) => !s.properties?.[n])) cases.push(`case ${JSON.stringify(name)}: t = ${extra};${flag(name)} break;`);
    const flags = required.map((_, i) => `, r${i} = false`).join('');
    const after = [
      ...required.map((_, i) => `if (!r${i}) s.ok = false;`),
      s.maxProperties !== undefined ? fail(`c > ${s.maxProperties}`) : '',
      s.minProperties !== undefined ? fail(`c < ${s.minProperties}`) : '',
    ].join(' ');
    return `let o = '{', c = 0${flags};
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i], x = v[key];
        let t;
        switch (key) { ${cases.join(' ')} default: t = ${extra}; }
        if (t !== undefined) o += (c++ ? ',' : '') + q(key) + ':' + t;
      }
      ${after}
      return o + '}';`;
  }
}

export { escapeToken };
