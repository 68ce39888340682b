// Proof by fixture: operations added to a copy of openapi/ as YAML only (test/fixtures/openapi: a GET with query
// parameters, a PUT whose resource has readOnly and writeOnly properties, an idempotent PATCH, a DELETE
// answering 204, and a webhook) get, from `npm run build` alone, typed, validated and retried calls, and the fake. Not one
// line of TypeScript is written for them: every test below loops over the generated table.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Package from '../../src/index.js';
import type * as Testing from '../../src/testing.js';
import { expectSameStatuses } from '../support/parity.js';
import { oracleOf } from '../support/oracle.js';
import { startPrism } from '../support/prism.js';
import { addOperations, copyProject, npmRun, removeCopy, root } from '../support/project.js';
import { invalid, mockable, parametersOf, valid, type Spec } from '../support/schemas.js';
import { json, startServer } from '../support/server.js';

type Table = Record<string, { method: string; path: string; body: { mediaTypes: readonly string[] } | null; successes: Record<string, readonly string[]>; idempotent: boolean }>;

// Typed calls to the fixture's operations, and calls that must not compile; `npm run build` type-checks them.
const TYPES = `import { expectTypeOf } from 'vitest';
import { createContactsClient, webhooks, type components, type WebhookBodyOf, type WebhookName } from '../src/index.js';

const client = createContactsClient({ token: 'token-0000', sessionToken: 'session-0000' });
const contact = { path: { companyId: '1', contactId: 'c0ffee42' } };
type Stored = { id: string; createdAt?: string; name: string; notify: boolean; tags?: string[] };

export function calls() {
  expectTypeOf(client.request('searchContacts', { params: { path: { companyId: '1' }, query: { q: 'Ada', limit: 5, tag: ['vip'] } } })).resolves.toEqualTypeOf<{ total: number; items: Stored[] }>();
  expectTypeOf(client.request('replaceContact', { params: contact, body: { name: 'Ada', notify: true, privateNote: 'x' } })).resolves.toEqualTypeOf<Stored>();
  expectTypeOf(client.request('deleteContact', { params: contact })).resolves.toEqualTypeOf<undefined>();
  // @ts-expect-error -- q is a required query parameter
  void client.request('searchContacts', { params: { path: { companyId: '1' }, query: {} } });
  // @ts-expect-error -- limit is an integer, not a string
  void client.request('searchContacts', { params: { path: { companyId: '1' }, query: { q: 'a', limit: '5' } } });
  // @ts-expect-error -- id is readOnly: the server sets it, a request cannot carry it
  void client.request('replaceContact', { params: contact, body: { id: 'c0ffee42', name: 'Ada', notify: true } });
  // @ts-expect-error -- the body is required
  void client.request('setContactNotify', { params: contact });
  // @ts-expect-error -- deleteContact takes no body
  void client.request('deleteContact', { params: contact, body: {} });
  // @ts-expect-error -- the auth supplies the session header
  void client.request('deleteContact', { params: { ...contact, header: { 'x-session-token': 's' } } });
  // @ts-expect-error -- the spec has no such operation
  void client.request('listEverything');
  // @ts-expect-error -- a webhook's operationId names no operation of the client
  void client.request('contactCreatedHook');
  // @ts-expect-error -- nor does a callback's
  void client.request('subscriptionConfirmedCallback');
  const company = { params: { path: { companyId: '1' } } };
  expectTypeOf(client.request('exportContacts', company, { accept: 'text/csv' })).resolves.toEqualTypeOf<string>();
  expectTypeOf(client.request('exportContacts', company, { accept: 'application/pdf' })).resolves.toEqualTypeOf<Blob>();
  expectTypeOf(client.request('exportContacts', company)).resolves.toEqualTypeOf<components['schemas']['Contact'][] | string | Blob>();
  // @ts-expect-error -- exportContacts answers in no such media type
  void client.request('exportContacts', company, { accept: 'text/html' });
  expectTypeOf<'contactCreated'>().toExtend<WebhookName>();
  createContactsClient({ sessionToken: 's', credentials: { basicAuth: { username: 'ada', password: 'pass-0000' }, apiKeyQuery: () => 'key' } });
  // @ts-expect-error -- http basic takes { username, password }, not a string
  createContactsClient({ sessionToken: 's', credentials: { basicAuth: 'ada:pass-0000' } });
  // @ts-expect-error -- the spec has no scheme by that name
  createContactsClient({ sessionToken: 's', credentials: { basicAuht: { username: 'ada', password: 'pass-0000' } } });
  expectTypeOf<WebhookBodyOf<'contactCreated'>>().toEqualTypeOf<{ event: 'contact.created'; contactId: string; at: string }>();
  expectTypeOf(webhooks.contactCreated['~standard'].types).toEqualTypeOf<{ readonly input: WebhookBodyOf<'contactCreated'>; readonly output: WebhookBodyOf<'contactCreated'> } | undefined>();
}
`;

let dir: string;
let prism: Awaited<ReturnType<typeof startPrism>>;
let pkg: typeof Package;
let testing: typeof Testing;
let operations: Table;
let securitySchemes: Record<string, { kind: string }>;
let spec: Spec;
type Judge = (v: unknown, k: undefined, s: { issues: { instancePath: string; keyword: string }[] }, p: string) => string | undefined;
let checks: Record<string, { body?: Judge } | undefined>;
let oracle: Awaited<ReturnType<typeof oracleOf>>;

beforeAll(async () => {
  dir = await copyProject('contacts-fixture-');
  await addOperations(dir, join(root, 'test/fixtures/openapi'));
  await mkdir(join(dir, 'test'));
  await writeFile(join(dir, 'test/fixture-types.ts'), TYPES);
  await npmRun(dir, 'build');
  [pkg, testing, { operations, securitySchemes }, { checks }, oracle] = await Promise.all([
    import(join(dir, 'dist/src/index.js')),
    import(join(dir, 'dist/src/testing.js')),
    import(join(dir, 'dist/generated/operations.js')),
    import(join(dir, 'dist/generated/checks.js')),
    oracleOf(dir),
  ]);
  spec = JSON.parse(await readFile(join(dir, 'generated/openapi.json'), 'utf8'));
  prism = await startPrism(join(dir, 'generated/openapi.yaml'));
}, 120_000);
afterAll(async () => {
  await prism?.stop();
  await removeCopy(dir);
});

const sample = <T>(arbitrary: fc.Arbitrary<T>, seed: number) => fc.sample(arbitrary, { numRuns: 1, seed })[0]!;

/** A valid input for an operation, from its schemas alone. */
function inputFor(id: string, seed: number) {
  const op = operations[id]!;
  const params: Record<string, Record<string, unknown>> = {};
  for (const p of parametersOf(spec, op.path, op.method.toLowerCase())) {
    if (p.name === 'x-session-token') continue;
    (params[p.in] ??= {})[p.name] = sample(valid(p.schema, spec), seed);
  }
  const content = op.body && spec.paths[op.path][op.method.toLowerCase()].requestBody.content[op.body.mediaTypes[0]!];
  return { params, ...(content && { body: sample(valid(content.schema, spec), seed) }) };
}

test('npm run build gave the table every operation, with the method its retries follow', () => {
  // Those of the spec and of the fixture; a spec that grew has more.
  expect(Object.fromEntries(Object.entries(operations).map(([id, op]) => [id, [op.method, op.idempotent]]))).toMatchObject({
    createContacts: ['POST', false],
    searchContacts: ['GET', true],
    replaceContact: ['PUT', true],
    deleteContact: ['DELETE', true],
    setContactNotify: ['PATCH', true],
    getArchive: ['GET', true],
    countKeys: ['GET', true],
    countDevices: ['GET', true],
    getStatus: ['GET', true],
    countReports: ['GET', true],
    exportContacts: ['GET', true],
    subscribeContact: ['POST', false],
    uploadContacts: ['POST', false],
  });
});

describe('security, from components.securitySchemes', () => {
  const tokens = { token: 'tok-0000', sessionToken: 'sess-0000' };
  const credentials = { basicAuth: { username: 'ada', password: 'pass-0000' }, apiKeyHeader: 'hdr-key-0000', apiKeyCookie: 'cookie-0000', apiKeyQuery: 'query-key-0000' };
  /** The request one call sends, with `options` for the client; the fake answers. */
  async function sent(id: string, options: Record<string, unknown>) {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ ...tokens, fetch: fake, ...options } as never);
    const result = await client.request(id as never, { params: inputFor(id, 1).params } as never);
    const request = fake.requests[0]!;
    return { result, url: new URL(request.url), headers: request.headers, status: request.status };
  }

  test('http basic: Authorization Basic, base64 of user:password in UTF-8', async () => {
    const { headers, status } = await sent('getArchive', { credentials: { basicAuth: { username: 'adà', password: 'pass-0000' } } });
    expect(headers.get('authorization')).toBe(`Basic ${Buffer.from('adà:pass-0000').toString('base64')}`);
    expect(status).toBe(200);
  });

  test('alternatives: the first the options can meet; token stands for every bearer-like scheme (oauth2 here)', async () => {
    const viaToken = await sent('countKeys', {});
    expect([viaToken.headers.get('authorization'), viaToken.url.searchParams.get('api_key'), viaToken.status]).toEqual(['Bearer tok-0000', null, 200]);
    const viaKey = await sent('countKeys', { credentials: { apiKeyQuery: credentials.apiKeyQuery } });
    expect([viaKey.headers.get('authorization'), viaKey.url.searchParams.get('api_key'), viaKey.status]).toEqual([null, 'query-key-0000', 200]);
  });

  test('schemes of one alternative go together: a header key and a cookie key', async () => {
    const { headers, status } = await sent('countDevices', { credentials: { apiKeyHeader: credentials.apiKeyHeader, apiKeyCookie: () => Promise.resolve(credentials.apiKeyCookie) } });
    expect([headers.get('x-api-key'), headers.get('cookie')?.split('; ').at(-1), headers.get('authorization'), status]).toEqual(['hdr-key-0000', 'sid=cookie-0000', null, 200]);
  });

  test('the raw client applies the same security, by the route of each request', async () => {
    const fake = testing.createContractFetch();
    const raw = pkg.createRawClient({ ...tokens, credentials: { apiKeyQuery: credentials.apiKeyQuery, basicAuth: credentials.basicAuth }, fetch: fake } as never) as unknown as {
      GET(path: string, init: object): Promise<{ response: Response }>;
    };
    const params = { params: { path: { companyId: '42' } } };
    expect((await raw.GET('/companies/v2/rs/{companyId}/keys', params)).response.status).toBe(200);
    expect((await raw.GET('/companies/v2/rs/{companyId}/archive', params)).response.status).toBe(200);
    expect(new URL(fake.requests[0]!.url).searchParams.get('api_key')).toBe('query-key-0000');
    expect(fake.requests[1]!.headers.get('authorization')).toMatch(/^Basic /);
    // openapi-fetch itself writes no cookie parameters: the raw client adds them, in their style.
    const keys = pkg.createRawClient({ ...tokens, credentials, fetch: fake } as never) as unknown as { GET(path: string, init: object): Promise<{ response: Response }> };
    const cookie = { region: 'us', kinds: ['tablet', 'phone'] };
    expect((await keys.GET('/companies/v2/rs/{companyId}/devices', { params: { path: { companyId: '42' }, cookie } })).response.status).toBe(200);
    expect(fake.requests[2]!.headers.get('cookie')).toBe('region=us; kinds=tablet,phone; sid=cookie-0000');
  });

  test('security: [] sends no credentials at all, the token notwithstanding', async () => {
    const { headers, status } = await sent('getStatus', {});
    expect([headers.get('authorization'), status]).toEqual([null, 200]);
  });

  test('a missing credential fails not-sent, naming the schemes; nothing is sent', async () => {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ ...tokens, fetch: fake });
    const error = await client.request('getArchive' as never, { params: { path: { companyId: '42' } } } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent', message: expect.stringContaining('needs credentials for basicAuth') });
    expect(fake.requests).toHaveLength(0);
  });

  test('credentials are checked at creation: an unknown scheme, undefined, a short key, a basic pair with a colon', () => {
    const create = (credentials: unknown) => () => pkg.createContactsClient({ ...tokens, credentials } as never);
    expect(create({ basicAuht: credentials.basicAuth })).toThrow('credentials names "basicAuht", which is not a security scheme');
    expect(create({ apiKeyHeader: undefined })).toThrow('credentials.apiKeyHeader is undefined');
    expect(create({ apiKeyHeader: 'short' })).toThrow('credentials.apiKeyHeader must be at least 8 characters');
    expect(create({ basicAuth: { username: 'a:b', password: 'pass-0000' } })).toThrow('the user name must have no colon');
    expect(create({ basicAuth: 'ada:pass-0000' })).toThrow('must be { username, password }');
  });

  test('every secret is redacted from what the server echoes: API keys, the password and the basic header', async () => {
    const echo = async (_: unknown, init?: RequestInit) => {
      const h = new Headers(init?.headers);
      return Response.json({ title: 'no', detail: `${h.get('authorization')} ${h.get('x-api-key')} ${h.get('cookie')}` }, { status: 422, headers: { 'content-type': 'application/problem+json' } });
    };
    const client = pkg.createContactsClient({ ...tokens, credentials, fetch: echo } as never);
    for (const id of ['getArchive', 'countDevices']) {
      const error = (await client.request(id as never, { params: inputFor(id, 1).params } as never).catch((e: unknown) => e)) as Error;
      expect(error.message, id).not.toMatch(/pass-0000|hdr-key-0000|cookie-0000|YWRhOnBhc3MtMDAwMA/);
      expect(error.message, id).toContain('[redacted]');
    }
  });

  describe('credentials as the wire carries them', () => {
    // A key with `'` (which the URL parser percent-encodes in a query) and a space; a header key with a scheme word; a password beyond Latin-1.
    const tricky = { basicAuth: { username: 'ada', password: 'pâss-€-0000' }, apiKeyHeader: 'Bot hdr-key-0000', apiKeyCookie: 'ckey-0000', apiKeyQuery: "query'key 0000" };
    const secrets = /pâss|p%C3%A2ss|cMOi|hdr-key-0000|hdr-key-0000|ckey-0000|query'key|query%27key|query%20key|query\+key|YWRhOnDDonNzLeKCrC0wMDAw/;

    test('each is sent in its form: the query key percent-encoded as sent, the header key with its space, the password as UTF-8', async () => {
      const fake = testing.createContractFetch();
      const client = pkg.createContactsClient({ sessionToken: 'sess-0000', credentials: tricky, fetch: fake } as never);
      for (const id of ['countKeys', 'countDevices', 'getArchive']) await client.request(id as never, { params: inputFor(id, 1).params } as never);
      const [keys, devices, archive] = fake.requests;
      expect(new URL(keys!.url).search).toBe('?api_key=query%27key%200000');
      expect([devices!.headers.get('x-api-key'), devices!.headers.get('cookie')?.split('; ').at(-1)]).toEqual(['Bot hdr-key-0000', 'sid=ckey-0000']);
      expect(archive!.headers.get('authorization')).toBe(`Basic ${Buffer.from('ada:pâss-€-0000').toString('base64')}`);
      expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    });

    test('what the server echoes of each, in the form it received, is redacted', async () => {
      // What a server gets: the URL as the URL parser wrote it, and the headers.
      const echo = async (input: string | URL | Request, init?: RequestInit) => {
        const { url, headers: h } = new Request(input, init);
        const detail = `${url} ${h.get('authorization')} ${h.get('x-api-key')} ${h.get('cookie')} ${encodeURIComponent(tricky.basicAuth.password)}`;
        return Response.json({ title: 'no', detail }, { status: 422, headers: { 'content-type': 'application/problem+json' } });
      };
      const client = pkg.createContactsClient({ sessionToken: 'sess-0000', credentials: tricky, fetch: echo } as never);
      // Every secret is redacted once sent: the password first, then echoed with each of the others.
      for (const id of ['getArchive', 'countKeys', 'countDevices']) {
        const error = (await client.request(id as never, { params: inputFor(id, 1).params } as never).catch((e: unknown) => e)) as Package.ContactsHttpError;
        expect(error.code, id).toBe('ERR_CONTACTS_HTTP');
        expect(`${error.message} ${JSON.stringify(error.body)}`, id).not.toMatch(secrets);
        expect(error.message, id).toContain('[redacted]');
      }
    });

    test('what a cookie or a header cannot carry as it is, is refused, naming the character and never the value', async () => {
      const create = (credentials: unknown) => () => pkg.createContactsClient({ ...tokens, credentials } as never);
      expect(create({ apiKeyCookie: 'ckeyAB12;rest' })).toThrow("credentials.apiKeyCookie has a character not allowed in a cookie value (RFC 6265 cookie-octets: visible ASCII but for '\"', ',', ';' and '\\') (U+003B at index 8)");
      expect(create({ apiKeyCookie: 'ckey AB12' })).toThrow('(U+0020 at index 4)');
      for (const bad of ['Bot\thdr-key-0000', 'Bot hdr-key-0000\r\n', 'Bot hdr\0key-0000', ' Bot hdr-key-0000', 'Bot hdr-key-0000 ']) {
        expect(create({ apiKeyHeader: bad }), JSON.stringify(bad)).toThrow('credentials.apiKeyHeader has a character not allowed in an API key (visible ASCII, spaces only between characters)');
      }
      // The bearer token keeps the token grammar: no space.
      expect(() => pkg.createContactsClient({ token: 'Bot tok-0000', sessionToken: 'sess-0000' })).toThrow('token has a character not allowed in an HTTP header token (U+0020 at index 3)');
      // A key read per attempt is checked there: nothing is sent.
      const fake = testing.createContractFetch();
      const client = pkg.createContactsClient({ ...tokens, credentials: { apiKeyHeader: 'hdr-key-0000', apiKeyCookie: () => 'ckeyAB12;rest' }, fetch: fake } as never);
      const error = await client.request('countDevices' as never, { params: inputFor('countDevices', 1).params } as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent', message: expect.stringContaining('U+003B at index 8') });
      expect(fake.requests).toHaveLength(0);
    });
  });
});

test('a webhook gets a Standard Schema validator of its payload, formats asserted, and is no operation of the client', async () => {
  const hook = (pkg.webhooks as unknown as Record<string, Package.StandardSchemaV1>)['contactCreated']!['~standard'];
  const delivery = { event: 'contact.created', contactId: 'c0ffee42', at: '2026-12-01T08:00:00Z' };
  expect(await hook.validate(delivery)).toEqual({ value: delivery });
  const bad = (await hook.validate({ ...delivery, at: 'yesterday', extra: 1 })) as { issues: { message: string; path: unknown[] }[] };
  expect(bad.issues.map((i) => i.path).sort()).toEqual([['at'], ['extra']]);
  expect(bad.issues.find((i) => i.path[0] === 'at')!.message).toContain('date-time');
  expect(Object.keys(operations)).not.toContain('contactCreatedHook');
  // A callback (subscribeContact's) never breaks generation either, and is no operation of the client.
  expect(Object.keys(operations)).not.toContain('subscriptionConfirmedCallback');
});

test('a webhook delivery of 10,000 unknown keys: checking stops past 100 issues, and the last says that there are more', async () => {
  const hook = (pkg.webhooks as unknown as Record<string, Package.StandardSchemaV1>)['contactCreated']!['~standard'];
  const delivery = { event: 'contact.created', contactId: 'c0ffee42', at: '2026-12-01T08:00:00Z', ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) };
  const { issues } = (await hook.validate(delivery)) as { issues: { message: string; path?: unknown[] }[] };
  expect(issues).toHaveLength(101);
  expect(issues[0]).toEqual({ message: 'is not a property of the contract', path: ['k0'] });
  expect(issues[100]).toEqual({ message: 'and others past the first 100 (checking stopped there)' });
});

/** Credentials for every scheme the table uses, derived from it: a pair for http basic, a key or token for the others. */
const allCredentials = () =>
  Object.fromEntries(Object.entries(securitySchemes).flatMap(([name, { kind }]) => (kind === 'bearer' ? [] : [[name, kind === 'basic' ? { username: 'ada', password: 'pass-0000' } : `${name}-0000`]])));

describe.each(['Prism', 'the fake'])('every operation through the engine, against %s', (target) => {
  const client = () =>
    pkg.createContactsClient({
      token: 'tok-0000',
      sessionToken: 'sess-0000',
      credentials: allCredentials() as never,
      ...(target === 'Prism' ? { baseUrl: prism.url } : { fetch: testing.createContractFetch() }),
    });

  test.each([1, 2, 3])('valid inputs generated from the schemas succeed, and the answer is judged (seed %i)', async (seed) => {
    for (const id of Object.keys(mockable(operations, spec))) {
      const input = inputFor(id, seed);
      const result = await client()
        .request(id as never, input as never)
        .catch((error: Error) => Promise.reject(new Error(`${id} ${JSON.stringify(input)}: ${error.message}`, { cause: error })));
      const { successes } = operations[id]!;
      // An answer with a body comes back as its value, which may be any JSON value, a string included.
      if (Object.values(successes)[0]!.length === 0) expect(result, id).toBeUndefined();
      else expect(result, id).not.toBeUndefined();
    }
  });

  test('accept picks each declared media type of an answer: JSON is judged, text comes as a string, anything else as a Blob', async () => {
    for (const id of Object.keys(mockable(operations, spec))) {
      for (const accept of new Set(Object.values(operations[id]!.successes).flat())) {
        const result: unknown = await client().request(id as never, inputFor(id, 1) as never, { accept } as never);
        const as = /^application\/([\w.+-]+\+)?json$/.test(accept) ? 'json' : /^text\/|[/+]xml$/.test(accept) ? 'text' : 'blob';
        if (as === 'json') expect([result === undefined, result instanceof Blob], `${id} ${accept}`).toEqual([false, false]);
        else if (as === 'text') expect(typeof result, `${id} ${accept}`).toBe('string');
        else expect(result, `${id} ${accept}`).toBeInstanceOf(Blob);
      }
    }
  });
});

test('per-operation exports: connect, createContacts and validateContacts bundle no other operation; createContactsClient, with request, bundles them all', async () => {
  const bundled = async (contents: string) => (await build({ stdin: { contents, resolveDir: dir, loader: 'js' }, bundle: true, write: false, format: 'esm', platform: 'neutral' })).outputFiles[0]!.text;
  const lean = await bundled("export { connect, createContacts, validateContacts } from 'contacts-api-contract';");
  const full = await bundled("export { createContactsClient } from 'contacts-api-contract';");
  // Each operation's entry in the table holds its path: a path in a bundle is that operation bundled. Operations on
  // createContacts' own path cannot be told apart by it.
  const own = operations['createContacts']!.path;
  const others = Object.values(operations).flatMap((op) => (op.path === own ? [] : [JSON.stringify(op.path)]));
  expect(others.length).toBeGreaterThan(0);
  expect(others.filter((path) => lean.includes(path))).toEqual([]);
  expect(others.filter((path) => !full.includes(path))).toEqual([]);
  expect(lean).toContain(JSON.stringify(operations['createContacts']!.path));
});

describe('one operation, one function: contacts-api-contract/operations', () => {
  type OperationFunction = ((api: unknown, input?: unknown, options?: unknown) => Promise<unknown>) & { operationId: string };
  let functions: Map<string, [name: string, call: OperationFunction]>;
  beforeAll(async () => {
    const module = (await import(join(dir, 'dist/src/operations.js'))) as Record<string, OperationFunction>;
    functions = new Map(Object.entries(module).map(([name, call]) => [call.operationId, [name, call]]));
  });

  test('every operation of the table has its function, named by its operationId', () => {
    expect([...functions.keys()].sort()).toEqual(Object.keys(operations).sort());
    for (const [id, [name]] of functions) if (/^[A-Za-z_$][\w$]*$/.test(id)) expect(name, id).toBe(id);
  });

  test('each calls its operation as request does: the same answer, the same refusal of a wrong input, nothing sent for it', async () => {
    const fake = testing.createContractFetch();
    const options = { token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake };
    const [client, api] = [pkg.createContactsClient(options), pkg.connect(options)];
    for (const [id, [, call]] of functions) {
      const input = inputFor(id, 3);
      expect(await call(api, input), id).toEqual(await client.request(id as never, input as never));
      const broken = { ...input, params: { ...input.params, path: { ...input.params['path'], companyId: 42n } } };
      const [mine, theirs] = await Promise.all([call(api, broken).catch((e: unknown) => e), client.request(id as never, broken as never).catch((e: unknown) => e)]);
      expect(mine, id).toBeInstanceOf(pkg.ContactsError);
      expect(mine, id).toEqual(theirs);
    }
    expect(fake.requests.length).toBe(2 * functions.size);
    await expect(functions.get('createContacts')![1]({}, {})).rejects.toThrow('the first argument must be a connection');
  });

  test('a bundle of connect and one function carries that operation alone, its table entry and its checks', async () => {
    const bundled = async (contents: string) => (await build({ stdin: { contents, resolveDir: dir, loader: 'js' }, bundle: true, write: false, format: 'esm', platform: 'neutral' })).outputFiles[0]!.text;
    // esbuild keeps the names of what it bundles: each operation's checks are judges$<id>, its entry op$<id>.
    const names = (text: string, prefix: string) => new Set([...text.matchAll(new RegExp(`\\b${prefix.replace('$', '\\$')}(\\w+)\\b`, 'g'))].map(([, id]) => id));
    for (const [id, [name]] of functions) {
      const text = await bundled(`export { connect } from 'contacts-api-contract';\nexport { ${name} } from 'contacts-api-contract/operations';`);
      const own = id.replace(/\W/g, '_');
      expect([...names(text, 'judges$')], id).toEqual([own]);
      expect([...names(text, 'op$')], id).toEqual([own]);
      expect(Object.entries(operations).filter(([other, op]) => other !== id && text.includes(JSON.stringify(op.path)) && op.path !== operations[id]!.path).map(([other]) => other), id).toEqual([]);
    }
  });
});

describe('every operation gets the safety of the engine', () => {
  test('an input that breaks the schema is refused, and nothing is sent', async () => {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    for (const id of Object.keys(operations)) {
      const op = operations[id]!;
      const input = inputFor(id, 7);
      const content = op.body && spec.paths[op.path][op.method.toLowerCase()].requestBody.content[op.body.mediaTypes[0]!];
      const broken = content ? { ...input, body: sample(invalid(content.schema, spec), 7) } : { params: { ...input.params, path: { ...input.params['path'], companyId: 42n } } };
      const error = await client.request(id as never, broken as never).catch((e: unknown) => e);
      expect(error, id).toBeInstanceOf(pkg.ContactsError);
      expect((error as Package.ContactsError).outcome, id).toBe('not-sent');
    }
    expect(fake.requests).toEqual([]);
  });

  test('at run time as in the types: a readOnly property in a request is refused unsent, a writeOnly one is dropped from answers', async () => {
    const stored = { name: 'Ada', notify: true, privateNote: 'kept by the server' };
    const fake = testing.createContractFetch({ handlers: { replaceContact: () => ({ id: 'c0ffee42', ...stored }), searchContacts: () => ({ total: 1, items: [{ id: 'c0ffee42', ...stored }] }) } as never });
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    const params = { path: { companyId: '1', contactId: 'c0ffee42' } };
    const sent = await client.request('replaceContact' as never, { params, body: { id: 'c0ffee42', createdAt: '2026-01-01T00:00:00Z', name: 'Ada', notify: true } } as never).catch((e: unknown) => e);
    expect(sent).toMatchObject({
      code: 'ERR_CONTACTS_VALIDATION',
      outcome: 'not-sent',
      issues: [
        { path: '/id', keyword: 'readOnly', message: '/id is read-only: the server sets it, so a request must not carry it' },
        { path: '/createdAt', keyword: 'readOnly' },
      ],
    });
    // The same verdict wherever the contract is judged: Standard Schema (and validateContacts), and the fake.
    const judged = (await (pkg.schemas as unknown as Record<string, Package.StandardSchemaV1>)['StoredContact']!['~standard'].validate({ id: 'x', name: 'Ada', notify: true })) as { issues?: { message: string }[] };
    expect(judged.issues).toEqual([{ message: 'is read-only: the server sets it, so a request must not carry it', path: ['id'] }]);
    expect(await client.request('replaceContact' as never, { params, body: stored } as never)).toEqual({ id: 'c0ffee42', name: 'Ada', notify: true });
    const page = await client.request('searchContacts' as never, { params: { path: { companyId: '1' }, query: { q: 'Ada' } } } as never);
    expect(page).toEqual({ total: 1, items: [{ id: 'c0ffee42', name: 'Ada', notify: true }] });
    expect(fake.requests.map((r) => r.body)).toEqual([stored, undefined]);
  });

  test('a schema the one-pass checks do not compile (uniqueItems) falls back to serialise, parse and validate with ajv', async () => {
    const source = await readFile(join(dir, 'generated/checks.ts'), 'utf8');
    expect(source).toMatch(/judges\$replaceContact = \{ [^\n]*body: [^\n]*fallback\(replaceContact\$body\)/);
    expect(source).toMatch(/judges\$setContactNotify = \{ [^\n]*body: req\d+/);
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    const params = { path: { companyId: '1', contactId: 'c0ffee42' } };
    const error = await client.request('replaceContact' as never, { params, body: { name: 'Ada', notify: true, tags: ['a', 'a'] } } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_VALIDATION', issues: [{ path: '/tags', keyword: 'uniqueItems' }] });
    expect(fake.requests).toEqual([]);
  });

  test('the text each body check writes for a valid body is what JSON.stringify writes, and it finds exactly what ajv finds', () => {
    const keys = (issues: { instancePath: string; keyword: string }[]) => issues.map((i) => `${i.instancePath} ${i.keyword}`).sort();
    for (const [id, op] of Object.entries(operations)) {
      const judge = checks[id]?.body;
      if (!judge || !op.body) continue;
      const schema = spec.paths[op.path][op.method.toLowerCase()].requestBody.content[op.body.mediaTypes[0]!].schema;
      const ajv = oracle.body(op.path, op.method, op.body.mediaTypes[0]!);
      fc.assert(
        fc.property(fc.oneof(valid(schema, spec), invalid(schema, spec)), (value) => {
          const state = { issues: [] };
          const text = judge(value, undefined, state, '');
          expect(keys(state.issues), id).toEqual(ajv(value) ? [] : keys(ajv.errors ?? []));
          if (state.issues.length === 0) expect(text, id).toBe(JSON.stringify(value));
        }),
        { numRuns: 300 },
      );
    }
  });

  test('each query parameter is written in its style: pipeDelimited, form without explode, deepObject', async () => {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    const query = { ids: [1, 2], tags: ['red', 'blue'], filter: { status: 'open', min: 2 } };
    await client.request('countReports' as never, { params: { path: { companyId: '42', period: 'day' }, query } } as never);
    expect(fake.requests[0]!.status).toBe(200);
    expect(fake.requests[0]!.url).toMatch(/\/reports\/day\?ids=1\|2&tags=red,blue&filter\[status\]=open&filter\[min\]=2$/);
  });

  test('cookie parameters go in one Cookie header with the cookie key, in form style; the fake reads them back', async () => {
    let seen: unknown;
    const fake = testing.createContractFetch({ handlers: { countDevices: ({ params }: Testing.HandlerInput) => ((seen = params.cookie), { count: 1 }) } as never });
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    const params = { path: { companyId: '42' }, cookie: { region: 'eu', kinds: ['phone', 'laptop'] } };
    await client.request('countDevices' as never, { params } as never);
    const { name } = securitySchemes['apiKeyCookie'] as unknown as { name: string };
    expect(fake.requests[0]!.headers.get('cookie')).toBe(`region=eu; kinds=phone,laptop; ${name}=apiKeyCookie-0000`);
    expect(seen).toMatchObject({ region: 'eu', kinds: ['phone', 'laptop'] });
    const missing = await client.request('countDevices' as never, { params: { path: { companyId: '42' } } } as never).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ERR_CONTACTS_VALIDATION', outcome: 'not-sent', issues: [{ path: '/cookie/region', keyword: 'required' }] });
    const wrong = await client.request('countDevices' as never, { params: { ...params, cookie: { region: 'mars' } } } as never).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'ERR_CONTACTS_VALIDATION', issues: [{ path: '/cookie/region', keyword: 'enum' }] });
    expect(fake.requests).toHaveLength(1);
  });

  test('Accept lists every declared media type of the answers, JSON first; accept asks for one; an undeclared one is refused unsent', async () => {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake });
    const params = { params: { path: { companyId: '42' } } };
    expect(await client.request('exportContacts' as never, params as never)).toEqual([{ name: 'Ada Lovelace', notify: true }]);
    expect(fake.requests[0]!.headers.get('accept')).toBe('application/json, text/csv, application/pdf, application/problem+json');
    expect(await client.request('exportContacts' as never, params as never, { accept: 'text/csv' } as never)).toBe('name,notify\nAda Lovelace,true\n');
    expect(fake.requests[1]!.headers.get('accept')).toBe('text/csv, application/problem+json');
    const pdf = (await client.request('exportContacts' as never, params as never, { accept: 'application/pdf' } as never)) as Blob;
    expect([pdf.type, await pdf.text()]).toEqual(['application/pdf', '%PDF-1.7 contacts']);
    const refused = await client.request('exportContacts' as never, params as never, { accept: 'text/html' } as never).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent', message: expect.stringContaining('accept must be a media type the operation answers with (application/json, text/csv, application/pdf)') });
    expect(fake.requests).toHaveLength(3);
  });

  test('bodies in other media types: a form, multipart with a file, text, bytes; judged as given, written in their media type', async () => {
    const got: unknown[] = [];
    const handler = (result: object) => ({ body }: Testing.HandlerInput) => (got.push(body), result);
    const fake = testing.createContractFetch({ handlers: { subscribeContact: handler({ subscribed: true }), uploadContacts: handler({ uploadId: 'u-2' }) } as never });
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: fake });
    const params = { path: { companyId: '42' } };
    const call = (id: string, input: object) => client.request(id as never, { params, ...input } as never);
    await call('subscribeContact', { body: { email: 'ada@example.com', list: 'news' } });
    await call('subscribeContact', { mediaType: 'text/plain', body: 'ada@example.com' });
    await call('uploadContacts', { body: { file: new File(['name,notify\nAda,true\n'], 'c.csv', { type: 'text/csv' }), format: 'csv' } });
    await call('uploadContacts', { mediaType: 'application/octet-stream', body: new Uint8Array([1, 2, 3]) });
    expect(fake.requests.map((r) => r.headers.get('content-type')?.replace(/boundary=.*/, 'boundary=…'))).toEqual([
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=…',
      'application/octet-stream',
    ]);
    expect(got.slice(0, 2)).toEqual([{ email: 'ada@example.com', list: 'news' }, 'ada@example.com']);
    const upload = got[2] as { file: File; format: string };
    expect([upload.format, upload.file.name, await upload.file.text()]).toEqual(['csv', 'c.csv', 'name,notify\nAda,true\n']);
    expect([...new Uint8Array(await (got[3] as Blob).arrayBuffer())]).toEqual([1, 2, 3]);
    const refusals = await Promise.all(
      [
        ['subscribeContact', { body: { email: 'not an address' } }],
        ['subscribeContact', { mediaType: 'text/plain', body: 'x'.repeat(300) }],
        ['subscribeContact', { mediaType: 'text/plain', body: 42 }],
        ['uploadContacts', { body: { format: 'csv' } }],
        ['uploadContacts', { mediaType: 'application/json', body: {} }],
        ['uploadContacts', { mediaType: 'application/octet-stream', body: { a: 1 } }],
      ].map(([id, input]) => call(id as string, input as object).catch((e: Package.ContactsError) => [e.code, e.outcome, (e as Package.ContactsValidationError).issues?.map((i) => i.keyword) ?? e.message])),
    );
    expect(refusals).toEqual([
      ['ERR_CONTACTS_VALIDATION', 'not-sent', ['format']],
      ['ERR_CONTACTS_VALIDATION', 'not-sent', ['maxLength', 'format']],
      ['ERR_CONTACTS_ARGUMENT', 'not-sent', 'subscribeContact: the text/plain body must be a string'],
      ['ERR_CONTACTS_VALIDATION', 'not-sent', ['required']],
      ['ERR_CONTACTS_ARGUMENT', 'not-sent', expect.stringContaining('mediaType must be one its body declares (multipart/form-data, application/octet-stream)')],
      ['ERR_CONTACTS_ARGUMENT', 'not-sent', 'uploadContacts: the application/octet-stream body must be a Blob, an ArrayBuffer, a typed array or a string'],
    ]);
    const bodiless = await client.request('deleteContact' as never, { params: { path: { companyId: '42', contactId: 'c0ffee42' } }, body: {} } as never).catch((e: unknown) => e);
    expect(bodiless).toMatchObject({ code: 'ERR_CONTACTS_ARGUMENT', outcome: 'not-sent', message: 'deleteContact takes no body' });
    expect(fake.requests).toHaveLength(4);
  });

  test('the fake judges a form as Prism reads one, and refuses an undeclared content type', async () => {
    const fake = testing.createContractFetch();
    const url = 'http://127.0.0.1:1/companies/v2/rs/42/subscriptions';
    const post = (body: string, type: string) => fake(url, { method: 'POST', body, headers: { authorization: 'Bearer tok-0000', 'x-session-token': 'sess-0000', 'content-type': type } });
    expect((await post('email=ada%40example.com&list=news', 'application/x-www-form-urlencoded')).status).toBe(201);
    expect((await post('email=nobody', 'application/x-www-form-urlencoded')).status).toBe(422);
    expect((await post('list=news', 'application/x-www-form-urlencoded')).status).toBe(422);
    expect((await post('email=ada%40example.com&list=sports', 'application/x-www-form-urlencoded')).status).toBe(422);
    expect((await post('<p>ada@example.com</p>', 'text/html')).status).toBe(422);
  });

  test('an answer in a media type its status does not declare breaks the contract', async () => {
    const html = async () => new Response('<p>hi</p>', { status: 200, headers: { 'content-type': 'text/html' } });
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: html, logLevel: 'error' });
    const error = await client.request('getStatus' as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CONTACTS_CONTRACT', message: expect.stringContaining('the body must be JSON') });
  });

  test('query parameters are sent in form style, path parameters as one encoded segment', async () => {
    const fake = testing.createContractFetch();
    const client = pkg.createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, fetch: fake });
    await client.request('searchContacts' as never, { params: { path: { companyId: 'a/b' }, query: { q: 'Ada L', limit: 5, notify: false, tag: ['x', 'y'] } } } as never);
    expect(fake.requests[0]!.url).toMatch(/\/companies\/v2\/rs\/a%2Fb\/contact-search\?q=Ada%20L&limit=5&notify=false&tag=x&tag=y$/);
  });
});

describe('retries follow the method', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());

  /** Sends one call to a server that fails the first time with `status`, and returns how many times it was sent. */
  async function sendsAfter(id: string, status: number) {
    const server = await startServer((req, res, n) => {
      if (n === 1) return json(res, status, { title: 'failed once' });
      const success = Object.keys(operations[id]!.successes)[0]!;
      if (operations[id]!.successes[success]!.length === 0) return res.writeHead(Number(success)).end();
      json(res, Number(success), exampleOf(id));
    });
    close = server.close;
    const client = pkg.createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', credentials: allCredentials() as never, retry: { baseDelayMs: 1 } });
    const outcome = await client.request(id as never, inputFor(id, 3) as never).then(
      () => 'resolved',
      (e: Package.ContactsError) => e.outcome,
    );
    await server.close();
    return [outcome, server.received.length];
  }

  function exampleOf(id: string) {
    const op = operations[id]!;
    const success = Object.keys(op.successes)[0]!;
    const media = spec.paths[op.path][op.method.toLowerCase()].responses[success].content[op.successes[success]![0]!];
    return media.example ?? Object.values(media.examples ?? {}).map((e: any) => (e.$ref ? e.$ref.slice(2).split('/').reduce((n: any, k: string) => n[k], spec) : e).value)[0];
  }

  test.each([
    ['replaceContact', 500, ['resolved', 2]],
    ['deleteContact', 503, ['resolved', 2]],
    ['searchContacts', 502, ['resolved', 2]],
    ['setContactNotify', 504, ['resolved', 2]],
    ['createContacts', 500, ['unknown', 1]],
  ])('%s after a %i', async (id, status, expected) => {
    expect(await sendsAfter(id, status)).toEqual(expected);
  });
});

test('the fake and Prism give the same status for 300 requests to the fixture operations', async () => {
  const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31);
  const seen = await expectSameStatuses(testing.createContractFetch(), prism.url, operations, spec, 300, seed);
  console.log(`fixture fake vs Prism: 300/300 agree (seed ${seed}):`, seen);
  expect(Object.keys(seen).length).toBeGreaterThanOrEqual(10);
}, 60_000);

test('npm run verify derives its checks for every fixture operation too, and all pass against Prism', async () => {
  const env = { ...process.env, CONTACTS_TOKEN: 'tok-0000', CONTACTS_SESSION_TOKEN: 'sess-0000' };
  const args = ['dist/src/verify/cli.js', '--base-url', prism.url, '--level', 'writes', '--allow-writes', '--company', '42', '--rps', '200', '--json'];
  // A drift exits with 1; the report is on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir, env }).catch((e: { stdout: string }) => e);
  const report = JSON.parse(stdout) as { failed: number; checks: { operationId: string; name: string; ok: boolean; note?: string }[] };
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  // Prism's 401 to listLabels, which declares none: HTTP's answer to missing credentials, said in a note.
  expect(report.checks.find((c) => c.operationId === 'listLabels' && c.name === 'missing bearer token')).toMatchObject({ ok: true, note: 'status 401 is not declared; the security requirement implies it' });
  // Only operations of the table; one may have none (a GET that needs no credentials and promises no success).
  expect(Object.keys(operations)).toEqual(expect.arrayContaining([...new Set(report.checks.map((c) => c.operationId))]));
  expect(report.checks.map((c) => `${c.operationId}: ${c.name}`)).toEqual(
    expect.arrayContaining(['searchContacts: a valid request', 'deleteContact: missing bearer token', 'getArchive: no credentials (basicAuth)', 'countKeys: a valid request', 'getStatus: a valid request', 'replaceContact: tags: 4 items (one past the limit)', 'setContactNotify: an unknown property (notInTheContract)']),
  );
}, 60_000);
