// The client's options, checked once at creation with "must …; got …" messages.
import { serverUrl } from '../../generated/operations.js';
import { ContactsArgumentError } from './errors.js';
import type { Logger, LogLevel } from './log.js';
import type { RetryOptions } from './retry.js';
import { MAX_TIMER_MS } from './signals.js';
import type { Credentials, TokenSource } from './auth.js';

/** The fetch the client calls; the global one by default. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `createContactsClient`. */
export interface ContactsClientOptions {
  /** The bearer token sent as `Authorization: Bearer …`, for every bearer-like scheme `credentials` does not name. */
  token?: TokenSource;
  /** The session token sent as the spec's session header. */
  sessionToken: TokenSource;
  /** Credentials by security scheme name: a token or API key, or `{ username, password }` for http basic; or a function returning one, read for every attempt. */
  credentials?: Credentials;
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
  /** The most an answer may take, decompressed; a longer one is not read further. Default 10 MB. */
  maxResponseBytes?: number;
  /** The most a request body may take on the wire, in any media type (text as UTF-8, multipart with its framing), an import's batches too; a larger one is not sent. Default 10 MB. */
  maxRequestBytes?: number;
  /** The most validation issues an error keeps (it notes how many there were in all); default 100. */
  maxIssues?: number;
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

/** The base URL, if it is an absolute http(s) URL with no user info, query or fragment. */
export function checkBaseUrl(baseUrl = serverUrl): string {
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new ContactsArgumentError(`baseUrl must be an absolute http(s) URL; got ${JSON.stringify(baseUrl)}`);
  }
  const url = new URL(baseUrl);
  // Not echoed: the password would be in the message.
  if (url.username || url.password) throw new ContactsArgumentError('baseUrl must not carry a user name or password: the tokens are the only credentials sent');
  // The operation's path is appended to the base URL, so a query or fragment there would swallow it.
  if (/[?#]/.test(baseUrl)) throw new ContactsArgumentError(`baseUrl must have no query or fragment; got ${JSON.stringify(baseUrl)}`);
  return baseUrl.replace(/\/+$/, '');
}

/** The default of `maxResponseBytes` and `maxRequestBytes`. */
export const TEN_MB = 10 * 1024 * 1024;

/** A count of at least 1. */
export function checkCount(name: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 1)) throw new ContactsArgumentError(`${name} must be a positive whole number; got ${value}`);
  return value;
}

/** A timeout setTimeout can keep. */
export function checkTimeout(ms: number): number {
  if (!(ms > 0 && ms <= MAX_TIMER_MS)) throw new ContactsArgumentError(`timeoutMs must be above 0 and at most ${MAX_TIMER_MS} ms; got ${ms}`);
  return ms;
}

// RFC 9110 §5.1 token characters.
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 §5.5 field values: visible characters, obs-text, and spaces or tabs between them.
const VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
// Headers of the connection, not of the request: fetch sets them, refuses them, or the request breaks.
const HOP_BY_HOP = new Set(['connection', 'content-length', 'expect', 'host', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Headers fetch would accept, with names lower-cased so that ours and the caller's cannot both be sent; built from entries. */
export function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => {
      if (!NAME.test(name)) throw new ContactsArgumentError(`header names must be HTTP tokens; got ${JSON.stringify(name)}`);
      // An HTTP token, but fetch reads a record of headers into an object of its own, where it would set the prototype.
      if (name === '__proto__') throw new ContactsArgumentError('header __proto__ cannot be sent: fetch reads headers from an object, where that name is its prototype');
      if (HOP_BY_HOP.has(name.toLowerCase())) throw new ContactsArgumentError(`header ${name} belongs to the connection, which fetch manages: it cannot be set`);
      return [name.toLowerCase(), checkHeaderValue(name, value)];
    }),
  );
}

/** A header value as RFC 9110 writes one: visible characters (and U+0080–U+00FF), with spaces or tabs only between them. */
export function checkHeaderValue(name: string, value: unknown): string {
  if (typeof value !== 'string' || !VALUE.test(value)) {
    throw new ContactsArgumentError(`header ${name} must be a string of visible characters (no control characters, no character above U+00FF, no leading or trailing space)`);
  }
  return value;
}
