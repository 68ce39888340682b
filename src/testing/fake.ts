// An in-process fake of the API for consumers' unit tests: a fetch that answers every operation of the table
// as the Prism mock does.
import { examples } from '../../generated/examples.js';
import { serverUrl } from '../../generated/operations.js';
import { wireValidators } from '../../generated/wire.js';
import { ContactsArgumentError } from '../engine/errors.js';
import { own } from '../engine/params.js';
import { declaredKey, declares, mediaOf, parseJson, readAs } from '../engine/responses.js';
import { basePath, operation, routes, schemes, type Operation, type Shaped } from '../engine/table.js';
import { sleep } from '../engine/signals.js';
import type { OperationId, ProblemDetails, ResultOf } from '../engine/types.js';
import { bodyVerdicts, checks, verdict, type Validator } from '../engine/validation.js';

/** A parameter as received, read back by its style: a string, an array of them, or an object of them. */
export type Received = string | string[] | Record<string, string>;

/** What a handler gets: the request's parameters as received, and its body (see `ContractRequest.body`). */
export interface HandlerInput {
  params: { path: Record<string, Received>; query: Record<string, Received>; header: Record<string, Received>; cookie: Record<string, Received> };
  body: unknown;
  request: Request;
}

/** Answers one operation once the request passed the contract's checks: a success body, or any Response. */
export type Handler<Id extends OperationId = OperationId> = (input: HandlerInput) => ResultOf<Id> | Response | Promise<ResultOf<Id> | Response>;

/** Options of `createContractFetch`. */
export interface ContractFetchOptions {
  /** Answer every request with this declared error status (400, 401, 422, 429, 500, 503…), whatever it holds. */
  status?: number;
  /** Wait this long before answering; the request's signal still aborts the wait. */
  delayMs?: number;
  /** The Retry-After header sent with a forced 429 or 503. */
  retryAfter?: string;
  /** Per-operation answers, for stateful fakes; without one, an operation answers its first success example. */
  handlers?: { [Id in OperationId]?: Handler<Id> };
}

/** One request the fake received, and how it answered. */
export interface ContractRequest {
  operationId: OperationId | undefined;
  method: string;
  url: string;
  headers: Headers;
  /** The body: JSON parsed (else its text), a form as an object of fields (a file part as a File), text as a string, other media as a Blob. */
  body: unknown;
  status: number;
}

/** A fetch-compatible fake of the API, with the requests it received. */
export interface ContractFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly requests: readonly ContractRequest[];
}

// The reason phrases of the statuses the fake answers with.
const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// Create contacts answers with the count of what it was sent, as the real API does.
const DOMAIN_HANDLERS: ContractFetchOptions['handlers'] = {
  createContacts: ({ body }) => ({ nbInsertion: (body as unknown[]).length }),
};

// Requests reach the fake with the server's base path (the client's default baseUrl) or without it, as at Prism.
const ROUTES = routes(basePath(serverUrl));

/** Creates a fetch that checks requests against the contract, as the Prism mock does, and records them. */
export function createContractFetch(options: ContractFetchOptions = {}): ContractFetch {
  if (options.status !== undefined && !(Number.isInteger(options.status) && options.status >= 400 && options.status <= 599)) {
    throw new ContactsArgumentError(`createContractFetch: status must be an error status from 400 to 599; got ${options.status}`);
  }
  if (options.delayMs !== undefined && !(options.delayMs >= 0)) throw new ContactsArgumentError(`createContractFetch: delayMs must be 0 or more; got ${options.delayMs}`);
  for (const id of Object.keys(options.handlers ?? {})) {
    if (!operation(id)) throw new ContactsArgumentError(`createContractFetch: the spec has no operation ${JSON.stringify(id)} to handle`);
  }
  const handlers = { ...DOMAIN_HANDLERS, ...options.handlers } as Record<string, Handler | undefined>;
  const requests: ContractRequest[] = [];
  const fake = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const bytes = await request.arrayBuffer();
    const text = new TextDecoder().decode(bytes);
    const body = await bodyOf(request.headers.get('content-type'), bytes, text);
    if (options.delayMs) await sleep(options.delayMs, request.signal);
    const answer = options.status ? { status: options.status, response: forced(options.status, options.retryAfter) } : await judge(request, text, body, handlers);
    requests.push({ operationId: answer.id, method: request.method, url: request.url, headers: request.headers, body, status: answer.status });
    return answer.response;
  };
  return Object.assign(fake, { requests });
}

type Answer = { id?: OperationId; status: number; response: Response };

/** The answer Prism would give, in Prism's order: a JSON body that does not parse, the route, security, then the request's own checks. */
async function judge(request: Request, text: string, body: unknown, handlers: Record<string, Handler | undefined>): Promise<Answer> {
  const url = new URL(request.url);
  const mediaType = mediaOf(request.headers.get('content-type'));
  if (text !== '' && readAs(mediaType) === 'json' && !parseJson(text)) return { status: 400, response: problem(400, 'the body is not JSON') };
  const matches = ROUTES.flatMap((route) => {
    const found = route.pattern.exec(url.pathname);
    return found ? [{ ...route, values: found.slice(1) }] : [];
  });
  if (matches.length === 0) return { status: 404, response: problem(404, `no operation at ${url.pathname}`) };
  const route = matches.find((m) => m.op.method === request.method);
  if (!route) return { status: 405, response: problem(405, `${url.pathname} has no ${request.method}`) };
  const { id, op } = route;
  const reject = (codes: number[], detail: string) => declined(id, op, codes, detail);
  if (!authorised(op, request, url)) return reject([401], `credentials are required: ${op.security.map((a) => a.join(' and ')).join(', or ')}`);
  const declared = op.body?.mediaTypes ?? [];
  if (text !== '' && mediaType !== '' && !declares(declared, mediaType)) return reject([415, 422, 400], `the content type must be ${declared.join(' or ') || 'absent'}`);

  const params = received(op, {
    path: Object.fromEntries(route.names.flatMap((name, i) => (route.values[i] ? [[name, route.values[i]]] : []))),
    query: grouped(url.searchParams),
    header: headersOf(request.headers),
    cookie: cookiesOf(request.headers.get('cookie')),
  });
  const wire = (wireValidators as Record<string, Partial<Record<'path' | 'query' | 'header', Validator>> & { media?: Record<string, Validator> }>)[id] ?? {};
  // The wire validators coerce strings as Prism does; they judge copies, so the handler sees what was sent.
  // Cookie parameters are read for the handler but not judged: Prism does not judge them either.
  const invalid = (['path', 'query', 'header'] as const).find((location) => wire[location] && !wire[location]!(structuredClone(params[location])));
  if (invalid) return reject([422, 400], `the ${invalid} parameters break the contract`);
  if (op.body?.required && text === '') return reject([422, 400], 'the body is required');
  const bodyMedia = (mediaType && declared.find((entry) => declares([entry], mediaType))) || (declared[0] ?? '');
  if (text !== '' && !bodyFits(id, bodyMedia, body, wire.media)) return reject([422, 400], 'the body breaks the contract');
  return succeed(id, op, { params, body, request }, handlers[id]);
}

/** Whether a body meets its media type's schema: JSON by the client's verdict (a body that is not JSON reaches it as its text, as in Prism), forms coerced as Prism reads them (a file part as a string), text by its verdict. */
function bodyFits(id: OperationId, media: string, body: unknown, forms: Record<string, Validator> | undefined): boolean {
  const form = forms?.[media];
  if (form) return form(Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, v instanceof Blob ? '' : v])));
  const check = readAs(media) === 'json' || !media ? bodyVerdicts[id] : checks[id].media?.[media];
  return !check || verdict(check, body).valid;
}

/** A request body as a handler gets it: JSON parsed (else its text), forms as objects of fields (files as File), text as a string, anything else as a Blob. */
async function bodyOf(contentType: string | null, bytes: ArrayBuffer, text: string): Promise<unknown> {
  const media = mediaOf(contentType);
  if (text === '') return undefined;
  if (media === 'application/x-www-form-urlencoded') return grouped(new URLSearchParams(text));
  if (media === 'multipart/form-data') {
    const form = await new Response(bytes, { headers: { 'content-type': contentType! } }).formData().catch(() => undefined);
    return form ? grouped(form) : text;
  }
  if (readAs(media) === 'blob' && media !== '') return new Blob([bytes], { type: media });
  const parsed = readAs(media) === 'json' || media === '' ? parseJson(text) : undefined;
  return parsed ? parsed.value : text;
}

async function succeed(id: OperationId, op: Operation, input: HandlerInput, handler: Handler | undefined): Promise<Answer> {
  // Prism answers the lowest 2xx the operation declares.
  const key = Object.keys(op.successes).sort()[0]!;
  const status = key === '2XX' ? 200 : Number(key);
  const media = negotiated(op.successes[key]!, input.request.headers.get('accept'));
  const result = handler ? await handler(input) : media && examples[id]?.[key]?.[media];
  if (result instanceof Response) return { id, status: result.status, response: result };
  const response = !media || result === undefined ? new Response(null, { status }) : answer(status, result, media);
  return { id, status, response };
}

/** The first declared media type the Accept header takes (`*\/*` and `type/*` included), else the first declared. */
function negotiated(declared: readonly string[], accept: string | null): string | undefined {
  const wanted = (accept ?? '*/*').split(',').map(mediaOf);
  const takes = (media: string) => wanted.some((w) => declares([w], mediaOf(media)));
  return declared.find(takes) ?? declared[0];
}

/** The first of `codes` the operation declares, with its example, else Prism's own problem with the first code. */
function declined(id: OperationId, op: Operation, codes: number[], detail: string): Answer {
  const status = codes.find((code) => declaredKey(op.errors, code) !== undefined) ?? codes[0]!;
  const key = declaredKey(op.errors, status);
  const media = key && op.errors[key]![0];
  const example = media && examples[id]?.[key!]?.[media];
  return { id, status, response: example !== undefined && media ? answer(status, example, media) : problem(status, detail) };
}

/** Whether the request carries the credentials of one alternative of the operation's security, as Prism checks them: present, and well-formed for http schemes. */
function authorised(op: Operation, request: Request, url: URL): boolean {
  const authorization = request.headers.get('authorization') ?? '';
  const cookies = (request.headers.get('cookie') ?? '').split(';').map((c) => c.trim().split('=')[0]);
  const has = (name: string) => {
    const scheme = schemes[name]!;
    if (scheme.kind === 'bearer') return /^Bearer\s.+$/.test(authorization);
    if (scheme.kind === 'basic') return /^Basic\s.+$/.test(authorization);
    if (scheme.in === 'query') return url.searchParams.has(scheme.name);
    if (scheme.in === 'cookie') return cookies.includes(scheme.name);
    return request.headers.has(scheme.name);
  };
  return op.security.length === 0 || op.security.some((alternative) => alternative.every(has));
}

/** Pairs of a flat list: `[k1, v1, k2, v2]` as an object. */
const pairs = (list: string[]) => Object.fromEntries(list.flatMap((_, i) => (i % 2 ? [] : [[list[i]!, list[i + 1] ?? '']])));

/** A parameter's text split as its shape says: an array of items, an object of pairs, or the text itself. */
function shaped(text: string, shape: string, sep: string, explode: boolean): Received {
  const items = text === '' ? [] : text.split(sep);
  if (shape === 'array') return items;
  if (shape === 'object') return explode ? Object.fromEntries(items.map((item) => [item.split('=')[0]!, item.slice(item.indexOf('=') + 1)])) : pairs(items);
  return text;
}

/** The parameters as received, read back as their styles wrote them (arrays and objects of strings), as Prism deserialises them. */
function received(op: Operation, raw: { path: Record<string, string>; query: Record<string, string | string[]>; header: Record<string, string>; cookie: Record<string, string | string[]> }) {
  const path: Record<string, Received> = Object.fromEntries(
    Object.entries(raw.path).map(([name, text]) => {
      const { style = 'simple', explode = false, shape = 'scalar' } = own(op.serial?.path, name) ?? {};
      const decode = (value: Received): Received =>
        typeof value === 'string' ? decodeURIComponent(value) : Array.isArray(value) ? value.map((v) => decodeURIComponent(v)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [decodeURIComponent(k), decodeURIComponent(v)]));
      if (style === 'label') return [name, decode(shaped(text.replace(/^\./, ''), shape, explode ? '.' : ',', explode))];
      if (style !== 'matrix') return [name, decode(shaped(text, shape, ',', explode))];
      const parts = text.split(';').slice(1).map((part) => [part.split('=')[0]!, part.slice(part.indexOf('=') + 1)] as const);
      if (shape === 'object' && explode) return [name, decode(Object.fromEntries(parts) as Record<string, string>)];
      if (shape === 'array' && explode) return [name, decode(parts.map(([, v]) => v))];
      return [name, decode(shaped(parts[0]?.[1] ?? '', shape, ',', false))];
    }),
  );
  const header: Record<string, Received> = { ...raw.header };
  for (const [name, { explode, shape }] of Object.entries(op.serial?.header ?? {})) {
    const key = name.toLowerCase();
    const text = own(raw.header, key);
    if (text !== undefined) header[key] = shaped(text, shape, ',', explode);
  }
  return { path, query: formed(raw.query, op.serial?.query), header, cookie: formed(raw.cookie, op.serial?.cookie) };
}

/** Query or cookie parameters (form pairs, by name), read back by their styles. */
function formed(raw: Record<string, string | string[]>, serials: Readonly<Record<string, Shaped>> = {}): Record<string, Received> {
  const query: Record<string, Received> = { ...raw };
  for (const [name, { style, explode, shape, keys = [] }] of Object.entries(serials)) {
    const value = own(raw, name);
    if (shape === 'object' && (style === 'deepObject' || explode)) {
      // Its declared properties alone, as Prism reads them: `name[key]` for deepObject, `key` for form.
      const at = (key: string) => (style === 'deepObject' ? `${name}[${key}]` : key);
      const found = keys.filter((key) => own(raw, at(key)) !== undefined);
      // A query key of the parameter's own name is none of its properties: Prism ignores it.
      if (!keys.includes(name)) delete query[name];
      for (const key of found) delete query[at(key)];
      if (found.length) query[name] = Object.fromEntries(found.map((key) => [key, String([own(raw, at(key))].flat()[0])]));
    } else if (typeof value === 'string' && !explode) {
      query[name] = shaped(value, shape, style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',', false);
    }
  }
  return query;
}

function headersOf(headers: Headers): Record<string, string> {
  const entries: [string, string][] = [];
  headers.forEach((value, name) => entries.push([name, value]));
  return Object.fromEntries(entries);
}

/** A Cookie header's pairs, decoded; a name given twice holds both values, as a query's would. */
function cookiesOf(header: string | null): Record<string, string | string[]> {
  const search = new URLSearchParams();
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) search.append(decoded(pair.slice(0, at).trim()), decoded(pair.slice(at + 1).trim()));
  }
  return grouped(search);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Name-value pairs (a query, a form) as an object: a name given twice holds both values, in order. Built from
 * entries, so that every name, `__proto__` too, is an own property the handler sees.
 */
function grouped<T>(pairs: { forEach(each: (value: T, name: string) => void): void }): Record<string, T | T[]> {
  const out = new Map<string, T | T[]>();
  pairs.forEach((value, name) => out.set(name, out.has(name) ? ([out.get(name), value].flat() as T[]) : value));
  return Object.fromEntries(out);
}

function forced(status: number, retryAfter: string | undefined): Response {
  const headers = retryAfter && (status === 429 || status === 503) ? { 'retry-after': retryAfter } : undefined;
  return problem(status, 'forced by the test', headers);
}

function problem(status: number, detail: string, headers?: Record<string, string>): Response {
  const body: ProblemDetails = { type: 'about:blank', title: STATUS_TITLES[status] ?? 'Error', status, detail };
  return json(status, body, 'application/problem+json', headers);
}

function json(status: number, body: unknown, media: string, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': media, ...headers } });
}

/** An answer in its media type: JSON written as JSON; a text or binary body (a string, or a Blob) as it is. */
function answer(status: number, body: unknown, media: string): Response {
  if (readAs(media) === 'json') return json(status, body, media);
  return new Response(body instanceof Blob ? body : String(body), { status, headers: { 'content-type': media } });
}
