// createContractFetch: the in-process fake answers as the contract says, and as the Prism mock does.
import fc from 'fast-check';
import { describe, expect, inject, test } from 'vitest';
import { ContactsHttpError, ContactsTimeoutError, createContactsClient, type ContactInput } from '../src/index.js';
import { createContractFetch } from '../src/testing.js';
import { body } from './support/bodies.js';

const contact: ContactInput = { name: 'Ada', notify: true };
const url = 'http://127.0.0.1:1/companies/v2/rs/42/contacts';
const auth = { authorization: 'Bearer t', 'x-session-token': 's', 'content-type': 'application/json' };
const post = (fake: ReturnType<typeof createContractFetch>, headers: Record<string, string> = auth, body = JSON.stringify([contact]), target = url) =>
  fake(target, { method: 'POST', headers, body }).then((r) => r.status);

describe('the contract fake', () => {
  test('works as the fetch of the client, and records what it received', async () => {
    const fake = createContractFetch();
    const client = createContactsClient({ token: 'tok', sessionToken: 'sess', fetch: fake });
    expect(await client.createContacts('42', [contact, contact])).toEqual({ nbInsertion: 2 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body: [contact, contact], status: 201 });
    expect(fake.requests[0]?.headers.get('x-session-token')).toBe('sess');
  });

  test.each([
    ['an unknown path', {}, undefined, 'http://127.0.0.1:1/companies/v2/rs/42/contact', 404],
    ['no bearer token', { 'x-session-token': 's', 'content-type': 'application/json' }, undefined, url, 401],
    ['no session token', { authorization: 'Bearer t', 'content-type': 'application/json' }, undefined, url, 422],
    ['another content type', { ...auth, 'content-type': 'text/plain' }, undefined, url, 422],
    ['a body that is not JSON', auth, '[{', url, 400],
    ['an invalid contact', auth, JSON.stringify([{ name: 'a' }]), url, 422],
  ])('answers %s as declared', async (_, headers, text, target, status) => {
    expect(await post(createContractFetch(), headers as Record<string, string>, text, target)).toBe(status);
  });

  test('a forced status comes back as a typed error, with Retry-After where asked', async () => {
    const fake = createContractFetch({ status: 503, retryAfter: '0' });
    const client = createContactsClient({ token: 'tok', sessionToken: 'sess', fetch: fake, retry: { retries: 1 } });
    const error = await client.createContacts('42', [contact]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 0, body: { title: 'Service Unavailable', status: 503 } });
    expect(fake.requests).toHaveLength(2);
  });

  test("a delay longer than the client's timeout is a timeout", async () => {
    const client = createContactsClient({ token: 'tok', sessionToken: 'sess', fetch: createContractFetch({ delayMs: 1000 }), timeoutMs: 50 });
    await expect(client.createContacts('42', [contact])).rejects.toThrow(ContactsTimeoutError);
  });
});

test('the fake and Prism give the same status for the same 500 bodies and header sets', async () => {
  const prism = inject('prismUrl');
  const fake = createContractFetch();
  const headerSets = [auth, { ...auth, authorization: 'Bearer ' }, { ...auth, 'x-session-token': '' }];
  const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
  let agreed = 0;
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom(...headerSets), async (value, headers) => {
      const text = JSON.stringify(value);
      const target = `${prism}/companies/v2/rs/42/contacts`;
      const [ours, theirs] = await Promise.all([post(fake, headers, text), fetch(target, { method: 'POST', headers, body: text }).then((r) => r.status)]);
      expect(ours, `seed ${seed}`).toBe(theirs);
      agreed++;
    }),
    { numRuns: 500, seed },
  );
  console.log(`fake vs Prism: ${agreed}/500 agree (seed ${seed})`);
}, 60_000);
