/**
 * Seeded randomness for the fuzz tests, so that a failure reproduces: every case gets
 * its own seed, printed with the failure. `FUZZ_SEED=n` runs from another base seed and
 * `FUZZ_RUNS=n` scales the number of cases (e.g. 10000 for a long local run).
 */

/** The base seed of this run. */
export const BASE_SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20_260_917);

/** `n` cases, or `FUZZ_RUNS` when set. */
export function runs(n: number): number {
  return Number(Deno.env.get("FUZZ_RUNS") ?? n);
}

/** A small fast PRNG (mulberry32) with the helpers the fuzzers need. */
export class Prng {
  #state: number;

  constructor(readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Text of up to `max` characters: ASCII, JSON and SSE syntax, controls, non-Latin, emoji. */
  text(max: number): string {
    const alphabets = [
      "abcdefghijklmnopqrstuvwxyz ",
      '{}[]":,\\/ ',
      "\n\r\t:data event",
      "\u0000\u0001\u001b\u007f",
      "éüñ中文Ж",
      "😀🚀",
    ];
    let out = "";
    const length = this.int(0, max);
    while (out.length < length) out += this.pick([...this.pick(alphabets)]);
    return out;
  }

  /** Random bytes (any values, invalid UTF-8 included). */
  bytes(max: number): Uint8Array {
    const out = new Uint8Array(this.int(0, max));
    for (let i = 0; i < out.length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** A random JSON value; object keys come from `keys` half of the time. */
  json(depth: number, keys: readonly string[] = []): unknown {
    const kind = this.int(0, depth > 0 ? 7 : 4);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53, this.int(-1000, 1000)]);
      case 3:
        return this.text(20);
      case 4:
        return this.pick(["", "stop", "length", "tool_calls", "{", "[DONE]", "null"]);
      case 5:
      case 6: {
        const out: Record<string, unknown> = {};
        for (let i = this.int(0, 5); i > 0; i--) {
          const key = keys.length && this.chance(0.5) ? this.pick(keys) : this.text(8);
          out[key] = this.json(depth - 1, keys);
        }
        return out;
      }
      default:
        return Array.from({ length: this.int(0, 4) }, () => this.json(depth - 1, keys));
    }
  }

  /** `bytes` cut into pieces at random places (inside UTF-8 sequences too). */
  split(bytes: Uint8Array): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length) {
      const size = this.chance(0.3) ? 1 : this.int(1, Math.max(1, Math.ceil(bytes.length / 3)));
      pieces.push(bytes.subarray(at, at + size));
      at += size;
    }
    return pieces;
  }
}

/** Runs `body` for `n` seeds; a failure names the seed that reproduces it. */
export async function forSeeds(
  n: number,
  body: (rng: Prng) => void | Promise<void>,
): Promise<void> {
  for (let i = 0; i < runs(n); i++) {
    const seed = BASE_SEED + i;
    try {
      await body(new Prng(seed));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`seed ${seed} (FUZZ_SEED=${seed} FUZZ_RUNS=1 reproduces it): ${message}`, {
        cause: error,
      });
    }
  }
}
