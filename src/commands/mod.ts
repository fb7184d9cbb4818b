/**
 * Slash commands a frontend offers besides its own: custom commands (Nanocoder's
 * `.nanocoder/commands/*.md`: loading, front matter, templates) and MCP prompts' typed
 * arguments. Frontends reach them through the engine's facade (`listCustomCommands`,
 * `expandCustomCommand`, `mcpPromptArguments` in src/engine/mod.ts).
 */
export {
  type CustomCommand,
  expandCommand,
  findCustomCommand,
  loadCustomCommands,
} from "./custom.ts";
export type { CommandMetadata } from "./front_matter.ts";
export { type McpPromptArguments, mcpPromptArguments, mcpPromptUsage } from "./mcp_prompt.ts";
