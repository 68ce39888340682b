// Parameters as OpenAPI serialises them: every style and explode of path, query, header and cookie parameters, for
// scalars, arrays and flat objects (RFC 6570 as OpenAPI 3.1 §4.8.12.4 applies it). Written here: the URI
// template libraries do not know OpenAPI's spaceDelimited, pipeDelimited and deepObject.
// Cookie parameters are form pairs, as in the query (percent-encoded, so no `;` or `,` breaks the header), joined by `; `.
import { ContactsArgumentError } from './errors.js';

/** How a parameter is serialised, when not the default of its location. */
export interface Serial {
  readonly style: string;
  readonly explode: boolean;
}

/** The default of each location: form (exploded) for query and cookie, simple (not exploded) for path and header. */
export const DEFAULTS: Readonly<Record<'path' | 'query' | 'header' | 'cookie', Serial>> = {
  path: { style: 'simple', explode: false },
  query: { style: 'form', explode: true },
  header: { style: 'simple', explode: false },
  cookie: { style: 'form', explode: true },
};

type Scalar = string | number | boolean;
/** A parameter value: a scalar, an array of scalars, or an object whose values are scalars. */
export type ParamValue = Scalar | readonly Scalar[] | Readonly<Record<string, Scalar>>;

/** A record's own entry, if any: a name from input never reads what Object.prototype holds (`constructor`, `toString`…). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

const scalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A copy of a caller's value, read once, if it is a parameter value; else an argument error naming it. */
export function paramValue(id: string, name: string, value: unknown): ParamValue {
  if (scalar(value)) return value;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    if (copy.every(scalar)) return copy;
  } else if (value !== null && typeof value === 'object') {
    const copy = { ...(value as Record<string, unknown>) };
    if (Object.values(copy).every(scalar)) return copy as Record<string, Scalar>;
  }
  throw new ContactsArgumentError(`${id}: parameter ${JSON.stringify(name)} must be a string, a finite number, a boolean, or an array or flat object of them`);
}

/** Text percent-encoded as it goes on the wire: all but RFC 3986's unreserved characters, so that the URL parser (which encodes `'` in a query) changes nothing. */
export const wireEncoded = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A value percent-encoded as it goes on the wire; a lone surrogate, which UTF-8 cannot write, is an argument error. */
export function percentEncoded(name: string, value: unknown): string {
  try {
    return wireEncoded(String(value));
  } catch {
    throw new ContactsArgumentError(`parameter ${name} must be well-formed Unicode: it has a lone surrogate, which cannot be sent`);
  }
}

/** The parts of a value, each encoded: its items, or its keys and values, or itself. */
function parts(name: string, value: ParamValue, encode: (v: unknown) => string) {
  if (Array.isArray(value)) return { items: value.map(encode) };
  if (typeof value === 'object') return { entries: Object.entries(value).map(([k, v]) => [encode(k), encode(v)] as const) };
  return { one: encode(value) };
}

/** A path parameter's segment text, in style simple, label or matrix. */
export function pathText(name: string, value: ParamValue, serial?: Serial): string {
  // The common case, a scalar in the default style, is its text encoded: no parts to build.
  if (serial === undefined && typeof value !== 'object') return percentEncoded(name, value);
  const { style, explode } = serial ?? DEFAULTS.path;
  const { one, items, entries } = parts(name, value, (v) => percentEncoded(name, v));
  const pairs = (join: string) => entries!.map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`)).join(join);
  if (style === 'matrix') {
    const n = percentEncoded(name, name);
    if (items) return explode ? items.map((i) => `;${n}=${i}`).join('') : `;${n}=${items.join(',')}`;
    if (entries) return explode ? entries.map(([k, v]) => `;${k}=${v}`).join('') : `;${n}=${entries.flat().join(',')}`;
    return `;${n}=${one}`;
  }
  const sep = style === 'label' && explode ? '.' : ',';
  const text = items ? items.join(sep) : entries ? pairs(sep) : one!;
  return style === 'label' ? `.${text}` : text;
}

/** A query parameter's `name=value` pairs, in style form, spaceDelimited, pipeDelimited or deepObject. */
export function queryPairs(name: string, value: ParamValue, { style, explode }: Serial = DEFAULTS.query): string[] {
  const n = percentEncoded(name, name);
  const { one, items, entries } = parts(name, value, (v) => percentEncoded(name, v));
  if (items && !explode && style === 'spaceDelimited') return [`${n}=${items.join('%20')}`];
  if (items && !explode && style === 'pipeDelimited') return [`${n}=${items.join('|')}`];
  if (entries && style === 'deepObject') return entries.map(([k, v]) => `${n}[${k}]=${v}`);
  if (items) return explode ? items.map((i) => `${n}=${i}`) : [`${n}=${items.join(',')}`];
  if (entries) return explode ? entries.map(([k, v]) => `${k}=${v}`) : [`${n}=${entries.flat().join(',')}`];
  return [`${n}=${one}`];
}

/** A header parameter's value, in style simple. */
export function headerText(name: string, value: ParamValue, { explode }: Serial = DEFAULTS.header): string {
  const { one, items, entries } = parts(name, value, String);
  if (items) return items.join(',');
  if (entries) return entries.map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`)).join(',');
  return one!;
}

/** Cookie parameters as the text of one Cookie header: form pairs, as in the query, joined by `; `. */
export function cookieText(values: Readonly<Record<string, unknown>>, serials: Readonly<Record<string, Serial>> = {}): string {
  return Object.entries(values).flatMap(([name, value]) => queryPairs(name, value as ParamValue, own(serials, name) ?? DEFAULTS.cookie)).join('; ');
}
