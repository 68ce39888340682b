// Input keys are read as own properties wherever they meet an object: a key named `__proto__`, `constructor` or
// `toString`, as JSON.parse gives it, is refused as any unknown name, or read as any other name; it never reaches a
// prototype, and never turns into a raw TypeError.
import { afterEach, describe, expect, test } from 'vitest';
import { ContactsArgumentError, ContactsError, createContactsClient, createRawClient } from '../../src/index.js';
import { createEngine, type Target } from '../../src/engine/engine.js';
import type { Operation } from '../../src/engine/table.js';
import { recordingFetch } from '../support/fetch.js';

const toString = Object.prototype.toString;
const keys = Object.keys;
const own = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
  // Whatever a test did, the process is as it was: nothing added to or replaced on Object or its prototype.
  expect(Object.prototype.toString).toBe(toString);
  expect(Object.keys).toBe(keys);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(own);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

const tokens = { token: 'tok-0000', sessionToken: 'sess-0000' };
const body = [{ name: 'Ada', notify: true }];

async function refusal(promise: Promise<unknown>): Promise<ContactsError> {
  const error = await promise.then(() => expect.unreachable('the call succeeded'), (e: unknown) => e);
  expect(error).toBeInstanceOf(ContactsArgumentError);
  return error as ContactsError;
}

describe('params by location, from JSON', () => {
  test.each([
    ['__proto__ beside path', '{"path":{"companyId":"42"},"__proto__":{"toString":"pwned"}}', 'params has no location "__proto__"'],
    ['constructor.keys', '{"path":{"companyId":"42"},"constructor":{"keys":"x"}}', 'params has no location "constructor"'],
    ['constructor.prototype', '{"path":{"companyId":"42"},"constructor":{"prototype":{"polluted":1}}}', 'params has no location "constructor"'],
    ['toString', '{"path":{"companyId":"42"},"toString":{"call":"x"}}', 'params has no location "toString"'],
    ['__proto__ inside path', '{"path":{"companyId":"42","__proto__":{"polluted":1}}}', 'createContacts has no path parameter "__proto__"'],
    ['constructor inside path', '{"path":{"companyId":"42","constructor":"x"}}', 'createContacts has no path parameter "constructor"'],
  ])('%s: a ContactsArgumentError, nothing sent', async (_, text, message) => {
    const { fetch, calls } = recordingFetch();
    const client = createContactsClient({ ...tokens, fetch });
    const error = await refusal(client.request('createContacts', { params: JSON.parse(text), body }));
    expect(error.message).toContain(message);
    expect(calls).toHaveLength(0);
  });
});

describe('options keyed by input', () => {
  test.each(['__proto__', 'constructor', 'toString'])('credentials naming %s: not a security scheme', (name) => {
    expect(() => createContactsClient({ ...tokens, credentials: JSON.parse(`{"${name}":"key-00000000"}`) })).toThrow(`credentials names "${name}", which is not a security scheme`);
  });

  test('a header named constructor is sent as any other; one named __proto__, which fetch cannot read from a record, is refused', async () => {
    const { fetch, calls } = recordingFetch();
    const client = createContactsClient({ ...tokens, fetch, headers: JSON.parse('{"constructor":"client"}') });
    await client.createContacts('42', body, { headers: JSON.parse('{"toString":"call"}') });
    expect([calls[0]!.request.headers.get('constructor'), calls[0]!.request.headers.get('tostring')]).toEqual(['client', 'call']);
    const refused = 'header __proto__ cannot be sent: fetch reads headers from an object, where that name is its prototype';
    expect(() => createContactsClient({ ...tokens, fetch, headers: JSON.parse('{"__proto__":"client"}') })).toThrow(refused);
    expect((await refusal(client.createContacts('42', body, { headers: JSON.parse('{"__proto__":"call"}') }))).message).toBe(refused);
    expect(calls).toHaveLength(1);
  });
});

/** An operation of no spec: every parameter location, and bodies in every media type the engine writes. */
const op: Operation = {
  method: 'POST',
  path: '/things/{id}',
  params: { path: { id: true }, query: { filter: false, ids: false }, header: { 'x-trace': false }, cookie: { pref: false } },
  serial: { query: { filter: { style: 'form', explode: true, shape: 'object' }, ids: { style: 'form', explode: true, shape: 'array' } } },
  body: { mediaTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'], required: false },
  successes: { '204': [] },
  errors: {},
  idempotent: false,
  security: [],
};
const target: Target = { id: 'postThing', op, judges: { responses: {} } };

function engine() {
  const recorder = recordingFetch(() => new Response(null, { status: 204 }));
  return { engine: createEngine({ ...tokens, baseUrl: 'http://127.0.0.1:1', fetch: recorder.fetch }), calls: recorder.calls };
}

describe('parameter values and body fields keyed by input: read as any other name', () => {
  test('an object parameter with __proto__ and constructor keys', async () => {
    const { engine: e, calls } = engine();
    await e.call(target, { params: { path: { id: '1' }, query: JSON.parse('{"filter":{"__proto__":"a","constructor":"b"}}') } });
    expect(new URL(calls[0]!.request.url).search).toBe('?__proto__=a&constructor=b');
  });

  test('a declared parameter whose name is also one of Object.prototype is written in its own style, not one found on the prototype', async () => {
    const named: Target = { ...target, op: { ...op, params: { ...op.params, query: { constructor: false } }, serial: { query: {} } } };
    const { engine: e, calls } = engine();
    // A query array in the default style (form, exploded): one pair per item.
    await e.call(named, { params: { path: { id: '1' }, query: { constructor: ['a', 'b'] } } });
    expect(new URL(calls[0]!.request.url).search).toBe('?constructor=a&constructor=b');
  });

  test('form fields named __proto__ and constructor', async () => {
    const { engine: e, calls } = engine();
    await e.call(target, { params: { path: { id: '1' } }, body: JSON.parse('{"__proto__":"a","constructor":"b"}') });
    expect(calls[0]!.body).toBe('__proto__=a&constructor=b');
  });

  test('multipart fields named __proto__ and constructor', async () => {
    const { engine: e, calls } = engine();
    await e.call(target, { params: { path: { id: '1' } }, mediaType: 'multipart/form-data', body: JSON.parse('{"__proto__":"a","constructor":"b"}') });
    const form = await calls[0]!.request.formData();
    expect([form.get('__proto__'), form.get('constructor')]).toEqual(['a', 'b']);
  });

  test('cookie parameters of the raw client named __proto__ and constructor, each in the default style', async () => {
    const { fetch, calls } = recordingFetch();
    const raw = createRawClient({ ...tokens, baseUrl: 'http://127.0.0.1:1', fetch });
    const cookie = JSON.parse('{"__proto__":"a","constructor":["b","c"]}');
    await raw.POST('/companies/v2/rs/{companyId}/contacts', { params: { path: { companyId: '42' }, cookie } as never, body });
    expect(calls[0]!.request.headers.get('cookie')).toBe('__proto__=a; constructor=b; constructor=c');
  });
});
