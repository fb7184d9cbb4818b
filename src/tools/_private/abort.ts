/**
 * Waiting that a cancel interrupts at once: the file and web tools wait on things that
 * may never finish (an open that blocks, a lock another process holds, a DNS lookup),
 * and Ctrl+C must not wait with them.
 */

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts.
 * `onLate` gets the value if it arrives after the cancel (to close a late file handle).
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onLate?: (value: T) => void,
): Promise<T> {
  if (!signal) return promise;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      if (onLate) promise.then(onLate, () => {});
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  // The loser of the race must not surface as an unhandled rejection.
  promise.catch(() => {});
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener("abort", onAbort)
  );
}

/** Resolves after `ms`, or rejects with the signal's reason at once (the timer is cleared). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
