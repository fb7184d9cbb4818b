/**
 * Runs one tool call: finds the tool, parses and validates its arguments, runs it,
 * caps its output. Native calls and calls parsed from text come through here alike.
 *
 * Everything the model can fix (unknown tool, bad JSON, wrong arguments, a tool's own
 * failure) comes back as an `ok: false` result it can read; a thrown `NotCapable`
 * (denied Deno permission) is turned into such a result too, so a run never crashes
 * on a permission.
 */
import type { z } from "zod";
import { parseToolArguments } from "../ai/toolcalls/arguments.ts";
import { assertNever } from "../errors.ts";
import { log } from "../log/mod.ts";
import type { ToolRegistry } from "./registry.ts";
import type { AnyTool, ToolContext, ToolResult } from "./tool.ts";

/** Default cap of a tool result sent to the model, in characters. */
export const DEFAULT_RESULT_BUDGET = 30_000;

/** A call ready to validate: arguments as the model wrote them. */
export interface PendingCall {
  name: string;
  /** JSON text (native calls) or an object (calls parsed from text). */
  arguments: string | Record<string, unknown>;
  /**
   * The message the call came in ended normally, so its arguments are whole: JSON left
   * open at the end is malformed, not cut off (`ArgumentsOptions.complete`).
   */
  complete?: boolean;
}

/** The outcome of resolving a call before it runs. */
export type ResolvedCall =
  | { ok: true; tool: AnyTool; args: Record<string, unknown> }
  /** `cutOff`: the arguments stop mid-way (the model hit its output limit); never run. */
  | { ok: false; error: string; args: Record<string, unknown>; cutOff?: boolean };

/** Finds the tool and validates the arguments; errors are messages for the model. */
export function resolveCall(registry: ToolRegistry, call: PendingCall): ResolvedCall {
  const tool = registry.get(call.name);
  const decoded = typeof call.arguments === "string"
    ? parseToolArguments(call.arguments, { strict: isStrict(tool), complete: call.complete })
    : { ok: true as const, value: call.arguments };
  if (!decoded.ok) {
    switch (decoded.reason) {
      case "truncated":
        return { ok: false, args: {}, cutOff: true, error: cutOffError(call.name) };
      case "ambiguous":
        return {
          ok: false,
          args: {},
          error: `Error: the arguments of "${call.name}" are not valid JSON, and repairing ` +
            `them would change what they say (${decoded.message}), so this call that writes ` +
            `or runs something was not run. Send the arguments as strict JSON (escape quotes ` +
            `and backslashes inside strings).`,
        };
      case "invalid":
        return {
          ok: false,
          args: {},
          error: `Error: the arguments of "${call.name}" are not valid JSON: ${decoded.message}. ` +
            `Send the arguments as one JSON object.`,
        };
      default:
        return assertNever(decoded.reason);
    }
  }
  const raw = decoded.value;
  const argsObject = isRecord(raw) ? raw : {};
  if (!tool) {
    const disabled = registry.disabled().find((d) => d.name === call.name);
    const error = disabled
      ? `Error: tool "${call.name}" is disabled: ${disabled.reason}.`
      : `Error: unknown tool "${call.name}". Available tools: ${registry.names().join(", ")}.`;
    return { ok: false, args: argsObject, error };
  }
  if (!isRecord(raw)) {
    return {
      ok: false,
      args: {},
      error: `Error: the arguments of "${call.name}" must be a JSON object.`,
    };
  }
  const schema = tool.schema as z.ZodType;
  let parsed = schema.safeParse(raw);
  if (!parsed.success && Object.values(raw).includes(null)) {
    // Local models often write `null` for an optional argument they mean to leave out.
    parsed = schema.safeParse(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null)),
    );
  }
  if (!parsed.success) {
    return {
      ok: false,
      args: argsObject,
      error: `Error: invalid arguments for "${call.name}":\n${
        formatIssues(parsed.error.issues)
      }\nFix the arguments and call the tool again.`,
    };
  }
  return { ok: true, tool, args: parsed.data as Record<string, unknown> };
}

/** Runs a validated call and caps its output; never throws except on cancel. */
export async function runTool(
  tool: AnyTool,
  args: Record<string, unknown>,
  ctx: ToolContext,
  budget = DEFAULT_RESULT_BUDGET,
  callId?: string,
): Promise<ToolResult> {
  const started = performance.now();
  let result: ToolResult;
  try {
    result = await tool.execute(args, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    result = { ok: false, output: describeThrown(tool.name, error) };
  }
  const ms = Math.round(performance.now() - started);
  log.info("tool_call", { name: tool.name, callId, ms, ok: result.ok });
  // The model's view of the failure (first lines): enough to see what went wrong.
  if (!result.ok && log.enabled("warn")) {
    log.warn("tool_failed", { name: tool.name, callId, error: result.output.slice(0, 2000) });
  }
  return { ...result, output: capOutput(result.output, budget) };
}

/**
 * Cuts text longer than `budget` characters, keeping the head and the tail with a
 * marker that says how much was left out, so the model knows the output is partial.
 */
export function capOutput(text: string, budget = DEFAULT_RESULT_BUDGET): string {
  if (text.length <= budget) return text;
  const head = Math.floor(budget * 0.7);
  const tail = budget - head;
  const omitted = text.length - head - tail;
  const cutLines = countLines(text.slice(head, text.length - tail));
  return `${
    text.slice(0, head)
  }\n\n[... ${omitted} characters (${cutLines} lines) cut from this output to fit the budget ...]\n\n${
    text.slice(text.length - tail)
  }`;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Whether a repaired argument string must provably say what the model wrote: yes for
 * tools that write or run something (a repair that changes a file's content or a command
 * is worse than no call), no for reads, where a slip mended a little wrong costs nothing.
 */
export function isStrict(tool: Pick<AnyTool, "kind"> | undefined): boolean {
  return tool?.kind === "write" || tool?.kind === "execute";
}

/** The result of a call cut off before it was complete (the model hit its output limit). */
export function cutOffError(toolName: string): string {
  return `Error: this "${toolName}" call was cut off before it was complete (the model's ` +
    `output limit was reached), so it was not run. Retry with smaller pieces: for a large ` +
    `file, create_file with the first part, then add the rest with insert_lines.`;
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.join(".") : "(arguments)";
    return `- ${path}: ${issue.message}`;
  }).join("\n");
}

function describeThrown(toolName: string, error: unknown): string {
  if (error instanceof Deno.errors.NotCapable) {
    // Deno says "run again with the --allow-read flag": the model cannot, the user can.
    const deno = /^Requires (.+?), run again with the (--allow-[a-z]+) flag/.exec(error.message);
    const what = deno ? `it requires ${deno[1]}, which ${deno[2]} did not grant` : error.message;
    return `Error: ${toolName} was denied by nanocoder's permissions: ${what}. Only the user ` +
      `can change that when starting nanocoder: do not retry; work within what is allowed, ` +
      `or tell the user what you need.`;
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return `Error: ${toolName} failed: the operating system denied access: ${error.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Error: ${toolName} failed: ${message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
