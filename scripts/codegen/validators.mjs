// Ahead-of-time validators compiled by Ajv2020 from the spec: JSON Schema 2020-12, OpenAPI 3.1's dialect, with
// formats asserted as ajv-formats asserts them. The code needs only ajv's runtime helpers, never its compiler.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { escapeToken, forDirection, jsonMedia, judgedMedia, located } from './spec.mjs';

/** Ajv2020 with ajv-formats and allErrors, as Prism sets up ajv for a 2020-12 schema; parameters as received are coerced, as Prism does. */
function makeAjv(coerceTypes) {
  // Our messages are built from keyword and params (src/engine/validation.ts), so ajv's are dead weight. ownProperties:
  // a required `constructor` is not found on Object.prototype.
  // Refs stay calls, so that a schema used in many places ships once.
  const ajv = new Ajv2020({ allErrors: true, ownProperties: true, allowUnionTypes: true, allowMatchingProperties: true, strict: false, messages: false, coerceTypes, inlineRefs: false, logger, code: { source: true, esm: true } });
  addFormats(ajv);
  return ajv;
}

// An unknown format is an annotation: said once per format, not at each of its uses (ajv says it at each).
const told = new Set();
const logger = {
  log: console.log,
  error: console.error,
  warn(message, ...rest) {
    const format = /^unknown format "(.*)" ignored/.exec(String(message))?.[1];
    if (format === undefined) console.warn(message, ...rest);
    else if (!told.has(format)) {
      told.add(format);
      console.warn(`unknown format "${format}": an annotation, not asserted`);
    }
  },
};

/**
 * Ajv2020 set up as validators.ts is, holding the request copy of `spec` as 'request' and the response copy as
 * 'response': the oracle the tests judge the one-pass checks against.
 */
export function oracle(spec) {
  const ajv = makeAjv(false);
  ajv.addSchema(withoutAnnotations(forDirection(spec, 'request')), 'request');
  ajv.addSchema(withoutAnnotations(forDirection(spec, 'response')), 'response');
  return ajv;
}

/** An identifier made of an operationId or component name. */
export const ident = (name) => name.replace(/\W/g, '_');

/** The object schema of one location's parameters, as the caller gives them. */
export function paramsSchema(params, base = 'request#') {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, { $ref: `${base}${p.pointer}` }])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

const LOCATIONS = ['path', 'query', 'header', 'cookie'];

/**
 * validators.ts: Ajv2020's validators of the schemas the one-pass checks do not compile (checks.mjs), named as
 * checks.ts imports them: `wanted`. Nothing else: the checks judge the rest, and the tests hold Ajv2020 as the oracle.
 */
export function clientValidators(request, response, ops, hooks, wanted) {
  const ajv = makeAjv(false);
  ajv.addSchema(withoutAnnotations(request), 'request');
  ajv.addSchema(withoutAnnotations(response), 'response');
  /** @type {Record<string, string>} */
  const refs = {};
  // Components first, each after those it refers to: ajv then compiles each once and calls it from the rest.
  for (const name of dependencyOrder(request)) refs[`component$${ident(name)}`] = `request#/components/schemas/${escapeToken(name)}`;
  for (const o of ops) {
    for (const location of LOCATIONS) {
      const params = o.params.filter((p) => p.in === location);
      if (params.length === 0) continue;
      const name = `${ident(o.id)}$${location}`;
      ajv.addSchema(paramsSchema(params), name);
      refs[name] = name;
    }
    const media = o.body && jsonMedia(o.body.content);
    if (media) {
      const body = located(request, `${o.body.pointer}/content/${escapeToken(media)}/schema`);
      refs[`${ident(o.id)}$body`] = `request#${body.pointer}`;
      // An array body's items, for importers that judge one row at a time.
      if (body.node?.type === 'array' && body.node.items) refs[`${ident(o.id)}$items`] = `request#${located(request, `${body.pointer}/items`).pointer}`;
    }
    judgedMedia(o.body?.content).forEach((type, i) => {
      refs[`${ident(o.id)}$media${i}`] = `request#${located(request, `${o.body.pointer}/content/${escapeToken(type)}/schema`).pointer}`;
    });
    for (const r of o.responses) {
      const type = jsonMedia(r.content);
      if (type && r.content[type].schema) refs[`${ident(o.id)}$${r.status}`] = `response#${located(response, `${r.pointer}/content/${escapeToken(type)}/schema`).pointer}`;
    }
  }
  for (const { name, pointer } of hooks) refs[`webhook$${ident(name)}`] = `request#${located(request, pointer).pointer}`;
  const kept = Object.fromEntries(Object.entries(refs).filter(([name]) => wanted.has(name)));
  return Object.keys(kept).length ? standalone(ajv, kept) : '// Every schema of the spec is judged by the one-pass checks of checks.ts.\nexport {};\n';
}

/** The component schemas, each after the ones it refers to. */
function dependencyOrder(spec) {
  const schemas = spec.components?.schemas ?? {};
  const order = [];
  const visit = (name, seen = new Set()) => {
    if (order.includes(name) || seen.has(name) || !(name in schemas)) return;
    seen.add(name);
    const refs = JSON.stringify(schemas[name]).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g);
    for (const [, target] of refs) visit(target.replaceAll('~1', '/').replaceAll('~0', '~'), seen);
    order.push(name);
  };
  Object.keys(schemas).forEach((name) => visit(name));
  return order;
}

/**
 * wire.ts: each operation's parameters as a server receives them, strings coerced as Prism reads them (for the
 * fake). Each distinct parameter schema has one validator, shared by every operation that declares it.
 */
export function wireValidators(request, ops) {
  // 'array' also reads `tag=a` as ['a'] where the schema wants an array, as Prism's form deserialiser does.
  const ajv = makeAjv('array');
  ajv.addSchema(withoutAnnotations(request), 'request');
  const refs = {};
  const named = new Map();
  /** The validator of the schema at `pointer`, one per distinct schema, named after its first use. */
  const one = (pointer, name) => {
    const { node, pointer: at } = located(request, pointer);
    const key = JSON.stringify(node) ?? 'true';
    if (!named.has(key)) {
      named.set(key, name);
      refs[name] = `request#${at}`;
    }
    return named.get(key);
  };
  const table = ops.map((o) => {
    // Cookies are not judged on arrival: Prism does not judge them, and the fake answers as Prism does.
    const entry = LOCATIONS.filter((location) => location !== 'cookie').flatMap((location) => {
      const params = o.params.filter((p) => p.in === location);
      if (params.length === 0) return [];
      // Header names arrive lower-cased.
      const each = params.map((p, i) => `${JSON.stringify(location === 'header' ? p.name.toLowerCase() : p.name)}: [${one(p.pointer, `${ident(o.id)}$${location}${i}`)}, ${p.required === true}]`);
      return [`${location}: /* @__PURE__ */ params({ ${each.join(', ')} })`];
    });
    // Form bodies arrive as strings too, and are coerced as parameters are.
    const forms = judgedMedia(o.body?.content).filter((type) => !/^text\//i.test(type));
    const each = forms.map((type, i) => `${JSON.stringify(type)}: ${one(`${o.body.pointer}/content/${escapeToken(type)}/schema`, `${ident(o.id)}$form${i}`)}`);
    if (each.length) entry.push(`media: { ${each.join(', ')} }`);
    return `  ${JSON.stringify(o.id)}: { ${entry.join(', ')} },`;
  });
  return `${standalone(ajv, refs)}
${PARAMS}
/** Each operation's parameter and form body validators, for values as received (strings, coerced). */
export const wireValidators = {
${table.join('\n')}
};
`;
}

// One location's parameters as one validator, as Prism judges them: each present one by its schema (coerced in
// place, as ajv does), each required one present.
const PARAMS = `function params(each) {
  const validate = (data) => {
    const errors = [];
    for (const name in each) {
      const [check, required] = each[name];
      if (!Object.hasOwn(data, name) || data[name] === undefined) {
        if (required) errors.push({ instancePath: '', keyword: 'required', params: { missingProperty: name } });
      } else if (!check(data[name], { instancePath: '/' + name, parentData: data, parentDataProperty: name, rootData: data })) errors.push(...check.errors);
    }
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  };
  return validate;
}`;

/** ajv's standalone code, as an ES module that imports ajv's runtime helpers and nothing the client never reads. */
function standalone(ajv, refs) {
  // A schema that cannot compile is named, with what ajv says of it, before anything is written.
  for (const [name, target] of Object.entries(refs)) {
    try {
      ajv.getSchema(target);
    } catch (error) {
      throw new Error(`validators: cannot generate ${name.replace('$', ' ')} (${target.replace('#', ' at #')}): ${error.message}`);
    }
  }
  // ajv writes a schema's function once per export, so each schema gets one export and the rest alias it.
  const first = new Map();
  const aliases = [];
  for (const [name, target] of Object.entries(refs)) {
    if (first.has(target)) aliases.push(`export const ${name} = ${first.get(target)};`);
    else first.set(target, name);
  }
  const raw = `${standaloneCode(ajv, Object.fromEntries([...first].map(([target, name]) => [name, target])))}\n${aliases.join('\n')}`;
  const counter = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)/.exec(raw)?.[1];
  let code = raw
    .replace('"use strict";', '')
    .replace(ucs2length.default.code, `(${ucs2length.default.toString()})`)
    // A string has at least as many UTF-16 units as code points: count code points only when it could matter.
    .replace(new RegExp(`${counter}\\((\\w+)\\) > (\\d+)`, 'g'), `($1.length > $2 && ${counter}($1) > $2)`)
    // The client reports instance paths, never schema paths: do not ship them.
    .replace(/schemaPath:"[^"]*",/g, '')
    // ajv gathers a called validator's errors with concat, which is quadratic over an array of failing items.
    .replace(/vErrors\.concat\((\w+)\.errors\)/g, '($1.errors.forEach((e) => vErrors.push(e)), vErrors)');
  // The other helpers (deep equality, the formats ajv-formats asserts with code) are imported from the modules
  // ajv takes them from, in a form whose meaning Node and bundlers agree on.
  const imports = [];
  for (const [required, name, statement] of RUNTIME) {
    if (!code.includes(required)) continue;
    code = code.replaceAll(required, name);
    imports.push(`${statement}\n`);
  }
  const left = /require\("([^"]+)"\)/.exec(code);
  if (left) throw new Error(`validators: the generated code needs ${left[1]}, which is not one of the runtime helpers it may import`);
  return `// @ts-nocheck -- ajv standalone output; src/engine/validation.ts types its surface.\n${imports.join('')}${code}`;
}

// What ajv's standalone code may need at run time, and where it comes from: small modules, never ajv's compiler.
// ajv's own runtime/equal.js is fast-deep-equal behind an ES-module flag that bundlers and Node read differently.
const RUNTIME = [
  ['require("ajv/dist/runtime/equal").default', 'deepEqual', "import deepEqual from 'fast-deep-equal';"],
  ['require("ajv-formats/dist/formats").fullFormats', 'fullFormats', "import { fullFormats } from 'ajv-formats/dist/formats.js';"],
];

/** The spec without the keywords that never change a verdict, so the validators do not ship them. */
function withoutAnnotations(node, namesOnly = false) {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (node === null || typeof node !== 'object') return node;
  // 2020-12 allows what ajv refuses: an empty enum, which matches nothing, as `false` does. And `nullable` is an
  // unknown keyword in 2020-12, so an annotation, which ajv would read as OpenAPI 3.0's (and throw on without `type`).
  if (!namesOnly && Array.isArray(node.enum) && node.enum.length === 0) return false;
  const annotation = (key) => ANNOTATIONS.has(key) || key === 'nullable';
  // Under `properties` and the like, keys are names (a property may well be called `title`); `const` and `enum` hold data.
  const kept = Object.entries(node).filter(([key]) => namesOnly || !annotation(key));
  return Object.fromEntries(kept.map(([key, value]) => [key, !namesOnly && DATA.has(key) ? value : withoutAnnotations(value, !namesOnly && NAME_MAPS.has(key))]));
}
const ANNOTATIONS = new Set(['title', 'description', 'summary', 'example', 'examples', 'x-codeSamples']);
const NAME_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', 'dependentRequired', 'schemas', '$defs', 'definitions', 'parameters', 'responses', 'headers', 'requestBodies']);
const DATA = new Set(['const', 'enum', 'default']);
