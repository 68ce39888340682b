// The package version tells the truth about the contract it ships.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';

const read = async (path: string) => JSON.parse(await readFile(new URL(`../../${path}`, import.meta.url), 'utf8')) as { version?: string; info?: { version: string } };

test("the package version is the spec's info.version", async () => {
  const [pkg, spec] = await Promise.all([read('package.json'), read('generated/openapi.json')]);
  expect(pkg.version).toBe(spec.info?.version);
});
