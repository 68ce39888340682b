import type { ProblemDetails } from './types.js';

/** What is known of the server's side when a call fails: whether the contacts may have been created. */
export type Outcome = 'not-sent' | 'unknown' | 'rejected-by-server';

/** One way a body breaks the contract. `path` is a JSON Pointer into the body, e.g. `/3/email`. */
export interface ValidationIssue {
  path: string;
  keyword: string;
  message: string;
}

/** The stable code of each kind of failure. */
export type ContactsErrorCode =
  | 'ERR_CONTACTS_ARGUMENT'
  | 'ERR_CONTACTS_VALIDATION'
  | 'ERR_CONTACTS_HTTP'
  | 'ERR_CONTACTS_NETWORK'
  | 'ERR_CONTACTS_TIMEOUT'
  | 'ERR_CONTACTS_ABORTED'
  | 'ERR_CONTACTS_CONTRACT'
  | 'ERR_CONTACTS_UNEXPECTED';

/** Base class of every error this package throws. */
export class ContactsError extends Error {
  /** Stable machine-readable kind of failure. */
  readonly code: ContactsErrorCode;
  /** Whether the server may have created the contacts: only `unknown` means "check before sending again". */
  readonly outcome: Outcome;

  constructor(code: ContactsErrorCode, outcome: Outcome, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.outcome = outcome;
  }
}

/** An argument or option that can never make a valid request, such as a token with a line break. */
export class ContactsArgumentError extends ContactsError {
  constructor(message: string) {
    super('ERR_CONTACTS_ARGUMENT', 'not-sent', message);
  }
}

/** The body breaks the request schema; nothing was sent. */
export class ContactsValidationError extends ContactsError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('ERR_CONTACTS_VALIDATION', 'not-sent', summarize('the request body breaks the contract', issues));
    this.issues = issues;
  }
}

/** The server answered with an error status. */
export class ContactsHttpError extends ContactsError {
  readonly status: number;
  /** The parsed problem details, or the raw text when the body is not JSON. */
  readonly body: ProblemDetails | string | undefined;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: ProblemDetails | string | undefined, retryAfterMs: number | undefined) {
    super('ERR_CONTACTS_HTTP', httpOutcome(status, retryAfterMs), `the server answered ${status}${detailOf(body)}`);
    this.status = status;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The connection failed: `not-sent` when no connection was made, `unknown` when it broke after sending began. */
export class ContactsNetworkError extends ContactsError {
  constructor(outcome: 'not-sent' | 'unknown', cause: unknown) {
    const what = outcome === 'not-sent' ? 'could not connect; nothing was sent' : 'the connection failed after sending began';
    super('ERR_CONTACTS_NETWORK', outcome, `${what} (${causeCode(cause) ?? 'network error'})`, { cause });
  }
}

/** No response came within the timeout; the server may or may not have processed the request. */
export class ContactsTimeoutError extends ContactsError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super('ERR_CONTACTS_TIMEOUT', 'unknown', `no response within ${timeoutMs} ms; the contacts may have been created`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's signal aborted the call. */
export class ContactsAbortError extends ContactsError {
  constructor(outcome: 'not-sent' | 'unknown') {
    super('ERR_CONTACTS_ABORTED', outcome, outcome === 'not-sent' ? 'aborted before sending' : 'aborted after sending began; the contacts may have been created');
  }
}

/** A success response that breaks the contract; the contacts were probably created, but not as promised. */
export class ContractViolationError extends ContactsError {
  readonly status: number;
  /** What the contract expects, as validation issues against the response schema. */
  readonly issues: readonly ValidationIssue[];
  /** The body as received: parsed JSON, or the raw text when it is not JSON. */
  readonly received: unknown;

  constructor(status: number, issues: readonly ValidationIssue[], received: unknown) {
    super('ERR_CONTACTS_CONTRACT', 'unknown', summarize(`the ${status} response breaks the contract`, issues));
    this.status = status;
    this.issues = issues;
    this.received = received;
  }
}

function httpOutcome(status: number, retryAfterMs: number | undefined): Outcome {
  // A 503 with Retry-After is the server saying it did not take the request on; other 5xx say nothing.
  return status >= 500 && !(status === 503 && retryAfterMs !== undefined) ? 'unknown' : 'rejected-by-server';
}

function summarize(what: string, issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => i.message);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  return `${what}: ${shown.join('; ')}${more}`;
}

function detailOf(body: ProblemDetails | string | undefined): string {
  const text = typeof body === 'string' ? body : (body?.detail ?? body?.title ?? body?.message);
  return text ? `: ${text.slice(0, 200)}` : '';
}

/** The system error code (ECONNREFUSED, ECONNRESET…) under a fetch failure, if any. */
export function causeCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code ?? (e instanceof AggregateError ? (e.errors[0] as { code?: unknown })?.code : undefined);
    if (typeof code === 'string') return code;
  }
  return undefined;
}
