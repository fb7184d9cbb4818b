/**
 * One AbortSignal per MCP request, detached when the request settles.
 *
 * The SDK adds an "abort" listener to the signal a request is given and never removes
 * it. Given a long-lived signal (the connection's, the turn's), aborting it later makes
 * the SDK send `notifications/cancelled` for every request that already finished,
 * `initialize` included, which the spec forbids. Each request here gets a fresh signal
 * that follows the caller's only while the request is in flight.
 */

/** Runs `request` with a signal of its own that mirrors `signal` until it settles. */
export async function withOwnSignal<T>(
  signal: AbortSignal | undefined,
  request: (own: AbortSignal) => Promise<T>,
): Promise<T> {
  const own = new AbortController();
  if (!signal) return await request(own.signal);
  signal.throwIfAborted();
  const forward = () => own.abort(signal.reason);
  signal.addEventListener("abort", forward, { once: true });
  try {
    return await request(own.signal);
  } finally {
    signal.removeEventListener("abort", forward);
  }
}
