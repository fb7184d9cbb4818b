/**
 * The progress line of a headless run on a terminal: a spinner, what runs now ("waiting
 * for the model", "execute_bash: npm test") and for how long, redrawn in place on stderr.
 * It lives on the cursor's line, so whoever writes to the terminal clears it first
 * (`clear()`) and lets it come back once the cursor is at the start of a line again.
 */

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** How often the line is redrawn. */
export const PROGRESS_INTERVAL_MS = 100;

/** The clock and timer of a progress line (tests drive them by hand). */
export interface ProgressClock {
  now(): number;
  /** Calls `tick` every `ms`; returns how to stop. */
  every(ms: number, tick: () => void): () => void;
}

/** Options of {@link ProgressLine}. */
export interface ProgressOptions {
  /** Writes to stderr. */
  write: (s: string) => void;
  color: boolean;
  /** Terminal width, for clipping the label (default: the console's, else 80). */
  columns?: () => number;
  clock?: ProgressClock;
}

/** The real clock: an unref'd interval, so it never keeps the process alive. */
export const systemClock: ProgressClock = {
  now: () => Date.now(),
  every(ms, tick) {
    const id = setInterval(tick, ms);
    Deno.unrefTimer(id);
    return () => clearInterval(id);
  },
};

/** One line of progress on a terminal. */
export class ProgressLine {
  #opts: ProgressOptions;
  #clock: ProgressClock;
  #label?: string;
  #since = 0;
  #frame = 0;
  #drawn = false;
  /** Whether the cursor is at the start of a line (someone else's output ended there). */
  #canDraw = true;
  #stop?: () => void;

  constructor(options: ProgressOptions) {
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * After an event: what runs now (`null`: no change; undefined hides the line and stops
   * the timer) and whether the cursor is at the start of a line, where the line may be.
   * A new label counts its time from now.
   */
  update(label: string | undefined | null, atLineStart: boolean): void {
    this.#canDraw = atLineStart;
    const changed = label !== null && label !== this.#label;
    if (changed) {
      this.#label = label;
      this.#since = this.#clock.now();
      if (label === undefined) {
        this.clear();
        this.#stop?.();
        this.#stop = undefined;
        return;
      }
      this.#stop ??= this.#clock.every(PROGRESS_INTERVAL_MS, () => this.#tick());
    }
    if (changed || !this.#drawn) this.#draw();
  }

  /** Erases the line (before someone else writes to the terminal). */
  clear(): void {
    if (!this.#drawn) return;
    this.#opts.write("\r\x1b[2K");
    this.#drawn = false;
  }

  #tick(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length;
    this.#draw();
  }

  #draw(): void {
    if (this.#label === undefined || !this.#canDraw) return;
    const elapsed = formatElapsed(this.#clock.now() - this.#since);
    const columns = this.#opts.columns?.() ?? consoleColumns();
    const label = clip(
      this.#label.replace(/\s+/g, " "),
      Math.max(10, columns - elapsed.length - 6),
    );
    const [dim, cyan, reset] = this.#opts.color ? ["\x1b[2m", "\x1b[36m", "\x1b[0m"] : ["", "", ""];
    this.#opts.write(
      `\r\x1b[2K${cyan}${FRAMES[this.#frame]}${reset} ${label} ${dim}(${elapsed})${reset}`,
    );
    this.#drawn = true;
  }
}

/** "4s", "1m 05s", "1h 02m". */
function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

function consoleColumns(): number {
  try {
    return Deno.consoleSize().columns || 80;
  } catch {
    return 80;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
