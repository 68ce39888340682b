// Each component schema and webhook payload as a Standard Schema V1 validator, for form libraries, webhook
// receivers and anything else that takes one.
import type { AsSent, components, WebhookBodyOf, WebhookName } from '../engine/types.js';
import { componentVerdicts, verdict, webhookVerdicts, type Check } from '../engine/validation.js';

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
          // JSON Pointer to keys: `/3/email` is [3, 'email'].
          const path = (pointer: string) => pointer.split('/').slice(1).map((token) => (/^\d+$/.test(token) ? Number(token) : token.replaceAll('~1', '/').replaceAll('~0', '~')));
          const issues: StandardIssue[] = judged.issues.map((issue) => ({ message: issue.message, path: path(issue.path) }));
          if (judged.moreIssues) issues.push({ message: `and others past the first ${judged.issues.length} (checking stopped there)` });
          return { issues };
        },
      },
    },
  ];
  return Object.fromEntries(Object.entries(judges).map(entry));
}
