/**
 * Writes a session as it happens: each kept event is appended as one line with one
 * synchronous write the moment it is emitted, so a crash or a kill loses at most the
 * event being written (and a line cut short is skipped when the file is read). The file
 * is created, 0600, only when the first prompt starts: opening a session that never gets
 * a prompt leaves nothing behind. The listing's index catches up by itself (catalog.ts).
 */
import { join } from "node:path";
import type { AgentEvent } from "../protocol.ts";
import { VERSION } from "../version.ts";
import { ensurePrivateDirSync, openAppendSync, writeAllSync } from "./private_files.ts";
import { redact, type SessionHeader, storedForm } from "./records.ts";

const encoder = new TextEncoder();

function existsSync(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** How to open a session's log. */
export interface SessionLogOptions {
  /** The project's sessions folder. */
  dir: string;
  sessionId: string;
  cwd: string;
  /** Values never written (API keys); read at each write, so it may grow. */
  secrets: readonly string[];
}

/** The session file of one session, appended to as events happen. */
export class SessionLog {
  readonly file: string;
  readonly #options: SessionLogOptions;
  #handle?: Deno.FsFile;
  /** Events before the first prompt, written when it starts. */
  #pending: AgentEvent[] = [];
  #failed = false;
  /** The file exists (a resumed session): every kept event is written at once. */
  #exists: boolean;

  constructor(options: SessionLogOptions) {
    this.#options = options;
    this.file = join(options.dir, `${options.sessionId}.jsonl`);
    this.#exists = existsSync(this.file);
  }

  /**
   * Appends an event if it is kept. Returns a warning the first time writing fails (a
   * full disk, a permission taken away); the session goes on without being saved.
   */
  record(event: AgentEvent): string | undefined {
    if (this.#failed) return undefined;
    const stored = storedForm(event);
    if (!stored) return undefined;
    if (!this.#handle && !this.#exists && stored.type !== "run_started") {
      this.#pending.push(stored);
      return undefined;
    }
    try {
      this.#handle ??= this.#open();
      for (const pending of this.#pending.splice(0)) this.#write(pending);
      this.#write(stored);
      // A finished prompt is worth an fsync: it survives a power loss, not only a crash.
      if (stored.type === "done") this.#handle.syncDataSync();
    } catch (error) {
      this.#failed = true;
      this.close();
      return `This session is no longer saved: cannot write "${this.file}": ${
        (error as Error).message
      }`;
    }
    return undefined;
  }

  /** Whether anything was written (the session exists on disk). */
  get started(): boolean {
    return this.#handle !== undefined;
  }

  close(): void {
    try {
      this.#handle?.close();
    } catch {
      // Already closed.
    }
    this.#handle = undefined;
  }

  #open(): Deno.FsFile {
    ensurePrivateDirSync(this.#options.dir);
    const file = openAppendSync(this.file);
    if (file.statSync().size === 0) {
      const header: SessionHeader = {
        type: "session_file",
        version: 1,
        sessionId: this.#options.sessionId,
        cwd: this.#options.cwd,
        createdAt: new Date().toISOString(),
        nanocoder: VERSION,
      };
      writeAllSync(file, encoder.encode(`${JSON.stringify(header)}\n`));
    }
    return file;
  }

  #write(event: AgentEvent): void {
    // `type` first: listings find the lines they need without parsing the others.
    const { type, ...rest } = event;
    const line = redact(JSON.stringify({ type, ...rest }), this.#options.secrets);
    writeAllSync(this.#handle!, encoder.encode(`${line}\n`));
  }
}
