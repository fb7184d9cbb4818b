/**
 * `@` mentions in a prompt become blocks the engine reads and gives the model with the
 * prompt: `@path` a file (as an editor's `@file`), `@server:uri` a resource of a
 * connected MCP server. Only paths that are files in the project (or absolute) count;
 * anything else (`@someone`, an e-mail) stays text.
 */
import { isAbsolute, resolve } from "node:path";
import type { ContentBlock } from "../../protocol.ts";

const MENTION = /(?:^|\s)@((?:[^\s\\]|\\ )+)/g;

/**
 * The prompt's blocks: its text as typed, then one block per mentioned resource or file.
 * Synchronous when no mention can be a file, so a plain prompt goes out without waiting
 * for the disk; `mcpServers` are the servers whose `@server:uri` is a resource.
 */
export function promptBlocks(
  text: string,
  cwd: string,
  mcpServers: Iterable<string> = [],
): ContentBlock[] | Promise<ContentBlock[]> {
  const servers = new Set(mcpServers);
  const blocks: ContentBlock[] = [{ type: "text", text }];
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const mention = match[1].replace(/\\ /g, " ");
    const colon = mention.indexOf(":");
    const server = colon > 0 ? mention.slice(0, colon) : "";
    if (servers.has(server)) {
      const uri = mention.slice(colon + 1);
      if (uri && !seen.has(mention)) blocks.push({ type: "mcp_resource", server, uri });
      seen.add(mention);
      continue;
    }
    const path = mention.replace(/[.,;:!?)]+$/, "");
    if (!seen.has(path)) paths.push(path);
    seen.add(path);
  }
  if (paths.length === 0) return blocks;
  return withFiles(blocks, paths, cwd);
}

async function withFiles(
  blocks: ContentBlock[],
  paths: string[],
  cwd: string,
): Promise<ContentBlock[]> {
  for (const path of paths) {
    try {
      const info = await Deno.stat(isAbsolute(path) ? path : resolve(cwd, path));
      if (info.isFile) blocks.push({ type: "file", path });
    } catch {
      // Not a file: the mention stays text.
    }
  }
  return blocks;
}
