// A readOnly property in a request is a type error that names its cause, whatever the spec: the markers are
// openapi-typescript's, as generated/schema.ts declares them.
import { expectTypeOf, test } from 'vitest';
import type { $Read, $Write } from '../../generated/schema.js';
import type { AsGiven, AsSent } from '../../src/engine/types.js';

type Stored = { id: $Read<string>; name: string; secret?: $Write<string>; tags?: { key: $Read<number>; label: string }[] };
type Sent = AsGiven<Stored>;

test('a readOnly property takes a type no value has, whose one key is the reason', () => {
  expectTypeOf<keyof NonNullable<Sent['id']>>().toEqualTypeOf<'readOnly: the server sets it, so a request must not carry it'>();
  expectTypeOf<NonNullable<Sent['id']>['readOnly: the server sets it, so a request must not carry it']>().toBeNever();
  expectTypeOf<keyof NonNullable<NonNullable<Sent['tags']>[number]['key']>>().toEqualTypeOf<'readOnly: the server sets it, so a request must not carry it'>();
});

test('a property that is never already (enum [], false) stays never: it is no readOnly one', () => {
  expectTypeOf<NonNullable<AsGiven<{ id: $Read<string>; none?: never }>['none']>>().toBeNever();
});

test('the rest is as the spec says: writeOnly properties are sent, readOnly ones may be left out', () => {
  expectTypeOf<{ name: string; secret: string; tags: { label: string }[] }>().toExtend<Sent>();
  expectTypeOf<Sent['name']>().toEqualTypeOf<string>();
  // @ts-expect-error -- id is readOnly: the server sets it, a request cannot carry it
  expectTypeOf<{ id: string; name: string }>().toExtend<Sent>();
  // @ts-expect-error -- tags[].key is readOnly too
  expectTypeOf<{ name: string; tags: { key: number; label: string }[] }>().toExtend<Sent>();
});

test('a value as a request carries it (ContactInput, schemas, webhooks) has no readOnly property at all', () => {
  expectTypeOf<{ name: string; secret: string; tags: { label: string }[] }>().toExtend<AsSent<Stored>>();
  // @ts-expect-error -- id is readOnly: a value as a request carries it has none
  expectTypeOf<{ id: string; name: string }>().toExtend<AsSent<Stored>>();
  // What a value of it is passes wherever a call takes it.
  expectTypeOf<AsSent<Stored>>().toExtend<AsGiven<Stored>>();
});
