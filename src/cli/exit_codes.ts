/** Exit codes of the CLI, documented in README. */
export const EXIT = {
  /** The model finished the task. */
  ok: 0,
  /** Provider, config or engine error; the turn limit; a stopped run. */
  error: 1,
  /** Bad command line (also a `--cwd` that is not a directory). */
  usage: 2,
  /** Hung up (SIGHUP): the run was cancelled first. */
  hangup: 129,
  /** Interrupted by SIGINT (Ctrl+C). */
  interrupted: 130,
  /** Terminated (SIGTERM: `timeout`, a CI cancel, `docker stop`): the run was cancelled first. */
  terminated: 143,
} as const;
