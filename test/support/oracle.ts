// Ajv2020 with ajv-formats, set up as the generator sets it up for the schemas the one-pass checks do not compile:
// the oracle the checks are judged against. It is compiled here, from the spec, and never ships.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Validator } from '../../src/engine/validation.js';
import { root } from './project.js';

type Ajv = { getSchema(ref: string): Validator | undefined };
type Spec = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };

/** The oracle of the spec in `dir`'s generated/openapi.json: the validator of a component, or of an operation's body. */
export async function oracleOf(dir = root) {
  const spec = JSON.parse(await readFile(join(dir, 'generated/openapi.json'), 'utf8')) as Spec;
  const { oracle } = (await import(pathToFileURL(join(root, 'scripts/codegen/validators.mjs')).href)) as { oracle: (spec: Spec) => Ajv };
  const { located } = (await import(pathToFileURL(join(root, 'scripts/codegen/spec.mjs')).href)) as { located: (spec: Spec, pointer: string) => { pointer: string } };
  const ajv = oracle(spec);
  const at = (pointer: string): Validator => {
    const validate = ajv.getSchema(`request#${pointer}`);
    if (!validate) throw new Error(`the oracle has no schema at ${pointer}`);
    return validate;
  };
  const token = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
  return {
    component: (name: string) => at(`/components/schemas/${token(name)}`),
    /** The body of the operation at `path` and `method`, in `media`; `/items` for an array body's items. */
    body: (path: string, method: string, media: string, suffix = '') => at(`${located(spec, `/paths/${token(path)}/${method.toLowerCase()}/requestBody/content/${token(media)}/schema`).pointer}${suffix}`),
  };
}
