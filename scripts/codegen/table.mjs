// The table of operations: every fact of the spec the engine, the fake and the verifier act on.
import { escapeToken, mediaTypes, resolver, serialOf } from './spec.mjs';
import { ident } from './validators.mjs';

/** Each operation's method, path, parameters, body, answers and retry class, keyed by operationId. */
export function table(spec, ops) {
  const schemes = spec.components?.securitySchemes ?? {};
  const resolve = resolver(spec);
  const kinds = {};
  const entries = ops.map((o) => {
    const params = {};
    const serial = {};
    for (const p of o.params) {
      (params[p.in] ??= {})[p.name] = p.required === true;
      const written = serialOf(p, resolve);
      if (written) (serial[p.in] ??= {})[p.name] = written;
    }
    const successes = {};
    const errors = {};
    for (const r of o.responses) {
      (/^2(\d\d|XX)$/.test(r.status) ? successes : errors)[r.status] = mediaTypes(r.content);
    }
    // Each alternative of the operation's security: the schemes to supply together; an empty one needs none.
    const security = o.security.map((requirement) => Object.keys(requirement));
    for (const name of new Set(security.flat())) kinds[name] ??= kindOf(o.id, name, resolve(schemes[name]));
    const body = o.body ? { mediaTypes: mediaTypes(o.body.content), required: o.body.required === true } : null;
    return [o.id, { method: o.method.toUpperCase(), path: o.path, params, ...(Object.keys(serial).length && { serial }), body, successes, errors, idempotent: o.idempotent, security }];
  });
  const parameters = Object.fromEntries(Object.entries(spec.components?.parameters ?? {}).map(([key, p]) => [key, { name: resolve(p).name, in: resolve(p).in }]));
  return [
    `/** The spec's first server. */\nexport const serverUrl = ${JSON.stringify(spec.servers?.[0]?.url ?? '')};\n`,
    `/** The spec's info.version, which is the package's version. */\nexport const version = ${JSON.stringify(spec.info.version)};\n`,
    `/** The shared parameters of components/parameters, by component name. */\nexport const parameters = ${JSON.stringify(parameters, null, 2)} as const;\n`,
    // One export per operation, so that code calling one operation bundles that one alone.
    ...entries.map(([id, entry]) => `/** ${id}. */\nexport const op$${ident(id)} = ${JSON.stringify(entry, null, 2)} as const;\n`),
    `/** Every operation, keyed by operationId. */\nexport const operations = {\n${entries.map(([id]) => `  ${JSON.stringify(id)}: op$${ident(id)},`).join('\n')}\n} as const;\n`,
    `/** How each security scheme the operations use is supplied. */\nexport const securitySchemes = ${JSON.stringify(kinds, null, 2)} as const;\n`,
    // What a client must meet to call anything: as many entries as distinct security lists, not operations.
    `/** Each distinct security of the operations (its alternatives, each the schemes to supply together). */\nexport const securities = ${JSON.stringify([...new Set(entries.map(([, e]) => JSON.stringify(e.security)))].map((s) => JSON.parse(s)))} as const;\n`,
  ].join('\n');
}

/** How the engine supplies a scheme: a bearer token (http bearer, oauth2, openIdConnect), http basic, or an API key. */
function kindOf(id, name, scheme) {
  const type = scheme?.type;
  if (type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return { kind: 'bearer' };
  if (type === 'oauth2' || type === 'openIdConnect') return { kind: 'bearer' };
  if (type === 'http' && scheme.scheme?.toLowerCase() === 'basic') return { kind: 'basic' };
  if (type === 'apiKey' && ['header', 'query', 'cookie'].includes(scheme.in) && scheme.name) return { kind: 'apiKey', in: scheme.in, name: scheme.in === 'header' ? scheme.name.toLowerCase() : scheme.name };
  const what = scheme ? `${type}${scheme.scheme ? ` ${scheme.scheme}` : ''}` : 'not declared';
  throw new Error(`${id} at #/components/securitySchemes/${escapeToken(name)}: security scheme ${name} is ${what}; the engine supplies http bearer and basic, apiKey (header, query, cookie), oauth2 and openIdConnect`);
}

