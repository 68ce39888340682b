// How the batches of one import share a server: one pause for all on a rate limit, and a number of requests in
// flight that is fixed, or that adapts (AIMD: up by one per round trip, halved on a rate limit).
import type { Pace } from '../engine/engine.js';
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
  // How many times the limit was cut: a rate limit on a request sent before the last cut is not a new signal.
  private cuts = 0;
  private readonly waiting: (() => void)[] = [];

  /** `fixed` requests in flight, or (undefined) from 1 up to `max`, adapting; `stop` ends every wait. */
  constructor(
    private readonly fixed: number | undefined,
    private readonly max: number,
    private readonly stop?: AbortSignal,
  ) {
    this.workers = fixed ?? max;
    this.limit = fixed ?? 1;
  }

  /** Resolves once a batch may start, with the lane its requests go through; `release` it when the batch ends. */
  async lane(): Promise<Lane> {
    await this.take(undefined);
    return new Lane(this, this.stop);
  }

  /** A request got through: the pace may quicken. */
  succeeded(): void {
    this.streak = 0;
    if (this.fixed !== undefined || this.limit >= this.max) return;
    // Slow start doubles per round trip until the first rate limit; then the increase is cautious.
    this.limit = Math.min(this.max, this.limit + (this.limit < this.threshold ? 1 : 1 / (CAUTION * this.limit)));
    this.wake();
  }

  /** Takes a slot once one is free; rejects when `signal` stops the wait. */
  async take(signal: AbortSignal | undefined): Promise<void> {
    while (this.inFlight >= Math.floor(this.limit)) {
      signal?.throwIfAborted();
      await this.turn(signal);
    }
    this.inFlight++;
  }

  /** A slot is free again. */
  free(): void {
    this.inFlight--;
    this.wake();
  }

  /** Resolves once no pause is on; rejects when `signal` stops it, as nothing was sent then. */
  async paused(signal: AbortSignal | undefined): Promise<void> {
    for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) await sleep(left, signal);
  }

  /** The current cut, for `limited` to tell a new signal from an old one. */
  get epoch(): number {
    return this.cuts;
  }

  /** A rate limit on a request sent at `epoch`: everyone pauses; false when the pause asked for is too long to wait. */
  limited(error: ContactsHttpError, epoch: number): boolean {
    const ms = error.retryAfterMs ?? FIRST_PAUSE_MS * 2 ** Math.min(this.streak++, 10);
    if (ms > MAX_PAUSE_MS) return false;
    // Answers to requests sent before the last cut are the same signal: the limit halves once for them.
    if (this.fixed === undefined && epoch === this.cuts) {
      this.threshold = this.limit = Math.max(1, this.limit / 2);
      this.cuts++;
    }
    this.until = Math.max(this.until, Date.now() + ms);
    return true;
  }

  /** Resolves when a slot may have come free, or `signal` aborts. */
  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiting.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  // Every waiter checks again for a slot: there are never more of them than workers.
  private wake() {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/**
 * One batch's way through the pool: it holds a slot while its request is in flight. A rate-limited request gives
 * its slot up, and takes one again before it is sent again: a retry counts against the limit as a new request does,
 * so that a limit cut in half is at once what is in flight.
 */
export class Lane implements Pace {
  private held = true;
  private sentAt: number;

  /** `stop` ends its waits when the call passes no signal of its own. */
  constructor(
    private readonly pacer: Pacer,
    private readonly stop: AbortSignal | undefined,
  ) {
    this.sentAt = pacer.epoch;
  }

  /** Resolves once the request may be sent: a slot held, and no pause on. */
  async ready(signal: AbortSignal | undefined = this.stop): Promise<void> {
    if (!this.held) {
      await this.pacer.take(signal);
      this.held = true;
    }
    await this.pacer.paused(signal);
    this.sentAt = this.pacer.epoch;
  }

  /** A rate limit: the pool pauses, and this lane gives up its slot until it is sent again. */
  limited(error: ContactsHttpError): boolean {
    if (!this.pacer.limited(error, this.sentAt)) return false;
    this.release();
    return true;
  }

  /** The batch ended, or waits: its slot is free. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.pacer.free();
  }
}
