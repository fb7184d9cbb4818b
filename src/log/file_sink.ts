/**
 * Appends lines to a log file that is opened on the first write (a run that logs
 * nothing never touches the disk) and rotated by size: `nanocoder.log` becomes
 * `nanocoder.log.1`, `.1` becomes `.2` and so on, the oldest dropped.
 *
 * Writes are synchronous, one `write` per line on a file opened for appending, so a
 * line is whole even when several processes share the file, and nothing is lost when
 * the program ends with `Deno.exit()` right after logging. The file is created 0600 in
 * a 0700 folder: logs hold prompts and file contents. Two processes sharing the file may
 * both rotate it once; no line is lost, a file may hold less than the limit.
 */

/** How a sink writes. */
export interface FileSinkOptions {
  path: string;
  /** Rotate once the file passes this size (default 5 MiB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one (default 3). */
  keep?: number;
}

/** Why a sink cannot write, once known. */
export type SinkFailure = { path: string; reason: string };

/** A lazily opened, size-rotated append-only file. */
export class FileSink {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #file: Deno.FsFile | undefined;
  #size = 0;
  #failure: SinkFailure | undefined;
  #encoder = new TextEncoder();

  constructor(options: FileSinkOptions) {
    this.path = options.path;
    this.#maxBytes = options.maxBytes ?? 5 * 2 ** 20;
    this.#keep = options.keep ?? 3;
  }

  /** Set when the file could not be opened or written; the sink then drops lines. */
  get failure(): SinkFailure | undefined {
    return this.#failure;
  }

  /** Appends one line (a newline is added). Never throws. */
  write(line: string): void {
    if (this.#failure) return;
    try {
      if (!this.#file) this.#open();
      const bytes = this.#encoder.encode(line + "\n");
      if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) this.#rotate();
      writeAll(this.#file!, bytes);
      this.#size += bytes.length;
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Closes the file; the next write opens it again. */
  close(): void {
    try {
      this.#file?.close();
    } catch {
      // already closed
    }
    this.#file = undefined;
  }

  #open(): void {
    const dir = this.path.replace(/[\\/][^\\/]*$/, "");
    // Rotation renames, which needs both. Asked first: a denied call could prompt on a TTY.
    for (const name of ["read", "write"] as const) {
      if (Deno.permissions.querySync({ name, path: this.path }).state !== "granted") {
        throw new Deno.errors.NotCapable(
          `no ${name} permission (grant --allow-read=${dir} --allow-write=${dir})`,
        );
      }
    }
    if (dir && dir !== this.path) Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#file = Deno.openSync(this.path, { append: true, create: true, mode: 0o600 });
    this.#size = this.#file.statSync().size;
  }

  /** Shifts the files by one (`.log` → `.log.1` → `.log.2` …) and opens a new one. */
  #rotate(): void {
    this.close();
    for (let i = this.#keep - 1; i >= 0; i--) {
      try {
        Deno.renameSync(i === 0 ? this.path : `${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    this.#open();
  }

  #fail(error: unknown): void {
    this.close();
    const reason = error instanceof Error ? error.message : String(error);
    this.#failure = { path: this.path, reason };
  }
}

function writeAll(file: Deno.FsFile, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
}
