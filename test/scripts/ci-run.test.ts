// .ci/run always ends with the closing line CI reads, whatever failed, and exits non-zero on any failure.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs .ci/run in a folder of its own, with an `npm` that runs `script` for `npm run ci`, and `growth` for `npm run test:growth`. */
async function ciRun(script: string, growth = 'exit 0') {
  dir = await mkdtemp(join(tmpdir(), 'contacts-ci-'));
  await mkdir(join(dir, '.ci'));
  await mkdir(join(dir, 'bin'));
  await cp(join(root, '.ci/run'), join(dir, '.ci/run'));
  await writeFile(join(dir, 'bin/npm'), `#!/bin/sh\nif [ "$1" = ci ]; then exit 0; fi\nif [ "$2" = test:growth ]; then ${growth}; fi\n${script}\n`);
  await chmod(join(dir, 'bin/npm'), 0o755);
  // A browser is "there", so nothing is installed.
  const env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env['PATH']}`, CHROMIUM_PATH: '/bin/sh' };
  return promisify(execFile)('bash', [join(dir, '.ci/run')], { cwd: dir, env }).then(
    ({ stdout }) => ({ code: 0, last: stdout.trim().split('\n').at(-1) }),
    (e: { code: number; stdout: string }) => ({ code: e.code, last: e.stdout.trim().split('\n').at(-1) }),
  );
}

test('a step before the suite fails: the closing line still comes, and the exit code is non-zero', async () => {
  expect(await ciRun('echo "lint failed"; exit 3')).toEqual({ code: 1, last: '0 passed, 1 failed' });
});

test('the suite fails: its counts are the closing line, and the exit code is non-zero', async () => {
  const report = JSON.stringify({ numPassedTests: 5, numFailedTests: 2, numPendingTests: 1, numTodoTests: 0, success: false });
  expect(await ciRun(`mkdir -p test/artifacts && echo '${report}' > test/artifacts/vitest.json; exit 1`)).toEqual({ code: 1, last: '5 passed, 2 failed, 1 skipped' });
});

test('the growth check fails after a green suite: it counts as a failed test, and the exit code is non-zero', async () => {
  const report = JSON.stringify({ numPassedTests: 7, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, success: true });
  expect(await ciRun(`mkdir -p test/artifacts && echo '${report}' > test/artifacts/vitest.json; exit 0`, 'exit 1')).toEqual({ code: 1, last: '7 passed, 1 failed, 0 skipped' });
});

test('all passes: exit code 0', async () => {
  const report = JSON.stringify({ numPassedTests: 7, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, success: true });
  expect(await ciRun(`mkdir -p test/artifacts && echo '${report}' > test/artifacts/vitest.json; exit 0`)).toEqual({ code: 0, last: '7 passed, 0 failed, 0 skipped' });
});
