// When to send a request again, by what its method allows.
import { causeCode, ContactsArgumentError, ContactsHttpError, ContactsNetworkError, ContactsTimeoutError, NOT_CONNECTED } from './errors.js';
import { MAX_TIMER_MS } from './signals.js';

/** When and how long to wait before sending a request again. */
export interface RetryOptions {
  /** Attempts after the first; default 2, 0 turns retries off. */
  retries?: number;
  /** Backoff before the first retry, doubled for each next one, with full jitter; default 500 ms. */
  baseDelayMs?: number;
  /** The longest wait, for backoff and Retry-After alike; a longer Retry-After ends the retries. Default 30,000 ms. */
  maxDelayMs?: number;
}

// Answers that an idempotent request may be sent again after (RFC 9110 §15).
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Checks the options once, and returns the wait before retry number `n + 1`, or undefined when `error` must
 * not be retried. An idempotent request may be sent again after any transient failure; any other only when
 * the server provably did not process it: no connection, a 429, or a 503 with Retry-After.
 */
export function retryPolicy(options: RetryOptions = {}): (error: unknown, n: number, idempotent: boolean) => number | undefined {
  const { retries = 2, baseDelayMs = 500, maxDelayMs = 30_000 } = options;
  if (!(Number.isInteger(retries) && retries >= 0)) throw new ContactsArgumentError(`retry.retries must be a whole number; got ${retries}`);
  for (const [name, ms] of [['baseDelayMs', baseDelayMs], ['maxDelayMs', maxDelayMs]] as const) {
    if (!(ms >= 0 && ms <= MAX_TIMER_MS)) throw new ContactsArgumentError(`retry.${name} must be from 0 to ${MAX_TIMER_MS} ms; got ${ms}`);
  }
  const retryable = (error: unknown, idempotent: boolean): boolean => {
    if (error instanceof ContactsNetworkError) return NOT_CONNECTED.has(causeCode(error.cause) ?? '') || (idempotent && error.outcome === 'unknown');
    if (error instanceof ContactsTimeoutError) return idempotent;
    if (!(error instanceof ContactsHttpError)) return false;
    return idempotent ? TRANSIENT.has(error.status) : error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined);
  };
  return (error, n, idempotent) => {
    if (n >= retries || !retryable(error, idempotent)) return undefined;
    const retryAfterMs = error instanceof ContactsHttpError ? error.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) return retryAfterMs <= maxDelayMs ? retryAfterMs : undefined;
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** n);
  };
}
