/**
 * Signals that end a headless run: SIGINT (Ctrl+C), SIGTERM (`timeout`, a CI cancel,
 * `docker stop`) and SIGHUP (a closed terminal) all cancel the run the same way (the
 * stream, waiting approvals, running commands and their process groups), then the
 * program exits with 130, 143 or 129. A second signal exits at once.
 */
import { EXIT } from "./exit_codes.ts";

const CODES: Partial<Record<Deno.Signal, number>> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  SIGHUP: EXIT.hangup,
};

/** Listening for the signals of a run. */
export interface RunSignals {
  /** The exit code of the first signal received, if any. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

/** Calls `cancel` on the first signal; exits on the second. */
export function watchSignals(cancel: () => void): RunSignals {
  let exitCode: number | undefined;
  const listeners: [Deno.Signal, () => void][] = [];
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) {
    const code = CODES[signal] ?? EXIT.error;
    const listener = () => {
      if (exitCode !== undefined) Deno.exit(exitCode); // a second signal does not wait
      exitCode = code;
      cancel();
    };
    Deno.addSignalListener(signal, listener);
    listeners.push([signal, listener]);
  }
  return {
    get exitCode() {
      return exitCode;
    },
    dispose() {
      for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
    },
  };
}
