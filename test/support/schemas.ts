// Values and whole requests generated from the spec's own schemas, for any operation of a table: valid ones,
// and ones that break a single constraint.
import fc from 'fast-check';
import { declaresSuccess } from '../../src/verify/plan.js';

type Schema = Record<string, any>;
export type Spec = { components?: Record<string, any>; paths: Record<string, any> };

/** Follows local $refs. */
export const resolver = (spec: Spec) => (node: any): any => {
  for (let i = 0; node?.$ref && i < 20; i++) node = (node.$ref as string).slice(2).split('/').reduce((n: any, k) => n?.[k.replaceAll('~1', '/')], spec);
  return node;
};

const codePoints = (s: string) => [...s].length;

/** Values the schema accepts, as a request carries them (readOnly properties left out). */
export function valid(schema: Schema, spec: Spec): fc.Arbitrary<unknown> {
  const resolve = resolver(spec);
  const s = resolve(schema) as Schema;
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = [s.type ?? 'string'].flat() as string[];
  const kinds = types.filter((t) => t !== 'null').map((type) => byType(type, s, spec));
  return types.includes('null') ? fc.oneof(...kinds, fc.constant(null)) : fc.oneof(...kinds);
}

function byType(type: string, s: Schema, spec: Spec): fc.Arbitrary<unknown> {
  const resolve = resolver(spec);
  switch (type) {
    case 'string': {
      if (s.format === 'email') return fc.constantFrom('a@b.co', 'example@email.com', "o'neil+tag@mail.example.org");
      if (s.format === 'date-time') return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
      const text = s.pattern ? fc.stringMatching(new RegExp(s.pattern, 'u')) : fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 40) });
      return text.filter((t) => codePoints(t) >= (s.minLength ?? 0) && codePoints(t) <= (s.maxLength ?? Infinity));
    }
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1000, 1e6) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = valid(s.items ?? {}, spec);
      const limits = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 5) };
      return s.uniqueItems ? fc.uniqueArray(items, { ...limits, selector: (v) => JSON.stringify(v) }) : fc.array(items, limits);
    }
    default: {
      const properties = Object.entries((s.properties ?? {}) as Record<string, Schema>).filter(([, p]) => resolve(p).readOnly !== true);
      return fc.record(Object.fromEntries(properties.map(([name, p]) => [name, valid(p, spec)])), {
        requiredKeys: (s.required ?? []).filter((n: string) => properties.some(([name]) => name === n)),
      });
    }
  }
}

/** A value that breaks exactly one constraint of the schema, where the schema has one to break. */
export function invalid(schema: Schema, spec: Spec): fc.Arbitrary<unknown> {
  const s = resolver(spec)(schema) as Schema;
  const types = [s.type ?? 'string'].flat() as string[];
  const breakers: fc.Arbitrary<unknown>[] = [fc.constant(types.includes('string') ? 12 : 'not-a-valid-value')];
  if (s.maxLength !== undefined) breakers.push(fc.constant('x'.repeat(s.maxLength + 1)));
  if (s.minLength) breakers.push(fc.constant(''));
  if (s.maximum !== undefined) breakers.push(fc.constant(s.maximum + 1));
  if (s.minimum !== undefined) breakers.push(fc.constant(s.minimum - 1));
  if (s.maxItems !== undefined) breakers.push(fc.array(valid(s.items ?? {}, spec), { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }));
  if (s.type === 'object') {
    const whole = valid(s, spec) as fc.Arbitrary<Record<string, unknown>>;
    if (s.additionalProperties === false) breakers.push(whole.map((v) => ({ ...v, notInTheContract: 1 })));
    for (const name of s.required ?? []) breakers.push(whole.map(({ [name]: _, ...rest }) => rest));
    for (const [name, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (resolver(spec)(p).readOnly !== true) breakers.push(fc.tuple(whole, invalid(p, spec)).map(([v, bad]) => ({ ...v, [name]: bad })));
    }
  }
  if (s.type === 'array' && s.items) breakers.push(fc.tuple(valid(s, spec) as fc.Arbitrary<unknown[]>, invalid(s.items, spec)).map(([v, bad]) => [...v, bad]));
  return fc.oneof(...breakers);
}

/** The operations Prism can mock: one that declares no success (OpenAPI 3.1 allows it) gets a 500 of Prism's own. */
export const mockable = <T extends { path: string; method: string }>(operations: Record<string, T>, spec: Spec): Record<string, T> =>
  Object.fromEntries(Object.entries(operations).filter(([, op]) => declaresSuccess(spec.paths[op.path]?.[op.method.toLowerCase()] ?? {})));

/** A value that is valid three times in four. */
export const mixed = (schema: Schema, spec: Spec) => fc.oneof({ weight: 3, arbitrary: valid(schema, spec) }, { weight: 1, arbitrary: invalid(schema, spec) });

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

/** One operation's resolved parameters, path-level ones merged in. */
export function parametersOf(spec: Spec, path: string, method: string): Parameter[] {
  const resolve = resolver(spec);
  const item = spec.paths[path];
  const all = [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(resolve) as Parameter[];
  return [...new Map(all.map((p) => [`${p.in}:${p.name}`, p])).values()];
}
