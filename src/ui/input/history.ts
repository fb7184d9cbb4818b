/**
 * Prompt history, per project: the prompts sent in this directory, newest last, kept
 * in the user's data dir (`<data>/history/<hash of the project path>.json`) so a
 * project's history never lands in the project itself, and recalled with Up and Down.
 */
import { join } from "node:path";

/** Prompts kept per project. */
export const HISTORY_LIMIT = 500;

/** The history of one project and a cursor into it. */
export class PromptHistory {
  readonly #path?: string;
  #entries: string[];
  /** Position while browsing: entries.length means "the draft being typed". */
  #index: number;
  #draft = "";
  /** Prompts recorded since the last save. */
  #unsaved: string[] = [];
  #timer?: ReturnType<typeof setTimeout>;

  private constructor(path: string | undefined, entries: string[]) {
    this.#path = path;
    this.#entries = entries;
    this.#index = entries.length;
  }

  /** Loads the history of `cwd` from `dataDir` (none when no data dir is known). */
  static async load(dataDir: string | undefined, cwd: string): Promise<PromptHistory> {
    if (!dataDir) return new PromptHistory(undefined, []);
    const path = join(dataDir, "history", `${await projectKey(cwd)}.json`);
    return new PromptHistory(path, await readEntries(path));
  }

  /** An in-memory history (tests). */
  static memory(entries: string[] = []): PromptHistory {
    return new PromptHistory(undefined, [...entries]);
  }

  get entries(): readonly string[] {
    return this.#entries;
  }

  /**
   * Records a sent prompt (a repeat of the last one is not added twice): recalled at
   * once, saved on the next turn of the event loop — the disk (re-reading and merging
   * the file) must not stand between Enter and the engine's request.
   */
  record(prompt: string): void {
    this.#draft = "";
    if (prompt.trim() && this.#entries.at(-1) !== prompt) {
      this.#entries = [...this.#entries, prompt].slice(-HISTORY_LIMIT);
      this.#unsaved.push(prompt);
      if (this.#timer === undefined && this.#path) {
        this.#timer = setTimeout(() => void this.flush(), 0);
      }
    }
    this.#index = this.#entries.length;
  }

  /** Records a prompt and saves it now. */
  async add(prompt: string): Promise<void> {
    this.record(prompt);
    await this.flush();
  }

  /** Saves what was recorded and not saved yet (also on exit). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const unsaved = this.#unsaved.splice(0);
    if (!this.#path || unsaved.length === 0) return;
    // Another nanocoder in the same project may have added prompts since: keep them.
    const entries = await readEntries(this.#path);
    for (const prompt of unsaved) if (entries.at(-1) !== prompt) entries.push(prompt);
    const merged = entries.slice(-HISTORY_LIMIT);
    // While the person walks the history, the list under them stays as it is.
    if (this.#index === this.#entries.length) {
      this.#entries = merged;
      this.#index = merged.length;
    }
    await this.#save(merged);
  }

  /** The previous prompt (Up), remembering the draft; undefined at the oldest. */
  previous(current: string): string | undefined {
    if (this.#index === 0) return undefined;
    if (this.#index === this.#entries.length) this.#draft = current;
    return this.#entries[--this.#index];
  }

  /** The next prompt (Down), or the draft back; undefined when not browsing. */
  next(): string | undefined {
    if (this.#index >= this.#entries.length) return undefined;
    this.#index++;
    return this.#index === this.#entries.length ? this.#draft : this.#entries[this.#index];
  }

  /** Stops browsing (the user edited the recalled text). */
  reset(): void {
    this.#index = this.#entries.length;
  }

  async #save(entries: readonly string[]): Promise<void> {
    if (!this.#path) return;
    try {
      await Deno.mkdir(join(this.#path, ".."), { recursive: true, mode: 0o700 });
      const temp = `${this.#path}.${Deno.pid}.tmp`;
      await Deno.writeTextFile(temp, JSON.stringify({ prompts: entries }), { mode: 0o600 });
      await Deno.rename(temp, this.#path);
    } catch {
      // History is a convenience: a read-only data dir must not break the session.
    }
  }
}

/** The prompts in a history file; none when it is missing or unreadable. */
async function readEntries(path: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await Deno.readTextFile(path));
    const prompts: unknown[] = Array.isArray(parsed?.prompts) ? parsed.prompts : [];
    return prompts.filter((p): p is string => typeof p === "string").slice(-HISTORY_LIMIT);
  } catch {
    return [];
  }
}

/** A stable file name for a project directory. */
async function projectKey(cwd: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(cwd));
  return [...new Uint8Array(bytes).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
