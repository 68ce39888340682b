// Sending the checks, gently, and judging every answer against the spec.
import { SESSION_HEADER } from '../engine/auth.js';
import { Secrets } from '../engine/secrets.js';
import { TEN_MB } from '../engine/options.js';
import { declaredKey, declares, mediaOf, parseJson, readAs, readBody, retryAfterMs } from '../engine/responses.js';
import { sleep } from '../engine/signals.js';
import { cookieText, paramValue, pathText, queryPairs, type ParamValue } from '../engine/params.js';
import { acceptOf, bearerSuffices, table, type Operation } from '../engine/table.js';
import type { OperationId } from '../engine/types.js';
import { checks as generatedChecks, judge as judgeValue, type Check as Judge, type Judges } from '../engine/validation.js';
import { parameterValues, type Check, type Spec } from './plan.js';

/** How to run the checks. */
export interface RunOptions {
  baseUrl: string;
  credentials: { bearer: string; session: string };
  /** The company to write into, for the spec's CompanyId parameter. */
  company?: string | undefined;
  /** Requests per second at most. */
  rps: number;
  /** Requests in all at most, retries included. */
  maxRequests: number;
  /** The longest Retry-After waited; a longer one ends the run. */
  maxWaitMs: number;
  timeoutMs: number;
  /** Judge known deviations of the Prism mock as drift too. */
  strict: boolean;
}

/** The verdict on one check. */
export interface Result extends Check {
  ok: boolean;
  /** What was sent, described; never a token. */
  described: string;
  expected: string;
  /** The status, and the content type with tokens redacted. */
  observed?: { status: number; contentType: string | null };
  /** Each way the answer differs from the contract, tokens redacted: the first MAX_PROBLEMS, then how many more. */
  problems: string[];
  note?: string;
}

/** Everything run, and why it stopped early if it did: drift, a server that could not be reached at all, or the verifier's own failure. */
export interface Outcome {
  results: Result[];
  stopped?: string | undefined;
  unreachable?: boolean;
  /** The verifier itself failed: `stopped` says how; the results before it stand. */
  error?: boolean;
}

// Prism answers malformed JSON itself, before it reads the spec: a 400 with a body and media type of its own.
const PRISM_INVALID_JSON = '{"error":{"code":"invalid_json","message":"Invalid JSON"}}';
const MAX_5XX = 5;
const ATTEMPTS = 3;
// What a check keeps of an answer's problems: a body of a million wrong items is still a short report.
const MAX_PROBLEMS = 20;
const MAX_PROBLEM_CHARS = 500;
// Failures to connect: nothing reached a server, so nothing says the deployment drifted.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sends each check in turn, at most `rps` a second, and judges each answer with `judges` (the spec's own checks,
 * unless given others). What an answer holds is kept with the tokens redacted, and bounded.
 */
export async function run(spec: Spec, checks: Check[], options: RunOptions, judges: Record<string, Judges<Judge>> = generatedChecks): Promise<Outcome> {
  const results: Result[] = [];
  const keep = keeper(secretsOf(options.credentials));
  try {
    return await runEach(spec, checks, options, judges, keep, results);
  } catch (error) {
    // A defect of the verifier is no drift of the server: said as such, with the results before it. Each check
    // before the one that failed left one result.
    const item = checks[results.length];
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { results, error: true, stopped: `the verifier failed on ${item?.operationId}: ${item?.name} (${keep(what)}); ${checks.length - results.length} checks not run` };
  }
}

async function runEach(spec: Spec, checks: Check[], options: RunOptions, judges: Record<string, Judges<Judge>>, keep: (text: string) => string, results: Result[]): Promise<Outcome> {
  let sent = 0;
  let failing5xx = 0;
  let last = 0;
  for (const [i, item] of checks.entries()) {
    const op = table[item.operationId as OperationId];
    const request = build(spec, op, item, options);
    const expected = expectation(op, item);
    let answer: { response: Response; text: string } | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (sent >= options.maxRequests) return { results, stopped: `stopped after ${sent} requests (--max-requests); ${checks.length - i} checks not run` };
      await sleep(Math.max(0, last + 1000 / options.rps - Date.now()));
      last = Date.now();
      sent++;
      try {
        const response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'manual' });
        answer = { response, text: await readBody(response, TEN_MB) };
      } catch (error) {
        const code = (error as { cause?: { code?: unknown } }).cause?.code;
        if (typeof code === 'string' && UNREACHABLE.has(code)) {
          return { results, unreachable: true, stopped: `${options.baseUrl} could not be reached (${code}); ${checks.length - i} checks not run` };
        }
        results.push({ ...item, ok: false, described: request.described, expected, problems: [keep(`no answer: ${error instanceof Error ? error.message : String(error)}`)] });
        answer = undefined;
        break;
      }
      const wait = answer.response.status === 429 ? retryAfterMs(answer.response.headers.get('retry-after')) : undefined;
      // No wait is slept out unless the same check is sent again after it.
      if (wait === undefined || attempt === ATTEMPTS - 1) break;
      if (wait > options.maxWaitMs) {
        return { results, stopped: `the server asked for a wait of ${Math.ceil(wait / 1000)} s (429, Retry-After), beyond --max-wait ${options.maxWaitMs / 1000} s; ${checks.length - i} checks not run` };
      }
      await sleep(wait);
    }
    if (!answer) continue;
    const { status, headers } = answer.response;
    // Redacted before anything is made of it: the media type is lowercased, which no redaction would find again.
    const contentType = headers.get('content-type') === null ? null : keep(headers.get('content-type')!);
    const verdict = judge(op, judges[item.operationId], item, { status, contentType, retryAfter: headers.get('retry-after'), text: answer.text }, options.strict);
    results.push({ ...item, described: request.described, expected, observed: { status, contentType }, ok: verdict.ok, problems: bounded(verdict.problems, verdict.more, verdict.stopped, keep), ...(verdict.note && { note: verdict.note }) });
    failing5xx = status >= 500 ? failing5xx + 1 : 0;
    if (failing5xx >= MAX_5XX) return { results, stopped: `stopped after ${MAX_5XX} answers in a row with a 5xx status: the server is unwell; ${checks.length - i - 1} checks not run` };
  }
  return { results };
}

/** The tokens, in each form an answer may hold them, JSON Pointer's (`~1` for `/`) too: a key's form in an issue path. */
export function secretsOf({ bearer, session }: RunOptions['credentials']): Secrets {
  const secrets = new Secrets();
  const pointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
  secrets.add(bearer, session, pointer(bearer), pointer(session));
  return secrets;
}

/** What a report keeps of a text from an answer: tokens redacted first, so that the cut never leaves part of one. */
function keeper(secrets: Secrets): (text: string) => string {
  return (text) => {
    const clean = secrets.redact(text);
    return clean.length > MAX_PROBLEM_CHARS ? `${clean.slice(0, MAX_PROBLEM_CHARS)}… (${clean.length} characters)` : clean;
  };
}

/** The first MAX_PROBLEMS problems, each kept, then how many more there were, and whether there are others not looked for. */
function bounded(problems: string[], more: number, stopped: boolean, keep: (text: string) => string): string[] {
  const kept = problems.slice(0, MAX_PROBLEMS).map(keep);
  const left = more + problems.length - kept.length;
  const counted = left > 0 ? `and ${left} more` : '';
  const tail = stopped ? `${counted ? `${counted}, ` : ''}and others: checking the body stopped at ${MAX_PROBLEMS} issues` : counted;
  return tail ? [...kept, tail] : kept;
}

function build(spec: Spec, op: Operation, item: Check, options: RunOptions) {
  const values = parameterValues(spec, op, options.company);
  // Written as the engine writes them, in each parameter's style.
  const written = (value: unknown) => paramValueOr(value) as ParamValue;
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (values.path[name] === undefined ? '' : pathText(name, written(values.path[name]), op.serial?.path?.[name])));
  const query = Object.entries(values.query).flatMap(([name, value]) => queryPairs(name, written(value), op.serial?.query?.[name])).join('&');
  const cookie = cookieText(Object.fromEntries(Object.entries(values.cookie).map(([name, value]) => [name, written(value)])), op.serial?.cookie);
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const accept = acceptOf(op, undefined);
  if (accept) headers['accept'] = accept;
  const { bearer, session, body, contentType } = item.sent;
  if (op.security.some((alternative) => alternative.length > 0) && bearerSuffices(op) && bearer !== 'omitted') headers['authorization'] = bearer === 'empty' ? 'Bearer ' : `Bearer ${options.credentials.bearer}`;
  if (SESSION_HEADER in (op.params.header ?? {}) && session !== 'omitted') headers[SESSION_HEADER] = options.credentials.session;
  if (contentType) headers['content-type'] = contentType;
  const auth = bearer === 'omitted' ? 'without the bearer token' : bearer === 'empty' ? 'with an empty bearer token' : session ? 'without the session token' : 'with both tokens';
  const shown = body === undefined ? 'no body' : `body ${contentType} ${body.length > 80 ? `${body.slice(0, 80)}… (${body.length} characters)` : body}`;
  return {
    url: `${options.baseUrl.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`,
    init: { method: op.method, headers, ...(body !== undefined && { body }) },
    described: `${op.method} ${path}${query ? `?${query}` : ''}; ${auth}; ${shown}`,
  };
}

/** A value as a parameter value: an example of another shape (a nested object) is sent as its JSON. */
function paramValueOr(value: unknown): unknown {
  try {
    return paramValue('verify', 'parameter', value);
  } catch {
    return JSON.stringify(value);
  }
}

function expectation(op: Operation, item: Check): string {
  const statuses = Object.keys(item.expect === 'success' ? op.successes : op.errors).filter((s) => item.expect === 'success' || s.startsWith('4'));
  return `${item.expect === 'success' ? 'a declared success' : 'a declared refusal'} (${statuses.join(', ')})`;
}

/** What is judged of an answer: its content type redacted, its body's text as it came. */
interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

/**
 * Every way the answer breaks the contract: its status, its media type, its body, its Retry-After. The body's issues
 * stop at MAX_PROBLEMS, whatever the checks do past it; `more` counts the rest, and `stopped` says that the check
 * itself stopped there (the generated checks do), so that how many more there are is not known.
 */
function judge(op: Operation, judges: Judges<Judge> | undefined, item: Check, answer: Answer, strict: boolean): { ok: boolean; problems: string[]; more: number; stopped: boolean; note?: string } {
  const { status, text, retryAfter } = answer;
  const mediaType = mediaOf(answer.contentType) || null;
  if (!strict && item.name === 'malformed JSON' && status === 400 && mediaType === 'application/json' && text === PRISM_INVALID_JSON) {
    return { ok: true, problems: [], more: 0, stopped: false, note: 'a known deviation of the Prism mock: its own answer to malformed JSON' };
  }
  const problems: string[] = [];
  let more = 0;
  let stopped = false;
  const success = status >= 200 && status < 300;
  const declared = success ? op.successes : op.errors;
  const key = declaredKey(declared, status);
  if (item.expect === 'refused' && success) problems.push(`it was accepted (${status}), so data may have been created`);
  if (item.expect === 'refused' && status >= 500) problems.push(`a server error (${status}), not a refusal`);
  if (item.expect === 'success' && !success) problems.push(`it was refused (${status})`);
  if (key === undefined && status === 401 && item.sent.bearer !== undefined) {
    // HTTP's own answer to missing credentials (RFC 9110, 15.5.2): the operation's security requirement implies it.
    return { ok: true, problems, more, stopped, note: 'status 401 is not declared; the security requirement implies it' };
  }
  if (key === undefined) {
    problems.push(`status ${status} is not declared (${Object.keys({ ...op.successes, ...op.errors }).join(', ')})`);
    return { ok: false, problems, more, stopped };
  }
  const declaredMedia = declared[key]!;
  if (declaredMedia.length === 0) {
    if (text !== '') problems.push(`a ${status} declares no body, but one came`);
  } else if (mediaType === null || !declares(declaredMedia, mediaType)) {
    problems.push(`media type ${mediaType ?? 'none'} is not the declared ${declaredMedia.join(' or ')}`);
  } else if (readAs(mediaType) === 'json') {
    const body = parseJson(text);
    const check = judges?.responses[key];
    if (!body) problems.push('the body is not JSON');
    else if (check) {
      const judged = judgeValue(body.value, check, undefined, { issues: [], max: MAX_PROBLEMS });
      if ('issues' in judged) {
        // A loop over a bounded slice, never a spread: a spread of 100,000 issues overflows the stack.
        const shown = judged.issues.slice(0, MAX_PROBLEMS);
        for (const issue of shown) problems.push(`the body: ${issue.message}`);
        more = judged.issues.length - shown.length;
        stopped = judged.more;
      }
    }
  }
  if (retryAfter !== null && retryAfterMs(retryAfter) === undefined) problems.push(`Retry-After ${JSON.stringify(retryAfter)} is neither delta-seconds nor an HTTP-date`);
  return { ok: problems.length === 0 && more === 0, problems, more, stopped };
}
