/**
 * The session's event stream: events are queued as they happen and read by one
 * consumer at its own pace, so a slow frontend never blocks the engine and nothing is
 * lost before the frontend starts reading.
 */

/** An unbounded single-reader queue that ends when closed (after draining). */
export class EventChannel<T> {
  #queue: T[] = [];
  #wake?: () => void;
  #closed = false;
  #taken = false;

  push(value: T): void {
    if (this.#closed) return;
    this.#queue.push(value);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The reader; a second one is a programming error. */
  reader(): AsyncIterableIterator<T> {
    if (this.#taken) throw new Error("The event stream has one reader and it is taken");
    this.#taken = true;
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        while (this.#queue.length === 0 && !this.#closed) {
          await new Promise<void>((resolve) => (this.#wake = resolve));
          this.#wake = undefined;
        }
        if (this.#queue.length > 0) return { value: this.#queue.shift() as T, done: false };
        return { value: undefined, done: true };
      },
      return: () => {
        this.close();
        this.#queue.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/**
 * A callback target that exists before its receiver: values pushed early are kept and
 * handed over, in order, when the receiver arrives (a component started before the
 * session that will report for it).
 */
export class LateSink<T> {
  #early: T[] = [];
  #receiver?: (value: T) => void;

  push(value: T): void {
    if (this.#receiver) this.#receiver(value);
    else this.#early.push(value);
  }

  /** Hands over what came early, then forwards everything that follows. */
  drainTo(receiver: (value: T) => void): void {
    this.#receiver = receiver;
    for (const value of this.#early.splice(0)) receiver(value);
  }
}
