// Reading an answer against the table: the result, a typed error, or a contract violation.
import { bounded, ContactsHttpError, ContactsResponseTooLargeError, ContractViolationError, MAX_TEXT, type ValidationIssue } from './errors.js';
import type { Secrets } from './secrets.js';
import type { Operation } from './table.js';
import { judge, MAX_ISSUES, type Check } from './validation.js';

// The production server is behind API Gateway, which names its request ids so.
const REQUEST_ID_HEADERS = ['x-amzn-requestid', 'x-amz-apigw-id', 'x-request-id'];

/** The media type of a Content-Type (or Accept) entry, lowercased, without parameters; '' when there is none. */
export function mediaOf(contentType: string | null | undefined): string {
  const text = contentType ?? '';
  const end = text.indexOf(';');
  return (end < 0 ? text : text.slice(0, end)).trim().toLowerCase();
}

/** How a body of a media type is read: JSON is parsed and judged, text (text/*, XML) kept as a string, anything else as a Blob. */
export function readAs(media: string): 'json' | 'text' | 'blob' {
  // Every call of a JSON API asks this of its request and its answer: the common answer first.
  if (media === 'application/json') return 'json';
  const type = mediaOf(media);
  if (/^application\/([\w.+-]+\+)?json$/.test(type)) return 'json';
  return /^text\/|[/+]xml$/.test(type) ? 'text' : 'blob';
}

/** Whether a received media type is one of those declared: declared with parameters, in any case, or as a range (`image/*`, `*\/*`). */
export function declares(declared: readonly string[], media: string): boolean {
  return declared.some((entry) => {
    const type = mediaOf(entry);
    return type === media || type === '*/*' || (type.endsWith('/*') && media.startsWith(type.slice(0, -1)));
  });
}

/**
 * The answer's text (or, `as: 'blob'`, its bytes), read until `max` bytes: the body stream gives them decompressed,
 * so a small compressed answer that inflates past the limit stops there too, and so does one that never ends.
 */
export async function readBody(response: Response, max: number): Promise<string>;
export async function readBody(response: Response, max: number, as: 'text' | 'blob'): Promise<string | Blob>;
export async function readBody(response: Response, max: number, as: 'text' | 'blob' = 'text'): Promise<string | Blob> {
  const length = response.headers.get('content-length');
  if (Number(length ?? 0) > max) {
    await response.body?.cancel();
    throw new ContactsResponseTooLargeError(response.status, max);
  }
  if (!response.body) return as === 'blob' ? new Blob([]) : '';
  // Uncompressed with a length within the limit: HTTP framing holds the body to that length, and text() is quicker.
  if (length !== null && /^\d+$/.test(length) && (response.headers.get('content-encoding') ?? 'identity') === 'identity') return as === 'blob' ? response.blob() : response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let text = '';
  for (let size = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return as === 'blob' ? new Blob(chunks, { type: response.headers.get('content-type') ?? '' }) : text + decoder.decode();
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ContactsResponseTooLargeError(response.status, max);
    }
    if (as === 'blob') chunks.push(value as Uint8Array<ArrayBuffer>);
    else text += decoder.decode(value, { stream: true });
  }
}

/** `{ value }` when `text` is JSON, else undefined. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The key a status answers to in a map of declared responses: itself, then its range (`5XX`), then `default`. */
export function declaredKey(declared: object, status: number): string | undefined {
  const exact = String(status);
  if (exact in declared) return exact;
  return [`${exact[0]}XX`, 'default'].find((key) => key in declared);
}

/** Retry-After in milliseconds, as RFC 9110 §10.2.3 allows it: delta-seconds, or an HTTP-date; anything else is ignored. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
// IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must still accept.
const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const HTTP_DATE = new RegExp(
  `^(${DAY}, \\d\\d ${MONTH} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d\\d-${MONTH}-\\d\\d \\d\\d:\\d\\d:\\d\\d GMT|${DAY} ${MONTH} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4})$`,
);

/**
 * What an error keeps of an answer, tokens redacted, then cut to 4 kB with its length noted: JSON redacted once
 * parsed (`value` when it fits), whatever its status, size or schema; any other text against the tokens' forms.
 */
function kept(text: string, secrets: Secrets): { text: string; value?: unknown } {
  const json = secrets.redactJson(text, MAX_TEXT);
  return json ? { ...json, text: bounded(json.text, text.length) } : { text: bounded(secrets.redact(text), text.length) };
}

/** The result of an answer to `op`, its body read up to `max` bytes, or the error it stands for, thrown; checking a body stops past `maxIssues` issues. */
export async function readResponse(op: Operation, checks: Record<string, Check | undefined>, response: Response, max: number, secrets: Secrets, maxIssues = MAX_ISSUES): Promise<unknown> {
  const { status } = response;
  const success = status >= 200 && status < 300 ? declaredKey(op.successes, status) : undefined;
  const media = success === undefined ? [] : op.successes[success]!;
  const type = mediaOf(response.headers.get('content-type'));
  const as = readAs(type);
  // A success in a declared media type other than JSON is the result as it came: its text, or its bytes.
  if (op.method !== 'HEAD' && as !== 'json' && declares(media, type)) return readBody(response, max, as);
  const text = await readBody(response, max);
  const requestId = () => {
    const id = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find((value) => value !== null);
    return id === undefined ? undefined : secrets.redact(id);
  };
  const violation = (issues: ValidationIssue[], more = false) => {
    const received = kept(text, secrets);
    // An issue names what the server sent (a key in its path and params, a value's place): every field is redacted.
    return new ContractViolationError(status, issues.map((issue) => secrets.redactValue(issue)), 'value' in received ? received.value : received.text, requestId(), more);
  };
  if (status >= 200 && status < 300) {
    if (success === undefined) {
      const expected = Object.keys(op.successes).join(' or ');
      throw violation([{ path: '', keyword: 'status', message: `the status must be ${expected}, not ${status}`, params: { status } }]);
    }
    if (media.length === 0 || op.method === 'HEAD') return undefined;
    // Anything else is read as JSON, the media type the client judges, when the answer declares it.
    if (readAs(media[0]!) !== 'json') {
      throw violation([{ path: '', keyword: 'mediaType', message: `the media type must be ${media.join(' or ')}, not ${type || 'absent'}`, params: { allowedValues: media } }]);
    }
    const body = parseJson(text);
    if (!body) throw violation([{ path: '', keyword: 'json', message: 'the body must be JSON', params: {} }]);
    const check = checks[success];
    const verdict = check ? judge(body.value, check, undefined, { issues: [], max: maxIssues }) : undefined;
    if (verdict && 'issues' in verdict) throw violation(verdict.issues, verdict.more);
    return body.value;
  }
  const body = text === '' ? undefined : kept(text, secrets);
  const key = declaredKey(op.errors, status);
  const declared = key === undefined ? undefined : checks[key];
  // The declared body is judged as it came, and kept as redacted; `value` says that it is JSON. Only whether it is
  // the declared body matters: checking stops at its first issue.
  const typed = body && 'value' in body && declared && 'text' in judge(parseJson(text)!.value, declared, undefined, { issues: [], max: 0 }) ? body.value : body?.text;
  throw new ContactsHttpError(status, typed, retryAfterMs(response.headers.get('retry-after')), requestId());
}
