// Reading answers: Retry-After as RFC 9110 writes it, and which declared response a status answers to.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { op$createContacts } from '../../generated/operations.js';
import { Secrets } from '../../src/engine/secrets.js';
import { ContractViolationError } from '../../src/engine/errors.js';
import { declaredKey, declares, readAs, readResponse, retryAfterMs } from '../../src/engine/responses.js';
import { bodyVerdicts } from '../../src/engine/validation.js';

describe('Retry-After', () => {
  afterEach(() => void vi.useRealTimers());

  test.each([
    ['0', 0],
    ['120', 120_000],
    [' 7 ', 7000],
  ])('delta-seconds %j', (value, ms) => expect(retryAfterMs(value)).toBe(ms));

  test.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:47 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:47 GMT'],
    ['asctime', 'Sun Nov  6 08:49:47 1994'],
  ])('an HTTP-date (%s), from now', (_, value) => {
    vi.useFakeTimers({ now: Date.UTC(1994, 10, 6, 8, 49, 37) });
    expect(retryAfterMs(value)).toBe(10_000);
  });

  test('a date in the past means now', () => expect(retryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(0));

  test.each(['-1', '1.5', '+5', '1e3', '', 'tomorrow', '2026-11-27T10:00:00Z', 'Sun, 06 Nov 1994'])('%j is neither: ignored, as if absent', (value) => {
    expect(retryAfterMs(value)).toBeUndefined();
  });

  test('absent', () => expect(retryAfterMs(null)).toBeUndefined());
});

test.each([
  [{ 422: 'x', '4XX': 'x', default: 'x' }, 422, '422'],
  [{ '4XX': 'x', default: 'x' }, 404, '4XX'],
  [{ default: 'x' }, 503, 'default'],
  [{ 201: 'x' }, 503, undefined],
])('status answers to its own code, then its range, then default', (declared, status, key) => {
  expect(declaredKey(declared, status)).toBe(key);
});

describe('media types', () => {
  test.each([
    ['application/json', 'json'],
    ['application/problem+json', 'json'],
    ['Application/JSON; charset=utf-8', 'json'],
    ['text/csv', 'text'],
    ['application/xml', 'text'],
    ['image/svg+xml', 'text'],
    ['application/pdf', 'blob'],
    ['application/x-ndjson', 'blob'],
    ['*/*', 'blob'],
  ])('%s is read as %s', (media, as) => {
    expect(readAs(media)).toBe(as);
  });

  test('a received media type is declared with parameters, in any case, or within a range', () => {
    expect(declares(['application/json; charset=utf-8'], 'application/json')).toBe(true);
    expect(declares(['Text/CSV'], 'text/csv')).toBe(true);
    expect(declares(['image/*'], 'image/png')).toBe(true);
    expect(declares(['*/*'], 'application/pdf')).toBe(true);
    expect(declares(['image/*', 'text/csv'], 'application/pdf')).toBe(false);
    expect(declares([], 'application/json')).toBe(false);
  });
});

describe('an answer that breaks the contract in thousands of places', () => {
  // The 201 judged as a list of contacts: 3,000 empty ones lack 6,000 required properties.
  const checks = { '201': bodyVerdicts.createContacts };
  const answer = () => new Response(JSON.stringify(Array(3000).fill({})), { status: 201, headers: { 'content-type': 'application/json' } });
  const read = async (...maxIssues: [number?]) => (await readResponse(op$createContacts, checks, answer(), 10 * 1024 * 1024, new Secrets(), ...maxIssues).catch((error: unknown) => error)) as ContractViolationError;

  test('checking stops past maxIssues: the error keeps what it found, and says that there are more', async () => {
    const error = await read(10);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toMatchObject({ issueCount: 10, moreIssues: true, issues: { length: 10 } });
    expect(error.message).toMatch(/; and 5 more; and others past the first 10 \(checking stopped there\)$/);
  });

  test('by default, past 100', async () => {
    expect(await read()).toMatchObject({ issueCount: 100, moreIssues: true, issues: { length: 100 } });
  });
});
