/**
 * The logger: JSON lines (`{"time","level","event","pid",…fields}`) appended to one file,
 * every field passed through `redact` first. Nothing is written to stdout, ever.
 *
 * The level comes from `configure({level})` (the `--log-level` flag), else
 * `NANOCODER_LOG_LEVEL`, else "warn", and is resolved on the first call: a run that logs
 * nothing at its level costs one comparison per call and never opens the file.
 * `--debug` (`configure({debug: true})`) means level "debug", request/response tracing
 * (`trace()`, bodies truncated after redaction) and every line mirrored to stderr.
 */
import { UsageError } from "../errors.ts";
import { FileSink } from "./file_sink.ts";
import { defaultLogFile, type EnvGetter, processEnvGetter } from "./paths.ts";
import { redact } from "./redact.ts";

/** The levels, least severe first; "off" logs nothing. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "off"] as const;
/** A level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];
/** What a call adds to its line. */
export type LogFields = Record<string, unknown>;
/** Level when neither the flag nor the environment sets one: a run that goes well logs nothing. */
export const DEFAULT_LOG_LEVEL: LogLevel = "warn";
/** How much of a traced body is kept (after redaction). */
export const TRACE_BODY_LIMIT = 4096;

/** Settings; each one left out keeps its current value. */
export interface LoggerOptions {
  /** `--log-level`: checked, a UsageError when it is not one of LOG_LEVELS. */
  level?: string;
  /** `--debug`: level "debug", request tracing, lines mirrored to stderr. */
  debug?: boolean;
  /** The log file (default: NANOCODER_LOG_FILE or the state dir, see paths.ts). */
  file?: string;
  /** Rotation: size of one file and how many old ones are kept. */
  maxBytes?: number;
  keep?: number;
  /** Environment lookup (tests). */
  env?: EnvGetter;
  /** Where stderr lines go (tests). */
  stderr?: (line: string) => void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
const FIXED = new Set(["time", "level", "event", "pid"]);

/** Checks a level name; a UsageError naming the accepted values otherwise. */
export function parseLogLevel(value: string, source = "--log-level"): LogLevel {
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new UsageError(
    `Invalid ${source} "${value}": expected one of ${LOG_LEVELS.join(", ")}`,
  );
}

/** A structured logger writing to one file. */
export class Logger {
  #options: LoggerOptions = {};
  #level: number | undefined;
  #explicit = false;
  #sink: FileSink | undefined;
  #noted = false;

  constructor(options: LoggerOptions = {}) {
    this.configure(options);
  }

  /** Applies settings (from flags); they win over the environment. */
  configure(options: LoggerOptions): void {
    if (options.level !== undefined) parseLogLevel(options.level);
    this.#options = { ...this.#options, ...options };
    this.#level = undefined; // resolved again on the next call
    if (options.file !== undefined || options.maxBytes !== undefined) this.close();
  }

  /** Whether a call at `level` writes anything. */
  enabled(level: Exclude<LogLevel, "off">): boolean {
    return RANK[level] >= this.#resolveLevel();
  }

  /** Whether `--debug` request/response tracing is on: callers skip building traces otherwise. */
  get tracing(): boolean {
    return this.#options.debug === true;
  }

  /** The file lines go to (undefined when no home directory is known). */
  get filePath(): string | undefined {
    return this.#options.file ?? defaultLogFile(this.#env);
  }

  debug(event: string, fields?: LogFields): void {
    if (RANK.debug >= this.#resolveLevel()) this.#write("debug", event, fields);
  }
  info(event: string, fields?: LogFields): void {
    if (RANK.info >= this.#resolveLevel()) this.#write("info", event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    if (RANK.warn >= this.#resolveLevel()) this.#write("warn", event, fields);
  }
  error(event: string, fields?: LogFields): void {
    if (RANK.error >= this.#resolveLevel()) this.#write("error", event, fields);
  }

  /**
   * `--debug` only: an HTTP request or response (method, url, status, headers, body).
   * Everything is redacted, then `body` is cut to TRACE_BODY_LIMIT characters.
   */
  trace(event: string, fields: LogFields & { body?: unknown }): void {
    if (!this.tracing) return;
    const { body, ...rest } = fields;
    const clean = redact(rest) as LogFields;
    if (body !== undefined) {
      const text = redact(typeof body === "string" ? body : safeJson(body));
      clean.body = text.length > TRACE_BODY_LIMIT
        ? `${text.slice(0, TRACE_BODY_LIMIT)}… [${text.length - TRACE_BODY_LIMIT} more characters]`
        : text;
    }
    this.#emit("debug", event, clean);
  }

  /** Closes the file; the next line opens it again. */
  close(): void {
    this.#sink?.close();
    this.#sink = undefined;
  }

  get #env(): EnvGetter {
    return this.#options.env ?? processEnvGetter;
  }

  #resolveLevel(): number {
    if (this.#level !== undefined) return this.#level;
    const { level, debug } = this.#options;
    let resolved: LogLevel = DEFAULT_LOG_LEVEL;
    this.#explicit = debug === true || level !== undefined;
    if (debug) resolved = "debug";
    else if (level !== undefined) resolved = parseLogLevel(level);
    else {
      const fromEnv = this.#env("NANOCODER_LOG_LEVEL");
      if (fromEnv) {
        try {
          resolved = parseLogLevel(fromEnv, "NANOCODER_LOG_LEVEL");
          this.#explicit = true;
        } catch (error) {
          this.#stderr(`warning: ${(error as Error).message}; using "${DEFAULT_LOG_LEVEL}"`);
        }
      }
    }
    return (this.#level = RANK[resolved]);
  }

  #write(level: LogLevel, event: string, fields?: LogFields): void {
    this.#emit(level, event, fields ? redact(fields) as LogFields : {});
  }

  #emit(level: LogLevel, event: string, clean: LogFields): void {
    const record: LogFields = { time: new Date().toISOString(), level, event, pid: Deno.pid };
    for (const [key, value] of Object.entries(clean)) {
      if (!FIXED.has(key)) record[key] = value;
    }
    const line = safeJson(record);
    if (this.#options.debug) this.#stderr(`[${level}] ${line}`);
    const sink = this.#openSink();
    sink?.write(line);
    if (sink?.failure && this.#explicit && !this.#noted) {
      this.#noted = true;
      this.#stderr(`warning: cannot write the log "${sink.failure.path}": ${sink.failure.reason}`);
    }
  }

  #openSink(): FileSink | undefined {
    if (this.#sink) return this.#sink;
    const path = this.filePath;
    if (!path) return undefined;
    const { maxBytes, keep } = this.#options;
    return (this.#sink = new FileSink({ path, maxBytes, keep }));
  }

  #stderr(line: string): void {
    if (this.#options.stderr) this.#options.stderr(line);
    else console.error(line);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? String(v) : v) ?? "null";
  } catch {
    return JSON.stringify(String(value));
  }
}
