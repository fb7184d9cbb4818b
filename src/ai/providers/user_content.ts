/**
 * A user message's content (text, or text and images as OpenAI-style parts) for the wires
 * that spell images their own way: Anthropic's image blocks, Gemini's inline data,
 * Ollama's `images` array. Images travel as `data:` URLs from the engine.
 */
import type { ChatMessage, UserContentPart } from "../types.ts";

type UserContent = Extract<ChatMessage, { role: "user" }>["content"];

/** An image, decoded from its URL: base64 data with its media type, or a remote URL. */
export type ImageRef = { data: string; mediaType: string } | { url: string };

/** The text parts joined (blank line between) and the images, in order. */
export function splitUserContent(content: UserContent): { text: string; images: ImageRef[] } {
  if (typeof content === "string") return { text: content, images: [] };
  const texts: string[] = [];
  const images: ImageRef[] = [];
  for (const part of content as UserContentPart[]) {
    if (part.type === "text") texts.push(part.text);
    else images.push(imageRef(part.image_url.url));
  }
  return { text: texts.join("\n\n"), images };
}

/** `data:image/png;base64,AAAA` → its media type and data; any other URL stays a URL. */
export function imageRef(url: string): ImageRef {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : { url };
}
