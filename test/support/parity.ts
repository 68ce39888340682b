// The fake against Prism: raw requests to every operation of a table, built from the spec's schemas, must get
// the same status from both.
import fc from 'fast-check';
import { expect } from 'vitest';
import { headerText, paramValue, pathText, queryPairs, type ParamValue } from '../../src/engine/params.js';
import { mixed, mockable, parametersOf, valid, type Spec } from './schemas.js';

type Serial = { style: string; explode: boolean };
type Table = Record<string, { method: string; path: string; body: { mediaTypes: readonly string[] } | null; security?: readonly (readonly string[])[]; serial?: Partial<Record<'path' | 'query' | 'header', Record<string, Serial>>> }>;

/** The value as the styles write it; what none writes (null, nested objects) is sent as its string, to be refused. */
const writable = (v: unknown): ParamValue => {
  try {
    return paramValue('parity', 'parameter', v);
  } catch {
    return String(v);
  }
};
type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** A raw request to one operation: parameters and body mostly valid, sometimes not, and three sets of credentials. */
function request(operations: Table, spec: Spec) {
  return fc.constantFrom(...Object.keys(operations)).chain((id) => {
    const op = operations[id]!;
    const params = parametersOf(spec, op.path, op.method.toLowerCase());
    const value = (p: (typeof params)[number]) => (p.in === 'path' && p.name === 'companyId' ? valid(p.schema, spec) : mixed(p.schema, spec));
    const given = fc.record(Object.fromEntries(params.map((p) => [`${p.in}:${p.name}`, p.required ? value(p) : fc.option(value(p), { nil: undefined })])));
    const media = op.body && resolveContent(spec, op)?.schema;
    const body = media ? fc.oneof({ weight: 9, arbitrary: mixed(media, spec).map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: fc.constant('[{') }) : fc.constant(undefined);
    const auth = fc.constantFrom('valid', 'empty bearer', 'no session');
    return fc.record({ id: fc.constant(id), given, body, auth }).map(({ given, body, auth }) => {
      let path = op.path;
      const query = new URLSearchParams();
      const search: string[] = [];
      const headers: Record<string, string> = { authorization: auth === 'empty bearer' ? 'Bearer ' : 'Bearer t' };
      // Valid credentials are those of the operation's first alternative; the bearer token is always there.
      for (const name of op.security?.[0] ?? []) {
        const scheme = spec.components!.securitySchemes[name];
        const { type, in: where, name: key, scheme: http } = scheme.$ref ? scheme.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k], spec) : scheme;
        if (type === 'http' && http === 'basic') headers['authorization'] = `Basic ${btoa('ada:pass-0000')}`;
        else if (type === 'apiKey' && where === 'header') headers[key.toLowerCase()] = 'key-0000';
        else if (type === 'apiKey' && where === 'cookie') headers['cookie'] = `${headers['cookie'] ? `${headers['cookie']}; ` : ''}${key}=key-0000`;
        else if (type === 'apiKey' && where === 'query') query.append(key, 'key-0000');
      }
      for (const p of params) {
        const v = given[`${p.in}:${p.name}`];
        if (v === undefined || v === null) continue;
        // Written by the engine's own serialisers, in the style the spec gives each parameter.
        const serial = op.serial?.[p.in as 'path' | 'query' | 'header']?.[p.name];
        const value = writable(v);
        if (p.in === 'path') path = path.replace(`{${p.name}}`, pathText(p.name, value, serial));
        if (p.in === 'query') search.push(...queryPairs(p.name, value, serial));
        if (p.in === 'header' && !(auth === 'no session' && p.name === 'x-session-token')) headers[p.name] = headerText(p.name, value, serial).replace(/[\r\n]/g, '');
      }
      if (body !== undefined) headers['content-type'] = jsonMedia(op)!;
      const all = [...search, ...(query.size ? [String(query)] : [])];
      return { id, method: op.method, target: `${path}${all.length ? `?${all.join('&')}` : ''}`, headers, ...(body !== undefined && { body }) };
    });
  });
}

// Bodies are generated in JSON only: an operation with none is sent without a body.
const jsonMedia = (op: Table[string]) => op.body?.mediaTypes.find((type) => /^application\/([\w.+-]+\+)?json$/.test(type));

function resolveContent(spec: Spec, op: Table[string]) {
  const raw = spec.paths[op.path][op.method.toLowerCase()].requestBody;
  const body = raw?.$ref ? raw.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k], spec) : raw;
  const media = jsonMedia(op);
  return media && body?.content?.[media];
}

/** Sends `runs` generated requests to both, and expects the same status every time. */
export async function expectSameStatuses(fake: Fetch, prismUrl: string, operations: Table, spec: Spec, runs: number, seed: number) {
  const seen: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(request(mockable(operations, spec), spec), async ({ id, method, target, headers, body }) => {
      const init = { method, headers, ...(body !== undefined && { body }) };
      const [ours, theirs] = await Promise.all([fake(`http://127.0.0.1:1${target}`, init), fetch(`${prismUrl}${target}`, init)]);
      await Promise.all([ours.arrayBuffer(), theirs.arrayBuffer()]);
      expect(ours.status, `${id} ${method} ${target} ${body ?? ''} (seed ${seed})`).toBe(theirs.status);
      seen[`${id} ${ours.status}`] = (seen[`${id} ${ours.status}`] ?? 0) + 1;
    }),
    { numRuns: runs, seed },
  );
  return seen;
}

