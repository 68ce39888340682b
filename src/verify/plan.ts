// The checks of a deployment, derived from the spec for every operation of the table; none is written by hand.
import { parameters } from '../../generated/operations.js';
import { SESSION_HEADER } from '../engine/auth.js';
import { readAs } from '../engine/responses.js';
import { bearerSuffices, needsBearer, table, type Operation } from '../engine/table.js';
import type { OperationId } from '../engine/types.js';
import { bodyVerdicts, verdict, type Check as Judge } from '../engine/validation.js';

type Schema = Record<string, any>;
/** The bundled spec, as JSON. */
export type Spec = { paths: Record<string, Record<string, any>>; components?: Record<string, Record<string, any>> };

/** What a check sends, on top of valid parameters and both credentials. */
export interface Sent {
  /** Leave the bearer token out, or send it empty. */
  bearer?: 'omitted' | 'empty';
  /** Leave the session token out. */
  session?: 'omitted';
  /** The body as sent, and its content type. */
  body?: string;
  contentType?: string;
}

/** One check: a request to one operation, and the kind of answer the contract promises for it. */
export interface Check {
  operationId: string;
  name: string;
  level: 'safe' | 'writes';
  /** A refusal with a declared 4xx, or a declared success. */
  expect: 'refused' | 'success';
  sent: Sent;
}

/** Safe checks cannot change anything, even on a server more lenient than the spec; writes may. */
export type Level = 'safe' | 'writes';

const resolver = (spec: Spec) => (node: any): any => {
  for (let i = 0; node?.$ref && i < 20; i++) node = (node.$ref as string).slice(2).split('/').reduce((n: any, k) => n?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  return node;
};

/** The checks of every operation, up to `level`. */
export function plan(spec: Spec, level: Level): Check[] {
  return Object.entries(table).flatMap(([id, op]) => checksOf(spec, id, op, level));
}

function checksOf(spec: Spec, id: string, op: Operation, level: Level): Check[] {
  const resolve = resolver(spec);
  const declared = spec.paths[op.path]![op.method.toLowerCase()];
  // Its checks of a body are JSON's: a body in another media type only gets the checks of credentials.
  const media = op.body?.mediaTypes.find((type) => readAs(type) === 'json');
  const schema = media ? resolve(resolve(declared.requestBody).content[media].schema) : undefined;
  const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: media! });
  // A body that cannot create anything: an empty array, where the body is an array; else no body at all.
  const neutral: Sent = schema?.type === 'array' ? json([]) : {};
  // Without a body to neutralise them, only GET and HEAD are safe to send to a server that might not check.
  const harmless = op.method === 'GET' || op.method === 'HEAD' || media !== undefined;
  const authLevel: Level = harmless ? 'safe' : 'writes';
  const checks: Omit<Check, 'operationId'>[] = [];
  const add = (name: string, checkLevel: Level, expect: Check['expect'], sent: Sent) => checks.push({ name, level: checkLevel, expect, sent });
  if (needsBearer(op)) {
    add('missing bearer token', authLevel, 'refused', { ...neutral, bearer: 'omitted' });
    add('empty bearer token', authLevel, 'refused', { ...neutral, bearer: 'empty' });
  } else if (op.security.length > 0 && op.security.every((alternative) => alternative.length > 0)) {
    // Other schemes (basic, API keys): the verifier holds none of their credentials, so it checks their absence is refused.
    add(`no credentials (${op.security.map((a) => a.join(' and ')).join(' or ')})`, authLevel, 'refused', { ...neutral, bearer: 'omitted' });
  }
  if (SESSION_HEADER in (op.params.header ?? {})) add('missing session token', authLevel, 'refused', { ...neutral, session: 'omitted' });
  if (schema) {
    add('wrong content type', 'safe', 'refused', { body: neutral.body ?? '{}', contentType: 'text/plain' });
    add('malformed JSON', 'safe', 'refused', { body: '[{', contentType: media! });
    add(`a body that is not ${schema.type === 'array' ? 'an array' : 'an object'}`, 'safe', 'refused', json(schema.type === 'array' ? {} : []));
    if (schema.type === 'array') add('an empty array', 'safe', schema.minItems ? 'refused' : 'success', json([]));
    const body = bodyVerdicts[id as OperationId]!;
    for (const bound of boundaries(spec, schema, exampleOf(resolve, declared.requestBody, media!) ?? sample(resolve, schema), body)) {
      add(bound.name, 'writes', bound.valid ? 'success' : 'refused', json(bound.value));
    }
  } else if (op.method === 'GET' || op.method === 'HEAD') {
    add('a valid request', 'safe', 'success', {});
  }
  // A success needs credentials: with other schemes than bearer only (basic, API keys), the verifier has none. And
  // an operation that declares no success promises none to check (generation assumes one, 2XX, for its types).
  const possible = checks.filter((c) => c.expect !== 'success' || (bearerSuffices(op) && declaresSuccess(declared)));
  return possible.filter((c) => level === 'writes' || c.level === 'safe').map((c) => ({ operationId: id, ...c }));
}

/** Whether an operation of the spec (as written: OpenAPI 3.1 makes `responses` optional) declares a 2xx or default answer. */
export function declaresSuccess(operation: { responses?: Record<string, unknown> }): boolean {
  return Object.keys(operation.responses ?? {}).some((status) => /^2(\d\d|XX)$/i.test(status) || status === 'default');
}

/** The parameters of a request: examples from the spec, the company given for the spec's CompanyId parameter. */
export function parameterValues(spec: Spec, op: Operation, company: string | undefined): Record<'path' | 'query' | 'cookie', Record<string, unknown>> {
  const resolve = resolver(spec);
  const item = spec.paths[op.path]!;
  const values = { path: {} as Record<string, unknown>, query: {} as Record<string, unknown>, cookie: {} as Record<string, unknown> };
  for (const p of [...(item['parameters'] ?? []), ...(item[op.method.toLowerCase()].parameters ?? [])].map(resolve)) {
    if (p.in !== 'path' && !((p.in === 'query' || p.in === 'cookie') && p.required)) continue;
    // The company given; else the spec's own example, of the parameter or its schema; else one made from the schema.
    const example = p.example ?? resolve(Object.values(p.examples ?? {})[0])?.value ?? resolve(p.schema)?.examples?.[0] ?? resolve(p.schema)?.example;
    values[p.in as 'path' | 'query' | 'cookie'][p.name] = p.name === parameters.CompanyId.name && company !== undefined ? company : (example ?? sample(resolve, resolve(p.schema)));
  }
  return values;
}

// A value of each format ajv-formats knows that a parameter is likely to declare.
const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000000',
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'verify@example.com',
  uri: 'https://example.com/',
  'uri-reference': '/',
  url: 'https://example.com/',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'dmVyaWZ5',
  duration: 'P1D',
};

function exampleOf(resolve: (node: any) => any, requestBody: unknown, media: string): unknown {
  const content = resolve(requestBody).content[media];
  const named = content.examples && Object.values(content.examples)[0];
  return named ? resolve(named).value : content.example;
}

/** A small valid value of a schema: required properties only. */
function sample(resolve: (node: any) => any, s: Schema): unknown {
  s = resolve(s);
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.examples) return s.examples[0];
  if (s.example !== undefined) return s.example;
  switch ([s.type].flat()[0]) {
    case 'array':
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(resolve, s['items'])) : [];
    case 'object':
      return Object.fromEntries((s.required ?? []).map((name: string) => [name, sample(resolve, s.properties[name])]));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return FORMAT_SAMPLES[s.format] ?? 'x'.repeat(Math.max(s.minLength ?? 1, 1));
  }
}

interface Bound {
  name: string;
  value: unknown;
  valid: boolean;
}

/**
 * Bodies exactly at each constraint of the schema (they must be accepted) and just outside it (they must be
 * refused): each is confirmed by the spec's own validator, and dropped when it cannot be built from the example.
 */
function boundaries(spec: Spec, schema: Schema, example: unknown, check: Judge): Bound[] {
  const resolve = resolver(spec);
  const wrap = schema.type === 'array' ? (v: unknown) => [v] : (v: unknown) => v;
  const target = schema.type === 'array' ? resolve(schema['items']) : schema;
  const base = (schema.type === 'array' ? (example as unknown[])?.[0] : example) ?? sample(resolve, target);
  const bounds: Bound[] = [];
  if (schema.type === 'array' && schema.maxItems !== undefined) bounds.push(...limits('the body', schema.maxItems, 'items', (n) => Array(n).fill(base)));
  if (target?.type === 'object' && base && typeof base === 'object') bounds.push(...objectBounds(resolve, target, base as Record<string, unknown>).map((b) => ({ ...b, value: wrap(b.value) })));
  return bounds.filter((b) => verdict(check, b.value).valid === b.valid);
}

function objectBounds(resolve: (node: any) => any, s: Schema, base: Record<string, unknown>): Bound[] {
  const bounds: Bound[] = [];
  const set = (name: string, value: unknown) => ({ ...base, [name]: value });
  for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const p = resolve(property);
    if (p.readOnly) continue;
    const types = [p.type].flat();
    const current = base[name];
    if (p.maxLength !== undefined) bounds.push(...limits(name, p.maxLength, 'characters', (n) => set(name, pad(current, n))));
    if (p.pattern !== undefined || p.format !== undefined) {
      for (const breaker of [` ${String(current ?? '')}`, '..', '!']) bounds.push({ name: `${name}: breaks its ${p.pattern ? 'pattern' : 'format'} (${JSON.stringify(breaker)})`, value: set(name, breaker), valid: false });
    }
    if (types.includes('null')) bounds.push({ name: `${name}: null`, value: set(name, null), valid: true });
    const wrong = !types.includes('string') ? 'a string' : !types.includes('boolean') ? true : 12345;
    bounds.push({ name: `${name}: ${typeof wrong === 'string' ? wrong : typeof wrong} (wrong type)`, value: set(name, wrong), valid: false });
    if (types.includes('array')) {
      const items = Array.isArray(current) && current.length ? current : [sample(resolve, p['items'])];
      if (p.maxItems !== undefined) bounds.push(...limits(name, p.maxItems, 'items', (n) => set(name, Array.from({ length: n }, (_, i) => items[i % items.length]))));
      const item = resolve(p['items']);
      if (item?.maxLength !== undefined) bounds.push(...limits(`${name}[0]`, item.maxLength, 'characters', (n) => set(name, [pad(items[0], n)])));
    }
  }
  for (const name of s.required ?? []) {
    const { [name]: _, ...without } = base;
    bounds.push({ name: `without ${name} (required)`, value: without, valid: false });
  }
  if (s.additionalProperties === false) bounds.push({ name: 'an unknown property (notInTheContract)', value: { ...base, notInTheContract: 1 }, valid: false });
  return bounds;
}

/** The value at a limit, accepted, and one past it, refused. */
function limits(name: string, limit: number, unit: string, make: (n: number) => unknown): Bound[] {
  return [
    { name: `${name}: ${limit} ${unit} (the limit)`, value: make(limit), valid: true },
    { name: `${name}: ${limit + 1} ${unit} (one past the limit)`, value: make(limit + 1), valid: false },
  ];
}

/** `value` lengthened at the front to `n` characters, so that what follows (a domain, a suffix) stays valid. */
function pad(value: unknown, n: number): string {
  const text = typeof value === 'string' && [...value].length <= n ? value : '';
  return 'a'.repeat(n - [...text].length) + text;
}
