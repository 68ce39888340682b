export { connect, createContacts, createContactsClient, validateContacts } from './client/client.js';
export { importContacts } from './import/bulk.js';
export type { Connection, ContactsClient } from './client/client.js';
export { createRawClient } from './client/raw.js';
export { schemas, webhooks } from './client/schemas.js';
export type { Schemas, StandardIssue, StandardResult, StandardSchemaV1, Webhooks } from './client/schemas.js';
export type { RequestArgs, RequestOptions } from './engine/engine.js';
export type { CallOptions, ContactsClientOptions, FetchLike } from './engine/options.js';
export type { BasicCredentials, BasicSource, Credentials, SecuritySchemeName, TokenSource } from './engine/auth.js';
export type { RetryOptions } from './engine/retry.js';
export type { Logger, LogLevel } from './engine/log.js';
export type { AcceptedRows, ContactSource, FailedContact, ImportCounts, ImportOptions, ImportProgress, ImportReport, RejectedContact } from './import/bulk.js';
export type { ImportJournal, JournaledBatch } from './import/resume.js';
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
} from './engine/errors.js';
export type { ContactsErrorCode, Outcome, ValidationIssue } from './engine/errors.js';
export type { ValidationResult } from './engine/validation.js';
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
