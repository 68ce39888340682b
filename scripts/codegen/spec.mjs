// Reading the bundled spec: $refs, operations with their parameters, and the schemas as each direction sees them.

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// RFC 9110 §9.2.2: a second identical request has the same effect as the first.
const IDEMPOTENT = new Set(['get', 'head', 'options', 'put', 'delete']);

/** The node a local `$ref` points to, following chains. */
export function resolver(spec) {
  const at = (pointer) =>
    pointer
      .slice(2)
      .split('/')
      .reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  return (node) => {
    for (let i = 0; node?.$ref && i < 50; i++) {
      if (!node.$ref.startsWith('#/')) throw new Error(`only local $refs are supported; got ${node.$ref}`);
      node = at(node.$ref);
    }
    return node;
  };
}

/** The JSON Pointer of where a schema really is: `pointer` itself, or the target of the $refs found there. */
export function located(spec, pointer) {
  const at = (p) => p.slice(1).split('/').reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  let node = at(pointer);
  for (let i = 0; node?.$ref && i < 50; i++) {
    pointer = node.$ref.slice(1);
    node = at(pointer);
  }
  return { node, pointer };
}

/** `/a/{b}` as a JSON Pointer token. */
export const escapeToken = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON Pointer of a node that may be a $ref: the target's pointer, or `fallback` when inline. */
const locate = (node, fallback) => (node?.$ref ? node.$ref.slice(1) : fallback);

/**
 * Every operation, with the facts the generators need: its parameters (path-level ones merged in, with
 * the JSON Pointer of each schema), request body and responses, all resolved.
 */
export function operationsOf(spec) {
  const resolve = resolver(spec);
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} needs an operationId`);
      const base = `/paths/${escapeToken(path)}`;
      const params = new Map();
      for (const [list, where] of [[item.parameters, base], [op.parameters, `${base}/${method}`]]) {
        (list ?? []).forEach((ref, i) => {
          const param = resolve(ref);
          checkStyle(op.operationId, param);
          const pointer = `${locate(ref, `${where}/parameters/${i}`)}/schema`;
          params.set(`${param.in}:${param.name}`, { ...param, pointer });
        });
      }
      const body = resolve(op.requestBody);
      ops.push({
        id: op.operationId,
        method,
        path,
        op,
        params: [...params.values()].filter((p) => p.in !== 'cookie'),
        body: body && { ...body, pointer: locate(op.requestBody, `${base}/${method}/requestBody`) },
        responses: Object.entries(op.responses ?? {}).map(([status, ref]) => ({
          status,
          ...resolve(ref),
          pointer: locate(ref, `${base}/${method}/responses/${escapeToken(status)}`),
        })),
        idempotent: IDEMPOTENT.has(method) || op['x-idempotent'] === true,
        security: op.security ?? spec.security ?? [],
      });
    }
  }
  return ops;
}

// The engine serialises parameters the default way (form for query, simple for path and header).
function checkStyle(id, param) {
  const defaults = { query: 'form', path: 'simple', header: 'simple', cookie: 'form' };
  if ((param.style ?? defaults[param.in]) !== defaults[param.in] || param.explode === false || param.content) {
    throw new Error(`${id}: parameter ${param.name} uses a serialisation the engine does not support (only the default style and explode)`);
  }
}

/** The one JSON media type of a content map, or null when there is no content. */
export function jsonMedia(where, content) {
  const types = Object.keys(content ?? {});
  if (types.length === 0) return null;
  const json = types.find((t) => /^application\/([\w.+-]+\+)?json(;|$)/.test(t));
  if (!json) throw new Error(`${where}: the engine speaks JSON, and none of ${types.join(', ')} is`);
  return json;
}

// Keywords whose values are schemas, maps of schemas, or lists of schemas.
const SUBSCHEMA = ['items', 'additionalProperties', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/**
 * A copy of the spec as one direction sees it, as Prism does: for requests, `readOnly` properties are
 * removed from `properties` and `required`; for responses, `writeOnly` ones are, and `format` is an
 * annotation (as in JSON Schema 2020-12), so the client does not ship format regexes to read answers.
 */
export function forDirection(spec, direction) {
  const copy = structuredClone(spec);
  const resolve = resolver(copy);
  const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
  const seen = new Set();
  const visit = (schema) => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema) || seen.has(schema)) return;
    seen.add(schema);
    if (direction === 'response') delete schema.format;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property?.[hidden] === true || resolve(property)?.[hidden] === true) {
        delete schema.properties[name];
        if (Array.isArray(schema.required)) schema.required = schema.required.filter((n) => n !== name);
      }
    }
    for (const key of SUBSCHEMA) visit(schema[key]);
    for (const key of SCHEMA_MAPS) Object.values(schema[key] ?? {}).forEach(visit);
    for (const key of SCHEMA_LISTS) (Array.isArray(schema[key]) ? schema[key] : []).forEach(visit);
    if (Array.isArray(schema.items)) schema.items.forEach(visit);
  };
  // Every schema of the document hangs under a `schema` key (parameters, media types, headers) or in components.
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'schema') visit(value);
      else if (key !== 'example' && key !== 'examples') walk(value);
    }
  };
  Object.values(copy.components?.schemas ?? {}).forEach(visit);
  walk(copy.paths);
  walk(copy.components);
  return copy;
}
