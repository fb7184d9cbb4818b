/**
 * MCP client: servers' tools discovered, registered and called like built-ins.
 * `McpManager` runs the servers;
 * `formatMcpStatus` prints the listing of `nanocoder mcp list`.
 */
export {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_CONSECUTIVE_TIMEOUTS,
  McpManager,
  type McpManagerOptions,
} from "./manager.ts";
export {
  formatMcpStatus,
  type McpServerState,
  type McpServerStatus,
  type McpTransportName,
  type SkippedMcpTool,
} from "./status.ts";
export { mcpToolName, mcpToolPrefix } from "./names.ts";
export { formatCallResult } from "./result.ts";
