/**
 * Custom slash commands (Nanocoder's `.nanocoder/commands/*.md`): loading, front matter
 * and templates. Frontends reach them through the engine's facade
 * (`listCustomCommands`, `expandCustomCommand` in src/engine/mod.ts).
 */
export {
  type CustomCommand,
  expandCommand,
  findCustomCommand,
  loadCustomCommands,
} from "./custom.ts";
export type { CommandMetadata } from "./front_matter.ts";
export { parseArgs } from "./template.ts";
