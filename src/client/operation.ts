// One operation as a function of a connection, for contacts-api-contract/operations: generated/calls.ts makes one per
// operation of the spec, each with its own table entry and checks, so that a bundle carries only those it imports.
import type { Input, RequestArgs, RequestOptions, Target } from '../engine/engine.js';
import type { CallOptions } from '../engine/options.js';
import type { AnswerMediaOf, OperationId, RequestInput, ResultOf } from '../engine/types.js';
import { engineOf, type Connection } from './client.js';

/** One operation as a function of a connection: the types, checks, retries and errors of `request(operationId, …)`. */
export interface OperationFunction<Id extends OperationId> {
  // First, so that a call with `accept` gets the result of that media type alone (as RequestMethod does).
  <A extends string>(api: Connection, input: RequestInput<Id> | undefined, options: CallOptions & { accept: A & AnswerMediaOf<Id> }): Promise<ResultOf<Id, A>>;
  (api: Connection, ...args: RequestArgs<Id>): Promise<ResultOf<Id>>;
  /** The operationId it calls. */
  readonly operationId: Id;
}

/** The function of one operation: the engine behind the connection, called with this operation alone. */
export function operationFunction<Id extends OperationId>(target: Target): OperationFunction<Id> {
  const operation = async (api: Connection, input?: Input, options?: RequestOptions<string>) => engineOf(api).call(target, input, options);
  return Object.assign(operation, { operationId: target.id }) as unknown as OperationFunction<Id>;
}
