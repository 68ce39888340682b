// Smoke test of `npm run bench`: tiny counts, and no timing asserted; only that every measurement of its table
// is printed as a number, with a verdict for each budget.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { MEASURES } from '../bench/bench.mjs';

// A bound, not a margin: two builds and every measure take about two minutes alone, and the suite runs beside them.
test('bench --json prints every measurement of the table as a number, and each budget with its verdict', async () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['bench/bench.mjs', '--json', '--quick'], { cwd: root });
  const out = JSON.parse(stdout) as Record<string, unknown> & { budgets: Record<string, { budget: string; met: boolean }> };
  for (const { name, budget } of MEASURES) {
    expect(out[name], name).toEqual(expect.any(Number));
    if (budget) expect(out.budgets[name], name).toEqual({ budget: budget.join(' '), met: expect.any(Boolean) });
  }
  expect(Object.keys(out.budgets)).toHaveLength(MEASURES.filter((m) => m.budget).length);
  expect(out['bundleTypesGzipBytes']).toBe(0);
}, 600_000);
