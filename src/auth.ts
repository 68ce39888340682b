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

/** Checks fixed tokens now, so that a client that can never authenticate fails at creation. */
export function credentials(token: TokenSource, sessionToken: TokenSource): ReadCredentials {
  if (typeof token === 'string' && typeof sessionToken === 'string') {
    const fixed = { bearer: checkToken(token, 'token'), session: checkToken(sessionToken, 'sessionToken') };
    return () => fixed;
  }
  for (const [source, name] of [[token, 'token'], [sessionToken, 'sessionToken']] as const) {
    // `process.env.CONTACTS_TOKEN!` is undefined when the variable is unset: say so now, not at the first call.
    if (typeof source !== 'function') checkToken(source, name);
  }
  return (signal) =>
    raceAbort(
      Promise.all([read(token, 'token'), read(sessionToken, 'sessionToken')]).then(([bearer, session]) => ({ bearer, session })),
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
  const bad = value.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    const char = `U+${value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ContactsArgumentError(`${name} has a character not allowed in an HTTP header token (${char} at index ${bad})`);
  }
  return value;
}

/** Replaces every token of at least 8 characters in `text` by `[redacted]`: servers echo what they were sent. */
export function redact(text: string, { bearer, session }: Credentials): string {
  for (const secret of [bearer, session]) if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  return text;
}
