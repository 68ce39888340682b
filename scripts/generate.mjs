// Writes everything in generated/ from the spec in openapi/, as configured by redocly.yaml.
// Usage: node scripts/generate.mjs [--out DIR]   (DIR defaults to generated/)
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import openapiTS, { astToString } from 'openapi-typescript';

const API = 'contacts';
const OPERATION_ID = 'createContacts';
const HEADER = 'generated from openapi/ by `npm run generate` — do not edit';
const redoclyBin = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

/** Bundles the spec with Redocly into `file` (format from its extension) and returns its text. */
async function bundle(file) {
  await promisify(execFile)(process.execPath, [redoclyBin, 'bundle', API, '-o', file]);
  return readFile(file, 'utf8');
}

/** Ajv set up as Prism 5 sets up its request validator (draft-07, ajv-formats, allErrors). */
function prismAjv() {
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    strict: false,
    // Our messages are built from keyword and params (src/validation.ts), so ajv's are dead weight.
    messages: false,
    code: { source: true, esm: true },
  });
  addFormats(ajv);
  // Only the request is held to Prism's rules. In response bodies `format` is an annotation, as JSON Schema
  // 2020-12 has it: the problem details' uri-reference is not worth its 1.5 KB regex to the client.
  ajv.addFormat('uri-reference', true);
  return ajv;
}

/** The path and method of the operation this package serves, found by its operationId. */
function operation(spec) {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) if (op?.operationId === OPERATION_ID) return { path, method };
  }
  throw new Error(`the spec has no operation ${OPERATION_ID}`);
}

/** Ahead-of-time validators for the request, 201 and error bodies, with no runtime dependency. */
function validators(spec) {
  const ajv = prismAjv();
  ajv.addSchema(withoutAnnotations(spec), 'spec');
  // Point at the operation's own schemas, so a change of $ref in the spec reaches the validators.
  const { path, method } = operation(spec);
  const op = `spec#/paths/${path.replaceAll('/', '~1').replace(/[{}]/g, encodeURIComponent)}/${method}`;
  const refs = {
    validateRequestBody: `${op}/requestBody/content/application~1json/schema`,
    validateCreatedBody: `${op}/responses/201/content/application~1json/schema`,
    validateErrorBody: 'spec#/components/schemas/ProblemDetails',
  };
  const raw = standaloneCode(ajv, refs);
  const counter = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)/.exec(raw)?.[1];
  const code = raw
    .replace('"use strict";', '')
    .replace(ucs2length.default.code, `(${ucs2length.default.toString()})`)
    // A string has at least as many UTF-16 units as code points: count code points only when it could matter.
    .replace(new RegExp(`${counter}\\((\\w+)\\) > (\\d+)`, 'g'), `($1.length > $2 && ${counter}($1) > $2)`)
    // The client reports instance paths, never schema paths: do not ship them.
    .replace(/schemaPath:"[^"]*",/g, '')
    .replace(/export const (\w+) = (\w+);/g, 'export const $1: Validator = $2;');
  if (code.includes('require(')) throw new Error('validators: standalone code still requires a runtime module');
  return `// @ts-nocheck -- ajv standalone output; its public surface is typed below.
${code}

/** One failed check, as ajv reports it. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: returns whether \`data\` is valid, and leaves the failures in \`errors\`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}
`;
}

/** The spec without the keywords that never change a verdict, so the validators do not ship them. */
function withoutAnnotations(node, namesOnly = false) {
  if (Array.isArray(node)) return node.map((item) => withoutAnnotations(item));
  if (node === null || typeof node !== 'object') return node;
  // Under `properties` and the like, keys are names (a property may well be called `title`).
  const kept = Object.entries(node).filter(([key]) => namesOnly || !ANNOTATIONS.has(key));
  return Object.fromEntries(kept.map(([key, value]) => [key, withoutAnnotations(value, !namesOnly && NAME_MAPS.has(key))]));
}
const ANNOTATIONS = new Set(['title', 'description', 'summary', 'example', 'examples']);
const NAME_MAPS = new Set(['properties', 'patternProperties', 'schemas', '$defs', 'definitions']);

/** Facts of the spec that the runtime needs, so src/ never repeats them by hand. */
function meta(spec) {
  const facts = {
    serverUrl: spec.servers[0].url,
    operationPath: operation(spec).path,
  };
  return Object.entries(facts)
    .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};\n`)
    .join('');
}

/** Generates every file into `outDir` and returns their names. */
export async function generate(outDir) {
  const work = await mkdtemp(join(tmpdir(), 'contacts-bundle-'));
  try {
    const [yaml, json] = await Promise.all([bundle(join(work, 'openapi.yaml')), bundle(join(work, 'openapi.json'))]);
    const spec = JSON.parse(json);
    const types = astToString(await openapiTS(spec));
    const files = {
      'openapi.yaml': `# ${HEADER}\n${yaml}`,
      'openapi.json': `${JSON.stringify({ 'x-generated': HEADER, ...spec }, null, 2)}\n`,
      'schema.ts': `// ${HEADER}\n${types}`,
      'validators.ts': `// ${HEADER}\n${validators(spec)}`,
      'meta.ts': `// ${HEADER}\n${meta(spec)}`,
    };
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
