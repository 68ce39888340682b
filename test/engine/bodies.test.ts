// maxRequestBytes counts the bytes that go on the wire, for every media type: JSON, forms, multipart (file parts
// and field text included, with its framing), text and bytes, and the import's batches. Past it, nothing is sent.
import { describe, expect, test } from 'vitest';
import { ContactsValidationError, createContactsClient, importContacts } from '../../src/index.js';
import { createEngine, type Target } from '../../src/engine/engine.js';
import type { Operation } from '../../src/engine/table.js';
import { recordingFetch } from '../support/fetch.js';

/** An operation of no spec, taking a body in every media type the engine writes. */
const op: Operation = {
  method: 'POST',
  path: '/things',
  params: {},
  body: { mediaTypes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/octet-stream'], required: true },
  successes: { '204': [] },
  errors: {},
  idempotent: false,
  security: [],
};
const target: Target = { id: 'postThing', op, judges: { responses: {} } };
const MB = 1024 * 1024;
// Three bytes of UTF-8 in one UTF-16 unit.
const euros = (n: number) => '€'.repeat(n);

function engine(maxRequestBytes: number) {
  const recorder = recordingFetch(() => new Response(null, { status: 204 }));
  return { engine: createEngine({ token: 'tok-0000', sessionToken: 'sess-0000', baseUrl: 'http://127.0.0.1:1', fetch: recorder.fetch, maxRequestBytes }), calls: recorder.calls };
}

async function refused(maxRequestBytes: number, mediaType: string, body: unknown) {
  const { engine: e, calls } = engine(maxRequestBytes);
  const error = await e.call(target, { mediaType, body }).then(() => expect.unreachable('it was sent'), (err: unknown) => err);
  expect(error).toBeInstanceOf(ContactsValidationError);
  expect(error).toMatchObject({ outcome: 'not-sent', issues: [{ keyword: 'maxRequestBytes', params: { limit: maxRequestBytes } }] });
  expect(calls).toHaveLength(0);
  return (error as ContactsValidationError).message;
}

describe('past maxRequestBytes, nothing is sent', () => {
  test('a 5 MB file part under a 1 MB limit, refused before it is read', async () => {
    const message = await refused(MB, 'multipart/form-data', { name: 'x', file: new Blob([new Uint8Array(5 * MB)]) });
    expect(message).toContain(`more than maxRequestBytes (${MB})`);
  });

  test.each(['text/plain', 'application/octet-stream'])('a %s string of 1.8 MB of UTF-8 in 0.6 M UTF-16 units, under a 1 MB limit', async (media) => {
    expect(await refused(MB, media, euros(600_000))).toContain('the body takes 1800000 bytes');
  });

  test('multipart field text counted as UTF-8', async () => {
    await refused(MB, 'multipart/form-data', { note: euros(600_000) });
  });

  test('JSON, and a form, counted as sent', async () => {
    await refused(MB, 'application/json', { note: euros(400_000) });
    await refused(MB, 'application/x-www-form-urlencoded', { note: euros(200_000) });
  });

  test('bytes, by their length', async () => {
    await refused(MB, 'application/octet-stream', new Uint8Array(MB + 1));
    await refused(MB, 'application/octet-stream', new Blob([new Uint8Array(MB + 1)]));
  });
});

test('multipart is counted with its framing, exactly: at the size it takes on the wire it is sent, a byte less refuses it', async () => {
  const body = { name: 'Ada', file: new File(['name,notify\nAda,true\n'], 'c.csv', { type: 'text/csv' }) };
  const first = engine(MB);
  await first.engine.call(target, { mediaType: 'multipart/form-data', body });
  const size = new TextEncoder().encode(first.calls[0]!.body).length;
  // The parts alone take 24 bytes; boundaries and part headers take the rest.
  expect(size).toBeGreaterThan(100);
  const exact = engine(size);
  await exact.engine.call(target, { mediaType: 'multipart/form-data', body });
  expect(exact.calls).toHaveLength(1);
  const form = await exact.calls[0]!.request.formData();
  expect([form.get('name'), await (form.get('file') as File).text(), (form.get('file') as File).name]).toEqual(['Ada', 'name,notify\nAda,true\n', 'c.csv']);
  await refused(size - 1, 'multipart/form-data', body);
});

test('a string at the limit in UTF-8 is sent, a byte more is refused', async () => {
  const { engine: e, calls } = engine(3000);
  await e.call(target, { mediaType: 'text/plain', body: euros(1000) });
  expect(calls).toHaveLength(1);
  await refused(3000, 'text/plain', `${euros(1000)}x`);
});

test("the import's batches are counted too: a batch past the limit fails not-sent, and is never sent", async () => {
  const recorder = recordingFetch();
  const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: recorder.fetch, maxRequestBytes: 100 });
  const report = await importContacts(client, '42', [{ name: euros(20), notify: true }, { name: euros(20), notify: true }]);
  expect(report.failed.map((f) => [f.index, f.error.code, f.error.outcome])).toEqual([
    [0, 'ERR_CONTACTS_VALIDATION', 'not-sent'],
    [1, 'ERR_CONTACTS_VALIDATION', 'not-sent'],
  ]);
  expect(recorder.calls).toHaveLength(0);
});
