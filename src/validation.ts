import { validateCreatedBody, validateRequestBody, type Validator, type ValidatorError } from '../generated/validators.js';
import type { ValidationIssue } from './errors.js';
import type { ContactInput, CreateContactsResult } from './types.js';

/** The verdict on a value: the typed value, or every issue found. */
export type ValidationResult<T> = { valid: true; value: T } | { valid: false; issues: ValidationIssue[] };

/** Checks a request body against the spec, with the same rules as the Prism mock. */
export function validateContacts(body: unknown): ValidationResult<ContactInput[]> {
  return run<ContactInput[]>(validateRequestBody, body);
}

/** Checks a 201 body against the spec. */
export function validateCreated(body: unknown): ValidationResult<CreateContactsResult> {
  return run<CreateContactsResult>(validateCreatedBody, body);
}

function run<T>(validate: Validator, value: unknown): ValidationResult<T> {
  if (validate(value)) return { valid: true, value: value as T };
  return { valid: false, issues: (validate.errors ?? []).map(toIssue) };
}

function toIssue(error: ValidatorError): ValidationIssue {
  const { keyword, params } = error;
  // Point at the offending property itself, not at the object that lacks or has it.
  const property = params['missingProperty'] ?? params['additionalProperty'];
  const path = typeof property === 'string' ? `${error.instancePath}/${escape(property)}` : error.instancePath;
  return { path, keyword, message: `${path || 'the body'} ${describe(error, path)}` };
}

function describe({ keyword, params, message }: ValidatorError, path: string): string {
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
    case 'maxItems':
      return `must have at most ${String(params['limit'])} items`;
    case 'pattern':
      return `must match the ${field} pattern ${String(params['pattern'])}`;
    case 'format':
      return `must be a valid ${String(params['format'])}`;
    default:
      return message ?? `breaks the ${keyword} rule`;
  }
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', string: 'a string', boolean: 'a boolean', integer: 'an integer' };

function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
