/** What the agent is built with, and which of it a session may change while it lives. */
import type { AgentMode, ToolCallingMode } from "../protocol.ts";
import type { ChatClient } from "../ai/types.ts";
import type { ToolRegistry } from "../tools/registry.ts";
import type { ContextManager } from "./context.ts";

/** What the system prompt of a request is built from, besides what the engine knows. */
export interface PromptView {
  mode: AgentMode;
  /** Format instructions when tool calls travel as text. */
  textToolFormat?: string;
}

/** The settings a session may change while it lives; read at every request. */
export interface AgentSettings {
  client: ChatClient;
  model: string;
  mode: AgentMode;
  toolCalling?: ToolCallingMode;
  /** Counts tokens, reports usage and compacts the history; optional in tests. */
  context?: ContextManager;
  /** The system prompt, or how to build it for each request from the live state. */
  systemPrompt: string | ((view: PromptView) => string);
}

/** What the agent needs to run. */
export interface AgentOptions extends AgentSettings {
  registry: ToolRegistry;
  cwd: string;
  allowedDirs?: readonly string[];
  /** Model requests allowed per prompt before the run stops (default 100). */
  maxTurns?: number;
  /** Characters of a tool result sent to the model. */
  resultBudget?: number;
  /** Waits for a tool not registered yet (an MCP server still connecting). */
  waitForTool?: (name: string) => Promise<boolean>;
  /** Writes into `.git/` are allowed (config `allowGitWrites`, the user's own only). */
  allowGitWrites?: boolean;
  /** Tools the user's config approves without asking (`alwaysAllow`, MCP `alwaysAllow`). */
  alwaysAllowed?: (name: string) => boolean;
  /** Awaited before each tool runs (after approval): the checkpoint before the prompt. */
  beforeToolRuns?: () => Promise<void>;
  /**
   * Text added to a successful call's result for the paths it touched: the instructions of
   * an AGENTS.md in a folder the session had not worked in yet.
   */
  instructionsFor?: (paths: string[]) => Promise<string | undefined>;
}
