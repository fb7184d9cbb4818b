/**
 * Reading a file a project holds, outside the file tools: its config (`agents.config.json`,
 * `.mcp.json`, `.env`, `nanocoder-preferences.json`), its instructions (AGENTS.md,
 * CLAUDE.md), its custom commands, a file a prompt names. The project decides what is
 * there, so the same rules as the file tools apply before a byte is read:
 *
 * - symlinks are resolved, and the target must lie inside `within` (the project, or the
 *   repository root for instructions): a committed `AGENTS.md -> ~/.ssh/id_rsa` would
 *   otherwise go into the prompt, and so to the model server;
 * - only a regular file is opened: a FIFO blocks start-up until someone writes to it and
 *   `/dev/zero` never ends (the checks of the tools' special-file refusal, stat first,
 *   then the opened handle again);
 * - at most `maxBytes` are read, so a huge file cannot eat memory; the caller decides
 *   whether a cut file is still usable (instructions) or refused (JSON config).
 *
 * The user's own files (their config dir, a path they typed) are read with `within`
 * undefined: symlinks followed anywhere, the other two rules kept.
 */
import { resolve } from "node:path";
import { ConfigError } from "../errors.ts";
import { isInside } from "../tools/_private/paths.ts";
import { NotRegularFileError, openRegular } from "../tools/_private/regular_file.ts";

/** Cap of a config file (JSON, `.env`, a custom command): far above any real one. */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/** Cap of one instruction file (AGENTS.md, CLAUDE.md) as read; the prompt takes less. */
export const INSTRUCTIONS_MAX_BYTES = 256 * 1024;

/** Options of {@linkcode readProjectFile}. */
export interface ProjectFileOptions {
  /**
   * The directory the file must be inside once symlinks are resolved; undefined for the
   * user's own files, which may point anywhere.
   */
  within?: string;
  /** Bytes read at most; a longer file is cut there (`truncated`). */
  maxBytes: number;
  /** Refuse a file that is not valid UTF-8 (default: invalid bytes become U+FFFD). */
  strictUtf8?: boolean;
  signal?: AbortSignal;
}

/** What reading one file gave. */
export type ProjectFileRead =
  /** `truncated`: the file is longer than `maxBytes`; `text` holds its start. */
  | { status: "ok"; text: string; truncated: boolean }
  | { status: "missing" }
  /** No read permission from Deno (`--allow-read`). */
  | { status: "denied"; reason: string }
  /** Not read, for safety: a symlink out of `within`, or not a regular file. */
  | { status: "refused"; reason: string };

/**
 * Reads `path` as UTF-8 text under the rules above. Errors other than a missing file,
 * a denied permission and a refusal are thrown (the caller names the file).
 */
export async function readProjectFile(
  path: string,
  options: ProjectFileOptions,
): Promise<ProjectFileRead> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch (error) {
    // A dangling symlink is missing too: there is nothing to read.
    if (error instanceof Deno.errors.NotFound) return { status: "missing" };
    if (error instanceof Deno.errors.NotCapable) return denied();
    throw error;
  }
  if (options.within !== undefined) {
    const root = await Deno.realPath(options.within).catch(() => options.within!);
    if (!isInside(real, root)) {
      // Named inside but resolving outside: a symlink on the way.
      const reason = isInside(resolve(path), resolve(options.within))
        ? `it is a symlink to "${real}", outside "${root}"`
        : `it is outside "${root}"`;
      return { status: "refused", reason };
    }
  }
  let opened: Awaited<ReturnType<typeof openRegular>>;
  try {
    opened = await openRegular(real, { signal: options.signal });
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      return { status: "refused", reason: `it is ${error.kind}, not a regular file` };
    }
    if (error instanceof Deno.errors.NotFound) return { status: "missing" };
    if (error instanceof Deno.errors.NotCapable) return denied();
    throw error;
  }
  const { file, info } = opened;
  try {
    const bytes = await readAtMost(file, Math.min(info.size, options.maxBytes), options);
    const truncated = bytes.length > options.maxBytes;
    // `stream` keeps a multi-byte character cut at the cap from becoming U+FFFD.
    const decoder = new TextDecoder("utf-8", { fatal: options.strictUtf8 });
    try {
      const text = decoder.decode(bytes.subarray(0, options.maxBytes), { stream: truncated });
      return { status: "ok", text, truncated };
    } catch {
      return { status: "refused", reason: "it is not UTF-8 text" };
    }
  } finally {
    file.close();
  }
}

/** Up to `max + 1` bytes of `file` (one more than allowed tells that it is longer). */
async function readAtMost(
  file: Deno.FsFile,
  expected: number,
  options: ProjectFileOptions,
): Promise<Uint8Array> {
  const limit = options.maxBytes + 1;
  let buffer = new Uint8Array(Math.min(expected + 1, limit));
  let filled = 0;
  while (filled < limit) {
    options.signal?.throwIfAborted();
    if (filled === buffer.length) {
      // The file grew since the stat: keep reading, within the cap.
      const bigger = new Uint8Array(Math.min(Math.max(buffer.length * 2, 65536), limit));
      bigger.set(buffer);
      buffer = bigger;
    }
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return buffer.subarray(0, filled);
}

function denied(): ProjectFileRead {
  return { status: "denied", reason: "no read permission (--allow-read)" };
}

/** Why a config file over the cap is not read (cut JSON or `.env` is not usable). */
export function tooBig(max: number): string {
  return `it is over ${max / (1024 * 1024)} MB, far more than any config file (not read)`;
}

/** The end of the warning for a text file used cut at the cap: "is over 256 KB: …". */
export function cutWarning(max: number): string {
  return `is over ${max / 1024} KB: only its first ${max / 1024} KB are used`;
}

/**
 * The text of a config file about to be rewritten (`mcp add`, first-run setup): undefined
 * when it does not exist; a ConfigError naming it when it may not or cannot be read.
 */
export async function readConfigForUpdate(
  path: string,
  within?: string,
): Promise<string | undefined> {
  let read;
  try {
    read = await readProjectFile(path, { within, maxBytes: CONFIG_FILE_MAX_BYTES });
  } catch (error) {
    throw new ConfigError(`Cannot read "${path}": ${(error as Error).message}`, { cause: error });
  }
  if (read.status === "missing") return undefined;
  if (read.status !== "ok") throw new ConfigError(`Cannot read "${path}": ${read.reason}`);
  if (read.truncated) {
    throw new ConfigError(`Cannot read "${path}": ${tooBig(CONFIG_FILE_MAX_BYTES)}`);
  }
  return read.text;
}
