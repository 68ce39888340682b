// Each component schema and webhook payload as a Standard Schema V1 validator, for form libraries, webhook
// receivers and anything else that takes one.
import type { AsSent, components, WebhookBodyOf, WebhookName } from '../engine/types.js';
import { componentVerdicts, verdict, webhookVerdicts, wordsOf, type Check } from '../engine/validation.js';

/** The Standard Schema V1 interface (standardschema.dev), as types only: nothing to install at run time. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** A Standard Schema verdict: the value, or the issues. */
export type StandardResult<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly StandardIssue[] };

/** One issue: what is wrong, and where (object keys and array indexes). */
export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly PropertyKey[] | undefined;
}

/** One validator per component schema, judging a value as a request would carry it (readOnly left out). */
export type Schemas = { readonly [Name in keyof components['schemas']]: StandardSchemaV1<AsSent<components['schemas'][Name]>> };

/** Every component schema of the spec, as a Standard Schema V1 object with the contract's own rules. */
export const schemas = /* @__PURE__ */ standard(componentVerdicts) as Schemas;

/** One validator per webhook, judging a delivery's JSON payload as the spec describes it. */
export type Webhooks = { readonly [Name in WebhookName]: StandardSchemaV1<WebhookBodyOf<Name>> };

/** Every webhook of the spec, as a Standard Schema V1 object: a receiver judges a delivery with it. */
export const webhooks = /* @__PURE__ */ standard(webhookVerdicts) as Webhooks;

function standard(judges: Record<string, Check>): Record<string, StandardSchemaV1> {
  const entry = ([name, check]: [string, Check]): [string, StandardSchemaV1] => [
    name,
    {
      '~standard': {
        version: 1,
        vendor: 'contacts-api-contract',
        validate(value) {
          const judged = verdict(check, value);
          if (judged.valid) return { value };
          // A value that breaks both its format and its pattern is one mistake: the format says it in words.
          const formats = new Set(judged.issues.filter((issue) => issue.keyword === 'format').map((issue) => issue.path));
          const issues: StandardIssue[] = judged.issues.filter((issue) => !(issue.keyword === 'pattern' && formats.has(issue.path))).map((issue) => ({ message: wordsOf(issue), path: keysOf(value, issue.path) }));
          if (judged.moreIssues) issues.push({ message: `and others past the first ${judged.issues.length} (checking stopped there)` });
          return { issues };
        },
      },
    },
  ];
  return Object.fromEntries(Object.entries(judges).map(entry));
}

/**
 * The keys along a JSON Pointer into `value`: a token is an array index (a number) only where `value` holds an
 * array, so that an object's key `"12345678901234567000"` stays the string it is. Keys are read as own properties.
 */
function keysOf(value: unknown, pointer: string): PropertyKey[] {
  let node = value;
  return pointer
    .split('/')
    .slice(1)
    .map((token) => {
      const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
      const index = Array.isArray(node) && /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
      node = own(node, key);
      return index;
    });
}

/** The own property `key` of `node`, or undefined (also where reading it throws: it was judged once already). */
function own(node: unknown, key: string): unknown {
  try {
    return node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}
