// A copy of the project outside the repo, for tests and benchmarks that change or build it.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRIES = ['openapi', 'scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml'];

/** Copies what `npm run build` needs, with the repo's node_modules linked in. */
export async function copyProject(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await Promise.all(ENTRIES.map((entry) => cp(join(root, entry), join(dir, entry), { recursive: true })));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * Adds operations to the copy's spec as a new team member would: their path files and components go into
 * openapi/, and each path gets its `$ref` in the root. Nothing else is touched.
 */
export async function addOperations(dir: string, from: string): Promise<string[]> {
  await cp(from, join(dir, 'openapi'), { recursive: true });
  const files = await readdir(join(from, 'paths'));
  // The path file's name is its URL, with `/` written `_`.
  const refs = files.map((file) => `  /${file.slice(0, -'.yaml'.length).replaceAll('_', '/')}:\n    $ref: paths/${file}\n`);
  // Webhooks, if any, each a path item in webhooks/<name>.yaml.
  const hooks = await readdir(join(from, 'webhooks')).catch(() => []);
  const webhooks = hooks.length ? `webhooks:\n${hooks.map((file) => `  ${file.slice(0, -'.yaml'.length)}:\n    $ref: webhooks/${file}\n`).join('')}` : '';
  // Security schemes, each in components/securitySchemes/<name>.yaml, get theirs under the root's securitySchemes.
  const schemes = await readdir(join(from, 'components/securitySchemes')).catch(() => []);
  const schemeRefs = schemes.map((file) => `    ${file.slice(0, -'.yaml'.length)}:\n      $ref: components/securitySchemes/${file}\n`).join('');
  const rootFile = join(dir, 'openapi/openapi.yaml');
  const text = await readFile(rootFile, 'utf8');
  await writeFile(rootFile, text.replace(/^components:$/m, `${refs.join('')}${webhooks}components:`).replace(/^  securitySchemes:$/m, `  securitySchemes:\n${schemeRefs}`));
  return files;
}

/** Runs an npm script in `dir`, and returns its output or rejects with it. */
export async function npmRun(dir: string, script: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', script], { cwd: dir, maxBuffer: 1 << 24 }).catch((e: { stdout: string; stderr: string }) => {
    throw new Error(`npm run ${script} failed:\n${e.stdout}\n${e.stderr}`);
  });
  return stdout + stderr;
}
