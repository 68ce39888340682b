import type { ErrorBodyOf, OperationId } from './types.js';

/** What is known of the server's side when a call fails: whether the request may have taken effect. */
export type Outcome = 'not-sent' | 'unknown' | 'rejected-by-server';

/** One way a value breaks the contract. `path` is a JSON Pointer into it, e.g. `/3/email`. */
export interface ValidationIssue {
  path: string;
  keyword: string;
  message: string;
  /** The schema's values behind the message: the `pattern`, the `allowedValues`, the `limit`… as ajv names them. */
  params: Record<string, unknown>;
}

/** The stable code of each kind of failure. */
export type ContactsErrorCode =
  | 'ERR_CONTACTS_ARGUMENT'
  | 'ERR_CONTACTS_AUTH'
  | 'ERR_CONTACTS_VALIDATION'
  | 'ERR_CONTACTS_HTTP'
  | 'ERR_CONTACTS_NETWORK'
  | 'ERR_CONTACTS_TIMEOUT'
  | 'ERR_CONTACTS_ABORTED'
  | 'ERR_CONTACTS_CONTRACT'
  | 'ERR_CONTACTS_RESPONSE_TOO_LARGE'
  | 'ERR_CONTACTS_JOURNAL'
  | 'ERR_CONTACTS_UNEXPECTED';

// What an error keeps of a response, and shows of its lists, so that printing it stays small.
/** The most characters an error keeps of an answer. */
export const MAX_TEXT = 4096;
const MAX_LIST = 20;

/** Base class of every error this package throws. */
export class ContactsError extends Error {
  /** Stable machine-readable kind of failure. */
  readonly code: ContactsErrorCode;
  /** Whether the request may have taken effect: only `unknown` means "check before sending again". */
  readonly outcome: Outcome;

  constructor(code: ContactsErrorCode, outcome: Outcome, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.outcome = outcome;
  }

  /** The error as JSON, with long lists cut: a failure of 100,000 contacts still logs in a few kB. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      json[key] = Array.isArray(value) && value.length > MAX_LIST ? [...value.slice(0, MAX_LIST), `… ${value.length} in all`] : value;
    }
    return json;
  }
}

/** An argument or option that can never make a valid request, such as a token with a line break. */
export class ContactsArgumentError extends ContactsError {
  constructor(message: string) {
    super('ERR_CONTACTS_ARGUMENT', 'not-sent', message);
  }
}

/** A token function threw or never settled; `cause` is what it threw, untouched. Nothing was sent. */
export class ContactsAuthError extends ContactsError {
  constructor(name: string, cause: unknown) {
    super('ERR_CONTACTS_AUTH', 'not-sent', `${name}: the function that supplies it failed; nothing was sent (see cause)`, { cause });
  }
}

/** The request breaks the contract, or cannot be serialised; nothing was sent. */
export class ContactsValidationError extends ContactsError {
  /** The issues found: checking stops past `maxIssues` of them. */
  readonly issues: readonly ValidationIssue[];
  /** How many issues were found: `issues.length`. */
  readonly issueCount: number;
  /** Whether checking stopped at `maxIssues`: the request has more issues than `issueCount`, not looked for. */
  readonly moreIssues: boolean;

  constructor(issues: readonly ValidationIssue[], options?: ErrorOptions, moreIssues = false) {
    super('ERR_CONTACTS_VALIDATION', 'not-sent', summarize('the request breaks the contract', issues, moreIssues), options);
    this.issues = issues;
    this.issueCount = issues.length;
    this.moreIssues = moreIssues;
  }
}

/** The server answered with an error status. */
export class ContactsHttpError<Body = ErrorBodyOf<OperationId>> extends ContactsError {
  readonly status: number;
  /** The declared error body, or the text when it is not one (cut to 4 kB); tokens in it are `[redacted]`. */
  readonly body: Body | string | undefined;
  /** The server's Retry-After, in milliseconds, when it sent a valid one. */
  readonly retryAfterMs: number | undefined;
  /** The request id of the response (x-amzn-requestid, x-amz-apigw-id or x-request-id), for support. */
  readonly requestId: string | undefined;

  constructor(status: number, body: Body | string | undefined, retryAfterMs: number | undefined, requestId?: string) {
    super('ERR_CONTACTS_HTTP', httpOutcome(status, retryAfterMs), `the server answered ${status || 'with a redirect'}${detailOf(body)}`);
    this.status = status;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
    this.requestId = requestId;
  }
}

/** The connection failed: `not-sent` when it failed before any byte left, `unknown` after. */
export class ContactsNetworkError extends ContactsError {
  constructor(outcome: 'not-sent' | 'unknown', cause: unknown) {
    const what = outcome === 'not-sent' ? 'could not connect; nothing was sent' : 'the connection failed after sending began';
    super('ERR_CONTACTS_NETWORK', outcome, `${what} (${causeCode(cause) ?? 'network error'})`, { cause });
  }
}

/** The answer was longer than `maxResponseBytes` after decoding: reading stopped there. */
export class ContactsResponseTooLargeError extends ContactsError {
  readonly status: number;
  readonly maxResponseBytes: number;

  constructor(status: number, maxResponseBytes: number) {
    // A 4xx says the server refused the request, however long it says it; any other answer leaves it open.
    const outcome = status >= 400 && status < 500 ? 'rejected-by-server' : 'unknown';
    super('ERR_CONTACTS_RESPONSE_TOO_LARGE', outcome, `the ${status} answer is longer than maxResponseBytes (${maxResponseBytes} bytes, decompressed): reading stopped there`);
    this.status = status;
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** The attempt ran out of time: `not-sent` while the tokens were being read, else `unknown`. */
export class ContactsTimeoutError extends ContactsError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number, outcome: 'not-sent' | 'unknown' = 'unknown') {
    const what = outcome === 'not-sent' ? 'before anything was sent' : 'the request may have taken effect';
    super('ERR_CONTACTS_TIMEOUT', outcome, `no response within ${timeoutMs} ms; ${what}`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's signal aborted the call. */
export class ContactsAbortError extends ContactsError {
  constructor(outcome: 'not-sent' | 'unknown') {
    super('ERR_CONTACTS_ABORTED', outcome, outcome === 'not-sent' ? 'aborted before sending' : 'aborted after sending began; the request may have taken effect');
  }
}

/** An import journal that does not belong to this import, or cannot be read or written; `outcome` is the rows'. */
export class ContactsJournalError extends ContactsError {
  constructor(message: string, options?: ErrorOptions, outcome: 'not-sent' | 'unknown' = 'not-sent') {
    super('ERR_CONTACTS_JOURNAL', outcome, message, options);
  }
}

/** A success answer that breaks the contract: the request probably took effect, but not as promised. */
export class ContractViolationError extends ContactsError {
  readonly status: number;
  /** What the contract expects, as validation issues against the response schema: checking stops past `maxIssues` of them. */
  readonly issues: readonly ValidationIssue[];
  /** How many issues were found: `issues.length`. */
  readonly issueCount: number;
  /** Whether checking stopped at `maxIssues`: the answer has more issues than `issueCount`, not looked for. */
  readonly moreIssues: boolean;
  /** The body as received: parsed JSON, or the text (cut to 4 kB); tokens in it are `[redacted]`. */
  readonly received: unknown;
  /** The request id of the response, for support. */
  readonly requestId: string | undefined;

  constructor(status: number, issues: readonly ValidationIssue[], received: unknown, requestId?: string, moreIssues = false) {
    super('ERR_CONTACTS_CONTRACT', 'unknown', summarize(`the ${status} response breaks the contract`, issues, moreIssues));
    this.status = status;
    this.issues = issues;
    this.issueCount = issues.length;
    this.moreIssues = moreIssues;
    this.received = received;
    this.requestId = requestId;
  }
}

/** Text cut to 4 kB, its length noted: its own, or that of the answer it was written from. */
export function bounded(text: string, total = text.length): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… [${total} characters in all]` : text;
}

function httpOutcome(status: number, retryAfterMs: number | undefined): Outcome {
  // 303 See Other points at the result of a request the server processed (RFC 9110 §15.4.4).
  if (status === 303) return 'unknown';
  // A 503 with Retry-After is the server saying it did not take the request on; other 5xx say nothing.
  return status >= 500 && !(status === 503 && retryAfterMs !== undefined) ? 'unknown' : 'rejected-by-server';
}

function summarize(what: string, issues: readonly ValidationIssue[], more: boolean): string {
  const shown = issues.slice(0, 5).map((i) => i.message);
  const rest = issues.length - shown.length;
  const tail = rest > 0 ? `; and ${rest} more` : '';
  // Checking stopped at the cap: how many there are in all is not known, only that there are others.
  return `${what}: ${shown.join('; ')}${tail}${more ? `; and others past the first ${issues.length} (checking stopped there)` : ''}`;
}

function detailOf(body: unknown): string {
  const fields = (body ?? {}) as { detail?: unknown; title?: unknown; message?: unknown };
  const text = typeof body === 'string' ? body : [fields.detail, fields.title, fields.message].find((t) => typeof t === 'string');
  return text ? `: ${String(text).slice(0, 200)}` : '';
}

// No connection was made: nothing reached the server, and trying again may work.
export const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
// Refused on this side before any request byte left (a TLS handshake, a port fetch forbids): trying again will not help.
const REFUSED_HERE = /CERT|SIGNATURE|^ERR_(SSL|TLS)_|^EPROTO$|^bad port$/;

/** The error for a failed fetch: `not-sent` when its cause proves that no byte of the request left. */
export function networkError(cause: unknown): ContactsNetworkError {
  const code = causeCode(cause) ?? '';
  return new ContactsNetworkError(NOT_CONNECTED.has(code) || REFUSED_HERE.test(code) ? 'not-sent' : 'unknown', transportCause(cause));
}

/**
 * What is kept of a transport error: its name, message and code, down its causes, and nothing else. undici's
 * parser errors carry the raw bytes of the answer in `data`, echoed tokens included.
 */
function transportCause(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const cause = transportCause(error.cause ?? (error instanceof AggregateError ? error.errors[0] : undefined), depth + 1);
  const copy = new Error(error.message, cause === undefined ? undefined : { cause });
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** The system error code (ECONNREFUSED, ECONNRESET…) under a fetch failure, or its message when it has none. */
export function causeCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code ?? (e instanceof AggregateError ? (e.errors[0] as { code?: unknown })?.code : undefined);
    if (typeof code === 'string') return code;
    if (!(e.cause instanceof Error) && e.message === 'bad port') return 'bad port';
  }
  return undefined;
}
