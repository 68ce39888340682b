// The client of the Create contacts API: the engine, plus the domain helpers that speak in contacts. `connect` and
// the functions that take its connection bundle only createContacts; `createContactsClient` also carries
// `request`, and so every operation of the spec.
import { op$createContacts } from '../generated/operations.js';
import { importContacts as importRows, type ContactSource, type Pace, type ImportOptions, type ImportReport } from './bulk.js';
import { createEngine, requester, type Engine, type RequestMethod, type Target } from './engine.js';
import { ContactsArgumentError } from './errors.js';
import type { CallOptions, ContactsClientOptions } from './options.js';
import type { ContactInput, CreateContactsResult } from './types.js';
import { createContactsJudges, createContactsVerdict, verdict, type ValidationResult } from './validation.js';

/** The typed client returned by `createContactsClient`. */
export interface ContactsClient {
  /** Calls any operation of the spec by its operationId, with the same safety as the helpers below. */
  request: RequestMethod;
  /** Creates the contacts in one request; resolves to the 201 body or rejects with a `ContactsError`. */
  createContacts(companyId: string, contacts: readonly ContactInput[], options?: CallOptions): Promise<CreateContactsResult>;
  /** Reads the contacts one at a time from any source, sends the valid ones in batches, and reports on each one. */
  importContacts(companyId: string, contacts: ContactSource, options?: ImportOptions): Promise<ImportReport>;
}

declare const CONNECTION: unique symbol;
/** A connection to the API, from `connect`: what `createContacts(api, …)` and `importContacts(api, …)` take. */
export interface Connection {
  readonly [CONNECTION]: true;
}

const CREATE: Target = { id: 'createContacts', op: op$createContacts, judges: createContactsJudges };

/** Creates a client; options that can never work fail here, not at the first request. */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const api = connect(options);
  return {
    request: requester(engineOf(api)),
    createContacts: (companyId, contacts, call) => createContacts(api, companyId, contacts, call),
    importContacts: (companyId, contacts, importOptions) => importContacts(api, companyId, contacts, importOptions),
  };
}

/** Connects to the API with the client's options, checked now; the functions that take it bundle only themselves. */
export function connect(options: ContactsClientOptions): Connection {
  return createEngine(options) as unknown as Connection;
}

/** Creates the contacts in one request over a connection, as `client.createContacts` does. */
export async function createContacts(api: Connection, companyId: string, contacts: readonly ContactInput[], options?: CallOptions): Promise<CreateContactsResult> {
  return engineOf(api).call(CREATE, { params: { path: { companyId } }, body: contacts }, options) as Promise<CreateContactsResult>;
}

/** Imports contacts from any source over a connection, as `client.importContacts` does. */
export async function importContacts(api: Connection, companyId: string, contacts: ContactSource, options: ImportOptions = {}): Promise<ImportReport> {
  const engine = engineOf(api);
  const params = { path: { companyId } };
  engine.checkParams(CREATE, params);
  const send = (batch: string, pace: Pace) => engine.sendEncoded(CREATE, params, batch, {}, pace) as Promise<CreateContactsResult>;
  return importRows(send, companyId, contacts, options);
}

function engineOf(api: Connection): Engine {
  if (typeof (api as unknown as Partial<Engine> | undefined)?.call !== 'function') throw new ContactsArgumentError('the first argument must be the connection connect() returns');
  return api as unknown as Engine;
}

/** Checks a Create contacts request body against the spec, on the JSON it makes, exactly as the client judges what it sends. */
export function validateContacts(body: unknown): ValidationResult<ContactInput[]> {
  return verdict<ContactInput[]>(createContactsVerdict, body);
}
