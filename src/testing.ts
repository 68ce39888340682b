// An in-process fake of the API for consumers' unit tests: a fetch that answers as the contract says.
import { operationPath } from '../generated/meta.js';
import type { ProblemDetails } from './types.js';
import { validateContacts } from './validation.js';

/** Options of `createContractFetch`. */
export interface ContractFetchOptions {
  /** Answer every request with this declared error status (400, 401, 422, 429, 500, 503…), whatever it holds. */
  status?: number;
  /** Wait this long before answering; the request's signal still aborts the wait. */
  delayMs?: number;
  /** The Retry-After header sent with a forced 429 or 503. */
  retryAfter?: string;
}

/** One request the fake received, and how it answered. */
export interface ContractRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  status: number;
}

/** A fetch-compatible fake of the API, with the requests it received. */
export interface ContractFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly requests: readonly ContractRequest[];
}

// The spec's path, with each {parameter} matching one segment.
const PATH = new RegExp(`${operationPath.replace(/\{[^}]+\}/g, '[^/]+')}$`);
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Creates a fetch that checks requests against the contract, as the Prism mock does, and records them. */
export function createContractFetch(options: ContractFetchOptions = {}): ContractFetch {
  if (options.status !== undefined && !(options.status >= 400 && options.status <= 599)) {
    throw new RangeError(`createContractFetch: status must be an error status from 400 to 599; got ${options.status}`);
  }
  const requests: ContractRequest[] = [];
  const fake = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const body = parse(text);
    if (options.delayMs) await wait(options.delayMs, request.signal);
    const [status, detail] = options.status ? [options.status, 'forced by the test'] : judge(request, text, body);
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: body === undefined ? text : body, status });
    if (status === 201) return Response.json({ nbInsertion: (body as unknown[]).length }, { status });
    const headers = options.retryAfter && (status === 429 || status === 503) ? { 'retry-after': options.retryAfter } : undefined;
    return problem(status, detail, headers);
  };
  return Object.assign(fake, { requests });
}

/** The status Prism would give, in Prism's order: route, security, then the request's own validation. */
function judge(request: Request, text: string, body: unknown): [number, string] {
  const { pathname } = new URL(request.url);
  if (!PATH.test(pathname)) return [404, `no operation at ${pathname}`];
  if (request.method !== 'POST') return [405, 'the operation is a POST'];
  if (!/^Bearer\s.+$/.test(request.headers.get('authorization') ?? '')) return [401, 'a bearer token is required'];
  if (!request.headers.get('x-session-token')) return [422, 'x-session-token is required'];
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) return [422, 'the content type must be application/json'];
  if (body === undefined) return [text ? 400 : 422, text ? 'the body is not JSON' : 'the body is required'];
  const verdict = validateContacts(body);
  return verdict.valid ? [201, ''] : [422, verdict.issues.map((i) => i.message).join('; ')];
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function problem(status: number, detail: string, headers?: Record<string, string>): Response {
  const body: ProblemDetails = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  return Response.json(body, { status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
