export { connect, createContacts, createContactsClient, importContacts, validateContacts } from './client.js';
export type { Connection, ContactsClient } from './client.js';
export { createRawClient } from './raw.js';
export { schemas, webhooks } from './schemas.js';
export type { Schemas, StandardIssue, StandardResult, StandardSchemaV1, Webhooks } from './schemas.js';
export type { RequestArgs, RequestOptions } from './engine.js';
export type { CallOptions, ContactsClientOptions, FetchLike } from './options.js';
export type { BasicCredentials, BasicSource, Credentials, SecuritySchemeName, TokenSource } from './auth.js';
export type { RetryOptions } from './retry.js';
export type { Logger, LogLevel } from './log.js';
export type { AcceptedRows, ContactSource, FailedContact, ImportCounts, ImportJournal, ImportOptions, ImportProgress, ImportReport, JournaledBatch, RejectedContact } from './bulk.js';
export {
  ContactsAbortError,
  ContactsArgumentError,
  ContactsAuthError,
  ContactsError,
  ContactsHttpError,
  ContactsJournalError,
  ContactsNetworkError,
  ContactsResponseTooLargeError,
  ContactsTimeoutError,
  ContactsValidationError,
  ContractViolationError,
} from './errors.js';
export type { ContactsErrorCode, Outcome, ValidationIssue } from './errors.js';
export type { ValidationResult } from './validation.js';
export type {
  AnswerMediaOf,
  BodyMediaOf,
  BodyOf,
  components,
  ContactInput,
  CreateContactsResult,
  ErrorBodyOf,
  OperationId,
  operations,
  ParamsOf,
  paths,
  ProblemDetails,
  RawPaths,
  RequestInput,
  ResultOf,
  WebhookBodyOf,
  WebhookName,
} from './types.js';
