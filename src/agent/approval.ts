/**
 * The single authority on whether a tool call may run. Built-in and MCP tools alike
 * come through `decideApproval`; anything it does not know is asked about.
 *
 * "Always" answers are remembered per scope, not per tool: a tool's preview may name
 * what an allowance covers (execute_bash: the command's prefix, so allowing `npm test`
 * does not allow `rm -rf x`); without one it covers the tool.
 */
import type { AgentMode, ApprovalOption, ApprovalScope, ToolKind } from "../protocol.ts";
import type { ToolPreview } from "../tools/tool.ts";

/** What to do with one tool call. */
export type ApprovalDecision =
  | { action: "allow"; warning?: string }
  | { action: "ask"; warning?: string; options: ApprovalOption[] }
  | { action: "deny"; reason: string };

/** Inputs of the decision. */
export interface ApprovalInput {
  mode: AgentMode;
  toolName: string;
  kind: ToolKind | undefined;
  preview: ToolPreview;
  /** What an "always" answer covers for this call (see `approvalScope`). */
  scope: ApprovalScope;
  /**
   * The model wrote this call as text although native tool calls were offered: it may be
   * a call quoted from a file or a web page, so it never runs without a person's yes.
   */
  writtenAsText?: boolean;
  /** Whether "always" was answered for this scope (this session, or in config). */
  alwaysAllowed: (scopeKey: string) => boolean;
  /** Whether "reject always" was answered for this scope this session. */
  alwaysDenied: (scopeKey: string) => boolean;
}

/** The warning on a call written as text while native calls were offered. */
export const TEXT_CALL_WARNING =
  "the model wrote this call as text instead of a native tool call: it may be quoting a file or a web page";

const ALL_OPTIONS: ApprovalOption[] = [
  "allow_once",
  "allow_always",
  "reject_once",
  "reject_always",
];

/**
 * Decides by mode and tool kind:
 * - plan: read tools run; writes, commands and network tools are refused.
 * - normal: read tools run; everything else is asked, except commands on the allow list.
 * - auto-accept: read, write and network tools run; commands are asked unless allowed.
 * - yolo: everything runs (warnings are still reported).
 * In every mode a tool's own refusal wins, a scope rejected "always" is refused, a call
 * written as text is asked about, and a dangerous command is never preapproved.
 */
export function decideApproval(input: ApprovalInput): ApprovalDecision {
  const { mode, kind, preview, toolName, scope } = input;
  if (preview.refuse) return { action: "deny", reason: preview.refuse };
  if (input.alwaysDenied(scope.key)) {
    return { action: "deny", reason: `The user refused ${scope.label} for this session` };
  }
  if (mode === "plan" && kind !== "read") {
    return {
      action: "deny",
      reason: `Plan mode runs only read tools: "${toolName}" (${kind ?? "unknown"}) was not run`,
    };
  }
  const warning = preview.warning;
  if (input.writtenAsText) {
    return {
      action: "ask",
      warning: warning ? `${TEXT_CALL_WARNING}; ${warning}` : TEXT_CALL_WARNING,
      options: ["allow_once", "reject_once"],
    };
  }
  if (mode === "yolo" || kind === "read" || mode === "plan") {
    return warning ? { action: "allow", warning } : { action: "allow" };
  }
  if (!warning) {
    if (kind === "execute" && preview.preapproved === true) return { action: "allow" };
    if (input.alwaysAllowed(scope.key)) return { action: "allow" };
  }
  if (mode === "auto-accept" && (kind === "write" || kind === "network")) {
    return { action: "allow", warning };
  }
  // A dangerous command is never allowed "always": each one is looked at. Nor is a
  // command its tool could not scope (not fully understood): "always" would otherwise
  // widen to every command.
  const unscopedCommand = kind === "execute" && !preview.scope;
  const options = warning || unscopedCommand
    ? ALL_OPTIONS.filter((o) => o !== "allow_always")
    : ALL_OPTIONS;
  return { action: "ask", warning, options };
}

/** What an "always" answer covers: the preview's scope, else the whole tool. */
export function approvalScope(toolName: string, preview: ToolPreview): ApprovalScope {
  return preview.scope ?? { key: toolName, label: `every "${toolName}" call` };
}

/** The "always" answers of one session, by scope key. */
export class Allowances {
  #allowed = new Set<string>();
  #denied = new Set<string>();

  allow(scope: ApprovalScope): void {
    this.#denied.delete(scope.key);
    this.#allowed.add(scope.key);
  }

  deny(scope: ApprovalScope): void {
    this.#allowed.delete(scope.key);
    this.#denied.add(scope.key);
  }

  isAllowed(key: string): boolean {
    return this.#allowed.has(key);
  }

  isDenied(key: string): boolean {
    return this.#denied.has(key);
  }
}
