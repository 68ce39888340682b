// createContractFetch: the in-process fake answers every operation of the table as the contract says, and as
// the Prism mock does.
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import { operations } from '../../generated/operations.js';
import { ContactsArgumentError, ContactsHttpError, ContactsTimeoutError, createContactsClient, type ContactInput } from '../../src/index.js';
import { createContractFetch, type HandlerInput } from '../../src/testing.js';
import { expectSameStatuses } from '../support/parity.js';

const contact: ContactInput = { name: 'Ada', notify: true };
const url = 'http://127.0.0.1:1/companies/v2/rs/42/contacts';
const auth = { authorization: 'Bearer t', 'x-session-token': 's', 'content-type': 'application/json' };
const post = (fake: ReturnType<typeof createContractFetch>, headers: Record<string, string> = auth, body = JSON.stringify([contact]), target = url, method = 'POST') =>
  fake(target, { method, headers, body }).then((r) => r.status);

describe('the contract fake', () => {
  test('works as the fetch of the client, and records what it received', async () => {
    const fake = createContractFetch();
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake });
    expect(await client.createContacts('42', [contact, contact])).toEqual({ nbInsertion: 2 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ operationId: 'createContacts', method: 'POST', body: [contact, contact], status: 201 });
    expect(fake.requests[0]?.headers.get('x-session-token')).toBe('sess-0000');
  });

  test.each([
    ['an unknown path', auth, undefined, 'http://127.0.0.1:1/companies/v2/rs/42/contact', 'POST', 404],
    ['a method the path does not have', auth, undefined, url, 'PUT', 405],
    ['no bearer token', { 'x-session-token': 's', 'content-type': 'application/json' }, undefined, url, 'POST', 401],
    ['no session token', { authorization: 'Bearer t', 'content-type': 'application/json' }, undefined, url, 'POST', 422],
    ['another content type', { ...auth, 'content-type': 'text/plain' }, undefined, url, 'POST', 422],
    ['a body that is not JSON', auth, '[{', url, 'POST', 400],
    ['an invalid contact', auth, JSON.stringify([{ name: 'a' }]), url, 'POST', 422],
  ])('answers %s as declared', async (_, headers, text, target, method, status) => {
    expect(await post(createContractFetch(), headers as Record<string, string>, text, target, method)).toBe(status);
  });

  test('a declared error answers with its example, as Prism does', async () => {
    const response = await createContractFetch()(url, { method: 'POST', headers: auth, body: JSON.stringify([{ name: 1 }]) });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'The request body breaks a constraint of the contract.' });
  });

  test('a handler answers an operation, for stateful fakes; it sees the parameters and body as sent', async () => {
    const seen: unknown[] = [];
    const fake = createContractFetch({
      handlers: {
        createContacts: ({ params, body }) => {
          seen.push(params.path, body);
          return { nbInsertion: 7 };
        },
      },
    });
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake });
    expect(await client.createContacts('a b', [contact])).toEqual({ nbInsertion: 7 });
    expect(seen).toEqual([{ companyId: 'a b' }, [contact]]);
  });

  test('a query or form name like an Object.prototype member is read as any other', async () => {
    let query: unknown;
    const fake = createContractFetch({ handlers: { createContacts: ({ params }) => ((query = params.query), { nbInsertion: 1 }) } });
    expect(await post(fake, auth, undefined, `${url}?constructor=a&toString=b&toString=c`)).toBe(201);
    expect(query).toEqual({ constructor: 'a', toString: ['b', 'c'] });
  });

  test('a __proto__ query, cookie or header name reaches the handler as any other, and no prototype', async () => {
    let params: HandlerInput['params'] | undefined;
    const fake = createContractFetch({ handlers: { createContacts: (input) => ((params = input.params), { nbInsertion: 1 }) } });
    const headers = [...Object.entries(auth), ['cookie', '__proto__=c; constructor=d'], ['__proto__', 'h']] as [string, string][];
    expect((await fake(`${url}?__proto__=a&__proto__=b`, { method: 'POST', headers, body: JSON.stringify([contact]) })).status).toBe(201);
    expect(Object.getOwnPropertyDescriptor(params!.query, '__proto__')?.value).toEqual(['a', 'b']);
    expect(Object.getOwnPropertyDescriptor(params!.cookie, '__proto__')?.value).toBe('c');
    expect(Object.getOwnPropertyDescriptor(params!.header, '__proto__')?.value).toBe('h');
    expect([Object.getPrototypeOf(params!.query), params!.cookie['constructor']]).toEqual([Object.prototype, 'd']);
  });

  test('a handler may answer anything, and the client judges it', async () => {
    const fake = createContractFetch({ handlers: { createContacts: () => Response.json({ title: 'Gone' }, { status: 410 }) } });
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake });
    await expect(client.createContacts('42', [contact])).rejects.toMatchObject({ status: 410, body: '{"title":"Gone"}' });
  });

  test('options that can never work are refused at creation', () => {
    expect(() => createContractFetch({ status: 200 })).toThrow(new ContactsArgumentError('createContractFetch: status must be an error status from 400 to 599; got 200'));
    expect(() => createContractFetch({ handlers: { nope: () => ({}) } as never })).toThrow('the spec has no operation "nope" to handle');
  });

  test('a forced status comes back as a typed error, with Retry-After where asked', async () => {
    const fake = createContractFetch({ status: 503, retryAfter: '0' });
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake, retry: { retries: 1 } });
    const error = await client.createContacts('42', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 0, body: { title: 'Service Unavailable', status: 503 } });
    expect(fake.requests).toHaveLength(2);
  });

  test("a delay longer than the client's timeout is a timeout", async () => {
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: createContractFetch({ delayMs: 1000 }), timeoutMs: 50 });
    await expect(client.createContacts('42', [contact])).rejects.toThrow(ContactsTimeoutError);
  });
});

test.each([
  ['a path with more in front of it', '/x/companies/v2/rs/42/contacts'],
  ['an empty path parameter', '/companies/v2/rs//contacts'],
  ['a path with more after it', '/companies/v2/rs/42/contacts/x'],
])('the fake routes %s as Prism does', async (_, path) => {
  const prism = await fetch(`${inject('prismUrl')}${path}`, { method: 'POST', headers: auth, body: JSON.stringify([contact]) });
  expect(await post(createContractFetch(), auth, undefined, `http://127.0.0.1:1${path}`)).toBe(prism.status);
});

test('the fake and Prism give the same status for 500 requests to every operation, built from its schemas', async () => {
  const spec = JSON.parse(await readFile(new URL('../../generated/openapi.json', import.meta.url), 'utf8'));
  const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
  const seen = await expectSameStatuses(createContractFetch(), inject('prismUrl'), operations, spec, 500, seed);
  console.log(`fake vs Prism: 500/500 agree (seed ${seed}):`, seen);
  // Both outcomes must be well represented, or the agreement says little.
  expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
}, 60_000);
