// check:generated must pass on the committed tree and fail, naming the files, when the spec changes.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const check = join(root, 'scripts/check-generated.mjs');
let copy: string;
afterEach(() => rm(copy, { recursive: true, force: true }));

/** A copy of the spec, its config and generated/, outside the repo. */
async function copyProject(): Promise<string> {
  copy = await mkdtemp(join(tmpdir(), 'contacts-check-'));
  for (const entry of ['openapi', 'generated', 'redocly.yaml']) await cp(join(root, entry), join(copy, entry), { recursive: true });
  return copy;
}

const run = (cwd: string) =>
  promisify(execFile)(process.execPath, [check], { cwd }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (e: { code: number; stderr: string }) => ({ code: e.code, output: e.stderr }),
  );

test('passes on an unchanged copy', async () => {
  expect(await run(await copyProject())).toMatchObject({ code: 0, output: expect.stringContaining('matches the spec') });
});

test('fails, naming the files, when a maxLength changes', async () => {
  const dir = await copyProject();
  const contact = join(dir, 'openapi/components/schemas/Contact.yaml');
  await writeFile(contact, (await readFile(contact, 'utf8')).replace('maxLength: 250', 'maxLength: 251'));
  const { code, output } = await run(dir);
  expect(code).toBe(1);
  expect(output).toContain('generated/checks.ts: differs from the spec');
  expect(output).toContain('generated/openapi.json: differs from the spec');
});

test('fails when a generated file was edited by hand or is missing', async () => {
  const dir = await copyProject();
  await writeFile(join(dir, 'generated/schema.ts'), '// edited\n', { flag: 'a' });
  await rm(join(dir, 'generated/operations.ts'));
  const { code, output } = await run(dir);
  expect(code).toBe(1);
  expect(output).toContain('generated/schema.ts: differs from the spec');
  expect(output).toContain('generated/operations.ts: missing');
});
