// createRawClient: the typed escape hatch is as safe as `request`: auth, no redirects, and the timeout.
import { afterEach, describe, expect, test } from 'vitest';
import { ContactsTimeoutError, createRawClient } from '../../src/index.js';
import { json, startServer } from '../support/server.js';

const path = '/companies/v2/rs/{companyId}/contacts';
const params = { path: { companyId: '42' }, header: { 'x-session-token': 'overwritten by the auth' } };
const body = [{ name: 'Ada', notify: true }];
const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

async function server(handler: Parameters<typeof startServer>[0]) {
  const started = await startServer(handler);
  servers.push(started);
  return started;
}

test('a raw call carries both tokens, and is typed by the spec', async () => {
  const api = await server((_, res) => json(res, 201, { nbInsertion: 1 }));
  const raw = createRawClient({ baseUrl: api.url, token: 'tok-0000', sessionToken: 'sess-0000' });
  const { data } = await raw.POST(path, { params, body });
  expect(data?.nbInsertion).toBe(1);
  expect(api.received[0]?.headers).toMatchObject({ authorization: 'Bearer tok-0000', 'x-session-token': 'sess-0000', 'content-type': 'application/json' });
});

test('middleware added to a raw client applies to its calls', async () => {
  const api = await server((_, res) => json(res, 201, { nbInsertion: 1 }));
  const raw = createRawClient({ baseUrl: api.url, token: 'tok-0000', sessionToken: 'sess-0000' });
  raw.use({ onRequest: ({ request }) => void request.headers.set('x-raw', '1') });
  await raw.POST(path, { params, body });
  expect(api.received[0]?.headers['x-raw']).toBe('1');
});

describe.each([302, 307, 308])('a %i redirect', (status) => {
  test('is not followed: the tokens and the body go nowhere else', async () => {
    const elsewhere = await server((_, res) => json(res, 201, { nbInsertion: 1 }));
    const api = await server((_, res) => res.writeHead(status, { location: `${elsewhere.url}/steal` }).end());
    const raw = createRawClient({ baseUrl: api.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    const { response } = await raw.POST(path, { params, body });
    expect(response.status).toBe(status);
    expect(api.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe('timeoutMs', () => {
  test('ends a raw call with no answer', async () => {
    const api = await server(() => {});
    const raw = createRawClient({ baseUrl: api.url, token: 'tok-0000', sessionToken: 'sess-0000', timeoutMs: 100 });
    const error = await raw.POST(path, { params, body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactsTimeoutError);
    expect(error).toMatchObject({ outcome: 'unknown', timeoutMs: 100 });
  });

  test('covers the body of the answer too', async () => {
    const api = await server((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"nbInsertion":');
    });
    const raw = createRawClient({ baseUrl: api.url, token: 'tok-0000', sessionToken: 'sess-0000', timeoutMs: 200 });
    await expect(raw.POST(path, { params, body })).rejects.toBeInstanceOf(ContactsTimeoutError);
  });

  test('covers a token function that never settles: not sent', async () => {
    const api = await server((_, res) => json(res, 201, { nbInsertion: 1 }));
    const raw = createRawClient({ baseUrl: api.url, token: () => new Promise(() => {}), sessionToken: 'sess-0000', timeoutMs: 100 });
    await expect(raw.POST(path, { params, body })).rejects.toMatchObject({ code: 'ERR_CONTACTS_TIMEOUT', outcome: 'not-sent' });
    expect(api.received).toHaveLength(0);
  });
});
