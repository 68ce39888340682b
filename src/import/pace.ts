// How the batches of one import share a server: one pause for all on a rate limit, and a number of requests in
// flight that is fixed, or that adapts (AIMD: up by one per round trip, halved on a rate limit).
import type { ContactsHttpError } from '../engine/errors.js';
import { sleep } from '../engine/signals.js';

// A Retry-After past this fails the batch, as not processed, rather than hold the import for longer.
const MAX_PAUSE_MS = 5 * 60_000;
// The pause after a rate limit that names none, doubled for each one in a row.
const FIRST_PAUSE_MS = 250;
// Past the first rate limit, each success adds 1/(CAUTION × limit): about one more request in flight per CAUTION
// round trips, so that a server at its limit sees few requests over it.
const CAUTION = 8;

/** The pool's pace: slots for requests in flight, and the pause that every attempt waits for. */
export class Pacer {
  /** Workers to start: as many as the pool may ever have in flight. */
  readonly workers: number;
  private limit: number;
  private threshold = Infinity;
  private inFlight = 0;
  private until = 0;
  private streak = 0;
  private readonly waiting: (() => void)[] = [];

  /** `fixed` requests in flight, or (undefined) from 1 up to `max`, adapting; `stop` ends every pause. */
  constructor(
    private readonly fixed: number | undefined,
    private readonly max: number,
    private readonly stop?: AbortSignal,
  ) {
    this.workers = fixed ?? max;
    this.limit = fixed ?? 1;
  }

  /** Resolves once a request may start. */
  async slot(): Promise<void> {
    while (this.inFlight >= Math.floor(this.limit)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }

  /** A request ended: its slot is free. */
  release(): void {
    this.inFlight--;
    this.wake();
  }

  /** Resolves once no pause is on; rejects when the import is stopped during one, as nothing was sent then. */
  async ready(signal: AbortSignal | undefined = this.stop): Promise<void> {
    for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) await sleep(left, signal);
  }

  /** A request got through: the pace may quicken. */
  succeeded(): void {
    this.streak = 0;
    if (this.fixed !== undefined || this.limit >= this.max) return;
    // Slow start doubles per round trip until the first rate limit; then the increase is cautious.
    this.limit = Math.min(this.max, this.limit + (this.limit < this.threshold ? 1 : 1 / (CAUTION * this.limit)));
    this.wake();
  }

  /** A rate limit: everyone pauses; returns false when the pause it asks for is too long to wait. */
  limited(error: ContactsHttpError): boolean {
    const ms = error.retryAfterMs ?? FIRST_PAUSE_MS * 2 ** Math.min(this.streak++, 10);
    if (ms > MAX_PAUSE_MS) return false;
    // Answers to requests sent before the pause began are one signal, not several: the limit halves once.
    if (this.until <= Date.now() && this.fixed === undefined) this.threshold = this.limit = Math.max(1, this.limit / 2);
    this.until = Math.max(this.until, Date.now() + ms);
    return true;
  }

  // Every waiter checks again for a slot: there are never more of them than workers.
  private wake() {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
