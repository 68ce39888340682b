// Writes everything in generated/ from the spec in openapi/, as configured by redocly.yaml.
// Usage: node scripts/generate.mjs [--out DIR]   (DIR defaults to generated/)
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { calls } from './codegen/calls.mjs';
import { checks } from './codegen/checks.mjs';
import { examples } from './codegen/examples.mjs';
import { forDirection, forTypes, normalized, operationsOf, webhooksOf } from './codegen/spec.mjs';
import { table } from './codegen/table.mjs';
import { clientValidators, wireValidators } from './codegen/validators.mjs';

const API = 'contacts';
const HEADER = 'generated from openapi/ by `npm run generate` — do not edit';
const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

/** Bundles the spec with Redocly into `file` (format from its extension) and returns its text. */
async function bundle(file) {
  await promisify(execFile)(process.execPath, [redoclyBin, 'bundle', API, '-o', file]);
  return readFile(file, 'utf8');
}

/** Generates every file into `outDir` and returns their names. */
export async function generate(outDir) {
  const work = await mkdtemp(join(tmpdir(), 'contacts-bundle-'));
  try {
    const [yaml, json] = await Promise.all([bundle(join(work, 'openapi.yaml')), bundle(join(work, 'openapi.json'))]);
    const bundled = JSON.parse(json);
    const spec = normalized(bundled);
    const ops = operationsOf(spec);
    const hooks = webhooksOf(spec);
    const [request, response] = [forDirection(spec, 'request'), forDirection(spec, 'response')];
    const judged = checks(request, response, ops, hooks, spec);
    const files = {
      'openapi.yaml': `# ${HEADER}\n${yaml}`,
      'openapi.json': `${JSON.stringify({ 'x-generated': HEADER, ...bundled }, null, 2)}\n`,
      // $Read and $Write mark readOnly and writeOnly properties, so request types leave out the former and results the latter.
      'schema.ts': astToString(await openapiTS(forTypes(spec), { readWriteMarkers: true })),
      'operations.ts': table(spec, ops),
      'validators.ts': clientValidators(request, response, ops, hooks, judged.fallbacks),
      'checks.ts': judged.code,
      'wire.ts': wireValidators(request, ops),
      'examples.ts': examples(spec, ops),
      'calls.ts': calls(ops),
    };
    for (const name of Object.keys(files)) if (name.endsWith('.ts')) files[name] = `// ${HEADER}\n${files[name]}`;
    await mkdir(outDir, { recursive: true });
    await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(outDir, name), text)));
    return Object.keys(files);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : 'generated';
  const names = await generate(outDir);
  console.log(`generated ${names.length} files in ${outDir}/: ${names.join(', ')}`);
}
