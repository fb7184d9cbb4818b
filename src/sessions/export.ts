/**
 * A saved session as something to read or process: Markdown (the conversation as a
 * person reads it: prompts, answers, tool calls with their results, compactions, the
 * task list) or JSON (the info, the transcript in protocol terms and every saved event).
 */
import type { ContentBlock, TranscriptItem } from "../protocol.ts";
import type { LoadedSession } from "./load.ts";

/** Export formats. */
export type ExportFormat = "md" | "json";

/** The session in `format`. */
export function exportSession(session: LoadedSession, format: ExportFormat): string {
  if (format === "json") {
    const { info, transcript, tasks, events } = session;
    return `${JSON.stringify({ session: info, transcript, tasks, events }, null, 2)}\n`;
  }
  return toMarkdown(session);
}

function toMarkdown({ info, transcript, tasks }: LoadedSession): string {
  const out = [
    "---",
    `session: ${info.id}`,
    `project: ${info.cwd}`,
    `created: ${info.createdAt}`,
    `updated: ${info.updatedAt}`,
    `provider: ${info.provider}`,
    `model: ${info.model}`,
    `prompts: ${info.prompts}`,
    "---",
    "",
    `# ${info.title || "Untitled session"}`,
  ];
  for (const [i, item] of transcript.entries()) {
    out.push("", ...itemLines(item));
    // A prompt the next prompt follows got no answer: its run was cancelled or failed.
    if (item.type === "user" && transcript[i + 1]?.type === "user") {
      out.push("", "*No answer: the request was stopped (cancelled or failed).*");
    }
  }
  if (tasks.length) {
    out.push("", "## Tasks", "");
    for (const task of tasks) {
      const mark = task.status === "completed" ? "x" : task.status === "in_progress" ? "~" : " ";
      out.push(`- [${mark}] ${task.title}`);
    }
  }
  return `${out.join("\n")}\n`;
}

function itemLines(item: TranscriptItem): string[] {
  switch (item.type) {
    case "user":
      return ["## User", "", ...item.content.map((b) => nested(blockText(b)))];
    case "assistant":
      return [
        "## Assistant",
        ...(item.reasoning ? ["", quote(item.reasoning)] : []),
        ...(item.text ? ["", nested(item.text)] : []),
      ];
    case "tool_call": {
      const exit = item.exitCode !== undefined ? `, exit ${item.exitCode}` : "";
      return [
        `### Tool: ${item.title} (${item.outcome}${exit})`,
        "",
        fence(JSON.stringify(item.arguments, null, 2), "json"),
        "",
        fence(item.result),
      ];
    }
    case "compaction":
      return [
        `*The conversation was compacted (${item.tokensBefore} → ${item.tokensAfter} tokens).*`,
        ...(item.summary ? ["", quote(item.summary)] : []),
      ];
  }
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "file":
      return `@${block.path}${block.text !== undefined ? `\n\n${fence(block.text)}` : ""}`;
    case "image":
      return `[image: ${block.mimeType}]`;
    case "mcp_resource":
      return `@${block.server}:${block.uri}${
        block.text !== undefined ? `\n\n${fence(block.text)}` : ""
      }`;
    case "mcp_prompt":
      return `/mcp__${block.server}__${block.name}${
        block.text !== undefined ? `\n\n${block.text}` : ""
      }`;
  }
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/**
 * Markdown written by the model or the user, its headings two levels down (outside code
 * blocks), so that its `# Heading` sits under the message's `## Assistant`, not beside
 * the document's title.
 */
function nested(text: string): string {
  let fenceOpen: string | undefined;
  return text.split("\n").map((line) => {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (!fenceOpen || fenceMark.startsWith(fenceOpen))) {
      fenceOpen = fenceOpen ? undefined : fenceMark;
      return line;
    }
    if (fenceOpen) return line;
    const heading = /^(#{1,6})(\s|$)/.exec(line);
    return heading
      ? `${"#".repeat(Math.min(6, heading[1].length + 2))}${line.slice(heading[1].length)}`
      : line;
  }).join("\n");
}

function quote(text: string): string {
  return text.split("\n").map((line) => `> ${line}`).join("\n");
}
