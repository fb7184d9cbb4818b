/**
 * execute_bash: runs a shell command in the project directory.
 *
 * `bash -c` in its own process group (so a timeout or cancel kills the whole tree, not
 * just bash), stdin closed (a prompt gets EOF instead of hanging), provider keys removed
 * from the environment, stdout and stderr interleaved in arrival order, streamed while it
 * runs and capped head + tail. Optionally inside the OS sandbox (see `_private/sandbox.ts`).
 */
import { z } from "zod";
import type { BashSettings } from "../config/types.ts";
import { commandEnv, type SecretRules } from "./_private/bash_env.ts";
import {
  COMMAND_MARKER,
  delay,
  findLeftovers,
  groupAlive,
  killAll,
  type Leftovers,
  newCommandId,
  settlesWithin,
  signalGroup,
  trackGroup,
  untrackGroup,
} from "./_private/bash_process.ts";
import { assessCommand } from "./_private/command_safety.ts";
import { HeadTailBuffer } from "./_private/output_buffer.ts";
import { sandboxProgram, sandboxStatus, wrapInSandbox } from "./_private/sandbox.ts";
import { type Tool, type ToolContext, toolError, type ToolResult } from "./tool.ts";

export { assessCommand, type CommandAssessment } from "./_private/command_safety.ts";
export { commandEnv } from "./_private/bash_env.ts";

/** Settings of one execute_bash tool instance. */
export interface BashToolOptions extends BashSettings, SecretRules {
  /** Run every command in the OS sandbox; fail (never run unconfined) when it is missing. */
  sandbox: boolean;
  /** Let sandboxed commands use the network (default: no network). */
  sandboxNetwork?: boolean;
  /**
   * Characters of output kept for the model (head and tail), default 28 000: under the
   * executor's 30 000 budget with room for the exit status, so it is not cut twice.
   */
  maxOutputChars?: number;
  /** Wait between SIGTERM and SIGKILL of the process group, default 2 s. */
  killGraceMs?: number;
}

const schema = z.object({
  command: z.string().min(1).describe("The bash command line to run in the project directory."),
  timeout_ms: z.number().int().positive().optional().describe(
    "Timeout in milliseconds; the command and its children are killed when it expires.",
  ),
});

/** Output forwarded to the UI while running, beyond which progress is no longer streamed. */
const MAX_STREAMED_CHARS = 1_000_000;

/** Creates the execute_bash tool with the user's settings. */
export function createBashTool(options: BashToolOptions): Tool<typeof schema> {
  const program = options.sandbox ? sandboxProgram() : undefined;
  return {
    name: "execute_bash",
    description: [
      "Run a bash command in the project directory and return its output (stdout and stderr",
      "interleaved) and exit code. Stdin is closed: use non-interactive flags (-y, --yes).",
      `Default timeout ${options.defaultTimeoutMs} ms, at most ${options.maxTimeoutMs} ms;`,
      "long output is cut in the middle. Background processes still writing to the output",
      "are stopped when the command ends. Prefer the file tools for reading and editing files.",
      ...(options.sandbox
        ? [
          "Commands run in a sandbox: only the project directory and /tmp are writable" +
          (options.sandboxNetwork ? "." : ", and there is no network."),
        ]
        : []),
    ].join(" "),
    schema,
    kind: "execute",
    activity: "execute",
    title: (args) => `execute_bash: ${clip(args.command)}`,
    permissions: [
      { name: "run", command: "bash" },
      ...(program ? [{ name: "run" as const, command: program }] : []),
    ],
    async preview(args, ctx) {
      const { preapproved, warning, scope } = await assessCommand(
        args.command,
        options.allow,
        ctx.cwd,
      );
      return { preapproved, ...(warning ? { warning } : {}), ...(scope ? { scope } : {}) };
    },
    execute: (args, ctx) => runCommand(args, ctx, options),
  };
}

/** How a run ended when something other than the command itself stopped it. */
type KillReason = "timeout" | "cancelled" | undefined;

async function runCommand(
  args: z.infer<typeof schema>,
  ctx: ToolContext,
  options: BashToolOptions,
): Promise<ToolResult> {
  const requested = args.timeout_ms ?? options.defaultTimeoutMs;
  const timeoutMs = Math.min(requested, options.maxTimeoutMs);
  let inner = { command: "bash", args: ["-c", args.command] };
  if (options.sandbox) {
    const status = await sandboxStatus();
    if (!status.ok) {
      return toolError(
        `Error: the sandbox is enabled but cannot be used: ${status.reason}. The command was not run: commands never run outside the sandbox while "sandbox" is on. Ask the user to install the sandbox tool or turn the sandbox off.`,
      );
    }
    inner = wrapInSandbox(["bash", "-c", args.command], {
      projectDir: await Deno.realPath(ctx.cwd),
      writableDirs: await realDirs(ctx.allowedDirs),
      network: options.sandboxNetwork ?? false,
    });
  }
  if (ctx.signal.aborted) return toolError("Error: the command was cancelled before it started.");
  const commandId = newCommandId();

  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(inner.command, {
      args: inner.args,
      cwd: ctx.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      clearEnv: true,
      env: { ...commandEnv(options), [COMMAND_MARKER]: commandId },
      // A new session and process group (setsid): lets us signal the whole tree at once.
      detached: true,
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return toolError(`Error: cannot run "${inner.command}": it is not installed or not on PATH.`);
    }
    throw error;
  }
  trackGroup(child.pid);

  const output = new HeadTailBuffer(options.maxOutputChars ?? 28_000);
  let streamed = 0;
  const onText = (text: string) => {
    if (text === "") return;
    output.push(text);
    if (!ctx.emitOutput || streamed > MAX_STREAMED_CHARS) return;
    streamed += text.length;
    ctx.emitOutput(streamed > MAX_STREAMED_CHARS ? "\n[... further output not shown ...]\n" : text);
  };
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const reading = Promise.all(readers.map((r) => pump(r, onText)));

  const graceMs = options.killGraceMs ?? 2_000;
  let killReason: KillReason;
  let killedAt = 0;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const kill = (reason: KillReason) => {
    if (killReason) return;
    killReason = reason;
    killedAt = performance.now();
    signalGroup(child, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  };
  const timer = setTimeout(() => kill("timeout"), timeoutMs);
  const onAbort = () => kill("cancelled");
  ctx.signal.addEventListener("abort", onAbort, { once: true });

  let status: Deno.CommandStatus;
  // Background children still holding our pipes after the command ended: stopped with
  // the process group, or escaped from it (setsid) and beyond the group signal.
  let orphans: "stopped" | "escaped" | undefined;
  try {
    status = await child.status;
    // Background children may still hold the pipes open: give them a moment, then stop them.
    if (!await settlesWithin(reading, killReason ? graceMs : 250)) {
      if (!killReason) orphans = "stopped";
      signalGroup(child, "SIGKILL");
      if (!await settlesWithin(reading, 1_000)) {
        // Something left the process group (setsid) with our pipes: stop reading.
        orphans = "escaped";
        await Promise.allSettled(readers.map((r) => r.cancel()));
      }
    }
    await reading.catch(() => {});
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    ctx.signal.removeEventListener("abort", onAbort);
  }
  if (killReason) {
    // bash died on SIGTERM but some of its processes may not have (they ignore it, or are
    // still cleaning up): they get the rest of the grace period, then SIGKILL.
    const deadline = killedAt + graceMs;
    while (performance.now() < deadline && await groupAlive(commandId, child.pid)) {
      await delay(Math.min(50, deadline - performance.now()));
    }
    signalGroup(child, "SIGKILL");
  }
  // In the sandbox nothing outlives the command: its PID namespace dies with it.
  const leftovers = options.sandbox ? undefined : await findLeftovers(commandId, child.pid);
  if (killReason && leftovers) killAll(leftovers.escaped);
  // A group with live members stays tracked, so the exit hook still stops it.
  if (!leftovers?.inGroup.length) untrackGroup(child.pid);
  const result = formatResult(output, status, killReason, {
    timeoutMs,
    requested,
    max: options.maxTimeoutMs,
  });
  const notes = leftoverNotes(orphans, leftovers, !!killReason);
  return notes.length ? { ...result, output: `${result.output}\n${notes.join("\n")}` } : result;
}

/** What the model should know about processes the command left behind. */
function leftoverNotes(
  orphans: "stopped" | "escaped" | undefined,
  leftovers: Leftovers | undefined,
  killed: boolean,
): string[] {
  const notes: string[] = [];
  if (orphans === "stopped") {
    notes.push("Background processes still holding the output open were stopped.");
  }
  const running = leftovers?.inGroup ?? [];
  if (!killed && running.length) {
    notes.push(
      `Still running in the background: ${
        pidList(running)
      }. They are stopped when nanocoder exits.`,
    );
  }
  const escaped = leftovers?.escaped ?? [];
  if (escaped.length && killed) {
    notes.push(
      `Also killed ${
        pidList(escaped)
      }, which had left the command's process group (setsid or similar).`,
    );
  } else if (escaped.length) {
    notes.push(
      `${pidList(escaped)} left the command's process group (setsid or similar) and ${
        escaped.length === 1 ? "is" : "are"
      } still running: nanocoder cannot stop ${
        escaped.length === 1 ? "it" : "them"
      }, not even when it exits. Stop ${escaped.length === 1 ? "it" : "them"} with \`kill ${
        escaped.join(" ")
      }\` when no longer needed.`,
    );
  } else if (orphans === "escaped" && !leftovers) {
    notes.push(
      "A background process left the command's process group (setsid or similar) and may " +
        "still be running: nanocoder cannot stop it. Check with `ps` and stop it yourself.",
    );
  }
  return notes;
}

function pidList(pids: readonly number[]): string {
  return `${pids.length === 1 ? "process" : "processes"} ${pids.join(", ")}`;
}

/** Reads a pipe to the end, decoding UTF-8 across chunk boundaries. */
async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onText: (text: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      onText(decoder.decode(value, { stream: true }));
    }
  } catch {
    // Cancelled by us after the command ended; what was read is kept.
  } finally {
    onText(decoder.decode());
  }
}

function formatResult(
  output: HeadTailBuffer,
  status: Deno.CommandStatus,
  killReason: KillReason,
  timeout: { timeoutMs: number; requested: number; max: number },
): ToolResult {
  const text = output.text();
  const lines = [text === "" ? "(no output)" : text.replace(/\n$/, "")];
  const notes: string[] = [];
  let summary: string;
  if (killReason === "timeout") {
    summary = `Timed out after ${timeout.timeoutMs} ms`;
    notes.push(
      `Timed out after ${timeout.timeoutMs} ms: the command and all its child processes were killed.` +
        (timeout.timeoutMs < timeout.max
          ? ` Pass a larger timeout_ms (at most ${timeout.max}) if it needs longer.`
          : " Run long tasks in the background with output to a file, then read the file."),
    );
  } else if (killReason === "cancelled") {
    summary = "Cancelled";
    notes.push("Cancelled by the user: the command and all its child processes were killed.");
  } else if (status.signal) {
    summary = `Killed by ${status.signal}`;
    notes.push(`Killed by signal ${status.signal}.`);
  } else {
    summary = `Exit code ${status.code}`;
    notes.push(`Exit code: ${status.code}`);
  }
  if (timeout.requested > timeout.max) {
    notes.push(`(timeout_ms ${timeout.requested} is above the maximum: ${timeout.max} was used.)`);
  }
  const killed = !!killReason || !!status.signal;
  return {
    ok: !killed && status.code === 0,
    output: `${lines.join("\n")}\n\n${notes.join("\n")}`,
    summary,
    exitCode: killed ? null : status.code,
  };
}

async function realDirs(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    try {
      out.push(await Deno.realPath(dir));
    } catch {
      // An allowed dir that does not exist cannot be bound into the sandbox.
    }
  }
  return out;
}

/** A command on one line, at most 80 characters, for titles. */
function clip(command: string): string {
  const line = command.trim().replace(/\s+/g, " ");
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}
