// Reading the bundled spec: $refs, operations with their parameters, and the schemas as each direction sees them.

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// RFC 9110 §9.2.2: a second identical request has the same effect as the first.
const IDEMPOTENT = new Set(['get', 'head', 'options', 'put', 'delete']);

/** The node at a local `$ref`, one step: a `$ref` beside other keywords is not a mere alias, so chains are walked by the caller. */
export function deref(spec) {
  return (ref) => {
    if (!ref.startsWith('#')) throw new Error(`only local $refs are supported; got ${ref}`);
    return at(spec, fragment(ref));
  };
}

/** The node a local `$ref` points to, following chains: for OpenAPI objects (parameters, responses…), not schemas. */
export function resolver(spec) {
  const step = deref(spec);
  return (node) => {
    for (let i = 0; node?.$ref && i < 50; i++) node = step(node.$ref);
    return node;
  };
}

/** The node at a JSON Pointer. */
const at = (spec, pointer) =>
  pointer
    .split('/')
    .slice(1)
    .reduce((node, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);

/** The JSON Pointer a `$ref`'s URI fragment holds (percent-decoded, as RFC 6901 §6 says). */
function fragment(ref) {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

// Keywords that never change a verdict: a schema of a `$ref` and only these is an alias of its target.
const ANNOTATIONS = new Set(['title', 'description', 'summary', 'example', 'examples', 'default', 'deprecated', '$comment', 'externalDocs', 'xml']);

/** Whether `node` is a `$ref` with nothing that validates beside it. */
const alias = (node) => Boolean(node?.$ref) && Object.keys(node).every((key) => key === '$ref' || ANNOTATIONS.has(key) || key.startsWith('x-'));

/** The JSON Pointer of where a schema really is: `pointer` itself, or, when it is a mere alias, where that leads. */
export function located(spec, pointer) {
  let node = at(spec, pointer);
  for (let i = 0; alias(node) && node.$ref.startsWith('#') && i < 50; i++) {
    pointer = fragment(node.$ref);
    node = at(spec, pointer);
  }
  return { node, pointer };
}

/** `/a/{b}` as a JSON Pointer token. */
export const escapeToken = (key) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON Pointer of a node that may be a $ref: the target's pointer, or `fallback` when inline. */
const locate = (node, fallback) => (node?.$ref ? node.$ref.slice(1) : fallback);

/**
 * The spec as generation reads it, meaning the same. OpenAPI 3.1 makes an operation's `operationId` and `responses`
 * optional: an operation without an id is named by its method and path (`GET /users/{id}` is `getUsersId`, with a
 * number after it if that name is taken), and one that declares no 2xx answer succeeds as its `default` answer says,
 * or, without one, with any body, unjudged (`2XX` is added, as `default` would be read for a 2xx status).
 */
export function normalized(spec) {
  const copy = structuredClone(spec);
  const operations = Object.entries(copy.paths ?? {}).flatMap(([path, item]) => METHODS.filter((m) => item?.[m]).map((method) => ({ path, method, op: item[method] })));
  const taken = new Set(operations.map(({ op }) => op.operationId).filter(Boolean));
  for (const { path, method, op } of operations) {
    if (!op.operationId) {
      const name = method + path.split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join('');
      let id = name;
      for (let n = 2; taken.has(id); n++) id = `${name}${n}`;
      taken.add((op.operationId = id));
    }
    const statuses = Object.keys(op.responses ?? {});
    if (!statuses.some((status) => /^2(\d\d|XX)$/i.test(status))) op.responses = { ...op.responses, '2XX': op.responses?.default ?? ANY_SUCCESS };
  }
  return copy;
}
const ANY_SUCCESS = { description: 'Any success: the operation declares none.', content: { 'application/json': { schema: {} }, '*/*': { schema: {} } } };

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
      const base = `/paths/${escapeToken(path)}`;
      const at = `${base}/${method}`;
      const params = new Map();
      for (const [list, where] of [[item.parameters, base], [op.parameters, `${base}/${method}`]]) {
        (list ?? []).forEach((ref, i) => {
          const param = resolve(ref);
          checkStyle(op.operationId, `${where}/parameters/${i}`, param);
          const pointer = `${locate(ref, `${where}/parameters/${i}`)}/schema`;
          params.set(`${param.in}:${param.name}`, { ...param, pointer });
        });
      }
      const body = resolve(op.requestBody);
      ops.push({
        id: op.operationId,
        method,
        path,
        at,
        op,
        params: [...params.values()],
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

/**
 * Each webhook's JSON payload: its name (with the method when it has more than one operation), and the JSON
 * Pointer of its body's schema. A delivery is a request to its receiver, so it is judged as request bodies are.
 * Webhooks are not operations of the client: they are only judged.
 */
export function webhooksOf(spec) {
  const resolve = resolver(spec);
  return Object.entries(spec.webhooks ?? {}).flatMap(([name, ref]) => {
    const item = resolve(ref) ?? {};
    const methods = METHODS.filter((method) => item[method]);
    return methods.flatMap((method) => {
      const body = resolve(item[method].requestBody);
      const media = jsonMedia(body?.content);
      if (!media || !body.content[media].schema) return [];
      const where = locate(item[method].requestBody, `${locate(ref, `/webhooks/${escapeToken(name)}`)}/${method}/requestBody`);
      return [{ name: methods.length > 1 ? `${name} ${method.toUpperCase()}` : name, pointer: `${where}/content/${escapeToken(media)}/schema` }];
    });
  });
}

// Each location's styles, the first its default (OpenAPI 3.1 §4.8.12.4).
const STYLES = { path: ['simple', 'label', 'matrix'], query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'], header: ['simple'], cookie: ['form'] };

// Every style of its location serialises; a parameter described by `content` does not.
function checkStyle(id, pointer, param) {
  const style = param.content ? 'content' : (param.style ?? STYLES[param.in]?.[0]);
  if (!STYLES[param.in]?.includes(style)) {
    throw new Error(`${id} at #${pointer}: parameter ${param.name} (${param.in}) is serialised as ${style}; the engine sends ${STYLES[param.in]?.join(', ') ?? 'no such location'}${param.content ? ', not content' : ''}`);
  }
}

/** How a parameter is written, when the engine must know more than its default: its style, explode and shape. */
export function serialOf(param, resolve) {
  const style = param.style ?? STYLES[param.in][0];
  const explode = param.explode ?? style === 'form';
  const schema = resolve(param.schema);
  const shape = schema?.type === 'array' || schema?.type === 'object' ? schema.type : 'scalar';
  if (style === STYLES[param.in][0] && explode === (style === 'form') && shape === 'scalar') return undefined;
  // An object's declared properties: Prism reads those alone from the query, and so does the fake.
  return { style, explode, shape, ...(shape === 'object' && { keys: Object.keys(schema.properties ?? {}) }) };
}

const isJson = (type) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);

/** A content map's media types, JSON first (the default of a request, the one an answer is judged in), else as declared. */
export function mediaTypes(content) {
  const types = Object.keys(content ?? {});
  return [...types.filter(isJson), ...types.filter((t) => !isJson(t))];
}

/** A content map's JSON media type, if it declares one. */
export const jsonMedia = (content) => Object.keys(content ?? {}).find(isJson);

/** The media types of a request body that the client judges without writing JSON: forms and text. */
export const judgedMedia = (content) => Object.keys(content ?? {}).filter((t) => /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/[\w.+-]+)\s*(;|$)/i.test(t) && content[t].schema);

// Keywords whose values are schemas, maps of schemas, or lists of schemas.
const SUBSCHEMA = ['items', 'additionalProperties', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Whether a schema, or one along its $ref chain, carries `key: true` (readOnly, writeOnly). */
export function marked(spec, node, key) {
  const step = deref(spec);
  for (let i = 0; node && typeof node === 'object' && i < 50; i++) {
    if (node[key] === true) return true;
    if (!node.$ref) return false;
    node = step(node.$ref);
  }
  return false;
}

/**
 * A copy of the spec as one direction sees it: for requests, `readOnly` properties are out of `required` and
 * may hold anything, as are `writeOnly` ones for responses; the checks refuse the first and drop the second
 * (see shapes.mjs). For responses, `format` is an annotation (as in JSON Schema 2020-12), so the client does not
 * ship format regexes to read answers.
 */
export function forDirection(spec, direction) {
  const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
  return mapSchemas(spec, (schema) => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
    if (direction === 'response') delete schema.format;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (!marked(spec, property, hidden)) continue;
      schema.properties[name] = true;
      if (Array.isArray(schema.required)) schema.required = schema.required.filter((n) => n !== name);
    }
    return schema;
  });
}

/** `schema` and every schema within it, mapped bottom-up by `fn`, which gets a copy it may change or replace, and its JSON Pointer. */
function mapSchema(schema, fn, pointer) {
  if (schema && typeof schema === 'object' && !Array.isArray(schema)) {
    schema = { ...schema };
    for (const key of SUBSCHEMA) if (key in schema && !Array.isArray(schema[key])) schema[key] = typeof schema[key] === 'boolean' && key === 'additionalProperties' ? schema[key] : mapSchema(schema[key], fn, `${pointer}/${key}`);
    for (const key of SCHEMA_MAPS) if (schema[key] && typeof schema[key] === 'object') schema[key] = Object.fromEntries(Object.entries(schema[key]).map(([k, v]) => [k, mapSchema(v, fn, `${pointer}/${key}/${escapeToken(k)}`)]));
    for (const key of [...SCHEMA_LISTS, 'items']) if (Array.isArray(schema[key])) schema[key] = schema[key].map((s, i) => mapSchema(s, fn, `${pointer}/${key}/${i}`));
  }
  return fn(schema, pointer);
}

/** Every schema of an OpenAPI document mapped by `fn`: those under a `schema` key (parameters, media types, headers) and the components. */
function mapSchemas(spec, fn) {
  const walk = (node, pointer) => {
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${pointer}/${i}`));
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const at = `${pointer}/${escapeToken(key)}`;
        return [key, key === 'schema' ? mapSchema(value, fn, at) : key === 'example' || key === 'examples' ? value : walk(value, at)];
      }),
    );
  };
  const copy = walk(spec, '');
  if (copy.components?.schemas) copy.components.schemas = Object.fromEntries(Object.entries(spec.components.schemas).map(([name, s]) => [name, mapSchema(s, fn, `/components/schemas/${escapeToken(name)}`)]));
  return copy;
}

// Annotations openapi-typescript reads: readOnly and writeOnly make the $Read and $Write markers.
const TYPE_NOTES = new Set([...ANNOTATIONS, 'readOnly', 'writeOnly']);

/**
 * The spec as openapi-typescript can read it, meaning the same: boolean schemas become `{}` and `{ enum: [] }`
 * (which it types `unknown` and `never`; it reads a boolean `additionalProperties` itself), a schema with `enum`
 * or `const` is those values alone (with readOnly and writeOnly), a `$ref` with validating keywords beside it
 * becomes an `allOf` of both, since it would keep only the `$ref`, and `nullable` is dropped: in 3.1 it is an
 * unknown keyword, an annotation, where openapi-typescript would add `| null`.
 * Each `$defs` entry moves to the document's root `$defs`, and the `$refs` into it follow: openapi-typescript
 * would make `$defs` a member of the schema's type, which every value would then need, and an `allOf` would
 * move it away from where its pointers lead.
 */
export function forTypes(spec) {
  const defs = {};
  const copy = mapSchemas(spec, (schema, pointer) => {
    if (schema === true) return {};
    if (schema === false) return { enum: [] };
    if (!schema || typeof schema !== 'object') return schema;
    if (schema.$defs && typeof schema.$defs === 'object') {
      for (const [name, def] of Object.entries(schema.$defs)) defs[`${pointer}/$defs/${escapeToken(name)}`] = def;
      delete schema.$defs;
    }
    delete schema.nullable;
    const notes = (kept) => Object.fromEntries(Object.entries(schema).filter(([key]) => kept.has(key)));
    // The values listed are the type, and it reads an object type's enum members as schemas.
    if (Array.isArray(schema.enum)) return { ...notes(TYPE_NOTES), enum: schema.enum };
    if (schema.const !== undefined) return { ...notes(TYPE_NOTES), const: schema.const };
    if (!schema.$ref || alias(schema)) return schema;
    const { $ref, ...rest } = schema;
    const keywords = Object.fromEntries(Object.entries(rest).filter(([key]) => !ANNOTATIONS.has(key)));
    // openapi-typescript types `required` only for listed properties; `{}` adds nothing to the target's type.
    const listed = Object.fromEntries((keywords.required ?? []).map((name) => [name, {}]));
    if (keywords.required) keywords.properties = { ...listed, ...keywords.properties };
    return { ...notes(ANNOTATIONS), allOf: [{ $ref }, keywords] };
  });
  const moved = Object.keys(defs);
  if (moved.length === 0) return copy;
  // openapi-typescript reads the root `$defs` as a schema, so they are that schema's `$defs`; each is named by where
  // it was (`components/schemas/X/$defs/c`), so that names never clash.
  copy.$defs = { $defs: Object.fromEntries(Object.entries(defs).map(([pointer, def]) => [pointer.slice(1), def])) };
  // The longest first: a `$defs` within a moved one moved too, and a $ref into it follows it, not its parent.
  moved.sort((a, b) => b.length - a.length);
  const follow = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(follow);
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) {
        const target = fragment(value);
        const from = moved.find((p) => target === p || target.startsWith(`${p}/`));
        if (from) node.$ref = `#/$defs/$defs/${escapeToken(from.slice(1))}${target.slice(from.length)}`;
      } else if (key !== 'example' && key !== 'examples') follow(value);
    }
  };
  follow(copy);
  return copy;
}
