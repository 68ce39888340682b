// Smoke test of `npm run bench`: tiny counts, and no timing asserted; only that every measurement of its table
// outside the scale group is printed as a number, with a verdict for each budget. The scale group (a build of a
// 288-operation spec, minutes) runs only when named, so it never runs here.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { MEASURES } from '../bench/bench.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bench = (...args: string[]) => promisify(execFile)(process.execPath, ['bench/bench.mjs', ...args], { cwd: root });

// A bound, not a margin: two builds and every measure take about two minutes alone, and the suite runs beside them.
test('bench --json prints every measurement outside the scale group as a number, and each budget with its verdict', async () => {
  const { stdout } = await bench('--json', '--quick');
  const out = JSON.parse(stdout) as Record<string, unknown> & { budgets: Record<string, { budget: string; met: boolean }> };
  const everyday = MEASURES.filter((m) => !m.group);
  for (const { name, budget } of everyday) {
    expect(out[name], name).toEqual(expect.any(Number));
    if (budget) expect(out.budgets[name], name).toEqual({ budget: budget.join(' '), met: expect.any(Boolean) });
  }
  for (const { name } of MEASURES.filter((m) => m.group)) expect(out, name).not.toHaveProperty(name);
  expect(Object.keys(out.budgets)).toHaveLength(everyday.filter((m) => m.budget).length);
  expect(out['unavailable']).toEqual({});
  expect(out['bundleTypesGzipBytes']).toBe(0);
}, 600_000);

test('bench --help lists every measure with its budget and says what the scale group costs; an unknown name is refused', async () => {
  const { stdout } = await bench('--help');
  for (const { name, budget } of MEASURES) expect(stdout).toContain(`  ${name}${budget ? ` (${budget.join(' ')})` : ''}`);
  expect(stdout).toMatch(/scale group builds .* minute/s);
  await expect(bench('--only=scale,noSuchMeasure')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('"noSuchMeasure" is neither an option nor a measure or group') });
});
