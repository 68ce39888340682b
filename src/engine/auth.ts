// Every request's credentials, from the spec's security: the schemes of the first alternative the options can
// meet (bearer, basic, API keys in a header, the query or a cookie), and the session token; fixed or read per attempt.
import { parameters, securities, securitySchemes } from '../../generated/operations.js';
import { ContactsArgumentError, ContactsAuthError } from './errors.js';
import { own, wireEncoded } from './params.js';
import type { Secrets } from './secrets.js';
import { raceAbort } from './signals.js';
import { schemes, type Scheme } from './table.js';

/** A token, or a function that returns the current one; functions are called for every attempt. */
export type TokenSource = string | (() => string | Promise<string>);

/** The user name and password of an http basic scheme. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** A basic scheme's credentials, or a function that returns the current ones, called for every attempt. */
export type BasicSource = BasicCredentials | (() => BasicCredentials | Promise<BasicCredentials>);

/** Every security scheme the spec's operations use, by name. */
export type SecuritySchemeName = keyof typeof securitySchemes & string;

/** What `credentials` takes per scheme: `{ username, password }` for http basic, a token or key for the others. */
export type Credentials = { [Name in SecuritySchemeName]?: (typeof securitySchemes)[Name] extends { kind: 'basic' } ? BasicSource : TokenSource };

/** The header the session token travels in: the spec's SessionToken parameter. */
export const SESSION_HEADER = parameters.SessionToken.name;

/** What auth adds to one attempt: headers (the session's included), a query string, a cookie. */
export interface Applied {
  headers: Record<string, string>;
  query: string;
  cookie: string;
}

/** Applies the credentials of an operation's security to an attempt, within the attempt's signal. */
export type Authenticate = (security: readonly (readonly string[])[], session: boolean, signal: AbortSignal) => Applied | Promise<Applied>;

type Source = TokenSource | BasicSource;
const NONE: Applied = { headers: {}, query: '', cookie: '' };

/** The options auth reads. */
export interface AuthOptions {
  token?: TokenSource | undefined;
  sessionToken: TokenSource;
  credentials?: Credentials | undefined;
}

/**
 * Checks fixed credentials now, so that a client that can never authenticate fails at creation. Every secret
 * read is added to `secrets`, so that none is ever shown again, the previous ones of a function included.
 */
export function authenticate(options: AuthOptions, secrets: Secrets): Authenticate {
  // `process.env.CONTACTS_TOKEN!` is undefined when the variable is unset: say so now, not at the first call.
  if ('token' in options && typeof options.token !== 'function') checkToken(options.token, 'token');
  if (typeof options.sessionToken !== 'function') checkToken(options.sessionToken, 'sessionToken');
  const sources = sourcesOf(options);
  const usable = (alternative: readonly string[]) => alternative.every((name) => sources.has(name));
  const lists: readonly (readonly (readonly string[])[])[] = securities;
  if (lists.length > 0 && !lists.some((security) => security.length === 0 || security.some(usable))) {
    throw new ContactsArgumentError(`no operation of the spec can be called without credentials for ${Object.keys(schemes).join(' or ')}: give token, or credentials`);
  }
  const fixed = [...sources.values()].map((s) => s.source).concat(options.sessionToken).every((source) => typeof source !== 'function');
  // Per security list, with and without the session header.
  const [plain, withSession] = [new Map<readonly (readonly string[])[], Applied>(), new Map<readonly (readonly string[])[], Applied>()];
  return (security, session, signal) => {
    const cache = session ? withSession : plain;
    const known = fixed ? cache.get(security) : undefined;
    if (known) return known;
    const alternative = security.length === 0 ? [] : security.find(usable);
    if (!alternative) {
      throw new ContactsArgumentError(`this operation needs credentials for ${security.map((a) => a.join(' and ')).join(', or ')}: give them in credentials (or token, for a bearer scheme); nothing was sent`);
    }
    const applied = apply(alternative, session, sources, options.sessionToken, secrets);
    if (!fixed) return raceAbort(applied, signal);
    // Fixed credentials read the same every time: the first attempt's are kept.
    return applied.then((value) => (cache.set(security, value), value));
  };
}

type Named = { source: Source; label: string };

/** Each scheme's source: its entry in `credentials`, else `token` for a bearer-like scheme; checked now when fixed. */
function sourcesOf({ token, credentials = {} }: AuthOptions): Map<string, Named> {
  const sources = new Map<string, Named>();
  for (const [name, source] of Object.entries(credentials as Record<string, Source | undefined>)) {
    const kind = own(schemes, name);
    const label = `credentials.${name}`;
    if (!kind) throw new ContactsArgumentError(`credentials names ${JSON.stringify(name)}, which is not a security scheme of the spec's operations (${Object.keys(schemes).join(', ') || 'none'})`);
    if (source === undefined) throw new ContactsArgumentError(`${label} is undefined: give a value, or leave the key out`);
    if (typeof source !== 'function') check(kind, source, label);
    sources.set(name, { source, label });
  }
  for (const [name, kind] of Object.entries(schemes)) if (kind.kind === 'bearer' && !sources.has(name) && token !== undefined) sources.set(name, { source: token, label: 'token' });
  return sources;
}

/** A credential as its scheme needs it: a basic pair, or a token (an API key as where it goes allows). */
function check(kind: Scheme, value: unknown, name: string): string | BasicCredentials {
  if (kind.kind !== 'basic') return checkToken(value, name, kind.kind === 'apiKey' ? kind.in : 'token');
  const pair = value as Partial<BasicCredentials> | null;
  if (typeof pair !== 'object' || pair === null || typeof pair.username !== 'string' || typeof pair.password !== 'string') {
    throw new ContactsArgumentError(`${name} must be { username, password }, or a function returning them, for an http basic scheme`);
  }
  // RFC 7617: the first colon ends the user name, and no control character may be sent.
  if (pair.username.includes(':') || /[\0-\x1f\x7f]/.test(pair.username + pair.password)) throw new ContactsArgumentError(`${name}: the user name must have no colon, and neither may have control characters`);
  // Sent as base64 of its UTF-8, which a lone surrogate has none of.
  if (/[\ud800-\udfff]/u.test(pair.username + pair.password)) throw new ContactsArgumentError(`${name}: the user name and password must be well-formed Unicode: one has a lone surrogate`);
  // As long as a token, so that it can be redacted wherever it is echoed; any other characters, as it is sent encoded.
  if (pair.password.length < MIN_TOKEN) throw new ContactsArgumentError(`${name}.password must be at least ${MIN_TOKEN} characters long, so that it can be redacted wherever it is echoed`);
  return { username: pair.username, password: pair.password };
}

async function apply(alternative: readonly string[], session: boolean, sources: Map<string, Named>, sessionToken: TokenSource, secrets: Secrets): Promise<Applied> {
  const reads = alternative.map((name) => read(sources.get(name)!.source, sources.get(name)!.label, schemes[name]!));
  const [values, sessionValue] = await Promise.all([Promise.all(reads), session ? (read(sessionToken, 'sessionToken') as Promise<string>) : undefined]);
  const out: Applied = { headers: {}, query: '', cookie: '' };
  const query: string[] = [];
  const cookies: string[] = [];
  alternative.forEach((name, i) => {
    const kind = schemes[name]!;
    const value = values[i]!;
    if (typeof value !== 'string') {
      // RFC 7617's UTF-8 charset: base64 of the pair's UTF-8 bytes.
      const encoded = btoa(String.fromCharCode(...new TextEncoder().encode(`${value.username}:${value.password}`)));
      secrets.add(value.password, encoded);
      out.headers['authorization'] = `Basic ${encoded}`;
      return;
    }
    secrets.add(value);
    if (kind.kind === 'bearer') out.headers['authorization'] = `Bearer ${value}`;
    else if (kind.kind === 'apiKey' && kind.in === 'header') out.headers[kind.name] = value;
    // Written as the wire carries it, which is a form of the key that redaction looks for.
    else if (kind.kind === 'apiKey' && kind.in === 'query') query.push(`${wireEncoded(kind.name)}=${wireEncoded(value)}`);
    // As it is: checkToken let only cookie-octets through, which need no encoding a server would have to undo.
    else if (kind.kind === 'apiKey') cookies.push(`${kind.name}=${value}`);
  });
  if (sessionValue !== undefined) {
    secrets.add(sessionValue);
    out.headers[SESSION_HEADER] = sessionValue;
  }
  return alternative.length === 0 && sessionValue === undefined ? NONE : { ...out, query: query.join('&'), cookie: cookies.join('; ') };
}

async function read(source: Source, name: string, kind: Scheme = { kind: 'bearer' }): Promise<string | BasicCredentials> {
  if (typeof source !== 'function') return source;
  let value: unknown;
  try {
    value = await source();
  } catch (cause) {
    // The caller's own error, kept whole as the cause; nothing of it is copied into ours.
    throw new ContactsAuthError(name, cause);
  }
  return check(kind, value, name);
}

/** Where a credential goes: a bearer token or the session header, or an API key in a header, the query or a cookie. */
export type Place = 'token' | 'header' | 'query' | 'cookie';

// What a credential may hold, by where it goes. A token: visible ASCII. An API key in a header is a field value
// (RFC 9110 §5.5), which may hold spaces between its characters (`Bot <token>`); in the query it is percent-encoded,
// and the same rule keeps it one value. In a cookie: RFC 6265 cookie-octets, which no server has to decode.
const SPACED: [RegExp, string] = [/[^\x20-\x7e]|^ | $/, 'an API key (visible ASCII, spaces only between characters)'];
const RULES: Record<Place, [refused: RegExp, allowed: string]> = {
  token: [/[^\x21-\x7e]/, 'an HTTP header token'],
  header: SPACED,
  query: SPACED,
  cookie: [/[^\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/, 'a cookie value (RFC 6265 cookie-octets: visible ASCII but for \'"\', \',\', \';\' and \'\\\')'],
};

/** Rejects values that would be refused, altered or split by HTTP where they go, without ever echoing them. */
export function checkToken(value: unknown, name: string, place: Place = 'token'): string {
  if (typeof value !== 'string' || value === '') throw new ContactsArgumentError(`${name} must be a non-empty string${typeof value === 'function' ? '' : ', or a function returning one'}; got ${value === '' ? 'an empty string' : typeof value}`);
  // A shorter one could not be told apart from ordinary text, so it could not be redacted from what servers echo.
  if (value.length < MIN_TOKEN) throw new ContactsArgumentError(`${name} must be at least ${MIN_TOKEN} characters long, so that it can be redacted wherever it is echoed; got ${value.length}`);
  const [refused, allowed] = RULES[place];
  const bad = value.search(refused);
  if (bad >= 0) {
    const char = `U+${value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ContactsArgumentError(`${name} has a character not allowed in ${allowed} (${char} at index ${bad})`);
  }
  return value;
}

const MIN_TOKEN = 8;
