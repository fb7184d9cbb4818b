/**
 * `@path` mentions in a prompt become file blocks the engine reads and gives the model
 * with the prompt, as an editor's `@file` does. Only paths that are files in the project
 * (or absolute) count; anything else (`@someone`, an e-mail) stays text.
 */
import { isAbsolute, resolve } from "node:path";
import type { ContentBlock } from "../../protocol.ts";

const MENTION = /(?:^|\s)@((?:[^\s\\]|\\ )+)/g;

/** The prompt's blocks: its text as typed, then one file block per mentioned file. */
export async function promptBlocks(text: string, cwd: string): Promise<ContentBlock[]> {
  const blocks: ContentBlock[] = [{ type: "text", text }];
  const seen = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const path = match[1].replace(/\\ /g, " ").replace(/[.,;:!?)]+$/, "");
    if (seen.has(path)) continue;
    seen.add(path);
    try {
      const info = await Deno.stat(isAbsolute(path) ? path : resolve(cwd, path));
      if (info.isFile) blocks.push({ type: "file", path });
    } catch {
      // Not a file: the mention stays text.
    }
  }
  return blocks;
}
