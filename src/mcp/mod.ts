/**
 * MCP client: servers' tools discovered, registered and called like built-ins; their
 * resources, prompts and forms offered to frontends; OAuth sign-in for remote servers.
 * `McpManager` runs the servers; `formatMcpStatus` prints the listing of `nanocoder mcp list`.
 */
export {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_CONSECUTIVE_TIMEOUTS,
  McpManager,
  type McpManagerOptions,
} from "./manager.ts";
export {
  describeAuth,
  formatMcpStatus,
  type McpAuthStatus,
  type McpServerState,
  type McpServerStatus,
  type McpTransportName,
  type SkippedMcpTool,
} from "./status.ts";
export {
  elicitationDefaults,
  type McpElicitationAnswer,
  type McpElicitationField,
  type McpElicitationHandler,
  type McpElicitationRequest,
  type McpPrompt,
  type McpPromptArgument,
  type McpPromptMessage,
  type McpPromptResult,
  type McpResource,
  type McpResourceContents,
  type McpResourceTemplate,
} from "./features.ts";
export { loginCommand, type SignInDriver } from "./oauth/provider.ts";
export { openInBrowser } from "./oauth/browser.ts";
export { LIST_RESOURCES_TOOL, READ_RESOURCE_TOOL } from "./resource_tools.ts";
export { mcpToolName, mcpToolPrefix } from "./names.ts";
export { formatCallResult } from "./result.ts";
