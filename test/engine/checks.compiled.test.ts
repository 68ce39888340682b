// The keywords real specs use (allOf, anyOf, oneOf, not, a $ref beside keywords, enum and const of objects,
// propertyNames, multipleOf, number formats, false) are compiled into the one-pass checks: no ajv validator is
// generated for them, however many schemas use them, and the checks judge as Ajv2020 does.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { jsonValue } from '../support/json-schema.js';
import { root } from '../support/project.js';

type Spec = Record<string, unknown>;
type Codegen = {
  checks: (request: Spec, response: Spec, ops: unknown[], hooks: unknown[], spec: Spec) => { code: string; fallbacks: Set<string> };
  clientValidators: (request: Spec, response: Spec, ops: unknown[], hooks: unknown[], wanted: Set<string>) => string;
  oracle: (spec: Spec) => { getSchema(ref: string): ((value: unknown) => boolean) | undefined };
  forDirection: (spec: Spec, direction: string) => Spec;
  operationsOf: (spec: Spec) => unknown[];
};
const load = async (file: string) => import(pathToFileURL(join(root, 'scripts/codegen', file)).href) as Promise<Partial<Codegen>>;
const codegen = Object.assign({}, ...(await Promise.all(['checks.mjs', 'validators.mjs', 'spec.mjs'].map(load)))) as Codegen;

const Named = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const Body = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { enum: [{ a: 1 }, 'x'] },
    shape: { oneOf: [{ type: 'integer', multipleOf: 2 }, { type: 'string', format: 'date' }] },
    any: { anyOf: [{ $ref: '#/components/schemas/Named' }, { type: 'null' }] },
    all: { allOf: [{ $ref: '#/components/schemas/Named' }, { required: ['b'] }] },
    no: { not: { const: 3 } },
    n: { type: 'number', format: 'int32' },
    keys: { type: 'object', propertyNames: { maxLength: 1 } },
    never: false,
    beside: { $ref: '#/components/schemas/Named', minProperties: 2 },
    mark: { type: 'string', enum: ['.', 'X', 1] },
  },
};
// Reached by no request body: its verdict is compiled small (table helpers), where the body's is compiled fast.
const Loose = {
  type: 'object',
  required: ['id', 'extra'],
  properties: { id: { type: 'integer', minimum: 1 }, tags: { type: 'array', maxItems: 2, items: { type: 'string', maxLength: 3 } }, deep: { type: 'object', properties: { n: { type: 'number' } } } },
  propertyNames: { maxLength: 5 },
  maxProperties: 4,
  additionalProperties: { type: 'boolean' },
};
const spec: Spec = {
  openapi: '3.1.0',
  info: { title: 'compiled', version: '1' },
  paths: { '/x': { post: { operationId: 'judge', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } }, responses: { '204': { description: 'judged' } } } } },
  components: { schemas: { Body, Named, Loose } },
};
// Inside the repo, so that the module's imports (fast-deep-equal, ajv-formats) resolve from its node_modules.
await mkdir(join(root, 'test/artifacts'), { recursive: true });
const dir = await mkdtemp(join(root, 'test/artifacts/checks-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

test('no schema falls back to ajv: validators.ts holds no validator', () => {
  const [request, response, ops] = [codegen.forDirection(spec, 'request'), codegen.forDirection(spec, 'response'), codegen.operationsOf(spec)];
  const { fallbacks } = codegen.checks(request, response, ops, [], spec);
  expect([...fallbacks]).toEqual([]);
  expect(codegen.clientValidators(request, response, ops, [], fallbacks)).not.toContain('function');
});

type Issue = { instancePath: string; keyword: string };
type BodyVerdict = (v: unknown, k: undefined, s: { issues: Issue[] }, p: string) => string | undefined;
let module: Promise<Record<'bodyVerdicts' | 'componentVerdicts', Record<string, BodyVerdict>>> | undefined;
/** The verdict of a component (the body's: Body), from the checks compiled and loaded once, and Ajv2020's validator of it. */
async function compiled(component = 'Body'): Promise<{ judge: BodyVerdict; validate: ((value: unknown) => boolean) & { errors?: Issue[] | null } }> {
  module ??= (async () => {
    const { code } = codegen.checks(codegen.forDirection(spec, 'request'), codegen.forDirection(spec, 'response'), codegen.operationsOf(spec), [], spec);
    const file = join(dir, 'checks.mjs');
    await writeFile(file, code);
    return import(pathToFileURL(file).href);
  })();
  const { bodyVerdicts, componentVerdicts } = await module;
  const judge = component === 'Body' ? bodyVerdicts['judge']! : componentVerdicts[component]!;
  return { judge, validate: codegen.oracle(spec).getSchema(`request#/components/schemas/${component}`)! };
}
/** Issues as `path keyword`, sorted: what the checks and ajv must agree on. */
const keywords = (issues: Issue[]) => issues.map((i) => `${i.instancePath} ${i.keyword}`).sort();

test('a value of a type its enum does not allow breaks both, as ajv says, unless the enum holds it', async () => {
  const { judge, validate } = await compiled();
  for (const mark of [true, 1, 'Y', '.', null, {}, [1]]) {
    const state = { issues: [] as Issue[] };
    judge({ kind: 'x', mark }, undefined, state, '');
    validate({ kind: 'x', mark });
    expect(keywords(state.issues), JSON.stringify(mark)).toEqual(keywords(validate.errors ?? []));
  }
});

test('their verdicts are Ajv2020’s', async () => {
  const { judge, validate } = await compiled();
  // Mostly values each property takes, else values near the others' boundaries, or anything.
  const good: Record<string, unknown[]> = { kind: [{ a: 1 }, 'x'], shape: [2, '2026-12-01'], any: [{ name: 'a' }, null], all: [{ name: 'a', b: 1 }], no: [1, 'a'], n: [2], keys: [{ a: 1 }, {}], beside: [{ name: 'a', x: 1 }] };
  const near = [{ a: 1 }, 'x', { a: 2 }, 2, 3, 'ab', '2026-12-01', '2026-13-01', null, { name: 'a' }, { name: 'a', b: 1 }, { ab: 1 }, 2 ** 31];
  const property = (key: string) => fc.oneof({ arbitrary: fc.constantFrom(...(good[key] ?? near)), weight: 8 }, { arbitrary: fc.oneof(fc.constantFrom(...near), jsonValue), weight: 1 });
  const value = fc.record(Object.fromEntries(Object.keys(Body.properties).filter((key) => key !== 'never').map((key) => [key, property(key)])), { requiredKeys: [] });
  let [valid, invalid] = [0, 0];
  for (const [i, body] of fc.sample(value, { numRuns: 2000, seed: 7 }).entries()) {
    if (i % 50 === 0) body['never'] = 1;
    const state = { issues: [] as Issue[] };
    const verdict = judge(body, undefined, state, '') !== undefined && state.issues.length === 0;
    expect(verdict, JSON.stringify(body)).toBe(validate(JSON.parse(JSON.stringify(body))));
    if (verdict) valid++;
    else invalid++;
  }
  expect(valid).toBeGreaterThan(20);
  expect(invalid).toBeGreaterThan(20);
});

test('a verdict compiled small (an object by its table of checks, an array by a helper) finds what Ajv2020 finds', async () => {
  const { judge, validate } = await compiled('Loose');
  const near = fc.constantFrom(0, 1, 'ab', 'abcd', true, null, ['a'], ['a', 'b', 'c'], ['abcd'], { n: 1 }, { n: 'x' });
  const mostly = (good: unknown) => fc.oneof({ arbitrary: fc.constant(good), weight: 6 }, { arbitrary: near, weight: 1 });
  const fields = { id: mostly(1), extra: mostly(true), tags: mostly(['a']), deep: mostly({ n: 1 }), more: mostly(false) };
  const value = fc.oneof(
    { arbitrary: fc.record(fields, { requiredKeys: ['id', 'extra'] }), weight: 3 },
    { arbitrary: fc.record({ ...fields, toolong: mostly(true) }, { requiredKeys: [] }), weight: 1 },
    { arbitrary: jsonValue, weight: 1 },
  );
  let [valid, invalid] = [0, 0];
  for (const sample of fc.sample(value, { numRuns: 1000, seed: 11 })) {
    const state = { issues: [] as Issue[], max: 100 };
    judge(sample, undefined, state, '');
    const ok = validate(sample);
    expect(keywords(state.issues), JSON.stringify(sample)).toEqual(ok ? [] : keywords(validate.errors ?? []));
    if (ok) valid++;
    else invalid++;
  }
  expect(valid).toBeGreaterThan(20);
  expect(invalid).toBeGreaterThan(20);
});
