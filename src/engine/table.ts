// The generated table of operations, typed: the one place src/ reads the spec's operations from.
import { operations, securitySchemes } from '../../generated/operations.js';
import { ContactsArgumentError } from './errors.js';
import type { Serial } from './params.js';
import type { OperationId } from './types.js';

/** Parameter names by location, each with whether it is required. */
type Declared = Readonly<Record<string, boolean>>;

/** A parameter's serialisation and the shape of its schema. */
export type Shaped = Serial & { readonly shape: string; readonly keys?: readonly string[] };

/** One operation, as the generator writes it. */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly params: { readonly path?: Declared; readonly query?: Declared; readonly header?: Declared; readonly cookie?: Declared };
  /** How the parameters that are not default scalars are written: style, explode, and shape (array, object, scalar). */
  readonly serial?: { readonly [Location in 'path' | 'query' | 'header' | 'cookie']?: Readonly<Record<string, Shaped>> };
  /** The request body's media types, JSON first, and whether it is required. */
  readonly body: { readonly mediaTypes: readonly string[]; readonly required: boolean } | null;
  /** Each declared success status (or range), with its media types, JSON first; none without content. */
  readonly successes: Readonly<Record<string, readonly string[]>>;
  /** Each declared error status (or range, or default), likewise. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** Whether a second identical request has the effect of the first: by method, or `x-idempotent`. */
  readonly idempotent: boolean;
  /** Its security: alternatives, each the schemes supplied together; an empty alternative needs none, and no alternative at all means no auth. */
  readonly security: readonly (readonly string[])[];
}

/** Every operation of the spec, by operationId. */
export const table: Readonly<Record<OperationId, Operation>> = operations;

/** The operation, or undefined when the spec has none by that id. */
export function operation(id: string): Operation | undefined {
  return Object.hasOwn(table, id) ? table[id as OperationId] : undefined;
}

/** How a security scheme is supplied: a bearer token (http bearer, oauth2, openIdConnect), http basic, or an API key. */
export type Scheme = { readonly kind: 'bearer' } | { readonly kind: 'basic' } | { readonly kind: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string };

/** Every security scheme the operations use, by name. */
export const schemes: Readonly<Record<string, Scheme>> = securitySchemes;

const bearer = (name: string) => schemes[name]?.kind === 'bearer';

/** Whether every way to call `op` takes a bearer token (http bearer, oauth2 or openIdConnect): leaving it out must be refused. */
export function needsBearer(op: Operation): boolean {
  return op.security.length > 0 && op.security.every((alternative) => alternative.some(bearer));
}

/** Whether a bearer token alone calls `op`, when it takes credentials at all: the verifier has nothing else to send. */
export function bearerSuffices(op: Operation): boolean {
  return op.security.length === 0 || op.security.some((alternative) => alternative.every(bearer));
}

/** An operation's path split at its parameters, once: even indexes are literal text, odd ones parameter names. */
export function templateOf(op: Operation): readonly string[] {
  return templates.get(op) ?? templates.set(op, op.path.split(/\{([^}]+)\}/)).get(op)!;
}
const templates = new WeakMap<Operation, string[]>();

/** An operation's route: its path as a pattern, each parameter captured in the order of `names`. */
export interface Route {
  readonly id: OperationId;
  readonly op: Operation;
  readonly names: readonly string[];
  readonly pattern: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every operation's route, anchored at both ends as Prism routes, optionally under the `base` path. An empty
 * path parameter matches, so that it can be refused as missing, as Prism does.
 */
export function routes(base = ''): Route[] {
  return Object.entries(table).map(([id, op]) => {
    const names: string[] = [];
    const source = templateOf(op).map((part, i) => (i % 2 ? (names.push(part), '([^/]*)') : escape(part))).join('');
    return { id: id as OperationId, op, names, pattern: new RegExp(`^(?:${escape(base)})?${source}$`) };
  });
}

/** A base URL's path, without its trailing slash: what routes are under. */
export const basePath = (url: string): string => (URL.canParse(url) ? new URL(url).pathname.replace(/\/$/, '') : '');

/**
 * The Accept header of a call: the success media type asked for, else every one declared (JSON first), then the
 * error ones, so that a refusal can still come back in its declared form.
 */
export function acceptOf(op: Operation, asked: string | undefined): string {
  if (asked === undefined) return defaultAccept.get(op) ?? defaultAccept.set(op, accepting(op, Object.values(op.successes).flat())).get(op)!;
  const successes = Object.values(op.successes).flat();
  if (!successes.includes(asked)) throw new ContactsArgumentError(`accept must be a media type the operation answers with (${successes.join(', ') || 'none'}); got ${JSON.stringify(asked)}`);
  return accepting(op, [asked]);
}
// Each operation's default Accept, written once: every call sends it.
const defaultAccept = new WeakMap<Operation, string>();
const accepting = (op: Operation, successes: string[]) => [...new Set([...successes, ...Object.values(op.errors).flat()])].join(', ');
