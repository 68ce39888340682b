// Packages the guides import that this repo does not install, declared as far as the guides use them, so that
// their snippets compile: what is checked is the package's side, e.g. that `schemas.Contact` is a Standard Schema.
declare module '@hookform/resolvers/standard-schema' {
  import type { StandardSchemaV1 } from '@standard-schema/spec';
  import type { Resolver } from 'react-hook-form';
  export function standardSchemaResolver<Input extends Record<string, unknown>, Output>(schema: StandardSchemaV1<Input, Output>): Resolver<Input>;
}

declare module 'react-hook-form' {
  export type Resolver<Values> = (values: Values) => unknown;
  export function useForm<Values>(options: { resolver: Resolver<Values> }): { handleSubmit(onValid: (values: Values) => void): () => void };
}
