/**
 * Tool names of MCP tools: `mcp__<server>__<tool>`, the convention users know from
 * Claude Code, so two servers cannot collide with each other or with built-ins.
 * OpenAI allows only `[A-Za-z0-9_-]` and at most 64 characters in a function name.
 */

/** Longest function name the OpenAI tools API accepts. */
export const MAX_TOOL_NAME_LENGTH = 64;

/** Replaces every character OpenAI does not allow in a function name by `_`. */
export function sanitizeNamePart(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The prefix every tool of `server` gets: `mcp__<server>__`. */
export function mcpToolPrefix(server: string): string {
  return `mcp__${sanitizeNamePart(server)}__`;
}

/**
 * The registered name of tool `tool` of server `server`. Names longer than 64 characters
 * are cut and end in a hash of the full name, so two long names stay distinct.
 */
export function mcpToolName(server: string, tool: string): string {
  const full = `${mcpToolPrefix(server)}${sanitizeNamePart(tool)}`;
  if (full.length <= MAX_TOOL_NAME_LENGTH) return full;
  const hash = fnv1a(`${server}\u0000${tool}`);
  return `${full.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/** 32-bit FNV-1a as 8 hex digits: short, stable, good enough to tell names apart. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
