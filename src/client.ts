import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { operationPath, serverUrl } from '../generated/meta.js';
import { validateErrorBody } from '../generated/validators.js';
import { importContacts, type ImportOptions, type ImportReport } from './bulk.js';
import {
  causeCode,
  ContactsAbortError,
  ContactsArgumentError,
  ContactsError,
  ContactsHttpError,
  ContactsNetworkError,
  ContactsTimeoutError,
  ContactsValidationError,
  ContractViolationError,
} from './errors.js';
import { MAX_TIMER_MS, retryPolicy, sleep, type RetryOptions } from './retry.js';
import type { ContactInput, CreateContactsResult, paths, ProblemDetails } from './types.js';
import { validateContacts, validateCreated } from './validation.js';

/** A token, or a function that returns the current one; functions are called for every request. */
export type TokenSource = string | (() => string | Promise<string>);

/** Options of `createContactsClient`. */
export interface ContactsClientOptions {
  /** The bearer token sent as `Authorization: Bearer …`. */
  token: TokenSource;
  /** The session token sent as `x-session-token`. */
  sessionToken: TokenSource;
  /** Defaults to the spec's server. */
  baseUrl?: string;
  /** A fetch implementation, for tests or proxies; defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Validate bodies against the spec before sending; default true. */
  validate?: boolean;
  /** Time allowed for each attempt, response body included; default 30,000 ms. */
  timeoutMs?: number;
  /** Retries of requests the server provably did not process. */
  retry?: RetryOptions;
}

/** Per-call options of `createContacts`. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** The typed client returned by `createContactsClient`. */
export interface ContactsClient {
  /** Creates the contacts in one request; resolves to the 201 body or rejects with a `ContactsError`. */
  createContacts(companyId: string, contacts: readonly ContactInput[], init?: CallOptions): Promise<CreateContactsResult>;
  /** Validates every contact, then sends the valid ones in batches, and reports on each contact. */
  importContacts(companyId: string, contacts: readonly unknown[], options?: ImportOptions): Promise<ImportReport>;
  /** An openapi-fetch client typed by the spec, with the same options and auth; its `x-session-token` parameter is overwritten by the auth, and middleware added to it applies to its own calls only. */
  raw: Client<paths>;
}

// Failures where no connection was made, so nothing reached the server.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Creates a client for the Create contacts operation. */
export function createContactsClient(options: ContactsClientOptions): ContactsClient {
  const { validate = true, timeoutMs = 30_000 } = options;
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const retryDelay = retryPolicy(options.retry ?? {});
  checkTimeout(timeoutMs);
  const middleware = auth(options.token, options.sessionToken);
  const openapiClient = (transport: Pick<ClientOptions, 'fetch' | 'Request'>) => {
    const client = createClient<paths>({ baseUrl, ...transport, ...(options.headers && { headers: options.headers }) });
    client.use(middleware);
    return client;
  };
  const injected = options.fetch ? { fetch: options.fetch } : {};
  const raw = openapiClient(injected);
  // createContacts has a client of its own: middleware added to raw stays out of it, and with the global
  // fetch it can skip a Request (see InitRequest).
  const internal = openapiClient(options.fetch ? injected : { fetch: sendInit as unknown as typeof fetch, Request: InitRequest as unknown as typeof Request });

  async function attempt(companyId: string, contacts: readonly ContactInput[], init: CallOptions): Promise<CreateContactsResult> {
    if (init.signal?.aborted) throw new ContactsAbortError('not-sent');
    const ms = checkTimeout(init.timeoutMs ?? timeoutMs);
    const deadline = attemptSignal(ms, init.signal);
    try {
      const { data, error, response } = await internal.POST(operationPath, {
        // The auth middleware sets the real session token; the spec's types require the parameter.
        params: { path: { companyId }, header: { 'x-session-token': '' } },
        body: contacts as ContactInput[],
        parseAs: 'text',
        signal: deadline.signal,
        // A redirect would carry x-session-token to wherever it points.
        redirect: 'manual',
        ...(init.headers && { headers: init.headers }),
      });
      return readResponse(response, data ?? error);
    } catch (error) {
      if (error instanceof ContactsError) throw error;
      if (deadline.timedOut()) throw new ContactsTimeoutError(ms);
      if (init.signal?.aborted) throw new ContactsAbortError('unknown');
      throw new ContactsNetworkError(NOT_CONNECTED.has(causeCode(error) ?? '') ? 'not-sent' : 'unknown', error);
    } finally {
      deadline.clear();
    }
  }

  /** Sends once, then again only while the server provably did not process the request. */
  async function send(companyId: string, contacts: readonly ContactInput[], init: CallOptions): Promise<CreateContactsResult> {
    for (let n = 0; ; n++) {
      try {
        return await attempt(companyId, contacts, init);
      } catch (error) {
        const delay = retryDelay(error, n);
        if (delay === undefined) throw error;
        await sleep(delay, init.signal);
      }
    }
  }

  return {
    async createContacts(companyId, contacts, init = {}) {
      checkCompanyId(companyId);
      if (validate) {
        const verdict = validateContacts(contacts);
        if (!verdict.valid) throw new ContactsValidationError(verdict.issues);
      }
      return send(companyId, contacts, init);
    },
    async importContacts(companyId, contacts, importOptions = {}) {
      checkCompanyId(companyId);
      return importContacts((batch) => send(companyId, batch, {}), contacts, importOptions);
    },
    raw,
  };
}

/**
 * openapi-fetch builds a Request and calls fetch(request), and the global fetch then builds a second Request
 * from the first: a fifth of a loopback call in the profile. With the global fetch, createContacts gives
 * openapi-fetch this light stand-in instead, and hands fetch the URL and init, so one Request is built.
 */
class InitRequest {
  readonly headers: Headers;
  readonly method: string;

  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.headers = new Headers(init.headers);
    this.method = init.method ?? 'GET';
  }
}

function sendInit(request: InitRequest): Promise<Response> {
  return fetch(request.url, { ...request.init, headers: request.headers });
}

/** One signal per attempt, aborted by the caller or at the deadline: a single AbortController costs far less
 *  than AbortSignal.timeout() combined by AbortSignal.any(), which the profile showed on every request. */
function attemptSignal(ms: number, caller: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

function readResponse(response: Response, payload: unknown): CreateContactsResult {
  if (response.status === 201) {
    const body = parseJson(payload);
    if (body === undefined) throw new ContractViolationError(201, [{ path: '', keyword: 'json', message: 'the body must be JSON' }], payload);
    const verdict = validateCreated(body.value);
    if (!verdict.valid) throw new ContractViolationError(201, verdict.issues, body.value);
    return verdict.value;
  }
  if (response.status >= 300) throw new ContactsHttpError(response.status, errorBody(payload), retryAfterMs(response.headers.get('retry-after')));
  throw new ContractViolationError(response.status, [{ path: '', keyword: 'status', message: `the status must be 201, not ${response.status}` }], payload);
}

function parseJson(text: unknown): { value: unknown } | undefined {
  try {
    return typeof text === 'string' ? { value: JSON.parse(text) } : undefined;
  } catch {
    return undefined;
  }
}

/** openapi-fetch has already tried JSON.parse on error bodies; keep the text unless it is a problem details object. */
function errorBody(payload: unknown): ProblemDetails | string | undefined {
  if (payload === undefined || typeof payload === 'string') return payload;
  return validateErrorBody(payload) ? (payload as ProblemDetails) : JSON.stringify(payload);
}

/** Retry-After in milliseconds, from delta-seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function auth(token: TokenSource, sessionToken: TokenSource): Middleware {
  // Fail at creation, not at the first request, when a fixed token is already unusable.
  if (typeof token === 'string') checkToken(token, 'token');
  if (typeof sessionToken === 'string') checkToken(sessionToken, 'sessionToken');
  return {
    // Synchronous when both tokens are fixed strings: no promise on the path of every request.
    onRequest({ request }) {
      if (typeof token === 'string' && typeof sessionToken === 'string') return setAuth(request, token, sessionToken);
      return Promise.all([readToken(token, 'token'), readToken(sessionToken, 'sessionToken')]).then(([bearer, session]) => setAuth(request, bearer, session));
    },
  };
}

function setAuth(request: Request, bearer: string, session: string): undefined {
  request.headers.set('Authorization', `Bearer ${bearer}`);
  request.headers.set('x-session-token', session);
  return undefined;
}

async function readToken(source: TokenSource, name: string): Promise<string> {
  let value: unknown = source;
  if (typeof source === 'function') {
    try {
      value = await source();
    } catch (cause) {
      throw new ContactsArgumentError(`${name}: the function that supplies it threw (${cause instanceof Error ? cause.name : typeof cause})`);
    }
  }
  return checkToken(value, name);
}

/** Rejects values that would be refused, altered or split by HTTP, without ever echoing them. */
function checkToken(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new ContactsArgumentError(`${name} must be a non-empty string`);
  const bad = value.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    const char = `U+${value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ContactsArgumentError(`${name} has a character not allowed in an HTTP header token (${char} at index ${bad})`);
  }
  return value;
}

function checkCompanyId(companyId: unknown): void {
  // Percent-encoding keeps `/` and `?` inside the segment, but URL parsing still resolves `.` and `..` (even encoded).
  if (typeof companyId !== 'string' || companyId === '' || companyId === '.' || companyId === '..') {
    throw new ContactsArgumentError(`companyId must be a non-empty string other than "." and ".."; got ${JSON.stringify(companyId)}`);
  }
}

function checkBaseUrl(baseUrl: string): string {
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new ContactsArgumentError(`baseUrl must be an absolute http(s) URL; got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl;
}

function checkTimeout(ms: number): number {
  if (!(ms > 0 && ms <= MAX_TIMER_MS)) throw new ContactsArgumentError(`timeoutMs must be above 0 and at most ${MAX_TIMER_MS} ms; got ${ms}`);
  return ms;
}
