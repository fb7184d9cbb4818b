/**
 * The Tool type: one object per tool, built-in or MCP, in one file each.
 *
 * A tool failure the model can fix is *returned* (`ok: false` with a message that says
 * what to do); only infrastructure failures throw.
 */
import type { z } from "zod";
import type { FileChange, ToolActivity, ToolKind, ToolLocation } from "../protocol.ts";

export type { FileChange, ToolActivity, ToolKind, ToolLocation };

/** What a tool gets besides its arguments. */
export interface ToolContext {
  /** Absolute path of the project directory; relative paths resolve against it. */
  cwd: string;
  /** Extra directories the user allowed tools to touch (absolute paths). */
  allowedDirs: readonly string[];
  /** Cancelled on Ctrl+C, `cancel` op or timeout. */
  signal: AbortSignal;
  /**
   * Content hash of each file as the model last saw it (absolute real path → hash).
   * File tools record reads and their own writes here, and refuse edits to a file
   * whose current hash differs (changed on disk since the model read it).
   */
  knownFiles: Map<string, string>;
  /**
   * Writes inside a `.git` directory (hooks, config) are refused unless the user allowed
   * them (config `allowGitWrites: true`, from the user's own settings only).
   */
  allowGitWrites?: boolean;
  /** Report partial output while the tool runs (bash progress). */
  emitOutput?: (chunk: string) => void;
  /** The call being run (set by the agent), for a frontend that shows work beside it. */
  callId?: string;
  /**
   * The editor's files, when the frontend offers them (ACP's `fs/*`): file tools read
   * and write through them. Every safety rule applies first, on the real path.
   */
  files?: EditorFiles;
  /** The editor's terminals, when the frontend offers them (ACP's `terminal/*`). */
  terminal?: EditorTerminal;
}

/**
 * An editor's view of files (ACP `fs/read_text_file`, `fs/write_text_file`): reading
 * through it gives an open buffer's unsaved text; writing through it lets the editor
 * track (and undo) the agent's edit. Paths are absolute. Either half may be missing.
 */
export interface EditorFiles {
  /** The file's whole text as the editor has it; rejects when it cannot be read. */
  readText?(path: string): Promise<string>;
  /** Replaces the file's whole text (creating it) through the editor. */
  writeText?(path: string, text: string): Promise<void>;
}

/** A command to run in an editor's terminal. */
export interface TerminalCommand {
  /** The tool call it runs for: the frontend shows the terminal with that call. */
  callId: string;
  command: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Variables set on top of the editor's own environment. */
  env: Record<string, string>;
  /** Bytes of output the editor keeps (it drops the oldest beyond). */
  outputByteLimit: number;
  /** Aborting it kills the command (a cancel or a timeout). */
  signal: AbortSignal;
}

/** How a command in an editor's terminal ended. */
export interface TerminalOutcome {
  output: string;
  /** Older output was dropped to stay within the byte limit. */
  truncated: boolean;
  /** Null when a signal ended it. */
  exitCode: number | null;
  signal: string | null;
}

/**
 * An editor's terminals (ACP `terminal/*`): `execute_bash` runs there when offered, so
 * the user watches the command live in the editor.
 */
export interface EditorTerminal {
  /** Runs the command to its end (or until `signal` aborts) and returns its output. */
  run(command: TerminalCommand): Promise<TerminalOutcome>;
}

/** What a tool returns. */
export interface ToolResult {
  ok: boolean;
  /** The text sent back to the model. */
  output: string;
  /** One line for display ("Wrote 12 lines to src/a.ts"). */
  summary?: string;
  /** Unified diff of the change, when the tool wrote a file. */
  diff?: string;
  /** Project-relative paths the tool changed. */
  filesChanged?: string[];
  /** Every file the call changed, with its text before and after (absolute paths). */
  changes?: FileChange[];
  /** A command's exit code (null when it was killed), for frontends that show it. */
  exitCode?: number | null;
  /** What the call found, absolute, at most {@linkcode MAX_RESULT_LOCATIONS} (a search's matches). */
  locations?: ToolLocation[];
}

/** Most places a result names for frontends (the model's text may list many more). */
export const MAX_RESULT_LOCATIONS = 20;

/** What a tool says about a call before it runs, for the approval prompt. */
export interface ToolPreview {
  /** Unified diff of the write it would make. */
  diff?: string;
  /** A reason to look twice, shown even in auto modes (a dangerous command). */
  warning?: string;
  /** The call is safe enough to skip the prompt (a command on the user's allow list). */
  preapproved?: boolean;
  /**
   * The call must not run at all (the tool's own rules would refuse it: a path outside
   * the project, a `.git` file, a private address): it is refused before anyone is asked,
   * in every mode. The message goes back to the model as the call's result.
   */
  refuse?: string;
  /** The files the call would change, before and after (absolute paths). */
  changes?: FileChange[];
  /**
   * What an "allow always" answer would cover: a bash allowance covers the command's
   * prefix (`npm test`), not every command. `key` identifies the allowance; `label` is
   * what a person is shown. Without it, "always" covers the tool.
   */
  scope?: { key: string; label: string };
}

/** A tool. `S` is its zod input schema. */
export interface Tool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** Input schema; validated by the executor and sent to the model as JSON Schema. */
  schema: S;
  /** JSON Schema sent to the model when it should not be derived from `schema` (MCP tools). */
  jsonSchema?: Record<string, unknown>;
  kind: ToolKind;
  /** The finer activity frontends show (an editor's icon); default by `kind`. */
  activity?: ToolActivity;
  /** One line a person reads for a call: "create_file hello.txt", "execute_bash: npm test". */
  title?(args: z.infer<S>): string;
  /** The files a call touches, absolute, for frontends that follow along. */
  locations?(args: z.infer<S>, ctx: Pick<ToolContext, "cwd">): ToolLocation[];
  /**
   * Deno permissions the tool cannot work without. The registry queries them at start:
   * a tool missing one is left out and listed as disabled with the reason.
   */
  permissions?: Deno.PermissionDescriptor[];
  /** Describe the effect of a call before approval (diff, warnings). Must not write. */
  preview?(args: z.infer<S>, ctx: ToolContext): Promise<ToolPreview>;
  execute(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** A tool of any schema, as the registry holds it. */
// deno-lint-ignore no-explicit-any
export type AnyTool = Tool<any>;

/** Shorthand for a failed result the model can act on. */
export function toolError(output: string): ToolResult {
  return { ok: false, output };
}
