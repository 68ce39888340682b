// generated from openapi/ by `npm run generate` — do not edit
import { engineOf as $engineOf, type Connection } from '../src/client/client.js';
import type { Input, RequestArgs, RequestOptions, Target } from '../src/engine/engine.js';
import type { CallOptions } from '../src/engine/options.js';
import type { AnswerMediaOf, OperationId, RequestInput, ResultOf } from '../src/engine/types.js';
import * as $checks from './checks.js';
import * as $table from './operations.js';

/** One operation as a function of a connection: the types, checks, retries and errors of `request(operationId, …)`. */
export interface OperationFunction<Id extends OperationId> {
  // First, so that a call with `accept` gets the result of that media type alone (as RequestMethod does).
  <A extends string>(api: Connection, input: RequestInput<Id> | undefined, options: CallOptions & { accept: A & AnswerMediaOf<Id> }): Promise<ResultOf<Id, A>>;
  (api: Connection, ...args: RequestArgs<Id>): Promise<ResultOf<Id>>;
  /** The operationId it calls. */
  readonly operationId: Id;
}

/** The function of one operation: the engine behind the connection, called with this operation alone. */
function call<Id extends OperationId>(target: Target): OperationFunction<Id> {
  const operation = async (api: Connection, input?: Input, options?: RequestOptions<string>) => $engineOf(api).call(target, input, options);
  return Object.assign(operation, { operationId: target.id }) as unknown as OperationFunction<Id>;
}

/** createContacts: POST /companies/v2/rs/{companyId}/contacts. */
export const createContacts = /* @__PURE__ */ call<"createContacts">({ id: "createContacts", op: $table.op$createContacts, judges: $checks.judges$createContacts });
