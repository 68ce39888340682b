// The one engine every operation of the table goes through: parameters and body judged as sent, auth,
// a deadline per attempt, no redirects, answers read against the spec, and retries by method.
import { version } from '../../generated/operations.js';
import { authenticate, SESSION_HEADER, type Authenticate } from './auth.js';
import { Secrets } from './secrets.js';
import {
  causeCode,
  ContactsAbortError,
  ContactsArgumentError,
  ContactsError,
  ContactsHttpError,
  ContactsTimeoutError,
  ContactsValidationError,
  ContractViolationError,
  networkError,
  type Outcome,
} from './errors.js';
import { createLog } from './log.js';
import { checkBaseUrl, checkCount, checkHeaders, checkHeaderValue, checkTimeout, TEN_MB, type CallOptions, type ContactsClientOptions, type FetchLike } from './options.js';
import { checkSize, encodeAs, type Encoded } from './bodies.js';
import { readAs, readResponse } from './responses.js';
import { retryPolicy } from './retry.js';
import { deadline, sleep, type Deadline } from './signals.js';
import { cookieText, headerText, own, paramValue, pathText, queryPairs, type ParamValue } from './params.js';
import { acceptOf, operation, templateOf, type Operation } from './table.js';
import type { AnswerMediaOf, OperationId, RequestInput, ResultOf } from './types.js';
import { checks, encode, judgeOrThrow, type Check, type Judges } from './validation.js';

/** How the batches of one import share rate limits: every attempt waits for `ready`; a 429 or 503 calls `limited`. */
export interface Pace {
  ready(signal?: AbortSignal): Promise<void>;
  limited(error: ContactsHttpError): boolean;
}

/** One operation as the engine calls it: its operationId, its entry in the table and its checks. */
export type Target = { readonly id: string; readonly op: Operation; readonly judges: Judges<Check> };

/** A request's parameters written: the operation, its URL, its header parameters and its Cookie text. */
type Prepared = { target: Target; url: string; header: Record<string, unknown>; cookie: string };

/** One request as the engine sends it: its parameters written, its body, the call's options, and the pool it paces with. */
type Outgoing = Prepared & { body: Encoded | undefined; options: RequestOptions<string>; pace?: Pace | undefined };

/** What a call of an operation takes: its parameters, its body, and the media type of the body. */
export type Input = { params?: Params; body?: unknown; mediaType?: string };

/** A call's options, and `accept`: the one media type of the success answer to ask for, among those declared. */
export type RequestOptions<A extends string> = CallOptions & { accept?: A };

/** The arguments of `request(operationId, …)`: the input may be left out when nothing in it is required. */
export type RequestArgs<Id extends OperationId> = {} extends RequestInput<Id>
  ? [input?: RequestInput<Id>, options?: RequestOptions<AnswerMediaOf<Id>>]
  : [input: RequestInput<Id>, options?: RequestOptions<AnswerMediaOf<Id>>];

/** Calls one operation of the spec; resolves to its success body (in the media type `accept` asks for), or undefined without content. */
export interface RequestMethod {
  // First, so that a call with `accept` gets the result of that media type alone. `A` extends string, not the media
  // types, so that TypeScript keeps the literal it infers; the intersection refuses an undeclared one.
  <Id extends OperationId, A extends string>(operationId: Id, input: RequestInput<Id> | undefined, options: CallOptions & { accept: A & AnswerMediaOf<Id> }): Promise<ResultOf<Id, A>>;
  <Id extends OperationId>(operationId: Id, ...args: RequestArgs<Id>): Promise<ResultOf<Id>>;
}

/** Parameters by location, as given by a caller. */
export type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown>; cookie?: Record<string, unknown> };

/** The engine of a client: it calls the operations it is given, so that a caller bundles only those it names. */
export interface Engine {
  /** Calls one operation; resolves to its success body, or undefined without content. */
  call(target: Target, input: Input | undefined, options?: RequestOptions<string>): Promise<unknown>;
  /** Throws now what any request of the operation with these parameters would throw before sending. */
  checkParams(target: Target, params: Params): void;
  /** Sends a body already encoded and judged (importContacts' batches), pausing with the others on rate limits. */
  sendEncoded(target: Target, params: Params, text: string, options: CallOptions, pace?: Pace): Promise<unknown>;
}

/** `request` over every operation of the table: a caller of it bundles them all. */
export function requester(engine: Engine): RequestMethod {
  // Typed by RequestMethod: its result type follows `accept`, which the engine only passes on.
  return ((id: OperationId, input?: Input, options?: RequestOptions<string>) => {
    const op = operation(id);
    if (!op) return Promise.reject(new ContactsArgumentError(`the spec has no operation ${JSON.stringify(id)}`));
    return engine.call({ id, op, judges: checks[id] }, input, options);
  }) as unknown as RequestMethod;
}

/** What a fetch of this client needs besides the URL and body: checked options, credentials, deadlines. */
export interface Transport {
  fetch: FetchLike;
  timeoutMs: number;
  headers: Record<string, string>;
  /** What each attempt's security adds to it. */
  auth: Authenticate;
  /** Every token sent, to redact from whatever is kept of an answer. */
  secrets: Secrets;
  /** The most an answer may take, decompressed. */
  maxResponseBytes: number;
}

// Where the runtime lets a request set it: browsers keep their own User-Agent.
const USER_AGENT = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ? { 'user-agent': `contacts-api-contract/${version}` } : {};

/** Checks the options that every request of a client shares. */
export function transport(options: ContactsClientOptions): Transport {
  const secrets = new Secrets();
  return {
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: checkTimeout(options.timeoutMs ?? 30_000),
    headers: { ...USER_AGENT, ...checkHeaders(options.headers) },
    auth: authenticate(options, secrets),
    secrets,
    maxResponseBytes: checkCount('maxResponseBytes', options.maxResponseBytes ?? TEN_MB),
  };
}

/** The error for a failed attempt: `sent` says whether request bytes may have left. */
export function failure(error: unknown, sent: boolean, attempt: Deadline, caller: AbortSignal | null | undefined, timeoutMs: number): ContactsError {
  if (error instanceof ContactsError) return error;
  const outcome = sent ? 'unknown' : 'not-sent';
  if (attempt.timedOut()) return new ContactsTimeoutError(timeoutMs, outcome);
  if (caller?.aborted) return new ContactsAbortError(outcome);
  return sent ? networkError(error) : new ContactsError('ERR_CONTACTS_UNEXPECTED', 'not-sent', 'the request could not be prepared', { cause: error });
}

/** Creates the engine: every option is checked now, so that a client that can never work fails at creation. */
export function createEngine(options: ContactsClientOptions): Engine {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const shared = transport(options);
  const retryDelay = retryPolicy(options.retry);
  const log = createLog(options.logger, options.logLevel);
  const validate = options.validate ?? true;
  const limits = { maxRequestBytes: checkCount('maxRequestBytes', options.maxRequestBytes ?? TEN_MB), maxIssues: checkCount('maxIssues', options.maxIssues ?? 100) };

  /** A body in its media type: JSON judged and written in one pass (none when JSON writes none), the others as bodies.ts writes them. */
  async function encodeBody({ id, judges }: Target, media: string, value: unknown): Promise<Encoded | undefined> {
    if (readAs(media) !== 'json') return encodeAs(id, media, value, validate ? judges.media?.[media] : undefined, limits.maxRequestBytes);
    const text = encode(value, validate ? judges.body : undefined, limits);
    return text === undefined ? undefined : { body: text, contentType: media };
  }

  /** The operation, its URL, header parameters and cookie, from what the caller gave, each value read once. */
  function prepare(target: Target, params: Params = {}): Prepared {
    const { id, op, judges } = target;
    const given = snapshot(id, op, params);
    const address = baseUrl + url(op, given);
    for (const location of ['path', 'query', 'cookie'] as const) {
      const check = judges[location];
      if (validate && check) judgeOrThrow(given[location], check, location);
    }
    return { target, url: address, header: given.header, cookie: op.params.cookie ? cookieText(given.cookie, op.serial?.cookie) : '' };
  }

  async function send(request: Outgoing): Promise<unknown> {
    const { target, header, cookie, body, options: call, pace } = request;
    const { id, op } = target;
    // Every body, the import's batches included, counted here as it goes on the wire.
    if (body) checkSize(body.body, limits.maxRequestBytes);
    const ms = checkTimeout(call.timeoutMs ?? shared.timeoutMs);
    const headers = call.headers ? { ...shared.headers, ...checkHeaders(call.headers) } : { ...shared.headers };
    for (const [name, value] of Object.entries(header)) headers[name.toLowerCase()] = checkHeaderValue(name, headerText(name, value as ParamValue, own(op.serial?.header, name)));
    if (cookie) headers['cookie'] = headers['cookie'] ? `${headers['cookie']}; ${cookie}` : cookie;
    const accept = acceptOf(op, call.accept);
    if (accept && !headers['accept']) headers['accept'] = accept;
    if (body?.contentType) headers['content-type'] = body.contentType;
    let mayHaveTakenEffect = false;
    const stopped = () => new ContactsAbortError(mayHaveTakenEffect ? 'unknown' : 'not-sent');
    for (let n = 0, paused = 0; ; n++) {
      if (pace) await pace.ready(call.signal ?? undefined).catch(() => Promise.reject(stopped()));
      const started = Date.now();
      try {
        const [status, result] = await attempt(request, headers, ms);
        log.debug?.(line(id, op, n, started, String(status)));
        return result;
      } catch (caught) {
        const error = caught as ContactsError;
        mayHaveTakenEffect ||= error.outcome === 'unknown';
        // Shared by a pool: the pause is everyone's, and it does not use up the retries.
        if (pace && rateLimited(error) && paused++ < MAX_PAUSES && pace.limited(error)) {
          log.info?.(`${line(id, op, n, started, kindOf(error))}; pausing every request of the import`);
          n--;
          continue;
        }
        const delay = retryDelay(error, n, op.idempotent);
        // A violation is a failure, whatever its status: logged as one, at warn.
        if (error instanceof ContractViolationError) log.warn?.(`${line(id, op, n, started, kindOf(error), delay)}: ${error.message}`);
        else (delay === undefined ? log.debug : log.info)?.(line(id, op, n, started, kindOf(error), delay));
        if (delay === undefined) throw mayHaveTakenEffect ? asUnknown(error) : error;
        await sleep(delay, call.signal ?? undefined).catch(() => Promise.reject(stopped()));
      }
    }
  }

  async function attempt({ target: { op, judges }, url: address, header, body, options: call }: Outgoing, headers: Record<string, string>, ms: number): Promise<[number, unknown]> {
    if (call.signal?.aborted) throw new ContactsAbortError('not-sent');
    const session = SESSION_HEADER in (op.params.header ?? {});
    const limit = deadline(ms, call.signal);
    let sent = false;
    try {
      const auth = await shared.auth(op.security, session, limit.signal);
      const all = { ...headers, ...auth.headers };
      if (auth.cookie) all['cookie'] = all['cookie'] ? `${all['cookie']}; ${auth.cookie}` : auth.cookie;
      const headerCheck = judges.header;
      if (validate && headerCheck) judgeOrThrow(session ? { ...header, [SESSION_HEADER]: auth.headers[SESSION_HEADER] } : header, headerCheck, 'header');
      sent = true;
      // A redirect would carry the credentials to wherever it points.
      const url = auth.query ? `${address}${address.includes('?') ? '&' : '?'}${auth.query}` : address;
      const response = await shared.fetch(url, { method: op.method, headers: all, body: (body?.body as BodyInit | undefined) ?? null, signal: limit.signal, redirect: 'manual' });
      return [response.status, await readResponse(op, judges.responses, response, shared.maxResponseBytes, shared.secrets, limits.maxIssues)];
    } catch (error) {
      throw failure(error, sent, limit, call.signal, ms);
    } finally {
      limit.clear();
    }
  }

  return {
    async call(target, input, call = {}) {
      const { id, op } = target;
      const prepared = prepare(target, input?.params);
      const media = mediaTypeOf(id, op, input?.mediaType);
      const value = input?.body;
      if (media === undefined && value !== undefined) throw new ContactsArgumentError(`${id} takes no body`);
      const body = media === undefined || value === undefined ? undefined : await encodeBody(target, media, value);
      if (body === undefined && op.body?.required) throw new ContactsValidationError([{ path: '', keyword: 'required', message: 'the body is required', params: {} }]);
      return send({ ...prepared, body, options: call });
    },
    checkParams(target, params) {
      prepare(target, params);
    },
    async sendEncoded(target, params, text, call, pace) {
      return send({ ...prepare(target, params), body: { body: text, contentType: target.op.body!.mediaTypes[0]! }, options: call, pace });
    },
  };
}

/** The media type a body goes in: the one asked for, if declared, else the first declared (JSON first). */
function mediaTypeOf(id: string, op: Operation, asked: string | undefined): string | undefined {
  if (asked === undefined) return op.body?.mediaTypes[0];
  if (!op.body?.mediaTypes.includes(asked)) throw new ContactsArgumentError(`${id}: mediaType must be one its body declares (${op.body?.mediaTypes.join(', ') || 'none'}); got ${JSON.stringify(asked)}`);
  return asked;
}

/** One log line per attempt: what was called, how it ended, how long it took, and what happens next. */
function line(id: string, op: Operation, n: number, started: number, kind: string, delay?: number): string {
  const next = /^2\d\d$/.test(kind) ? '' : delay === undefined ? '; not retried' : `; retrying in ${Math.round(delay)} ms`;
  return `${id} ${op.method} ${op.path} attempt ${n + 1}: ${kind} in ${Date.now() - started} ms${next}`;
}

/** How an attempt failed, in a word: the status, the network error code, or the error code. */
function kindOf(error: ContactsError): string {
  if (error instanceof ContractViolationError) return `${error.status} breaking the contract`;
  if (error instanceof ContactsHttpError) return String(error.status);
  return error.code === 'ERR_CONTACTS_NETWORK' ? (causeCode(error.cause) ?? 'network error') : error.code;
}

// Rate limits a pool waits out together, however many: each is a request the server did not process.
const MAX_PAUSES = 50;
const rateLimited = (error: ContactsError): error is ContactsHttpError =>
  error instanceof ContactsHttpError && (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined));

/** The last error of a call where an earlier attempt may have taken effect. */
function asUnknown(error: ContactsError): ContactsError {
  if (error.outcome !== 'unknown') Object.defineProperty(error, 'outcome', { value: 'unknown' satisfies Outcome });
  return error;
}

type Location = keyof Params;
const LOCATIONS: readonly string[] = ['path', 'query', 'header', 'cookie'] satisfies Location[];

/**
 * The parameters of `op` read once each from what the caller gave, refusing what the operation does not declare.
 * Params often come from JSON: every name is looked up as an own property, and every copy is made of own entries.
 */
function snapshot(id: string, op: Operation, params: Params) {
  const given: Record<Location, Record<string, unknown>> = { path: {}, query: {}, header: {}, cookie: {} };
  if (typeof params !== 'object' || params === null) throw new ContactsArgumentError(`${id}: params must be an object of parameters by location; got ${params === null ? 'null' : typeof params}`);
  for (const [location, values] of Object.entries(params)) {
    if (!LOCATIONS.includes(location)) throw new ContactsArgumentError(`params has no location ${JSON.stringify(location)}: it takes ${LOCATIONS.join(', ')}`);
    const names = op.params[location as Location];
    if (values === undefined) continue;
    if (!names || typeof values !== 'object' || values === null) throw new ContactsArgumentError(`${id} takes no ${location} parameters`);
    given[location as Location] = Object.fromEntries(
      Object.entries(values).flatMap(([name, value]) => {
        if (!Object.hasOwn(names, name) || (location === 'header' && name === SESSION_HEADER)) {
          throw new ContactsArgumentError(`${id} has no ${location} parameter ${JSON.stringify(name)}${name === SESSION_HEADER ? ' to give: the auth supplies it' : ''}`);
        }
        return value === undefined ? [] : [[name, paramValue(id, name, value)]];
      }),
    );
  }
  return given;
}

/** The path and query, each parameter written as its style says. */
function url(op: Operation, given: Record<Location, Record<string, unknown>>): string {
  const parts = templateOf(op);
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = own(given.path, name) as ParamValue | undefined;
    const text = value === undefined ? '' : pathText(name, value, own(op.serial?.path, name));
    // URL parsing resolves `.` and `..` even when percent-encoded, and an empty segment changes the path.
    if (text === '' || text === '.' || text === '..') {
      throw new ContactsArgumentError(`path parameter ${name} must be given, and not "", "." or ".."; got ${JSON.stringify(value)}`);
    }
    path += text + parts[i + 1]!;
  }
  const query = Object.entries(given.query).flatMap(([name, value]) => queryPairs(name, value as ParamValue, own(op.serial?.query, name)));
  return query.length ? `${path}?${query.join('&')}` : path;
}
