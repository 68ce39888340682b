// The fake as an MSW request handler: a front-end's tests intercept the global fetch, and the fake answers.
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ContactsHttpError, createContactsClient } from '../../src/index.js';
import { createContractFetch } from '../../src/testing.js';

const fake = createContractFetch();
const server = setupServer(http.all('https://contacts.test/*', ({ request }) => fake(request)));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('the client, on the global fetch, gets the fake’s answers through MSW', async () => {
  const client = createContactsClient({ baseUrl: 'https://contacts.test', token: 'tok-0000', sessionToken: 'sess-0000' });
  expect(await client.createContacts('42', [{ name: 'Ada', notify: true }])).toEqual({ nbInsertion: 1 });
  const unchecked = createContactsClient({ baseUrl: 'https://contacts.test', token: 'tok-0000', sessionToken: 'sess-0000', validate: false });
  const error = await unchecked.createContacts('42', [{ name: 'Ada' } as never]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContactsHttpError);
  expect(error).toMatchObject({ status: 422, body: { title: 'Unprocessable Entity' } });
  expect(fake.requests.map((r) => [r.operationId, r.status])).toEqual([
    ['createContacts', 201],
    ['createContacts', 422],
  ]);
});
