// The client of the Create contacts API: the engine, plus the domain helpers that speak in contacts.
import { importContacts, type ContactSource, type Pace, type ImportOptions, type ImportReport } from './bulk.js';
import { createEngine, type RequestMethod } from './engine.js';
import type { CallOptions, ContactsClientOptions } from './options.js';
import type { ContactInput, CreateContactsResult } from './types.js';
import { bodyVerdicts, verdict, type ValidationResult } from './validation.js';

/** The typed client returned by `createContactsClient`. */
export interface ContactsClient {
  /** Calls any operation of the spec by its operationId, with the same safety as the helpers below. */
  request: RequestMethod;
  /** Creates the contacts in one request; resolves to the 201 body or rejects with a `ContactsError`. */
  createContacts(companyId: string, contacts: readonly ContactInput[], options?: CallOptions): Promise<CreateContactsResult>;
  /** Reads the contacts one at a time from any source, sends the valid ones in batches, and reports on each one. */
  importContacts(companyId: string, contacts: ContactSource, options?: ImportOptions): Promise<ImportReport>;
}

/** Creates a client; options that can never work fail here, not at the first request. */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const engine = createEngine(options);
  return {
    request: engine.request,
    createContacts: (companyId, contacts, call) => engine.request('createContacts', { params: { path: { companyId } }, body: contacts as ContactInput[] }, call),
    async importContacts(companyId, contacts, importOptions = {}) {
      const params = { path: { companyId } };
      engine.checkParams('createContacts', params);
      const send = (batch: string, pace: Pace) => engine.sendEncoded('createContacts', params, batch, {}, pace) as Promise<CreateContactsResult>;
      return importContacts(send, companyId, contacts, importOptions);
    },
  };
}

/** Checks a Create contacts request body against the spec, on the JSON it makes, exactly as the client judges what it sends. */
export function validateContacts(body: unknown): ValidationResult<ContactInput[]> {
  return verdict<ContactInput[]>(bodyVerdicts.createContacts!, body);
}
