// JSON Schema 2020-12 schemas and JSON values made by fast-check, for the conformance test: every keyword of the
// dialect but `$dynamicRef`, `$id` and remote refs, with `$ref`s into a few shared component schemas.
import fc from 'fast-check';

type Schema = boolean | Record<string, unknown>;

/** The keywords the schemas below use, each at least once in `FIXED`. */
export const KEYWORDS = [
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'format', 'items', 'prefixItems', 'contains', 'minContains', 'maxContains',
  'maxItems', 'minItems', 'uniqueItems', 'properties', 'patternProperties', 'additionalProperties', 'propertyNames',
  'required', 'dependentRequired', 'dependentSchemas', 'minProperties', 'maxProperties', 'allOf', 'anyOf', 'oneOf',
  'not', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', '$ref', '$defs', '$comment',
] as const;

/** Component schemas the others refer to: a `$ref` chain whose middle schema has a keyword of its own, and `false`. */
export const COMPONENTS: Record<string, Schema> = {
  Obj: { type: 'object', properties: { a: { type: 'integer' } } },
  Named: { $ref: 'REF:Obj', required: ['a'] },
  Int: { type: 'integer' },
  Min5: { $ref: 'REF:Int', minimum: 5 },
  Never: false,
  // A `#/$defs/…` ref resolves within the schema's own file: in OpenAPI a document's root is not a schema.
  WithDefs: { $defs: { Local: { type: 'string', maxLength: 2 } }, anyOf: [{ $ref: '#/$defs/Local' }, { type: 'integer' }] },
  // A `$ref` beside the `$defs` it points into, and a `$ref` to a boolean schema held in `$defs`.
  DefsRef: { $ref: '#/$defs/Local', $defs: { Local: { type: 'string', maxLength: 2 } } },
  DefsFalse: { type: 'object', $defs: { No: false }, properties: { a: { $ref: '#/$defs/No' } } },
};

/** One schema for each keyword, so that every run covers them all. */
export const FIXED: Record<string, unknown>[] = [
  { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
  { type: 'array', contains: { type: 'integer' }, minContains: 2, maxContains: 3, unevaluatedItems: { type: 'string' } },
  { type: 'object', dependentRequired: { a: ['b'] }, dependentSchemas: { c: { required: ['d'] } } },
  { type: 'object', properties: { a: true }, allOf: [{ properties: { b: true } }], unevaluatedProperties: false },
  { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'integer', multipleOf: 2 } },
  { oneOf: [{ type: 'integer' }, { minimum: 2 }], not: { const: 3 } },
  { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'number', format: 'int32' }] },
  { type: 'object', patternProperties: { '^x': { type: 'string' } }, additionalProperties: { type: 'boolean' }, propertyNames: { maxLength: 3 }, minProperties: 1, maxProperties: 2 },
  { type: 'array', uniqueItems: true, maxItems: 3, minItems: 1, items: { enum: [{ a: 1 }, [1], 'x'] } },
  { type: 'object', properties: { s: { $ref: 'REF:WithDefs' } } },
  { type: 'object', required: ['constructor', 'toString'], properties: { constructor: { type: 'integer' } }, $comment: 'prototype names' },
  { type: 'object', required: ['toString'] },
  { type: 'object', properties: { n: { $ref: 'REF:Named' }, m: { $ref: 'REF:Min5' }, never: { $ref: 'REF:Never' } } },
  { type: 'number', exclusiveMaximum: 3, exclusiveMinimum: -1, maximum: 2.5, minimum: 0 },
  { type: 'string', pattern: '^[a-c]+$', format: 'email', maxLength: 3, minLength: 1, const: 'ab' },
  // Valid 2020-12 that ajv refuses (see `as2020`): an empty enum, and `nullable` without `type`.
  { type: 'object', properties: { a: { $ref: 'REF:DefsRef' }, b: { $ref: 'REF:DefsFalse' }, c: { enum: [] }, d: { nullable: true } } },
];

/**
 * A schema as Ajv2020 compiles it, meaning the same in JSON Schema 2020-12: it refuses an empty enum (which matches
 * nothing, as `false` does) and `nullable` (an unknown keyword, so an annotation, with or without `type`).
 */
export function as2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(as2020);
  if (node === null || typeof node !== 'object') return node;
  const s = node as Record<string, unknown>;
  if (Array.isArray(s['enum']) && s['enum'].length === 0) return false;
  const kept = Object.entries(s).filter(([key]) => key !== 'nullable');
  const each = (map: unknown) => Object.fromEntries(Object.entries(map as object).map(([name, value]) => [name, as2020(value)]));
  return Object.fromEntries(kept.map(([key, value]) => [key, key === 'const' || key === 'enum' ? value : NAMED.has(key) ? each(value) : as2020(value)]));
}
// Keywords whose keys are names, not keywords: a property may be called `nullable`.
const NAMED = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);

const FORMATS = ['date', 'date-time', 'time', 'duration', 'email', 'uri', 'uri-reference', 'uri-template', 'uuid', 'ipv4', 'ipv6', 'hostname', 'regex', 'json-pointer', 'relative-json-pointer', 'byte', 'int32', 'int64', 'float', 'double', 'password', 'binary'];
// `constructor` is a name of Object.prototype. Not `toString`: ajv's deep-equal (fast-deep-equal) calls a value's
// own `toString`, so the oracle itself throws on {"toString": "x"} under enum, const or uniqueItems.
const NAMES = ['a', 'b', 'c', 'd', 'x1', 'constructor'];
const name = fc.constantFrom(...NAMES);
const strings = ['', 'a', 'ab', 'abc', 'x1', '2026-12-01', '2026-12-01T10:00:00Z', '2026-13-01', '10:00:00Z', 'P1D', 'a@b.co', 'a@b', 'https://x.io/p', '/p', '0b8f4c1e-5d1a-4f6e-9a57-3c2e8d9b1f00', '192.0.2.1', '::1', 'example.com', 'aGVsbG8=', '^a+$', '(', '/a/b', '1/a', '{x}'];
const numbers = [0, 1, -1, 2, 3, 4, 5, 6, 2.5, -3, 2 ** 31, 2 ** 53, 1e21];
const scalar = fc.oneof(fc.constantFrom(null, true, false), fc.constantFrom(...numbers), fc.constantFrom(...strings));

/** JSON values near the schemas' boundaries: their names, numbers, and strings of each format. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(name, tie('value'), { maxKeys: 4 })),
})).value;

const data = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(name, scalar, { maxKeys: 2 }));
const small = fc.integer({ min: 0, max: 3 });

/** Schemas of any keywords, nested. */
export const schema: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ schema: Schema; object: Record<string, unknown> }>((tie) => {
  const sub = fc.oneof({ depthSize: 'small' }, fc.boolean(), tie('object'), fc.constantFrom(...Object.keys(COMPONENTS)).map((c) => ({ $ref: `REF:${c}` })));
  const list = fc.array(sub, { minLength: 1, maxLength: 2 });
  const keywords = {
    type: fc.oneof(fc.constantFrom('string', 'number', 'integer', 'boolean', 'null', 'array', 'object'), fc.uniqueArray(fc.constantFrom('string', 'integer', 'null', 'object', 'array'), { minLength: 1, maxLength: 3 })),
    enum: fc.array(data, { minLength: 1, maxLength: 3 }),
    const: data,
    multipleOf: fc.constantFrom(1, 2, 0.5),
    maximum: fc.integer({ min: -3, max: 6 }),
    exclusiveMinimum: fc.integer({ min: -3, max: 6 }),
    minimum: fc.integer({ min: -3, max: 6 }),
    maxLength: small,
    minLength: small,
    pattern: fc.constantFrom('^a', 'b$', '^[a-c]*$', '\\d', '^\\p{L}+$'),
    format: fc.constantFrom(...FORMATS),
    items: sub,
    prefixItems: list,
    contains: sub,
    minContains: small,
    maxContains: small,
    maxItems: small,
    minItems: small,
    uniqueItems: fc.boolean(),
    properties: fc.dictionary(name, sub, { maxKeys: 3 }),
    patternProperties: fc.dictionary(fc.constantFrom('^a', '1$', '^_'), sub, { maxKeys: 2 }),
    additionalProperties: sub,
    propertyNames: fc.constantFrom({ maxLength: 1 }, { pattern: '^[a-c]' }, { enum: ['a', 'b', 'constructor'] }),
    required: fc.uniqueArray(name, { maxLength: 3 }),
    dependentRequired: fc.dictionary(name, fc.uniqueArray(name, { maxLength: 2 }), { maxKeys: 2 }),
    dependentSchemas: fc.dictionary(name, sub, { maxKeys: 2 }),
    minProperties: small,
    maxProperties: small,
    allOf: list,
    anyOf: list,
    oneOf: list,
    not: sub,
    if: sub,
    then: sub,
    else: sub,
    unevaluatedProperties: sub,
    unevaluatedItems: sub,
  };
  // A few keywords a schema, as schemas are written: with all of them at once nearly none could be satisfied.
  const names = Object.keys(keywords) as (keyof typeof keywords)[];
  const object = fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).chain((picked) => fc.record(Object.fromEntries(picked.map((k) => [k, keywords[k]])) as Record<string, fc.Arbitrary<unknown>>));
  return { schema: sub, object };
}).object;

/** The constants a schema names (const and enum values), so that values hit them. */
export function constantsOf(node: unknown, found: unknown[] = []): unknown[] {
  if (node === null || typeof node !== 'object') return found;
  const s = node as Record<string, unknown>;
  if ('const' in s) found.push(s['const']);
  if (Array.isArray(s['enum'])) found.push(...s['enum']);
  for (const [key, value] of Object.entries(s)) if (key !== 'const' && key !== 'enum') constantsOf(value, found);
  return found;
}

/** `schema` with its component `$ref`s pointing where `to` says. */
export const withRefs = (node: unknown, to: (name: string) => string): unknown => JSON.parse(JSON.stringify(node).replace(/"REF:(\w+)"/g, (_, c: string) => JSON.stringify(to(c))));
