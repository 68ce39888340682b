// The generated checks and validators, typed; issues in plain words; and what is sent being what was judged.
import {
  bodyVerdicts as generatedBodyVerdicts,
  checks as generatedChecks,
  componentVerdicts as generatedComponentVerdicts,
  judges$createContacts,
  verdict$createContacts,
  webhookVerdicts as generatedWebhookVerdicts,
} from '../../generated/checks.js';
import { ContactsValidationError, type ValidationIssue } from './errors.js';
import { TEN_MB } from './options.js';
import type { OperationId } from './types.js';

/** One failed check, as ajv reports it. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** An ajv validator: returns whether `data` is valid, and leaves the failures in `errors`. */
export interface Validator {
  (data: unknown, context?: { instancePath: string }): boolean;
  errors?: ValidatorError[] | null;
}

/**
 * A one-pass check: reads each value of `value` once, adds to `state.issues` where the JSON it makes breaks the
 * schema, and returns that JSON text (undefined when JSON writes nothing for it). `key` is the value's key in its
 * parent, `path` the parent's JSON Pointer.
 */
export type Check = (value: unknown, key: string | number | undefined, state: JudgeState, path: string) => string | undefined;

/**
 * What a check adds its issues to. At `max` issues it stops at the next one: it sets `more` and throws the state
 * itself, which judge() catches; so a value with a million wrong items costs `max` issues, not a million.
 * Without `max` a check finds every issue.
 */
export interface JudgeState {
  issues: ValidatorError[];
  max?: number;
  more?: boolean;
}

/** Where checking stops when no other cap is given (validateContacts, Standard Schema, answers, the verifier). */
export const MAX_ISSUES = 100;

/** What judges one operation: its parameters by location, its body (and an array body's items), and each declared response body. Only the body and items checks write text; the others return ''. */
export interface Judges<F> {
  path?: F;
  query?: F;
  header?: F;
  cookie?: F;
  body?: F;
  items?: F;
  /** Forms and text bodies, by media type: judged as given, written by the engine. */
  media?: Record<string, F>;
  responses: Record<string, F | undefined>;
}

/** Every operation's one-pass checks: what the client and the verifier judge with. */
export const checks: Record<OperationId, Judges<Check>> = generatedChecks;

/** createContacts' checks alone: what its helpers judge with, so that they bundle no other operation's. */
export const createContactsJudges: Judges<Check> = judges$createContacts;

/** createContacts' body verdict alone, for validateContacts. */
export const createContactsVerdict: Check = verdict$createContacts;

/** Each request body's check that only judges (it returns '' for the text): for validateContacts and the fake. */
export const bodyVerdicts: Partial<Record<OperationId, Check>> = generatedBodyVerdicts;

/** Each component schema's check that only judges, as a request would carry it: for Standard Schema. */
export const componentVerdicts: Record<string, Check> = generatedComponentVerdicts;

/** Each webhook payload's check that only judges: for Standard Schema. */
export const webhookVerdicts: Record<string, Check> = generatedWebhookVerdicts;

/**
 * The verdict on a value: the typed value, or the issues found, at most `maxIssues` (default 100) of them;
 * `moreIssues` says that checking stopped there, and that the value has more.
 */
export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[]; moreIssues: boolean };

/** The verdict of `check` on the JSON `value` makes, as the client would send it with its default limits; checking stops past `maxIssues` issues. */
export function verdict<T>(check: Check, value: unknown, maxIssues = MAX_ISSUES): ValidationResult<T> {
  const tooMany = arrayTooLarge(value, TEN_MB);
  if (tooMany) return { valid: false, issues: [...tooMany.issues], moreIssues: false };
  const judged = judge(value, check, undefined, { issues: [], max: maxIssues });
  return 'text' in judged ? { valid: true, value: value as T } : { valid: false, issues: judged.issues, moreIssues: judged.more };
}

/**
 * `value` judged in one pass: `check` reads each value once and writes its JSON text while it judges it. Returns
 * that text, the very text judged, or the issues (and `cause`, what threw while the value was read). Checking
 * stops past `state.max` issues (by default MAX_ISSUES): `more` then says that there are others, not looked for.
 * `key` places the value in its parent (an index in an array, for importers); `state` may be reused.
 */
export function judge(value: unknown, check: Check, key?: string | number, state: JudgeState = { issues: [], max: MAX_ISSUES }): { text: string } | { issues: ValidationIssue[]; more: boolean; cause?: unknown } {
  let text: string | undefined;
  try {
    text = check(value, key, state, '');
  } catch (cause) {
    // The check throws its state when it stops at the cap; anything else is what reading the value threw.
    if (cause !== state) {
      state.issues = [];
      state.more = false;
      return { issues: [unserialisable(pathOf(key), cause)], more: false, cause };
    }
  }
  if (state.more) return { issues: taken(state), more: true };
  if (text === undefined) return { issues: [{ path: pathOf(key), keyword: 'required', message: `${pathOf(key) || 'the body'} is required`, params: {} }], more: false };
  if (state.issues.length === 0) return { text };
  return { issues: taken(state), more: false };
}

/** The state's issues in words, the state emptied for its next use. */
function taken(state: JudgeState): ValidationIssue[] {
  const issues = state.issues.map(toIssue);
  state.issues = [];
  state.more = false;
  return issues;
}

/** The JSON text of `value` that `check` judged valid, or a `ContactsValidationError` (nothing is sent) with the first `maxIssues` issues, checking stopped there. */
export function judgeOrThrow(value: unknown, check: Check, key?: string, maxIssues = MAX_ISSUES): string {
  const verdict = judge(value, check, key, { issues: [], max: maxIssues });
  if ('text' in verdict) return verdict.text;
  throw new ContactsValidationError(verdict.issues, { cause: verdict.cause }, verdict.more);
}

/**
 * The JSON text of a body, at most `limits.maxRequestBytes` long: judged by `check` when given, else only
 * serialised; or a `ContactsValidationError`. An array too long to fit is refused before any item is read.
 */
export function encode(value: unknown, check: Check | undefined, limits: { maxRequestBytes: number; maxIssues: number }): string | undefined {
  const max = limits.maxRequestBytes;
  const tooMany = arrayTooLarge(value, max);
  if (tooMany) throw tooMany;
  let text: string | undefined;
  if (check) text = judgeOrThrow(value, check, undefined, limits.maxIssues);
  else {
    try {
      text = JSON.stringify(value);
    } catch (cause) {
      throw new ContactsValidationError([unserialisable('', cause)], { cause });
    }
  }
  // UTF-8 takes at least a byte for each UTF-16 unit, and at most three.
  if (text !== undefined && text.length > max / 3) {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > max) throw tooLarge(`the body takes ${bytes} bytes as JSON`, max);
  }
  return text;
}

/** The error for an array too long for its JSON to fit in `max` bytes: n items make at least 2n + 1 (`[`, items, commas, `]`). */
function arrayTooLarge(value: unknown, max: number): ContactsValidationError | undefined {
  if (Array.isArray(value) && 2 * value.length + 1 > max) return tooLarge(`the body has ${value.length} items, whose JSON takes at least ${2 * value.length + 1} bytes`, max);
  return undefined;
}

/** The issue of a body larger than maxRequestBytes. */
export function tooLarge(what: string, max: number): ContactsValidationError {
  return new ContactsValidationError([{ path: '', keyword: 'maxRequestBytes', message: `${what}, more than maxRequestBytes (${max})`, params: { limit: max } }]);
}

const pathOf = (key: string | number | undefined) => (key === undefined ? '' : `/${key}`);

function unserialisable(at: string, cause: unknown): ValidationIssue {
  const name = cause instanceof Error ? cause.name : typeof cause;
  return { path: at, keyword: 'json', message: `${at || 'the body'} cannot be serialised as JSON (${name}; see cause)`, params: {} };
}

function toIssue({ instancePath, keyword, params }: ValidatorError): ValidationIssue {
  // Point at the offending property itself, not at the object that lacks or has it.
  const property = params['missingProperty'] ?? params['additionalProperty'] ?? params['unevaluatedProperty'];
  const path = typeof property === 'string' ? `${instancePath}/${escape(property)}` : instancePath;
  return { path, keyword, message: `${path || 'the body'} ${describe(keyword, params, true)}`, params };
}

/** What is wrong with a value, in words alone: no place, and nothing to look up in `params` (for forms, through Standard Schema). */
export function wordsOf(issue: ValidationIssue): string {
  return describe(issue.keyword, issue.params, false);
}

/** What is wrong, in words; the schema's own values (a pattern, a list) stay in `params`, which `cite` points to. */
function describe(keyword: string, params: Record<string, unknown>, cite: boolean): string {
  const limit = Number(params['limit']);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'dependentRequired':
      return `is required when ${JSON.stringify(params['property'])} is present`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not a property of the contract';
    case 'readOnly':
      return 'is read-only: the server sets it, so a request must not carry it';
    case 'type':
      return `must be ${String(params['type']).split(',').map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    case 'maxLength':
      return `must be at most ${count(limit, 'character')} long`;
    case 'minLength':
      return `must be at least ${count(limit, 'character')} long`;
    case 'maxItems':
    case 'items':
    case 'unevaluatedItems':
    case 'additionalItems':
      return `must have at most ${count(limit, 'item')}`;
    case 'minItems':
      return `must have at least ${count(limit, 'item')}`;
    case 'maxProperties':
      return `must have at most ${count(limit, 'property').replace('propertys', 'properties')}`;
    case 'minProperties':
      return `must have at least ${count(limit, 'property').replace('propertys', 'properties')}`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${String(params['comparison'])} ${limit}`;
    case 'multipleOf':
      return `must be a multiple of ${String(params['multipleOf'])}`;
    case 'pattern':
      return `is not in the form the contract requires${cite ? ' (the pattern is in params)' : ''}`;
    case 'format':
      return FORMATS[String(params['format'])] ?? `must be a valid ${String(params['format'])}`;
    case 'enum':
      // An empty enum, valid in 2020-12, allows nothing.
      if (Array.isArray(params['allowedValues']) && params['allowedValues'].length === 0) return 'is not allowed here';
      return `must be one of the allowed values${cite ? ' (listed in params)' : ''}`;
    case 'const':
      return `must be exactly ${JSON.stringify(params['allowedValue'])}`;
    case 'uniqueItems':
      return `must not repeat an item (items ${String(params['j'])} and ${String(params['i'])} are equal)`;
    case 'contains':
      return params['maxContains'] === undefined ? `must contain at least ${count(Number(params['minContains']), 'matching item')}` : `must contain between ${String(params['minContains'])} and ${count(Number(params['maxContains']), 'matching item')}`;
    case 'propertyNames':
      return `has a property name that is not allowed: ${JSON.stringify(params['propertyName'])}`;
    case 'not':
      return 'must not match the schema it is excluded by';
    case 'anyOf':
      return 'must match at least one of the allowed shapes';
    case 'oneOf':
      return 'must match exactly one of the allowed shapes';
    case 'if':
      return `must match the "${String(params['failingKeyword'])}" schema that applies to it`;
    case 'false schema':
      return 'is not allowed here';
    // The client words these two itself (unserialisable(), tooLarge()); Standard Schema needs them here.
    case 'json':
      return 'cannot be serialised as JSON';
    case 'maxRequestBytes':
      return `takes more than ${limit} bytes as JSON`;
    default:
      return `breaks the ${keyword} rule`;
  }
}

// Each format ajv-formats asserts, in words.
const FORMATS: Record<string, string> = {
  email: 'must be a valid email address',
  'date-time': 'must be a date-time (RFC 3339)',
  date: 'must be a date (RFC 3339, YYYY-MM-DD)',
  time: 'must be a time (RFC 3339)',
  duration: 'must be a duration (ISO 8601)',
  uri: 'must be an absolute URI',
  'uri-reference': 'must be a URI reference',
  'uri-template': 'must be a URI template (RFC 6570)',
  url: 'must be a URL',
  hostname: 'must be a valid host name',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
  regex: 'must be a valid regular expression',
  uuid: 'must be a UUID',
  'json-pointer': 'must be a JSON Pointer',
  'json-pointer-uri-fragment': 'must be a JSON Pointer URI fragment',
  'relative-json-pointer': 'must be a relative JSON Pointer',
  byte: 'must be base64-encoded',
  int32: 'must be a 32-bit integer',
  int64: 'must be a 64-bit integer',
  float: 'must be a number',
  double: 'must be a number',
};

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', string: 'a string', boolean: 'a boolean', integer: 'an integer', number: 'a number' };

function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
