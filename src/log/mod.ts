/**
 * Structured, redacted logs for the whole program (README, "Logging").
 *
 *   import { log } from "../log/mod.ts";
 *   log.info("provider_selected", { provider: "ollama", model });
 *   log.warn("request_retry", { attempt, status, error });   // errors are redacted too
 *   if (log.tracing) log.trace("http_request", { method, url, headers, body });
 *
 * The CLI calls `initLogging({ level, debug })` from `--log-level` / `--debug`, and
 * `addSecrets()` with the config's keys once it is loaded. Importing this module costs
 * nothing measurable: no dependency, no file opened before the first line at the level.
 */
import { Logger, type LoggerOptions } from "./logger.ts";

export {
  DEFAULT_LOG_LEVEL,
  LOG_LEVELS,
  type LogFields,
  Logger,
  type LoggerOptions,
  type LogLevel,
  parseLogLevel,
  TRACE_BODY_LIMIT,
} from "./logger.ts";
export { addSecrets, isSecretKey, redact, REDACTED, redactString } from "./redact.ts";
export { defaultLogFile } from "./paths.ts";

/** The program's logger. */
export const log: Logger = new Logger();

/** Applies the command line's logging settings (throws a UsageError for a bad level). */
export function initLogging(options: Pick<LoggerOptions, "level" | "debug" | "file">): void {
  log.configure(options);
}

/** Changes the level at run time (throws a UsageError for a bad level). */
export function setLogLevel(level: string): void {
  log.configure({ level });
}
