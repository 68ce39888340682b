// The generated table of operations, typed: the one place src/ reads the spec's operations from.
import { operations, securitySchemes } from '../generated/operations.js';
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
  readonly params: { readonly path?: Declared; readonly query?: Declared; readonly header?: Declared };
  /** How the parameters that are not default scalars are written: style, explode, and shape (array, object, scalar). */
  readonly serial?: { readonly [Location in 'path' | 'query' | 'header']?: Readonly<Record<string, Shaped>> };
  readonly body: { readonly mediaType: string; readonly required: boolean } | null;
  /** Each declared success status (or range), with its JSON media type, or null without content. */
  readonly successes: Readonly<Record<string, string | null>>;
  /** Each declared error status (or range, or default), likewise. */
  readonly errors: Readonly<Record<string, string | null>>;
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

const kinds: Record<string, { kind: string }> = securitySchemes;
const bearer = (name: string) => kinds[name]?.kind === 'bearer';

/** Whether every way to call `op` takes a bearer token (http bearer, oauth2 or openIdConnect): leaving it out must be refused. */
export function needsBearer(op: Operation): boolean {
  return op.security.length > 0 && op.security.every((alternative) => alternative.some(bearer));
}

/** Whether a bearer token alone calls `op`, when it takes credentials at all: the verifier has nothing else to send. */
export function bearerSuffices(op: Operation): boolean {
  return op.security.length === 0 || op.security.some((alternative) => alternative.every(bearer));
}

