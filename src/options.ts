// The client's options, checked once at creation with "must …; got …" messages.
import { serverUrl } from '../generated/operations.js';
import { ContactsArgumentError } from './errors.js';
import type { Logger, LogLevel } from './log.js';
import type { RetryOptions } from './retry.js';
import { MAX_TIMER_MS } from './signals.js';
import type { TokenSource } from './auth.js';

/** The fetch the client calls; the global one by default. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `createContactsClient`. */
export interface ContactsClientOptions {
  /** The bearer token sent as `Authorization: Bearer …`. */
  token: TokenSource;
  /** The session token sent as the spec's session header. */
  sessionToken: TokenSource;
  /** Defaults to the spec's server. */
  baseUrl?: string;
  /** A fetch implementation, for tests or proxies; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Validate parameters and bodies against the spec before sending; default true. */
  validate?: boolean;
  /** Time allowed for each attempt, token reads and response body included; default 30,000 ms. */
  timeoutMs?: number;
  /** Retries, by what the method allows. */
  retry?: RetryOptions;
  /** Where log lines go; default `console`. */
  logger?: Logger;
  /** The least severe level logged; default `'warn'`, or `CONTACTS_API_LOG` in Node. */
  logLevel?: LogLevel;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** The base URL, if it is an absolute http(s) URL. */
export function checkBaseUrl(baseUrl = serverUrl): string {
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new ContactsArgumentError(`baseUrl must be an absolute http(s) URL; got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/** A timeout setTimeout can keep. */
export function checkTimeout(ms: number): number {
  if (!(ms > 0 && ms <= MAX_TIMER_MS)) throw new ContactsArgumentError(`timeoutMs must be above 0 and at most ${MAX_TIMER_MS} ms; got ${ms}`);
  return ms;
}

// RFC 9110 §5.1 token characters.
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers fetch would accept, with names lower-cased so that ours and the caller's cannot both be sent. */
export function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!NAME.test(name)) throw new ContactsArgumentError(`header names must be HTTP tokens; got ${JSON.stringify(name)}`);
    checked[name.toLowerCase()] = checkHeaderValue(name, value);
  }
  return checked;
}

/** A header value fetch would send as it is: a string with no CR, LF, NUL or character above U+00FF. */
export function checkHeaderValue(name: string, value: unknown): string {
  if (typeof value !== 'string' || /[\0\r\n]|[^\0-\xff]/.test(value)) {
    throw new ContactsArgumentError(`header ${name} must be a string with no CR, LF, NUL or character above U+00FF`);
  }
  return value;
}
