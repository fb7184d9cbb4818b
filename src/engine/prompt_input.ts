/**
 * A prompt's content blocks as the model gets them: text as written, files referenced
 * by path read now (so the run's record holds what the model saw) and put in the
 * message with their path, images as OpenAI image parts (`data:` URLs).
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { ContentBlock } from "../protocol.ts";
import type { ChatMessage, UserContentPart } from "../ai/types.ts";
import { ConfigError } from "../errors.ts";
import { readProjectFile } from "../config/project_file.ts";
import { isInside } from "../tools/_private/paths.ts";

/** A referenced file larger than this is refused: it would fill the context by itself. */
export const MAX_PROMPT_FILE_BYTES = 512 * 1024;

/** The blocks with every file's text filled in; throws ConfigError for an unreadable file. */
export async function resolvePrompt(
  blocks: readonly ContentBlock[],
  cwd: string,
): Promise<ContentBlock[]> {
  const out: ContentBlock[] = [];
  for (const block of blocks) {
    if (block.type === "image" && !/^image\/[\w.+-]+$/.test(block.mimeType)) {
      throw new ConfigError(`Cannot attach an image of type "${block.mimeType}"`);
    }
    if (block.type !== "file" || block.text !== undefined) {
      out.push(block);
      continue;
    }
    out.push({ ...block, text: await readPromptFile(resolve(cwd, block.path), block.path, cwd) });
  }
  return out;
}

/** The user message: its text alone, or text and image parts when there are images. */
export function promptContent(
  blocks: readonly ContentBlock[],
  cwd: string,
): Extract<ChatMessage, { role: "user" }>["content"] {
  const images: UserContentPart[] = blocks.flatMap((block) =>
    block.type === "image"
      ? [{ type: "image_url", image_url: { url: `data:${block.mimeType};base64,${block.data}` } }]
      : []
  );
  const text = promptText(blocks, cwd);
  if (images.length === 0) return text;
  return [...(text ? [{ type: "text" as const, text }] : []), ...images];
}

/** The text of the blocks (images have none). */
function promptText(blocks: readonly ContentBlock[], cwd: string): string {
  return blocks.map((block) => {
    switch (block.type) {
      case "text":
        return block.text;
      case "file": {
        const shown = isAbsolute(block.path) ? relativeIfInside(cwd, block.path) : block.path;
        return `<file path="${shown}">\n${block.text ?? ""}\n</file>`;
      }
      case "image":
        return "";
      case "mcp_resource":
        return `<resource server="${block.server}" uri="${block.uri}">\n${
          block.text ?? ""
        }\n</resource>`;
      case "mcp_prompt":
        return block.text ?? "";
    }
  }).filter((part) => part !== "").join("\n\n");
}

/**
 * A referenced file's text. A path in the project (relative, or absolute and inside it)
 * is a project file: its symlinks must stay in the project, or a checkout's `notes.md ->
 * ~/.ssh/id_rsa` would be sent with an innocent `@notes.md`. A path outside it is the
 * user's own explicit choice (an editor's mention of a file elsewhere) and is read as given.
 * Either way only a regular file is read (a FIFO would hang the prompt).
 */
async function readPromptFile(path: string, shown: string, cwd: string): Promise<string> {
  const fail = (why: string) => new ConfigError(`Cannot attach "${shown}": ${why}`);
  let read;
  try {
    read = await readProjectFile(path, {
      within: isInside(path, cwd) ? cwd : undefined,
      maxBytes: MAX_PROMPT_FILE_BYTES,
      strictUtf8: true,
    });
  } catch (error) {
    throw fail((error as Error).message);
  }
  switch (read.status) {
    case "missing":
      throw fail("no such file");
    case "denied":
    case "refused":
      throw fail(read.reason);
  }
  if (read.truncated) {
    throw fail(
      `it is over the ${MAX_PROMPT_FILE_BYTES / 1024} KB limit for a file in a prompt`,
    );
  }
  return read.text;
}

function relativeIfInside(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
