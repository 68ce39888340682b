// Valid OpenAPI 3.1 that generation refused or typed wrong: readOnly and writeOnly beside enum and const, a $ref
// beside the $defs it points into, a $ref to a boolean schema in $defs, an empty enum, nullable without type; and
// unknown formats, said once each. Each keyword keeps its JSON Schema 2020-12 meaning in the types and the checks.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyProject } from '../support/project.js';

const run = promisify(execFile);

const PROBE = {
  post: {
    operationId: 'probe',
    description: 'Each property is one of the keywords above.',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              status: { readOnly: true, enum: ['active', 'archived'] },
              kind: { writeOnly: true, const: 'x' },
              ref: { $ref: 'openapi.yaml#/components/schemas/DefsRef' },
              never: { $ref: 'openapi.yaml#/components/schemas/DefsFalse' },
              nothing: { enum: [] },
              loose: { nullable: true, description: 'nullable alone: an annotation' },
              size: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
              usage: { $ref: 'openapi.yaml#/components/schemas/Usage', nullable: true },
              id: { type: 'string', format: 'snowflake' },
              parent: { type: 'string', format: 'snowflake' },
              other: { type: 'string', format: 'unixtime' },
            },
          },
        },
      },
    },
    responses: {
      '200': {
        description: 'Judged.',
        content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'snowflake' }, kind: { writeOnly: true, const: 'x' }, status: { readOnly: true, enum: ['active', 'archived'] } } } } },
      },
    },
  },
};

const COMPONENTS = {
  // A $ref into the $defs beside it, and a $ref to a boolean schema held in $defs.
  DefsRef: { $ref: '#/components/schemas/DefsRef/$defs/c', $defs: { c: { type: 'string', maxLength: 3 } } },
  DefsFalse: { type: 'object', $defs: { no: false }, properties: { x: { $ref: '#/components/schemas/DefsFalse/$defs/no' } } },
  Usage: { type: 'object' },
  // A keyword the one-pass checks leave to ajv, for its issues to be capped too.
  Unique: { type: 'array', uniqueItems: true, items: { type: 'integer' } },
  // Ajv2020 compiles this one (uniqueItems), and would say an unknown format at each of its uses.
  UniqueIds: { type: 'array', uniqueItems: true, items: { type: 'object', properties: { a: { type: 'string', format: 'snowflake' }, b: { type: 'string', format: 'snowflake' } } } },
};

const TYPES = `import { expectTypeOf } from 'vitest';
import type { BodyOf, components, ResultOf } from './src/engine/types.js';

type Body = BodyOf<'probe'>;
// @ts-expect-error -- status is readOnly beside its enum: a request cannot carry it
export const status: Body = { status: 'active' };
expectTypeOf<ResultOf<'probe'>>().toHaveProperty('status');
expectTypeOf<ResultOf<'probe'>>().not.toHaveProperty('kind');
expectTypeOf<components['schemas']['DefsRef']>().toEqualTypeOf<string>();
expectTypeOf<components['schemas']['DefsFalse']>().not.toHaveProperty('$defs');
expectTypeOf<NonNullable<components['schemas']['DefsFalse']['x']>>().toBeNever();
expectTypeOf<NonNullable<Body['nothing']>>().toBeNever();
expectTypeOf<Body['loose']>().toBeUnknown();
expectTypeOf<Exclude<Body['size'], undefined>>().toEqualTypeOf<string | number>();
expectTypeOf<null>().not.toExtend<Body['usage']>();
`;

type Check = (v: unknown, k: undefined, s: { issues: unknown[]; max?: number; more?: boolean }, p: string) => string | undefined;

let dir: string;
let output: string;
let checks: { bodyVerdicts: Record<string, Check>; componentVerdicts: Record<string, Check> };

beforeAll(async () => {
  dir = await copyProject('contacts-keywords-');
  await writeFile(join(dir, 'openapi/probe.yaml'), JSON.stringify(PROBE));
  const rootFile = join(dir, 'openapi/openapi.yaml');
  const schemas = Object.entries(COMPONENTS).map(([name, schema]) => `    ${name}: ${JSON.stringify(schema)}\n`).join('');
  await writeFile(rootFile, (await readFile(rootFile, 'utf8')).replace(/^components:$/m, `  /probe:\n    $ref: probe.yaml\ncomponents:\n  schemas:\n${schemas}`));
  const generated = await run(process.execPath, ['scripts/generate.mjs'], { cwd: dir });
  output = generated.stdout + generated.stderr;
  checks = await import(join(dir, 'generated/checks.ts'));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

test('an unknown format is said once at most, however many schemas use it', () => {
  // snowflake is in schemas Ajv2020 compiles; unixtime only in ones the one-pass checks compile, which say nothing.
  expect(output.match(/snowflake/g)).toHaveLength(1);
  expect((output.match(/unixtime/g) ?? []).length).toBeLessThanOrEqual(1);
});

test('the types: readOnly and writeOnly kept beside enum and const, $defs where their $refs lead, enum [] never, nullable alone no null; giving a readOnly property is an error that says why', async () => {
  await writeFile(join(dir, 'probe-types.ts'), TYPES);
  // The one error expected, unmarked, so that its text can be read.
  await writeFile(join(dir, 'probe-error.ts'), "import type { BodyOf } from './src/engine/types.js';\nexport const given: BodyOf<'probe'> = { status: 'active' };\n");
  await writeFile(join(dir, 'tsconfig.probe.json'), JSON.stringify({ extends: './tsconfig.json', include: ['probe-types.ts', 'probe-error.ts'] }));
  const tsc = join(dir, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', 'tsconfig.probe.json'], { cwd: dir }).then(
    () => '',
    (error: { stdout: string }) => error.stdout,
  );
  expect(result.trim().split('\n')).toEqual([
    `probe-error.ts(2,41): error TS2322: Type 'string' is not assignable to type '{ readonly "readOnly: the server sets it, so a request must not carry it": never; }'.`,
  ]);
}, 60_000);

describe('the checks judge each keyword as JSON Schema 2020-12 does', () => {
  const judged = (change: Record<string, unknown>) => {
    const state = { issues: [] as { keyword: string }[] };
    return checks.bodyVerdicts['probe']!(change, undefined, state, '') !== undefined && state.issues.length === 0;
  };

  test.each([
    ['a value under enum [] (nothing matches it)', { nothing: 'x' }, false],
    ['null under nullable alone (an annotation)', { loose: null }, true],
    ['null under anyOf beside nullable, with no type', { size: null }, false],
    ['a string under anyOf beside nullable', { size: 'a' }, true],
    ['null under a $ref beside nullable', { usage: null }, false],
    ['3 characters, by the $defs entry beside the $ref', { ref: 'abc' }, true],
    ['4 characters, by the $defs entry beside the $ref', { ref: 'abcd' }, false],
    ['any value under a $ref to false in $defs', { never: { x: 1 } }, false],
    ['no value there', { never: {} }, true],
    ['any string under an unknown format', { id: 'not a snowflake', other: '' }, true],
    ['a readOnly property beside its enum', { status: 'active' }, false],
  ])('%s', (_, body, valid) => {
    expect(judged(body)).toBe(valid);
  });

  test('a check ajv judges stops at the cap too: its issues past it are not kept, and it says that there are more', () => {
    const state = { issues: [] as unknown[], max: 3 };
    expect(() => checks.componentVerdicts['Unique']!(Array.from({ length: 1000 }, (_, i) => `s${i}`), undefined, state, '')).toThrow();
    expect(state).toEqual({ issues: [expect.anything(), expect.anything(), expect.anything()], max: 3, more: true });
  });
});
