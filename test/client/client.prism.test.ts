// Contract tests: the client against a real Prism mock of the spec, with the client's own validation off,
// so that every verdict below is Prism's reading of the spec.
import { describe, expect, inject, test } from 'vitest';
import { createContactsClient, ContactsHttpError, type ContactInput } from '../../src/index.js';

const baseUrl = inject('prismUrl');
const client = createContactsClient({ baseUrl, token: 'token-01', sessionToken: 'session-1', validate: false });
const valid = { name: 'Company Contact Name', notify: true } satisfies ContactInput;
const full = { ...valid, email: 'example@email.com', phones: ['phone1', 'phone2'], comment: 'Company contact comment' };

async function statusOf(body: unknown): Promise<number> {
  try {
    await client.createContacts('42', body as ContactInput[]);
    return 201;
  } catch (error) {
    if (error instanceof ContactsHttpError) return error.status;
    throw error;
  }
}

describe('accepted by the contract', () => {
  test.each([
    ['a contact with every field', [full]],
    ['a minimal contact', [valid]],
    ['the empty array', []],
    ['null email and comment', [{ ...valid, email: null, comment: null }]],
    ['name of 250, phones of 50, comment of 2500, 5 phones', [{ ...valid, name: 'n'.repeat(250), comment: 'c'.repeat(2500), phones: Array(5).fill('p'.repeat(50)) }]],
    ['email of exactly 250', [{ ...valid, email: `${'a'.repeat(240)}@email.com` }]],
  ])('%s gives 201 with an integer nbInsertion', async (_, body) => {
    const result = await client.createContacts('42', body as ContactInput[]);
    expect(Number.isInteger(result.nbInsertion)).toBe(true);
  });
});

describe('each constraint of the reference, violated alone, is rejected', () => {
  test.each([
    ['name of 251', [{ ...valid, name: 'n'.repeat(251) }]],
    ['missing name', [{ notify: true }]],
    ['missing notify', [{ name: 'n' }]],
    ['non-boolean notify', [{ ...valid, notify: 'yes' }]],
    ['email off the pattern', [{ ...valid, email: 'a..b@email.com' }]],
    ['email of 251', [{ ...valid, email: `${'a'.repeat(241)}@email.com` }]],
    ['6 phones', [{ ...valid, phones: Array(6).fill('p') }]],
    ['a phone of 51', [{ ...valid, phones: ['p'.repeat(51)] }]],
    ['comment of 2501', [{ ...valid, comment: 'c'.repeat(2501) }]],
    ['an unknown property', [{ ...valid, phone: '123' }]],
    ['a body that is not an array', valid],
  ])('%s → 422', async (_, body) => {
    expect(await statusOf(body)).toBe(422);
  });

  test('the rejection carries the typed problem details', async () => {
    const error = await client.createContacts('42', [{ notify: true } as ContactInput]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsHttpError);
    expect((error as ContactsHttpError).body).toMatchObject({ status: 422, title: 'Unprocessable Entity' });
  });
});

describe('authentication', () => {
  const send = (headers: Record<string, string>) =>
    fetch(`${baseUrl}/companies/v2/rs/42/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify([valid]),
    }).then((r) => r.status);
  const session = { 'x-session-token': 'session-1' };
  const bearer = { authorization: 'Bearer token-01' };

  test('both tokens → 201', async () => expect(await send({ ...bearer, ...session })).toBe(201));
  test('missing bearer token → 401', async () => expect(await send(session)).toBe(401));
  test('empty bearer token → 401', async () => expect(await send({ authorization: 'Bearer ', ...session })).toBe(401));
  test('missing session token → 422', async () => expect(await send(bearer)).toBe(422));
  test('empty session token → 422', async () => expect(await send({ ...bearer, 'x-session-token': '' })).toBe(422));
});
