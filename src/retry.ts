import { ContactsAbortError, ContactsArgumentError, ContactsHttpError, ContactsNetworkError } from './errors.js';

/** When and how long to wait before sending again a request the server provably did not process. */
export interface RetryOptions {
  /** Attempts after the first; default 2, 0 turns retries off. */
  retries?: number;
  /** Backoff before the first retry, doubled for each next one, with full jitter; default 500 ms. */
  baseDelayMs?: number;
  /** The longest wait, for backoff and Retry-After alike; a longer Retry-After ends the retries. Default 30,000 ms. */
  maxDelayMs?: number;
}

/** The longest delay setTimeout keeps: it fires at once for longer ones. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks the options once, and returns the wait before retry number `n + 1`, or undefined when `error` must not be retried. */
export function retryPolicy(options: RetryOptions): (error: unknown, n: number) => number | undefined {
  const { retries = 2, baseDelayMs = 500, maxDelayMs = 30_000 } = options;
  if (!(Number.isInteger(retries) && retries >= 0)) throw new ContactsArgumentError(`retry.retries must be a whole number; got ${retries}`);
  for (const [name, ms] of [['baseDelayMs', baseDelayMs], ['maxDelayMs', maxDelayMs]] as const) {
    if (!(ms >= 0 && ms <= MAX_TIMER_MS)) throw new ContactsArgumentError(`retry.${name} must be from 0 to ${MAX_TIMER_MS} ms; got ${ms}`);
  }
  return (error, n) => {
    if (n >= retries) return undefined;
    const backoff = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** n);
    // Only these three failures prove that the server did not process the request.
    if (error instanceof ContactsNetworkError) return error.outcome === 'not-sent' ? backoff : undefined;
    if (!(error instanceof ContactsHttpError)) return undefined;
    const { status, retryAfterMs } = error;
    if (status !== 429 && !(status === 503 && retryAfterMs !== undefined)) return undefined;
    if (retryAfterMs === undefined) return backoff;
    return retryAfterMs <= maxDelayMs ? retryAfterMs : undefined;
  };
}

/** Waits `ms`, or rejects as not sent when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ContactsAbortError('not-sent'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ContactsAbortError('not-sent'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
