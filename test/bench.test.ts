// Smoke test of `npm run bench`: tiny counts, and no timing asserted; only that every figure is there.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const FIELDS = [
  'clientStubRatio',
  'clientStubNoValidationRatio',
  'loopbackRatio',
  'validationContactsPerSec',
  'validationVsZodRatio',
  'worstAdversarialValidationMs',
  'bundleClientGzipBytes',
  'bundleTypesGzipBytes',
  'generateWallMs',
  'buildWallMs',
  'bulkRatio',
];

test('bench --json prints every measurement as a number, with its budget where it has one', async () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/bench.mjs', '--json', '--quick'], { cwd: root });
  const out = JSON.parse(stdout) as Record<string, unknown> & { budgets: Record<string, { met: boolean }> };
  for (const field of FIELDS) expect(out[field], field).toEqual(expect.any(Number));
  expect(Object.keys(out.budgets)).toEqual(expect.arrayContaining(['clientStubRatio', 'bundleClientGzipBytes', 'bulkRatio']));
  expect(out['bundleTypesGzipBytes']).toBe(0);
}, 120_000);
