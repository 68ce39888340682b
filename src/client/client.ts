// The client of the Create contacts API: the engine, plus the domain helpers that speak in contacts. `connect` and
// the functions that take its connection bundle only what they call; `createContactsClient` also carries
// `request`, and so every operation of the spec. `importContacts` (import/bulk.ts) takes a connection too, so that a
// bundle that never imports does not carry the import's pool, pacing and journal.
import { op$createContacts } from '../../generated/operations.js';
import { createEngine, requester, type Engine, type RequestMethod, type Target } from '../engine/engine.js';
import { ContactsArgumentError } from '../engine/errors.js';
import { checkCount, type CallOptions, type ContactsClientOptions } from '../engine/options.js';
import type { ContactInput, CreateContactsResult } from '../engine/types.js';
import { createContactsJudges, createContactsVerdict, MAX_ISSUES, verdict, type ValidationResult } from '../engine/validation.js';

declare const CONNECTION: unique symbol;
/** A connection to the API, from `connect` or `createContactsClient`: what `createContacts(api, …)` and `importContacts(api, …)` take. */
export interface Connection {
  readonly [CONNECTION]: true;
}

/** The typed client returned by `createContactsClient`; it is also a connection, for `importContacts(client, …)`. */
export interface ContactsClient extends Connection {
  /** Calls any operation of the spec by its operationId, with the same safety as the helpers below. */
  request: RequestMethod;
  /** Creates the contacts in one request; resolves to the 201 body or rejects with a `ContactsError`. */
  createContacts(companyId: string, contacts: readonly ContactInput[], options?: CallOptions): Promise<CreateContactsResult>;
}

// Where a connection keeps its engine: out of sight of callers, who hold it only to pass it on.
const ENGINE = Symbol('engine');

/** Create contacts, as its helpers call it: its checks alone, so that they bundle no other operation's. */
export const CREATE_CONTACTS: Target = { id: 'createContacts', op: op$createContacts, judges: createContactsJudges };

/** Creates a client; options that can never work fail here, not at the first request. */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const engine = createEngine(options);
  const api = { [ENGINE]: engine } as unknown as Connection;
  return { ...api, request: requester(engine), createContacts: (companyId, contacts, call) => createContacts(api, companyId, contacts, call) };
}

/** Connects to the API with the client's options, checked now; the functions that take it bundle only themselves. */
export function connect(options: ContactsClientOptions): Connection {
  return { [ENGINE]: createEngine(options) } as unknown as Connection;
}

/** Creates the contacts in one request over a connection (or a client), as `client.createContacts` does. */
export async function createContacts(api: Connection, companyId: string, contacts: readonly ContactInput[], options?: CallOptions): Promise<CreateContactsResult> {
  return engineOf(api).call(CREATE_CONTACTS, { params: { path: { companyId } }, body: contacts }, options) as Promise<CreateContactsResult>;
}

/** The engine behind a connection or a client; anything else is an argument error. */
export function engineOf(api: Connection): Engine {
  const engine = (api as unknown as { [ENGINE]?: Engine } | null | undefined)?.[ENGINE];
  if (!engine) throw new ContactsArgumentError('the first argument must be a connection from connect(), or a client from createContactsClient()');
  return engine;
}

/**
 * Checks a Create contacts request body against the spec, on the JSON it makes, exactly as the client judges what
 * it sends. Checking stops past `maxIssues` issues (default 100), as the client's own does.
 */
export function validateContacts(body: unknown, options: { maxIssues?: number } = {}): ValidationResult<ContactInput[]> {
  return verdict<ContactInput[]>(createContactsVerdict, body, checkCount('maxIssues', options.maxIssues ?? MAX_ISSUES));
}
