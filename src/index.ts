export { createContactsClient } from './client.js';
export type { CallOptions, ContactsClient, ContactsClientOptions, TokenSource } from './client.js';
export type { RetryOptions } from './retry.js';
export type { FailedContact, ImportOptions, ImportProgress, ImportReport, RejectedContact } from './bulk.js';
export {
  ContactsAbortError,
  ContactsArgumentError,
  ContactsError,
  ContactsHttpError,
  ContactsNetworkError,
  ContactsTimeoutError,
  ContactsValidationError,
  ContractViolationError,
} from './errors.js';
export type { ContactsErrorCode, Outcome, ValidationIssue } from './errors.js';
export { validateContacts } from './validation.js';
export type { ValidationResult } from './validation.js';
export type { components, ContactInput, CreateContactsResult, operations, paths, ProblemDetails } from './types.js';
