// The generated checks and validators, typed; issues in plain words; and what is sent being what was judged.
import { checks as generatedChecks } from '../generated/checks.js';
import { validators as generatedValidators } from '../generated/validators.js';
import { ContactsValidationError, type ValidationIssue } from './errors.js';
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
 * schema, and returns a copy of it as plain JSON data (undefined when JSON writes nothing for it). `key` is the
 * value's key in its parent, `path` the parent's JSON Pointer.
 */
export type Check = (value: unknown, key: string | number | undefined, state: { issues: ValidatorError[] }, path: string) => unknown;

/** What judges one operation: its parameters by location, its body (and an array body's items), and each declared response body. */
export interface Judges<F> {
  path?: F;
  query?: F;
  header?: F;
  body?: F;
  items?: F;
  responses: Record<string, F | undefined>;
}

/** Every operation's one-pass checks: what the client judges with. */
export const checks: Record<OperationId, Judges<Check>> = generatedChecks;

/** Every operation's ajv validators, with Prism's rules: for validateContacts, the fake and the verifier. */
export const validators: Record<OperationId, Judges<Validator>> = generatedValidators;

/** The verdict on a value: the typed value, or every issue found. */
export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[] };

/** The verdict of an ajv validator on `value`, with issues in plain words. */
export function check<T>(validate: Validator, value: unknown): ValidationResult<T> {
  return validate(value) ? { valid: true, value: value as T } : { valid: false, issues: (validate.errors ?? []).map(toIssue) };
}

/**
 * `value` judged in one pass: `check` reads each value once into a plain copy while it judges it. Returns the
 * copy, whose JSON is the very text judged, or the issues (and `cause`, what threw while the value was read).
 * `key` places the value in its parent (an index in an array, for importers); `state` may be reused.
 */
export function judge(value: unknown, check: Check, key?: string | number, state = { issues: [] as ValidatorError[] }): { copy: unknown } | { issues: ValidationIssue[]; cause?: unknown } {
  const at = key === undefined ? '' : `/${key}`;
  let copy: unknown;
  try {
    copy = check(value, key, state, '');
  } catch (cause) {
    state.issues = [];
    return { issues: [unserialisable(at, cause)], cause };
  }
  if (copy === undefined) return { issues: [{ path: at, keyword: 'required', message: `${at || 'the body'} is required` }] };
  if (state.issues.length === 0) return { copy };
  const issues = state.issues.map(toIssue);
  state.issues = [];
  return { issues };
}

/** The copy of `value` that `check` judged valid, or a `ContactsValidationError` (nothing is sent). */
export function judgeOrThrow(value: unknown, check: Check, key?: string): unknown {
  const verdict = judge(value, check, key);
  if ('copy' in verdict) return verdict.copy;
  throw new ContactsValidationError(verdict.issues, { cause: verdict.cause });
}

/** The JSON text of a body: judged by `check` when given, else only serialised; or a `ContactsValidationError`. */
export function encode(value: unknown, check: Check | undefined): string {
  if (check) return JSON.stringify(judgeOrThrow(value, check));
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw new ContactsValidationError([unserialisable('', cause)], { cause });
  }
}

function unserialisable(at: string, cause: unknown): ValidationIssue {
  const name = cause instanceof Error ? cause.name : typeof cause;
  return { path: at, keyword: 'json', message: `${at || 'the body'} cannot be serialised as JSON (${name}; see cause)` };
}

function toIssue(error: ValidatorError): ValidationIssue {
  const { keyword, params } = error;
  // Point at the offending property itself, not at the object that lacks or has it.
  const property = params['missingProperty'] ?? params['additionalProperty'];
  const path = typeof property === 'string' ? `${error.instancePath}/${escape(property)}` : error.instancePath;
  return { path, keyword, message: `${path || 'the body'} ${describe(error, path)}` };
}

function describe({ keyword, params }: ValidatorError, path: string): string {
  const limit = String(params['limit']);
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a property of the contract';
    case 'type':
      return `must be ${String(params['type']).split(',').map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minLength':
      return `must be at least ${limit} characters long`;
    case 'maxItems':
      return `must have at most ${limit} items`;
    case 'minItems':
      return `must have at least ${limit} items`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${String(params['comparison'])} ${limit}`;
    case 'pattern':
      return `must match the ${path.slice(path.lastIndexOf('/') + 1)} pattern ${String(params['pattern'])}`;
    case 'format':
      return `must be a valid ${String(params['format'])}`;
    case 'enum':
      return `must be one of ${JSON.stringify(params['allowedValues'])}`;
    default:
      return `breaks the ${keyword} rule`;
  }
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', string: 'a string', boolean: 'a boolean', integer: 'an integer', number: 'a number' };

function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
