/**
 * Nanocoder's tool names in `disabledTools` and `alwaysAllow`, read as the tools that do
 * the same job here. A user who turned off Nanocoder's `write_file` expects no tool to
 * write whole files, so it turns off `create_file`; `diff_edit` (search/replace blocks)
 * stands for the line-editing tools; `fetch_url` is `web_fetch`. The names as written are
 * kept too: they match tools of the same name (built-in or MCP).
 */

/** Nanocoder's name → the tools here that do that job. */
export const NANOCODER_TOOL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  write_file: ["create_file"],
  diff_edit: ["replace_lines", "insert_lines", "delete_lines"],
  fetch_url: ["web_fetch"],
};

/** `names` as written, each followed by the tools here it stands for; no duplicates. */
export function withToolAliases(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((name) => [name, ...(NANOCODER_TOOL_ALIASES[name] ?? [])]))];
}
