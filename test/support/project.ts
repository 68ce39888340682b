// A copy of the project outside the repo, for tests and benchmarks that change or build it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('../..', import.meta.url));
// .redocly.lint-ignore.yaml, where a project that adopted a published spec keeps that spec's own lint problems.
const ENTRIES = ['openapi', 'scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'redocly.yaml', '.redocly.lint-ignore.yaml'];
/** The root's blocks, edited by the same code as `npm run add:spec`'s. */
export const { appendUnder, hasKey } = (await import(pathToFileURL(join(root, 'scripts/add-spec.mjs')).href)) as {
  appendUnder: (text: string, keys: string[], value: object) => string;
  hasKey: (text: string, keys: string[]) => boolean;
};

/** Copies what `npm run build` needs, with the repo's node_modules linked in. */
export async function copyProject(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const entries = ENTRIES.filter((entry) => existsSync(join(root, entry)));
  await Promise.all(entries.map((entry) => cp(join(root, entry), join(dir, entry), { recursive: true })));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * Adds operations to the copy's spec as a new team member would: their path files and components go into
 * openapi/, and each path, webhook and security scheme gets its `$ref` in the root. Nothing else is touched. A path,
 * webhook or scheme the copy has already (a grown copy may) keeps its `$ref`, and the file from `from` replaces its
 * own: it must hold every operation of that path the tests expect.
 */
export async function addOperations(dir: string, from: string): Promise<string[]> {
  await cp(from, join(dir, 'openapi'), { recursive: true });
  const files = await readdir(join(from, 'paths'));
  const list = (folder: string) => readdir(join(from, folder)).catch(() => []);
  // The path file's name is its URL, with `/` written `_`; a webhook or scheme file's name is its own.
  const blocks: [string[], string, string[]][] = [
    [['paths'], 'paths', files.map((file) => `/${file.slice(0, -'.yaml'.length).replaceAll('_', '/')}`)],
    [['webhooks'], 'webhooks', (await list('webhooks')).map((file) => file.slice(0, -'.yaml'.length))],
    [['components', 'securitySchemes'], 'components/securitySchemes', (await list('components/securitySchemes')).map((file) => file.slice(0, -'.yaml'.length))],
  ];
  const rootFile = join(dir, 'openapi/openapi.yaml');
  let text = await readFile(rootFile, 'utf8');
  for (const [keys, folder, names] of blocks) {
    const fileOf = (name: string) => (folder === 'paths' ? `${name.slice(1).replaceAll('/', '_')}.yaml` : `${name}.yaml`);
    const added = names.filter((name) => !hasKey(text, [...keys, name])).map((name) => [name, { $ref: `${folder}/${fileOf(name)}` }]);
    if (added.length) text = appendUnder(text, keys, Object.fromEntries(added));
  }
  await writeFile(rootFile, text);
  return files;
}

// Copies a script failed in: its error names their files, which must still be there when it is read.
const failed = new Set<string>();

/** Runs an npm script in `dir`, and returns its output or rejects with it; a failure keeps the copy. */
export async function npmRun(dir: string, script: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', script], { cwd: dir, maxBuffer: 1 << 24 }).catch((e: { stdout: string; stderr: string }) => {
    failed.add(dir);
    throw new Error(`npm run ${script} failed in ${dir} (kept, so that the files named here can be read; remove it after):\n${e.stdout}\n${e.stderr}`);
  });
  return stdout + stderr;
}

/** Removes a copy, unless a script failed in it. */
export async function removeCopy(dir: string | undefined): Promise<void> {
  if (dir !== undefined && !failed.has(dir)) await rm(dir, { recursive: true, force: true });
}
