// What generation still refuses, it refuses naming the operation, the JSON Pointer of the construct and why; what
// OpenAPI 3.1 leaves optional, it fills in.
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyProject } from '../support/project.js';

let dir: string;
let root: string;
beforeAll(async () => {
  dir = await copyProject('contacts-refused-');
  root = await readFile(join(dir, 'openapi/openapi.yaml'), 'utf8');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const ok = "'200':\n      description: OK\n      content:\n        application/json:\n          schema:\n            type: object";
/** Generates the copy with one more path, `/probe`, whose GET is `operation` (YAML under `get:`), and more security schemes; resolves to what generation printed. */
async function generateWith(operation: string, schemes = ''): Promise<string> {
  const spec = root.replace(/^components:$/m, `  /probe:\n    get:\n${operation.replace(/^/gm, '      ')}\ncomponents:`).replace(/^  securitySchemes:$/m, `  securitySchemes:\n${schemes}`);
  await writeFile(join(dir, 'openapi/openapi.yaml'), spec);
  return promisify(execFile)(process.execPath, ['scripts/generate.mjs', '--out', join(dir, 'out')], { cwd: dir }).then(
    () => 'generated',
    (error: { stderr: string }) => error.stderr,
  );
}

test.each([
  ['a parameter described by content', `operationId: probe\nparameters:\n  - name: filter\n    in: query\n    content:\n      application/json:\n        schema:\n          type: object\nresponses:\n  ${ok}`, 'probe at #/paths/~1probe/get/parameters/0: parameter filter (query) is serialised as content; the engine sends form, spaceDelimited, pipeDelimited, deepObject, not content'],
  ['a style its location does not have', `operationId: probe\nparameters:\n  - name: X-Filter\n    in: header\n    style: deepObject\n    schema:\n      type: object\nresponses:\n  ${ok}`, 'probe at #/paths/~1probe/get/parameters/0: parameter X-Filter (header) is serialised as deepObject; the engine sends simple'],
  ['a cookie in a style other than form', `operationId: probe\nparameters:\n  - name: session\n    in: cookie\n    style: simple\n    schema:\n      type: string\nresponses:\n  ${ok}`, 'probe at #/paths/~1probe/get/parameters/0: parameter session (cookie) is serialised as simple; the engine sends form'],
])('%s', async (_, operation, message) => {
  expect(await generateWith(operation)).toContain(message);
});

// OpenAPI 3.1 makes both optional: what generation makes of an operation without them.
test.each([
  ['no operationId: it is named by its method and path', `responses:\n  ${ok}`, 'getProbe', { '200': ['application/json'] }],
  ['no 2xx answer: a 2xx is read as its default answer says', `operationId: probe\nresponses:\n  '404':\n    description: Never found.\n  default:\n    description: Anything.\n    content:\n      text/plain:\n        schema:\n          type: string`, 'probe', { '2XX': ['text/plain'] }],
  ['no responses at all: any success, any body', 'summary: Declares nothing.', 'getProbe', { '2XX': ['application/json', '*/*'] }],
])('%s', async (_, operation, id, successes) => {
  expect(await generateWith(operation)).toBe('generated');
  const table = await readFile(join(dir, 'out/operations.ts'), 'utf8');
  const entry = new RegExp(`export const op\\$${id} = (\\{[^]*?\\n\\}) as const;`).exec(table)?.[1];
  expect(JSON.parse(entry ?? 'null')).toMatchObject({ method: 'GET', path: '/probe', successes });
});

test.each([
  ['mutualTLS', '    Probe:\n      type: mutualTLS\n', 'security scheme Probe is mutualTLS'],
  ['http digest', '    Probe:\n      type: http\n      scheme: digest\n', 'security scheme Probe is http digest'],
  ['not declared', '', 'security scheme Probe is not declared'],
])('a security scheme the engine cannot supply (%s)', async (_, schemes, message) => {
  const output = await generateWith(`operationId: probe\nsecurity:\n  - Probe: []\nresponses:\n  ${ok}`, schemes);
  expect(output).toContain(`probe at #/components/securitySchemes/Probe: ${message}; the engine supplies http bearer and basic, apiKey (header, query, cookie), oauth2 and openIdConnect`);
});
