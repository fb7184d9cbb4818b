/**
 * An ACP prompt's content blocks as the engine's: text as written, images as images,
 * an editor's `@`-mentions of files (`resource_link`, embedded `resource`) as file
 * blocks the model sees with their path, anything else as text that says what it is.
 */
import { fileURLToPath } from "node:url";
import type * as acp from "@agentclientprotocol/sdk";
import type { ContentBlock } from "../protocol.ts";

/** A prompt the engine cannot take; the message says what to change. */
export class PromptError extends Error {
  override name = "PromptError";
}

/** Reads a file the way the editor has it (unsaved text included), when it offers that. */
export type ReadThroughEditor = (path: string) => Promise<string | undefined>;

/** Converts an ACP prompt; throws PromptError for content this agent does not take. */
export async function promptBlocks(
  blocks: readonly acp.ContentBlock[],
  readFile?: ReadThroughEditor,
): Promise<ContentBlock[]> {
  const out: ContentBlock[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        out.push({ type: "text", text: block.text });
        break;
      case "image":
        out.push({ type: "image", mimeType: block.mimeType, data: block.data });
        break;
      case "audio":
        throw new PromptError(
          "Audio prompts are not supported (the agent did not advertise promptCapabilities.audio)",
        );
      case "resource_link":
        out.push(await linkBlock(block, readFile));
        break;
      case "resource":
        out.push(resourceBlock(block.resource));
        break;
      default: {
        const unknown: never = block;
        throw new PromptError(`Unknown content block type "${(unknown as { type: string }).type}"`);
      }
    }
  }
  return out;
}

/** A link to a local file becomes that file (read now); other links stay as text. */
async function linkBlock(
  link: acp.ResourceLink,
  readFile?: ReadThroughEditor,
): Promise<ContentBlock> {
  const path = filePath(link.uri);
  if (!path) {
    const name = link.title ?? link.name;
    return { type: "text", text: `[${name}](${link.uri})` };
  }
  const text = await readFile?.(path);
  return text === undefined ? { type: "file", path } : { type: "file", path, text };
}

function resourceBlock(resource: acp.EmbeddedResourceResource): ContentBlock {
  const path = filePath(resource.uri);
  if ("text" in resource) {
    if (path) return { type: "file", path, text: resource.text };
    return {
      type: "text",
      text: `<resource uri="${resource.uri}">\n${resource.text}\n</resource>`,
    };
  }
  if (resource.mimeType?.startsWith("image/")) {
    return { type: "image", mimeType: resource.mimeType, data: resource.blob };
  }
  throw new PromptError(
    `Cannot attach "${resource.uri}": binary content (${
      resource.mimeType ?? "unknown type"
    }) other than images is not supported`,
  );
}

/** The absolute path of a `file:` URI (or of an absolute path given as is). */
function filePath(uri: string): string | undefined {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  return uri.startsWith("/") ? uri : undefined;
}
