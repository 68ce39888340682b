// The types of the contract, each an index into generated/schema.ts, and the shapes of a call to any operation.
import type { operations as table, parameters } from '../../generated/operations.js';
import type { $Read, $Write, components, operations, paths, Readable, webhooks, Writable } from '../../generated/schema.js';

/** One contact of the request body, as a request carries it: readOnly properties left out. */
export type ContactInput = AsSent<components['schemas']['Contact']>;
/** The 201 body: how many contacts were inserted; writeOnly properties left out. */
export type CreateContactsResult = AsReceived<components['schemas']['CreateContactsResult']>;
/** The body of every error response this contract declares. */
export type ProblemDetails = AsReceived<components['schemas']['ProblemDetails']>;

export type { components, operations, paths };

/** Every operationId of the spec's paths (openapi-typescript's `operations` also holds webhooks'). */
export type OperationId = keyof typeof table & string;

type Defined<T> = Exclude<T, undefined>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
// The header the auth supplies; callers never pass it.
type AuthHeader = (typeof parameters)['SessionToken']['name'];
type Locations<P> = {
  path: P extends { path?: infer L } ? Defined<L> : never;
  query: P extends { query?: infer L } ? Defined<L> : never;
  header: P extends { header?: infer L } ? Omit<Defined<L>, AuthHeader> : never;
  cookie: P extends { cookie?: infer L } ? Defined<L> : never;
};
type Present<T> = { [K in keyof T as [T[K]] extends [never] ? never : keyof T[K] extends never ? never : K]: T[K] };
// A part is required when it holds a required member.
type Optionals<T> = Simplify<{ [K in keyof T as {} extends T[K] ? never : K]: T[K] } & { [K in keyof T as {} extends T[K] ? K : never]?: T[K] }>;
type Content<R> = R extends { content: infer C } ? C[keyof C] : undefined;
// Whether readOnly or writeOnly markers appear anywhere in T; without any, T is kept as it is, so the types
// of a request or a result are exactly the spec's.
type Marked<T> = T extends $Read<unknown> | $Write<unknown> ? true : T extends (infer E)[] ? Marked<E> : T extends object ? (true extends { [K in keyof T]-?: Marked<T[K]> }[keyof T] ? true : false) : false;
// What a readOnly property takes in a request: a type no value has, whose one key is the reason, so that the type
// error says it: "Type 'string' is not assignable to type '{ readonly "readOnly: the server sets it, …": never; }'".
// Written out where it is used: through an alias, the error would show the alias's name instead.
type ReadOnlyReason = 'readOnly: the server sets it, so a request must not carry it';
// A readOnly property's type; not one that is `never` already (`enum: []`, `false`), which would pass for one.
type IsRead<V> = [NonNullable<V>] extends [never] ? false : NonNullable<V> extends $Read<unknown> ? true : false;
// openapi-typescript's Writable, with that type where it has `never`.
type Reasoned<T> = T extends $Read<unknown>
  ? never
  : T extends $Write<infer U>
    ? Reasoned<U>
    : T extends (infer E)[]
      ? Reasoned<E>[]
      : T extends object
        ? { [K in keyof T as IsRead<T[K]> extends true ? never : K]: Reasoned<T[K]> } & { [K in keyof T as IsRead<T[K]> extends true ? K : never]?: { readonly [R in ReadOnlyReason]: never } }
        : T;
/** T as a request carries it: readOnly properties left out; what a value of it is, and what a check lets through. */
export type AsSent<T> = Marked<T> extends true ? Writable<T> : T;
/** T as a call takes it: a readOnly property is typed so that giving one says why it does not compile. */
export type AsGiven<T> = Marked<T> extends true ? Reasoned<T> : T;
type AsReceived<T> = Marked<T> extends true ? Readable<T> : T;

/** The parameters of an operation, by location; auth headers left out. */
export type ParamsOf<Id extends OperationId> = Optionals<Present<Locations<operations[Id]['parameters']>>>;

type RequestContent<Id extends OperationId> = Defined<operations[Id]['requestBody']> extends { content: infer C } ? C : never;
// Media types as the runtime reads them (responses.ts readAs), parameters allowed.
type Json = 'application/json' | `application/json;${string}` | `application/${string}+json` | `application/${string}+json;${string}`;
type Text = `text/${string}` | `${string}/xml` | `${string}+xml` | `${string}/xml;${string}` | `${string}+xml;${string}`;
type JsonMedia<M> = Extract<M, Json>;
// A body as the client takes it, by media type: JSON and forms as their schema says (a multipart file field may
// be a Blob), text as a string, anything else as bytes.
type Given<M, T> = M extends Json | 'application/x-www-form-urlencoded' | `application/x-www-form-urlencoded;${string}`
  ? T
  : M extends 'multipart/form-data' | `multipart/form-data;${string}`
    ? { [K in keyof T]: T[K] extends string ? T[K] | Blob : T[K] }
    : M extends `text/${string}`
      ? string
      : Blob | ArrayBuffer | ArrayBufferView | string;

/** The media types an operation's request body declares: what its input's `mediaType` may name. */
export type BodyMediaOf<Id extends OperationId> = keyof RequestContent<Id> & string;

/** The body an operation takes (in media types `M`, by default any it declares), readOnly properties left out. */
export type BodyOf<Id extends OperationId, M extends string = BodyMediaOf<Id>> = AsGiven<{ [K in BodyMediaOf<Id> & M]: Given<K, RequestContent<Id>[K]> }[BodyMediaOf<Id> & M]>;

type SuccessKey<R> = Extract<keyof R, 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | '2XX'>;
type ErrorKey<R> = Exclude<keyof R, SuccessKey<R>>;

// An answer as the client gives it, by media type: JSON as its schema says, text (text/*, XML) as a string, anything else as a Blob.
type Decoded<M, T> = M extends Json ? T : M extends Text ? string : Blob;
type Answer<R, A> = R extends { content: infer C } ? { [M in keyof C & A]: Decoded<M, C[M]> }[keyof C & A] : undefined;
type Responses<Id extends OperationId> = operations[Id]['responses'];

/** The media types an operation's successes declare: what a call's `accept` may ask for. */
export type AnswerMediaOf<Id extends OperationId> = { [S in SuccessKey<Responses<Id>>]: Responses<Id>[S] extends { content: infer C } ? keyof C & string : never }[SuccessKey<Responses<Id>>];

/**
 * What an operation resolves to, in media types `A` (by default, any it declares): a JSON success body, writeOnly
 * properties left out; a string for text; a Blob otherwise; or undefined without content.
 */
export type ResultOf<Id extends OperationId, A extends string = string> = AsReceived<{ [S in SuccessKey<Responses<Id>>]: Answer<Responses<Id>[S], A> }[SuccessKey<Responses<Id>>]>;

/** The declared error bodies of an operation. */
export type ErrorBodyOf<Id extends OperationId> = AsReceived<{ [S in ErrorKey<Responses<Id>>]: Answer<Responses<Id>[S], string> }[ErrorKey<Responses<Id>>]>;

// The media type a body goes in without `mediaType`: its JSON one; else its only one; else it must be named.
type DefaultMedia<Id extends OperationId> = [JsonMedia<BodyMediaOf<Id>>] extends [never] ? (IsUnion<BodyMediaOf<Id>> extends true ? never : BodyMediaOf<Id>) : JsonMedia<BodyMediaOf<Id>>;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
// With one media type, there is nothing to choose: no `mediaType`.
type Choice<Id extends OperationId, M extends string> =
  IsUnion<BodyMediaOf<Id>> extends false ? { body: BodyOf<Id> } : M extends DefaultMedia<Id> ? { mediaType?: M; body: BodyOf<Id, M> } : { mediaType: M; body: BodyOf<Id, M> };
type BodyPart<Id extends OperationId> = [Defined<operations[Id]['requestBody']>] extends [never]
  ? {}
  : undefined extends operations[Id]['requestBody']
    ? Partial<Choice<Id, BodyMediaOf<Id>>>
    : Choice<Id, BodyMediaOf<Id>>;

// The raw client's paths: the session header may be left out, since the auth sets it on every request.
type OptionalAuth<H> = Omit<H, AuthHeader> & { [K in AuthHeader & keyof H]?: H[K] };
type RawParams<P> = P extends { header: infer H } ? Omit<P, 'header'> & ({} extends Omit<H, AuthHeader> ? { header?: OptionalAuth<H> } : { header: OptionalAuth<H> }) : P;
type RawOperation<O> = O extends { parameters: infer P } ? Omit<O, 'parameters'> & { parameters: RawParams<P> } : O;

/** The spec's paths as the raw client takes them: the session header optional, the auth supplies it. */
export type RawPaths = { [Path in keyof paths]: { [Method in keyof paths[Path]]: RawOperation<paths[Path][Method]> } };

/** The name of every webhook of the spec (never when it has none). */
export type WebhookName = string extends keyof webhooks ? never : keyof webhooks & string;

type Methods = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The JSON payload a webhook delivers, as its receiver gets it (readOnly left out, as in any request). */
export type WebhookBodyOf<Name extends WebhookName> = AsSent<Content<Defined<Defined<webhooks[Name][Methods & keyof webhooks[Name]]> extends { requestBody?: infer B } ? B : never>>>;

/** The input of `client.request(operationId, input)`: the operation's parameters and body. */
export type RequestInput<Id extends OperationId> = Simplify<({} extends ParamsOf<Id> ? { params?: ParamsOf<Id> } : { params: ParamsOf<Id> }) & BodyPart<Id>>;
