// JSON Schema 2020-12, as OpenAPI 3.1 says, with formats asserted as ajv-formats asserts them: schemas of every
// keyword go through the real generator and the real client, and each verdict is Ajv2020's on the same JSON.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Package from '../../src/index.js';
import { recordingFetch } from '../support/fetch.js';
import { as2020, COMPONENTS, constantsOf, FIXED, jsonValue, KEYWORDS, schema, withRefs } from '../support/json-schema.js';
import { addOperations, copyProject, npmRun, removeCopy, root } from '../support/project.js';

const auth = { token: 'conformance-token', sessionToken: 'conformance-session' };

/** Ajv2020 with ajv-formats, as its own docs set it up; ownProperties, as JSON has no prototype. */
function oracle() {
  const ajv = new Ajv2020({ allErrors: true, strict: false, ownProperties: true });
  addFormats.default(ajv);
  return ajv;
}

/** Ajv2020's verdict, or undefined where its generated code throws instead of judging. */
function judgedByOracle(validate: (value: unknown) => boolean, value: unknown): boolean | undefined {
  try {
    return validate(value);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Whether the client sent the body, and what; or the issues it refused it with. */
async function verdictOf(pkg: typeof Package, id: string, body: unknown, params?: unknown, answer = () => new Response(null, { status: 204 })) {
  const { fetch, calls } = recordingFetch(answer);
  const client = pkg.createContactsClient({ ...auth, fetch });
  const error = await client.request(id as never, { params, body } as never).then(
    () => undefined,
    (e: unknown) => e as Package.ContactsError & { issues?: Package.ValidationIssue[] },
  );
  if (error && error.code !== 'ERR_CONTACTS_VALIDATION') throw error;
  return { sent: calls.map((c) => c.body), issues: error?.issues ?? [] };
}

describe('everyday formats, $ref chains with keywords beside them, prototype names: a realistic edit builds and validates', () => {
  let dir: string;
  let pkg: typeof Package;
  const params = { path: { companyId: '42' } };
  const event = { at: '2026-12-01T10:00:00Z', contactId: '0b8f4c1e-5d1a-4f6e-9a57-3c2e8d9b1f00', constructor: 1 };

  beforeAll(async () => {
    dir = await copyProject('contacts-formats-');
    await addOperations(dir, join(root, 'test/fixtures/formats'));
    // The edit a new team member makes first: an optional date-time in the 201 body.
    const result = join(dir, 'openapi/components/schemas/CreateContactsResult.yaml');
    await writeFile(result, `${await readFile(result, 'utf8')}  createdAt:\n    type: string\n    format: date-time\n    description: When the contacts were created.\n`);
    await mkdir(join(dir, 'test'));
    await writeFile(
      join(dir, 'test/formats-types.ts'),
      `import { expectTypeOf } from 'vitest';
import type { BodyOf, ResultOf } from '../src/index.js';

type Named = NonNullable<BodyOf<'createEvent'>['named']>;
// The middle schema of a $ref chain keeps its keywords in the types too: Named requires the name Obj declares.
export const named: Named = { name: 'Ada' };
// @ts-expect-error -- Named requires a name: the keyword beside its $ref
export const unnamed: Named = {};
expectTypeOf<BodyOf<'createEvent'>['constructor']>().toEqualTypeOf<number>();
expectTypeOf<ResultOf<'createContacts'>>().toEqualTypeOf<{ nbInsertion: number; createdAt?: string }>();
`,
    );
    // The whole build: lint, generate, type-check (the file above included), compile.
    await npmRun(dir, 'build');
    pkg = await import(join(dir, 'dist/src/index.js'));
  }, 180_000);
  afterAll(() => removeCopy(dir));

  test('the createdAt edit: a 201 that carries it is read', async () => {
    const { fetch } = recordingFetch(() => Response.json({ nbInsertion: 1, createdAt: '2026-12-01T10:00:00Z' }, { status: 201 }));
    const client = pkg.createContactsClient({ ...auth, fetch });
    await expect(client.createContacts('42', [{ name: 'Ada', notify: true }])).resolves.toEqual({ nbInsertion: 1, createdAt: '2026-12-01T10:00:00Z' });
  });

  test.each([
    ['a valid event', {}, []],
    ['a date-time that is not RFC 3339', { at: 'yesterday' }, ['/at must be a date-time (RFC 3339)']],
    ['a date in month 13', { day: '2026-13-01' }, ['/day must be a date (RFC 3339, YYYY-MM-DD)']],
    ['a relative uri', { link: '/a' }, ['/link must be an absolute URI']],
    ['an int32 out of range', { count: 2 ** 31 }, ['/count must be a 32-bit integer']],
    ['bytes that are not base64', { blob: 'a b' }, ['/blob must be base64-encoded']],
    ['a regex that does not compile', { rule: '(' }, ['/rule must be a valid regular expression']],
    ['the middle of a $ref chain: Named requires a name', { named: {} }, ['/named/name is required']],
    ['the middle of a $ref chain: Min5 has a minimum', { level: 3 }, ['/level must be >= 5']],
    ['uniqueItems of objects', { tags: [{ key: 'a' }, { key: 'a' }] }, ['/tags must not repeat an item (items 0 and 1 are equal)']],
    ['a const object', { kind: { source: 'import', version: 2 } }, ['/kind must be exactly {"source":"import","version":1}']],
    ['a required property named constructor, missing', { constructor: undefined }, ['/constructor is required']],
    ['an own property named hasOwnProperty, read as any other', { hasOwnProperty: 1 }, ['/hasOwnProperty is not a property of the contract']],
  ])('%s', async (_, change, messages) => {
    const body = { ...event, ...change };
    const stored = () => Response.json({ id: event.contactId, createdAt: '2026-12-01T10:00:01Z' }, { status: 201 });
    const { sent, issues } = await verdictOf(pkg, 'createEvent', body, params, stored);
    expect(issues.map((i) => i.message)).toEqual(messages);
    expect(sent).toEqual(messages.length ? [] : [JSON.stringify(body)]);
  });

  test('the generated code imports only the runtime helpers of ajv and ajv-formats; the bundle has no ajv compiler', async () => {
    const sources = await Promise.all(['checks.ts', 'validators.ts'].map((file) => readFile(join(dir, 'generated', file), 'utf8')));
    const imports = new Set(sources.flatMap((source) => [...source.matchAll(/^import .* from '([^']+)';$/gm)].map(([, module]) => module)));
    expect([...imports].filter((module) => module !== './validators.js').sort()).toEqual(['ajv-formats/dist/formats.js', 'fast-deep-equal']);
    for (const source of sources) expect(source).not.toContain('require(');
    const bundle = await build({ entryPoints: [join(dir, 'dist/src/index.js')], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', logLevel: 'silent' });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((input) => input.includes('node_modules/ajv/'))).toEqual([]);
    // Wherever node_modules is (a checkout may link it from elsewhere).
    for (const helper of ['node_modules/ajv-formats/dist/formats.js', 'node_modules/fast-deep-equal/index.js']) expect(inputs.filter((input) => input.endsWith(helper))).toHaveLength(1);
    // The bundle judges as Node does: bundlers and Node read the helpers alike.
    const bundled = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0]!.text).toString('base64')}`);
    const { fetch, calls } = recordingFetch(() => Response.json({ id: event.contactId, createdAt: '2026-12-01T10:00:01Z' }, { status: 201 }));
    const client = bundled.createContactsClient({ ...auth, fetch });
    await expect(client.request('createEvent', { params, body: { ...event, kind: { source: 'import', version: 2 } } })).rejects.toMatchObject({ issues: [{ keyword: 'const' }] });
    await expect(client.request('createEvent', { params, body: { ...event, tags: [{ key: 'a' }, { key: 'b' }], at: '2026-12-01T10:00:00+01:00' } })).resolves.toBeDefined();
    expect(calls).toHaveLength(1);
  });
});

describe('schemas of every 2020-12 keyword: the client judges as Ajv2020 with ajv-formats does', () => {
  const seed = Number(process.env['CONFORMANCE_SEED'] ?? Date.now() % 2 ** 31);
  const schemas = [...FIXED, ...fc.sample(schema, { numRuns: 60, seed })];
  let dir: string;
  let pkg: typeof Package;
  let verdicts: Record<string, (v: unknown, k: undefined, s: { issues: unknown[] }, p: string) => string | undefined>;

  beforeAll(async () => {
    dir = await copyProject('contacts-conformance-');
    const fixture = join(dir, 'conformance');
    await mkdir(join(fixture, 'paths'), { recursive: true });
    await mkdir(join(fixture, 'components/schemas'), { recursive: true });
    // YAML is a superset of JSON: each schema is written as it is, its component refs as file refs.
    for (const [name, s] of Object.entries(COMPONENTS)) await writeFile(join(fixture, `components/schemas/${name}.yaml`), JSON.stringify(withRefs(s, (c) => `./${c}.yaml`)));
    for (const [i, s] of schemas.entries()) {
      const body = withRefs(s, (c) => `../components/schemas/${c}.yaml`);
      const op = { post: { operationId: `conformance${i}`, requestBody: { required: true, content: { 'application/json': { schema: body } } }, responses: { '204': { description: 'Judged valid.' } } } };
      await writeFile(join(fixture, `paths/conformance_${i}.yaml`), JSON.stringify(op));
    }
    await addOperations(dir, fixture);
    // Lint would ask these machine-made operations for descriptions and examples; the rest is the real build.
    await npmRun(dir, 'generate');
    await npmRun(dir, 'build:dist');
    pkg = await import(join(dir, 'dist/src/index.js'));
    ({ bodyVerdicts: verdicts } = await import(join(dir, 'dist/generated/checks.js')));
  }, 180_000);
  afterAll(() => removeCopy(dir));

  test('the schemas use every keyword of the dialect but $dynamicRef, $id and remote refs', () => {
    const used = new Set<string>();
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        used.add(key);
        walk(value);
      }
    };
    walk([...schemas, ...Object.values(COMPONENTS)]);
    expect(KEYWORDS.filter((k) => !used.has(k))).toEqual([]);
  });

  test(`every verdict is Ajv2020's, and a valid body is sent byte for byte as JSON.stringify writes it (seed ${seed})`, async () => {
    const ajv = oracle();
    // Each component is a schema resource of its own, as each is a file of the spec: `#/$defs/…` is its own.
    for (const [name, s] of Object.entries(COMPONENTS)) ajv.addSchema(as2020(withRefs(s, (c) => `https://components.test/${c}`)) as object, `https://components.test/${name}`);
    let [valid, invalid, unjudged] = [0, 0, 0];
    for (const [i, s] of schemas.entries()) {
      const validate = ajv.compile(as2020(withRefs(s, (c) => `https://components.test/${c}`)) as object);
      const values = fc.sample(fc.oneof(jsonValue, fc.constantFrom(...constantsOf(s), {}, [])), { numRuns: 40, seed: seed + i });
      for (const value of values) {
        // The JSON the value makes is what is judged (fast-check's objects may have no prototype; JSON's do).
        const expected = judgedByOracle(validate, JSON.parse(JSON.stringify(value)));
        const { sent, issues } = await verdictOf(pkg, `conformance${i}`, value);
        // Ajv's own code can throw on rare mixes of keywords (oneOf with a false branch beside patternProperties, for
        // one): it gives no verdict there to compare with. The client still had to give one, above, without throwing.
        if (expected === undefined) {
          unjudged++;
          continue;
        }
        const where = `schema ${JSON.stringify(s)} value ${JSON.stringify(value)} (CONFORMANCE_SEED=${seed})`;
        expect(sent.length === 1, `${where}: ${issues.map((x) => x.message).join('; ')}`).toBe(expected);
        if (expected) expect(sent[0], where).toBe(JSON.stringify(value));
        // The verdict that writes no text (validateContacts, Standard Schema, the fake) finds the same.
        const state = { issues: [] };
        expect(verdicts[`conformance${i}`]!(value, undefined, state, '') !== undefined && state.issues.length === 0, where).toBe(expected);
        if (expected) valid++;
        else invalid++;
      }
    }
    // Enough of each, so that neither verdict goes untested; and the oracle judged nearly all.
    expect(valid).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(200);
    expect(unjudged).toBeLessThan((valid + invalid) / 20);
  });
});
