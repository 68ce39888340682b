// importContacts: every input index ends in exactly one of accepted, rejected and failed, whatever happens.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, test } from 'vitest';
import { ContactsAbortError, ContactsArgumentError, ContactsValidationError, createContactsClient, importContacts, type ContactSource, type ImportProgress, type ImportReport } from '../../src/index.js';
import { created, recordingFetch } from '../support/fetch.js';
import { json, startServer } from '../support/server.js';

const contact = (name: string) => ({ name, notify: true });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function expectInvariant(report: ImportReport, total: number) {
  const indexes = [...report.accepted, ...report.rejected.map((r) => r.index), ...report.failed.map((f) => f.index)];
  expect(indexes.sort((a, b) => a - b)).toEqual(range(total));
}

/** A client on an injected fetch that answers each batch with a 201 counting its contacts. */
function countingClient(delayMs = 0) {
  let inFlight = 0;
  let maxInFlight = 0;
  const recorder = recordingFetch(({ body }) => created({ nbInsertion: (JSON.parse(body) as unknown[]).length }));
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    const response = await recorder.fetch(input, init);
    inFlight--;
    return response;
  };
  const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch });
  return { client, calls: recorder.calls, maxInFlight: () => maxInFlight };
}

describe('batching', () => {
  test('invalid contacts are reported and the valid ones sent in batches, with bounded concurrency', async () => {
    const contacts: unknown[] = range(250).map((i) => (i % 25 === 3 ? { name: i } : contact(`c${i}`)));
    const { client, calls, maxInFlight } = countingClient(5);
    const report = await importContacts(client, '42', contacts, { batchSize: 100, concurrency: 2 });
    expectInvariant(report, 250);
    expect(report.rejected.map((r) => r.index)).toEqual(range(10).map((i) => i * 25 + 3));
    expect(report.rejected[0]?.issues.map((i) => i.path)).toEqual(['/3/name', '/3/notify']);
    expect(report.accepted).toHaveLength(240);
    expect(report.inserted).toBe(240);
    expect(report.failed).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(calls.map((c) => (JSON.parse(c.body) as unknown[]).length)).toEqual([100, 100, 40]);
    expect(maxInFlight()).toBe(2);
  });

  test('progress is reported as batches end, in contacts', async () => {
    const { client } = countingClient();
    const seen: number[] = [];
    const report = await importContacts(client, '42', [...range(5).map((i) => contact(`c${i}`)), {}], {
      batchSize: 2,
      concurrency: 1,
      onProgress: (p) => {
        expect(p).toMatchObject({ total: 6, failed: 0, inserted: p.done - p.rejected });
        seen.push(p.done);
      },
    });
    expectInvariant(report, 6);
    // Contacts are judged as their batches are formed: the invalid last one counts with the last batch.
    expect(seen).toEqual([2, 4, 6]);
    expect(report.warnings).toEqual([]);
  });

  test('a row that cannot even be read is rejected, and the report still comes back', async () => {
    const { client, calls } = countingClient();
    const rows = range(5).map((i) => contact(`c${i}`));
    Object.defineProperty(rows, 3, { get: () => { throw new Error('row 3 is gone'); } });
    const report = await importContacts(client, '42', rows, { batchSize: 2 });
    expectInvariant(report, 5);
    expect(report.rejected).toEqual([{ index: 3, issues: [{ path: '/3', keyword: 'json', message: '/3 cannot be read (reading it threw Error)', params: {} }] }]);
    expect(report.accepted).toEqual([0, 1, 2, 4]);
    expect(calls.flatMap((c) => JSON.parse(c.body) as unknown[])).toHaveLength(4);
  });

  test('an onProgress that throws or rejects is a warning: the import goes on and its report comes back', async () => {
    const { client } = countingClient();
    let n = 0;
    const report = await importContacts(client, '42', range(4).map((i) => contact(`c${i}`)), {
      batchSize: 1,
      concurrency: 1,
      onProgress: async () => {
        if (++n % 2) throw new Error('async progress failed');
      },
    });
    // Let the rejections of the last calls settle.
    await new Promise((resolve) => setImmediate(resolve));
    expectInvariant(report, 4);
    expect(report.accepted).toEqual([0, 1, 2, 3]);
    expect(report.warnings).toEqual(['onProgress failed, and was ignored: Error: async progress failed', 'onProgress failed, and was ignored: Error: async progress failed']);
  });

  test('a 201 whose nbInsertion differs from the batch size is a warning', async () => {
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: async () => created({ nbInsertion: 1 }) });
    const report = await importContacts(client, '42', range(3).map((i) => contact(`c${i}`)));
    expect(report).toMatchObject({ inserted: 1, accepted: [0, 1, 2] });
    expect(report.warnings).toEqual(['the batch of contacts 0–2 (3 contacts) got a 201 with nbInsertion 1: the server says it created 1 of them']);
    // A source that knows its rows' lines (a file) has them named by line.
    const file = {
      async *chunks() {
        yield [contact('a'), contact('b')];
      },
      lineOf: (i: number) => i + 2,
    };
    expect((await importContacts(client, '42', file)).warnings).toEqual(['the batch of lines 2–3 (2 contacts) got a 201 with nbInsertion 1: the server says it created 1 of them']);
  });

  test('onRejected and onFailed get each row as the source gave it, for a rejects file to write back', async () => {
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch: async () => Response.json({ title: 'no' }, { status: 422 }) });
    const seen: [string, number, unknown][] = [];
    const bad = { name: 'b', notify: 'maybe' };
    await importContacts(client, '42', [contact('a'), bad], {
      onRejected: (row, value) => seen.push(['rejected', row.index, value]),
      onFailed: (row, value) => seen.push([row.outcome, row.index, value]),
    });
    expect(seen).toEqual([
      ['rejected', 1, bad],
      ['rejected-by-server', 0, contact('a')],
    ]);
  });

  test('an abort stops new batches; the batch in flight ends and is reported', async () => {
    const controller = new AbortController();
    const { client, calls } = countingClient(5);
    const report = await importContacts(client, '42', range(10).map((i) => contact(`c${i}`)), {
      batchSize: 2,
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done }) => done === 4 && controller.abort(),
    });
    expectInvariant(report, 10);
    expect(report.accepted).toEqual([0, 1, 2, 3]);
    expect(report.failed.map((f) => [f.index, f.outcome])).toEqual(range(6).map((i) => [i + 4, 'not-sent']));
    expect(report.failed[0]?.error).toBeInstanceOf(ContactsAbortError);
    expect(calls).toHaveLength(2);
  });

  test('linear in the issues: a row with 100,000 of them is reported whole', async () => {
    const { client, calls } = countingClient();
    const started = performance.now();
    const report = await importContacts(client, '42', [{ ...contact('a'), phones: Array(100_000).fill(1) }, contact('b')]);
    const ms = performance.now() - started;
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.issues).toHaveLength(100_001);
    expect(report.accepted).toEqual([1]);
    expect(calls).toHaveLength(1);
    // A bound on the shape of the work, not a speed goal: grouping issues by copying arrays took minutes here.
    expect(ms).toBeLessThan(10_000);
  });

  test('bad arguments are refused before anything is sent', async () => {
    const { client, calls } = countingClient();
    await expect(importContacts(client, '42', { name: 'x' } as unknown as unknown[])).rejects.toThrow(ContactsValidationError);
    await expect(importContacts(client, '42', [], { batchSize: 0 })).rejects.toThrow(ContactsArgumentError);
    await expect(importContacts(client, '42', [], { concurrency: 1.5 })).rejects.toThrow(ContactsArgumentError);
    await expect(importContacts(client, '..', [contact('a')])).rejects.toThrow(ContactsArgumentError);
    expect(calls).toHaveLength(0);
  });
});

describe('faults from a real server', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  test('each batch gets its outcome, retried only when provably unprocessed, and never sent twice otherwise', async () => {
    // Each batch of 2 carries its fault in its first contact's name.
    const faults = ['ok', 'http-500', 'http-422', 'http-429-once', 'reset', 'slow', 'bad-json', 'wrong-shape', 'ok'];
    const seen = new Map<string, number>();
    const server = await startServer((req, res) => {
      const batch = JSON.parse(req.body) as { name: string }[];
      const fault = batch[0]!.name.split('#')[0]!;
      const times = (seen.get(req.body) ?? 0) + 1;
      seen.set(req.body, times);
      if (fault === 'http-500') return json(res, 500, { title: 'Internal Server Error' });
      if (fault === 'http-422') return json(res, 422, { title: 'Unprocessable Entity' });
      if (fault === 'http-429-once' && times === 1) return json(res, 429, {}, { 'retry-after': '0' });
      if (fault === 'reset') return res.socket?.resetAndDestroy();
      if (fault === 'slow') return setTimeout(() => json(res, 201, { nbInsertion: 2 }), 3000);
      if (fault === 'bad-json') return res.writeHead(201).end('{');
      if (fault === 'wrong-shape') return json(res, 201, { nbInsertion: 'two' });
      json(res, 201, { nbInsertion: batch.length });
    });
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', timeoutMs: 1000, retry: { baseDelayMs: 1 }, logLevel: 'error' });
    const contacts = faults.flatMap((fault, b) => [contact(`${fault}#${b}`), contact(`${fault}#${b}b`)]);
    const report = await importContacts(client, '42', contacts, { batchSize: 2, concurrency: 3 });

    expectInvariant(report, contacts.length);
    const outcome = (batch: number) => report.failed.find((f) => f.index === batch * 2);
    expect(report.accepted).toEqual([0, 1, 6, 7, 16, 17]);
    expect(report.inserted).toBe(6);
    expect([1, 2, 4, 5, 6, 7].map((b) => [faults[b], outcome(b)?.error.code, outcome(b)?.outcome])).toEqual([
      ['http-500', 'ERR_CONTACTS_HTTP', 'unknown'],
      ['http-422', 'ERR_CONTACTS_HTTP', 'rejected-by-server'],
      ['reset', 'ERR_CONTACTS_NETWORK', 'unknown'],
      ['slow', 'ERR_CONTACTS_TIMEOUT', 'unknown'],
      ['bad-json', 'ERR_CONTACTS_CONTRACT', 'unknown'],
      ['wrong-shape', 'ERR_CONTACTS_CONTRACT', 'unknown'],
    ]);
    // Only the 429 batch was sent twice; every other batch reached the server exactly once.
    expect([...seen.values()].sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2]);
  });
});

describe('streaming sources', () => {
  const names = (calls: { body: string }[]) => calls.flatMap((c) => (JSON.parse(c.body) as { name: string }[]).map((x) => x.name));
  async function* generated(n: number) {
    for (let i = 0; i < n; i++) yield i === 2 ? { name: 7 } : contact(`c${i}`);
  }
  const streamOf = (rows: AsyncGenerator<unknown>) =>
    new ReadableStream<unknown>({
      async pull(controller) {
        const { done, value } = await rows.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
  const sources: [string, () => ContactSource][] = [
    ['an array', () => range(5).map((i) => (i === 2 ? { name: 7 } : contact(`c${i}`)))],
    ['a generator', function* () { for (let i = 0; i < 5; i++) yield i === 2 ? { name: 7 } : contact(`c${i}`); }],
    ['an async generator', () => generated(5)],
    ['a ReadableStream', () => streamOf(generated(5))],
  ];

  test.each(sources)('%s: rows read in order, judged, batched, and each reported once', async (_, source) => {
    const { client, calls } = countingClient();
    const report = await importContacts(client, '42', source(), { batchSize: 2, concurrency: 2 });
    expectInvariant(report, 5);
    expect(report.rejected.map((r) => r.index)).toEqual([2]);
    expect(names(calls).sort()).toEqual(['c0', 'c1', 'c3', 'c4']);
    expect(report.counts).toEqual({ read: 5, accepted: 4, rejected: 1, failed: 0, unknown: 0, resumed: 0 });
  });

  test("report 'summary' keeps counts only, and hands every row to the callbacks", async () => {
    const { client } = countingClient();
    const seen = { accepted: [] as number[], rejected: [] as number[], progress: [] as ImportProgress[] };
    const report = await importContacts(client, '42', generated(7), {
      batchSize: 3,
      concurrency: 1,
      report: 'summary',
      total: 7,
      onAccepted: (rows) => seen.accepted.push(...rows.indexes),
      onRejected: (row) => seen.rejected.push(row.index),
      onProgress: (p) => seen.progress.push(p),
    });
    expect(report).toMatchObject({ accepted: [], rejected: [], failed: [], inserted: 6, counts: { read: 7, accepted: 6, rejected: 1 } });
    expect(seen.accepted).toEqual([0, 1, 3, 4, 5, 6]);
    expect(seen.rejected).toEqual([2]);
    expect(seen.progress.at(-1)).toEqual({ done: 7, total: 7, inserted: 6, rejected: 1, failed: 0 });
  });

  test('a source that throws stops new batches; the batches in flight end, then the error comes out', async () => {
    const { client, calls } = countingClient();
    async function* broken() {
      yield* generated(2);
      throw new Error('disk gone');
    }
    const accepted: number[] = [];
    await expect(importContacts(client, '42', broken(), { batchSize: 1, concurrency: 1, onAccepted: (r) => accepted.push(...r.indexes) })).rejects.toThrow('disk gone');
    expect(accepted).toEqual([0, 1]);
    expect(calls).toHaveLength(2);
  });

  test('what is neither an array, an iterable nor a stream is refused before anything is read', async () => {
    const { client, calls } = countingClient();
    await expect(importContacts(client, '42', 'contacts' as never)).rejects.toThrow('the contacts must be an array, an iterable or a ReadableStream');
    await expect(importContacts(client, '42', [], { report: 'brief' as never })).rejects.toThrow("report must be 'full' or 'summary'");
    expect(calls).toHaveLength(0);
  });

  test('memory is bounded by the batches in flight: 200,000 rows from an async generator', async () => {
    // Collected before each sample, so that what is measured is what the import keeps, not garbage.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // A fetch that keeps nothing: what stays in memory is the import's.
    const fetch = async (_: unknown, init?: RequestInit) => created({ nbInsertion: (JSON.parse(init!.body as string) as unknown[]).length });
    const client = createContactsClient({ token: 'tok-0000', sessionToken: 'sess-0000', fetch });
    const filler = 'x'.repeat(400);
    async function* many() {
      for (let i = 0; i < 200_000; i++) yield { name: `Contact ${i}`, notify: true, comment: `${filler}${i}` };
    }
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const report = await importContacts(client, '42', many(), {
      batchSize: 100,
      concurrency: 4,
      report: 'summary',
      onProgress: ({ done }) => {
        if (done % 20_000 !== 0) return;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      },
    });
    expect(report.counts).toMatchObject({ read: 200_000, accepted: 200_000 });
    // The rows themselves take over 80 MB (200,000 × 400 characters); a few batches take well under 1 MB.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(16 * 2 ** 20);
  });
});

describe('rate limits', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  test('a server that admits 2 requests in flight (429 with Retry-After: 0 beyond): every row accepted, under 10% of requests get a 429', async () => {
    let inFlight = 0;
    let [admitted, limited, peak] = [0, 0, 0];
    const server = await startServer((req, res) => {
      if (inFlight >= 2) {
        limited++;
        return json(res, 429, { title: 'Too Many Requests' }, { 'retry-after': '0' });
      }
      admitted++;
      peak = Math.max(peak, ++inFlight);
      // Held a while, so that the client's next requests find both still in flight: a retry sent at once after a
      // 429 meets them again. The bound below holds whatever the schedule: it counts requests, not time.
      setTimeout(() => {
        inFlight--;
        json(res, 201, { nbInsertion: (JSON.parse(req.body) as unknown[]).length });
      }, 50);
    });
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    const contacts = range(1000).map((i) => contact(`c${i}`));
    const report = await importContacts(client, '42', contacts, { batchSize: 10, concurrency: 'auto' });
    expect(report.counts).toMatchObject({ accepted: 1000, failed: 0 });
    expect(report.inserted).toBe(1000);
    expect(admitted).toBe(100);
    expect(peak).toBeLessThanOrEqual(2);
    // Each 429 is a request the client sent past what the server admits.
    expect(limited / (admitted + limited)).toBeLessThan(0.1);
  });

  test('a 429 pauses every worker, not only the batch that got it', async () => {
    const starts: number[] = [];
    let limited = 0;
    const server = await startServer((req, res, n) => {
      starts.push(Date.now());
      if (n === 1) {
        limited = Date.now();
        return json(res, 429, {}, { 'retry-after': '1' });
      }
      json(res, 201, { nbInsertion: (JSON.parse(req.body) as unknown[]).length });
    });
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000' });
    // One worker would take the 429 alone; with a fixed concurrency of 4 the others must wait too.
    const report = await importContacts(client, '42', range(40).map((i) => contact(`c${i}`)), { batchSize: 1, concurrency: 4 });
    expect(report.counts).toMatchObject({ accepted: 40 });
    const afterLimit = starts.filter((t) => t >= limited);
    // Requests that had already left before the 429 came back may land; every later one waited out the second.
    const early = afterLimit.filter((t) => t - limited < 1000);
    expect(early.length).toBeLessThanOrEqual(3 + 1);
    expect(afterLimit.length - early.length).toBeGreaterThanOrEqual(35);
  });

  test('an abort during a pause ends it: the batch waiting to be sent again is not-sent, and nothing waits for the minute', async () => {
    const controller = new AbortController();
    const server = await startServer((req, res) => {
      json(res, 429, {}, { 'retry-after': '60' });
      controller.abort();
    });
    close = server.close;
    const client = createContactsClient({ baseUrl: server.url, token: 'tok-0000', sessionToken: 'sess-0000', retry: { maxDelayMs: 120_000 } });
    const report = await importContacts(client, '42', [contact('a')], { signal: controller.signal });
    expect(report.failed.map((f) => [f.index, f.outcome, f.error.code])).toEqual([[0, 'not-sent', 'ERR_CONTACTS_ABORTED']]);
    expect(server.received).toHaveLength(1);
  });
});
