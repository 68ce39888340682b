// The two credentials of every request: the bearer token and the session token, fixed or read per attempt.
import { parameters } from '../generated/operations.js';
import { ContactsArgumentError, ContactsAuthError } from './errors.js';
import { raceAbort } from './signals.js';

/** A token, or a function that returns the current one; functions are called for every attempt. */
export type TokenSource = string | (() => string | Promise<string>);

/** The header the session token travels in: the spec's SessionToken parameter. */
export const SESSION_HEADER = parameters.SessionToken.name;

/** The credentials of one attempt. */
export interface Credentials {
  bearer: string;
  session: string;
}

/** Reads the credentials of an attempt: at once for fixed tokens, else within the attempt's signal. */
export type ReadCredentials = (signal: AbortSignal) => Credentials | Promise<Credentials>;

/**
 * Checks fixed tokens now, so that a client that can never authenticate fails at creation. Every token read
 * is added to `secrets`, so that none is ever shown again, the previous ones of a token function included.
 */
export function credentials(token: TokenSource, sessionToken: TokenSource, secrets: Secrets): ReadCredentials {
  if (typeof token === 'string' && typeof sessionToken === 'string') {
    const fixed = { bearer: checkToken(token, 'token'), session: checkToken(sessionToken, 'sessionToken') };
    secrets.add(fixed.bearer, fixed.session);
    return () => fixed;
  }
  for (const [source, name] of [[token, 'token'], [sessionToken, 'sessionToken']] as const) {
    // `process.env.CONTACTS_TOKEN!` is undefined when the variable is unset: say so now, not at the first call.
    if (typeof source !== 'function') checkToken(source, name);
  }
  return (signal) =>
    raceAbort(
      Promise.all([read(token, 'token'), read(sessionToken, 'sessionToken')]).then(([bearer, session]) => {
        secrets.add(bearer, session);
        return { bearer, session };
      }),
      signal,
    );
}

async function read(source: TokenSource, name: string): Promise<string> {
  if (typeof source === 'string') return source;
  let value: unknown;
  try {
    value = await source();
  } catch (cause) {
    // The caller's own error, kept whole as the cause; nothing of it is copied into ours.
    throw new ContactsAuthError(name, cause);
  }
  return checkToken(value, name);
}

/** Rejects values that would be refused, altered or split by HTTP, without ever echoing them. */
export function checkToken(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new ContactsArgumentError(`${name} must be a non-empty string${typeof value === 'function' ? '' : ', or a function returning one'}; got ${value === '' ? 'an empty string' : typeof value}`);
  // A shorter one could not be told apart from ordinary text, so it could not be redacted from what servers echo.
  if (value.length < MIN_TOKEN) throw new ContactsArgumentError(`${name} must be at least ${MIN_TOKEN} characters long, so that it can be redacted wherever it is echoed; got ${value.length}`);
  const bad = value.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    const char = `U+${value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ContactsArgumentError(`${name} has a character not allowed in an HTTP header token (${char} at index ${bad})`);
  }
  return value;
}

const MIN_TOKEN = 8;
const MAX_TOKENS = 256;

/** Every token a client has sent, in each form a server may echo it in; what is shown of an answer goes through it. */
export class Secrets {
  readonly #seen = new Set<string>();
  #forms: string[] = [];

  /** Adds tokens (each at least 8 printable ASCII characters, as checkToken makes sure). */
  add(...tokens: string[]): void {
    const fresh = tokens.filter((token) => !this.#seen.has(token));
    if (fresh.length === 0) return;
    for (const token of fresh) this.#seen.add(token);
    // A token function may give a new token for every request: the most recent ones are kept, not all forever.
    for (const old of [...this.#seen].slice(0, Math.max(0, this.#seen.size - MAX_TOKENS))) this.#seen.delete(old);
    // Longest first, so that no form is cut by a shorter one inside it.
    this.#forms = [...new Set([...this.#seen].flatMap(formsOf))].sort((a, b) => b.length - a.length);
  }

  /** `text` with every form of every token replaced by `[redacted]`. */
  redact(text: string): string {
    for (const form of this.#forms) if (text.includes(form)) text = text.split(form).join('[redacted]');
    return text;
  }

  /** A copy of parsed JSON with every string, keys included, redacted: escapes are undone by the parse. */
  redactJson(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactJson(item));
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) Object.defineProperty(copy, this.redact(key), { value: this.redactJson(item), enumerable: true, writable: true, configurable: true });
    return copy;
  }
}

/** The ways a token comes back: as sent, JSON-escaped (`\/`, `\u002d`…), percent-encoded, base64 and base64url. */
function formsOf(token: string): string[] {
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');
  const base64 = btoa(token).replace(/=+$/, '');
  const percent = encodeURIComponent(token);
  return [
    token,
    JSON.stringify(token).slice(1, -1),
    token.replaceAll('/', '\\/'),
    token.replace(/[^A-Za-z0-9]/g, (c) => `\\u${hex(c)}`),
    token.replace(/[^A-Za-z0-9]/g, (c) => `\\u${hex(c).toUpperCase()}`),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase()),
    base64,
    base64.replaceAll('+', '-').replaceAll('/', '_'),
  ];
}
