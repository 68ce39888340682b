// Waits that end: per-attempt deadlines, pauses between attempts, and abort listeners that do not pile up.

/** The longest delay setTimeout keeps: it fires at once for longer ones. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

// Calls `listener` when `signal` aborts, and returns the way to stop listening. However many calls share one
// signal, it gets a single listener, so no MaxListenersExceededWarning.
function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let set = subscribers.get(signal);
  if (!set) {
    const listeners = new Set<() => void>();
    set = listeners;
    subscribers.set(signal, listeners);
    signal.addEventListener('abort', () => listeners.forEach((l) => l()), { once: true });
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** One attempt's signal: aborted by the caller, or when `ms` have passed. */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  clear(): void;
}

/** Starts a deadline. A single AbortController and timer cost far less than AbortSignal.timeout() and AbortSignal.any(). */
export function deadline(ms: number, caller: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  const stop = caller && onAbort(caller, () => controller.abort(caller.reason));
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      stop?.();
    },
  };
}

/** Settles as `promise` does, or rejects with the signal's reason once it aborts. */
export function raceAbort<T>(promise: T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason));
    Promise.resolve(promise).then(resolve, reject).finally(stop);
  });
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stop = signal && onAbort(signal, () => (clearTimeout(timer), reject(signal.reason)));
    const timer = setTimeout(() => (stop?.(), resolve()), ms);
  });
}
