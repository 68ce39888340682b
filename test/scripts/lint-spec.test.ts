// lint:spec passes on the spec, and when Redocly cannot even read it, says what Redocly says and where.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let copy: string;
afterEach(() => rm(copy, { recursive: true, force: true }));

async function lint(change?: (dir: string) => Promise<void>) {
  copy = await mkdtemp(join(tmpdir(), 'contacts-lint-'));
  // With the lint problems of an adopted spec, if the project keeps any (.redocly.lint-ignore.yaml).
  for (const entry of ['openapi', 'redocly.yaml', '.redocly.lint-ignore.yaml'].filter((e) => existsSync(join(root, e)))) await cp(join(root, entry), join(copy, entry), { recursive: true });
  await change?.(copy);
  return promisify(execFile)(process.execPath, [join(root, 'scripts/lint-spec.mjs')], { cwd: copy }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );
}

test('the spec lints clean', async () => {
  expect(await lint()).toMatchObject({ code: 0, output: expect.stringMatching(/redocly lint: 0 errors, 0 warnings, \d+ ignored/) });
});

test("a YAML syntax error in the root file fails with Redocly's message and its line, not a JSON parse error", async () => {
  const { code, output } = await lint((dir) => appendFile(join(dir, 'openapi/openapi.yaml'), 'paths:\n  /x:\n  $ref: a\n y\n'));
  expect(code).toBe(1);
  expect(output).toMatch(/bad indentation of a mapping entry .*openapi\.yaml" \(\d+:\d+\)/);
  expect(output).not.toContain('JSON');
});

test('a $ref to no file is named by the file and line that hold it, not only by a pointer inside that file', async () => {
  let line = 0;
  const { code, output } = await lint(async (dir) => {
    const file = join(dir, 'openapi/openapi.yaml');
    const text = (await readFile(file, 'utf8')).replace(/(\$ref: components\/securitySchemes\/\w+)\.yaml/, '$1-typo.yaml');
    line = text.split('\n').findIndex((l) => l.includes('-typo.yaml')) + 1;
    await writeFile(file, text);
  });
  expect(code).toBe(1);
  expect(line).toBeGreaterThan(0);
  expect(output).toMatch(new RegExp(`error no-unresolved-refs: Can't resolve \\$ref: .*\\(openapi/openapi\\.yaml:${line}:\\d+ #/components/securitySchemes/\\w+\\)`));
});
