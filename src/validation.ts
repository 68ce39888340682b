// The generated validators and encoders, typed; issues in plain words; and what is sent being what was judged.
import { encoders as generatedEncoders } from '../generated/encoders.js';
import { validators as generatedValidators } from '../generated/validators.js';
import { ContactsValidationError, type ValidationIssue } from './errors.js';
import type { OperationId } from './types.js';

/** One failed check, as ajv reports it. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A compiled validator: returns whether `data` is valid, and leaves the failures in `errors`. */
export interface Validator {
  (data: unknown, context?: { instancePath: string }): boolean;
  errors?: ValidatorError[] | null;
}

/** A one-pass encoder: writes the JSON of `value` and clears `state.ok` when the value breaks the schema. */
export type Encoder = (value: unknown, key: string, state: { ok: boolean }) => string | undefined;

/** The validators of one operation: its parameters by location, its body (and items), and each declared response body. */
export interface OperationValidators {
  path?: Validator;
  query?: Validator;
  header?: Validator;
  body?: Validator;
  items?: Validator;
  responses: Record<string, Validator | undefined>;
}

/** Every operation's validators. */
export const validators: Record<OperationId, OperationValidators> = generatedValidators;
/** Every operation's body encoders; null where the schema does not compile to one. */
export const encoders: Record<string, { body: Encoder | null; items: Encoder | null } | undefined> = generatedEncoders;

/** The verdict on a value: the typed value, or every issue found. */
export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[] };

/** The verdict of `validate` on `value`, with issues in plain words; `at` prefixes their paths. */
export function check<T>(validate: Validator, value: unknown, at = ''): ValidationResult<T> {
  if (validate(value, { instancePath: at })) return { valid: true, value: value as T };
  return { valid: false, issues: (validate.errors ?? []).map(toIssue) };
}

/** How a body is judged: its one-pass encoder (null when the schema does not compile to one), and ajv's validator. */
export interface Judge {
  encoder: Encoder | null;
  validate: Validator;
}

/**
 * The JSON text of `value`, judged as sent: the encoder reads each value once while it checks and writes it;
 * without one, or when it finds a problem, the text is parsed back and judged by ajv, so the verdict is always
 * on the bytes that would leave. Without a judge, the text is only serialised. Returns the text, or the issues
 * (and `cause`, what threw while the value was read).
 */
export function encode(value: unknown, judge: Judge | undefined, at = ''): { text: string } | { issues: ValidationIssue[]; cause?: unknown } {
  const state = { ok: Boolean(judge?.encoder) };
  let text: string | undefined;
  try {
    text = judge?.encoder ? judge.encoder(value, '', state) : JSON.stringify(value);
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    return { issues: [{ path: at, keyword: 'json', message: `${at || 'the body'} cannot be serialised as JSON (${name}; see cause)` }], cause };
  }
  if (text === undefined) return { issues: [{ path: at, keyword: 'required', message: `${at || 'the body'} is required` }] };
  if (state.ok || !judge) return { text };
  const verdict = check(judge.validate, JSON.parse(text), at);
  return verdict.valid ? { text } : { issues: verdict.issues };
}

/** The JSON text of a request body, or a `ContactsValidationError` (nothing is sent). */
export function encodeOrThrow(value: unknown, judge: Judge | undefined): string {
  const result = encode(value, judge);
  if ('text' in result) return result.text;
  throw new ContactsValidationError(result.issues, { cause: result.cause });
}

function toIssue(error: ValidatorError): ValidationIssue {
  const { keyword, params } = error;
  // Point at the offending property itself, not at the object that lacks or has it.
  const property = params['missingProperty'] ?? params['additionalProperty'];
  const path = typeof property === 'string' ? `${error.instancePath}/${escape(property)}` : error.instancePath;
  return { path, keyword, message: `${path || 'the body'} ${describe(error, path)}` };
}

function describe({ keyword, params }: ValidatorError, path: string): string {
  const field = path.slice(path.lastIndexOf('/') + 1);
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a property of the contract';
    case 'type':
      return `must be ${String(params['type']).split(',').map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters long`;
    case 'minLength':
      return `must be at least ${String(params['limit'])} characters long`;
    case 'maxItems':
      return `must have at most ${String(params['limit'])} items`;
    case 'minItems':
      return `must have at least ${String(params['limit'])} items`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${String(params['comparison'])} ${String(params['limit'])}`;
    case 'pattern':
      return `must match the ${field} pattern ${String(params['pattern'])}`;
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
