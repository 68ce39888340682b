// What the Prism mock answers, for the in-process fake: each declared response's first example, or the
// static sample Prism generates from its schema when it has none.
import sampler from '@stoplight/json-schema-sampler';
import { mediaTypes, resolver } from './spec.mjs';

/** examples.ts: each operation's answer body per declared status and media type (absent: no content). */
export function examples(spec, ops) {
  const resolve = resolver(spec);
  const table = Object.fromEntries(
    ops.map((o) => [
      o.id,
      Object.fromEntries(
        o.responses.flatMap((r) => {
          const bodies = mediaTypes(r.content).flatMap((media) => {
            const { example, examples: named, schema } = r.content[media];
            const first = named && Object.values(named)[0];
            if (first) return [[media, resolve(first).value]];
            if (example !== undefined) return [[media, example]];
            return schema ? [[media, sampler.sample(schema, { ticks: 2500 }, spec)]] : [];
          });
          return bodies.length ? [[r.status, Object.fromEntries(bodies)]] : [];
        }),
      ),
    ]),
  );
  return `/** Each operation's answer bodies, by declared status and media type, as the Prism mock gives them. */\nexport const examples: Record<string, Record<string, Record<string, unknown>>> = ${JSON.stringify(table, null, 2)};\n`;
}
