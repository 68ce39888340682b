// The table of operations: every fact of the spec the engine, the fake and the verifier act on.
import { escapeToken, jsonMedia, resolver } from './spec.mjs';

/** Each operation's method, path, parameters, body, answers and retry class, keyed by operationId. */
export function table(spec, ops) {
  const schemes = spec.components?.securitySchemes ?? {};
  const resolve = resolver(spec);
  const entries = ops.map((o) => {
    const params = {};
    for (const p of o.params) (params[p.in] ??= {})[p.name] = p.required === true;
    const successes = {};
    const errors = {};
    for (const r of o.responses) {
      const media = jsonMedia(`${o.id} ${r.status}`, r.content);
      (/^2(\d\d|XX)$/.test(r.status) ? successes : errors)[r.status] = media;
    }
    if (Object.keys(successes).length === 0) throw new Error(`${o.id} at #${o.at}/responses: declares no 2xx response, so no call could succeed`);
    const bearer = o.security.some((requirement) =>
      Object.keys(requirement).some((name) => {
        const scheme = resolve(schemes[name]);
        if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return true;
        throw new Error(`${o.id} at #/components/securitySchemes/${escapeToken(name)}: security scheme ${name} is ${scheme ? `${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''}` : 'not declared'}; the engine supplies only http bearer`);
      }),
    );
    const body = o.body ? { mediaType: jsonMedia(`${o.id} request body`, o.body.content), required: o.body.required === true } : null;
    return [o.id, { method: o.method.toUpperCase(), path: o.path, params, body, successes, errors, idempotent: o.idempotent, bearer }];
  });
  const parameters = Object.fromEntries(Object.entries(spec.components?.parameters ?? {}).map(([key, p]) => [key, { name: resolve(p).name, in: resolve(p).in }]));
  return [
    `/** The spec's first server. */\nexport const serverUrl = ${JSON.stringify(spec.servers?.[0]?.url ?? '')};\n`,
    `/** The spec's info.version, which is the package's version. */\nexport const version = ${JSON.stringify(spec.info.version)};\n`,
    `/** The shared parameters of components/parameters, by component name. */\nexport const parameters = ${JSON.stringify(parameters, null, 2)} as const;\n`,
    `/** Every operation, keyed by operationId. */\nexport const operations = ${JSON.stringify(Object.fromEntries(entries), null, 2)} as const;\n`,
  ].join('\n');
}
