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

  /** Records a sent prompt (a repeat of the last one is not added twice) and saves. */
  async add(prompt: string): Promise<void> {
    this.#draft = "";
    if (prompt.trim()) {
      // Another nanocoder in the same project may have added prompts since: keep them.
      const entries = this.#path ? await readEntries(this.#path) : this.#entries;
      if (entries.at(-1) !== prompt) entries.push(prompt);
      this.#entries = entries.slice(-HISTORY_LIMIT);
      await this.#save();
    }
    this.#index = this.#entries.length;
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

  async #save(): Promise<void> {
    if (!this.#path) return;
    try {
      await Deno.mkdir(join(this.#path, ".."), { recursive: true, mode: 0o700 });
      const temp = `${this.#path}.${Deno.pid}.tmp`;
      await Deno.writeTextFile(temp, JSON.stringify({ prompts: this.#entries }), { mode: 0o600 });
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
