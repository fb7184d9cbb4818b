/**
 * What a session does with MCP beyond tools, in contract terms: list resources, sign in
 * to a remote server (the URL goes to the frontend as an event), resolve `@server:uri`
 * and `/mcp__server__prompt` prompt blocks, and relay servers' elicitation requests to
 * the frontend and its answers back.
 */
import type { McpManager } from "../mcp/manager.ts";
import type {
  McpElicitationAnswer,
  McpElicitationRequest,
  McpPromptMessage,
  McpResourceContents,
} from "../mcp/features.ts";
import type { AgentEventBody, AgentOp, ContentBlock, ElicitationField } from "../protocol.ts";
import { ConfigError } from "../errors.ts";

type Emit = (event: AgentEventBody) => void;

/** A prompt's MCP blocks with their text filled in from the servers. */
export async function resolveMcpBlocks(
  blocks: readonly ContentBlock[],
  mcp: McpManager | undefined,
  signal?: AbortSignal,
): Promise<ContentBlock[]> {
  const out: ContentBlock[] = [];
  for (const block of blocks) {
    if (
      (block.type !== "mcp_resource" && block.type !== "mcp_prompt") || block.text !== undefined
    ) {
      out.push(block);
      continue;
    }
    if (!mcp) throw new ConfigError(`No MCP server "${block.server}" in this session`);
    try {
      if (block.type === "mcp_resource") {
        const contents = await mcp.readResource(block.server, block.uri, signal);
        out.push({ ...block, text: resourceText(contents) });
      } else {
        const result = await mcp.getPrompt(block.server, block.name, block.arguments, signal);
        out.push({ ...block, text: result.messages.map(promptMessageText).join("\n\n") });
      }
    } catch (error) {
      const what = block.type === "mcp_resource"
        ? `resource "${block.uri}"`
        : `prompt "${block.name}"`;
      throw new ConfigError(
        `Cannot get ${what} of MCP server "${block.server}": ${(error as Error).message}`,
      );
    }
  }
  return out;
}

function resourceText(contents: McpResourceContents[]): string {
  return contents.map((c) =>
    c.text ??
      `[binary content${c.mimeType ? ` (${c.mimeType})` : ""}, ${
        c.blob?.length ?? 0
      } base64 characters, not shown]`
  ).join("\n\n");
}

function promptMessageText(message: McpPromptMessage): string {
  const content = message.content;
  const body = content.type === "text" && typeof content.text === "string"
    ? content.text
    : content.type === "resource" &&
        typeof (content.resource as { text?: unknown })?.text === "string"
    ? String((content.resource as { text: string }).text)
    : `[${content.type} content, not shown]`;
  return message.role === "assistant" ? `(assistant) ${body}` : body;
}

/**
 * Elicitation requests waiting for the frontend's answer. Every request is resolved:
 * by the frontend, by the server withdrawing it, or by `cancelAll` when the session ends.
 */
export class Elicitations {
  #pending = new Map<string, (answer: McpElicitationAnswer) => void>();
  #counter = 0;

  constructor(private readonly emit: Emit) {}

  /** The handler the session gives the manager. */
  handler = (request: McpElicitationRequest): Promise<McpElicitationAnswer> => {
    const requestId = `elicitation_${++this.#counter}`;
    const schema = request.requestedSchema;
    return new Promise((resolve) => {
      const settle = (answer: McpElicitationAnswer) => {
        if (!this.#pending.delete(requestId)) return;
        request.signal.removeEventListener("abort", withdrawn);
        this.emit({ type: "elicitation_resolved", requestId, action: answer.action });
        resolve(answer);
      };
      const withdrawn = () => settle({ action: "cancel" });
      this.#pending.set(requestId, settle);
      request.signal.addEventListener("abort", withdrawn, { once: true });
      const fields: Record<string, ElicitationField> = {};
      const defaults: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(schema.properties)) {
        fields[name] = {
          type: field.type,
          ...(field.title ? { title: field.title } : {}),
          ...(field.description ? { description: field.description } : {}),
          ...(field.default !== undefined ? { default: field.default } : {}),
          ...(field.enum ? { enum: field.enum } : {}),
        };
        if (field.default !== undefined) defaults[name] = field.default;
      }
      this.emit({
        type: "elicitation_request",
        requestId,
        server: request.server,
        message: request.message,
        fields,
        required: schema.required ?? [],
        defaults,
      });
      if (request.signal.aborted) withdrawn();
    });
  };

  /** Whether a request with this id waits for an answer. */
  isWaiting(requestId: string): boolean {
    return this.#pending.has(requestId);
  }

  answer(op: Extract<AgentOp, { type: "elicitation_response" }>): void {
    const settle = this.#pending.get(op.requestId);
    if (!settle) return;
    settle(
      op.action === "accept"
        ? { action: "accept", content: op.content ?? {} }
        : { action: op.action },
    );
  }

  /** The session ends: nobody will answer. */
  cancelAll(): void {
    for (const settle of [...this.#pending.values()]) settle({ action: "cancel" });
  }
}

/** Lists what connected servers offer as resources, as one event. */
export function resourcesEvent(mcp: McpManager | undefined): AgentEventBody {
  return {
    type: "mcp_resources",
    resources: (mcp?.resources() ?? []).map((r) => ({
      server: r.server,
      uri: r.uri,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      ...(r.mimeType ? { mimeType: r.mimeType } : {}),
    })),
  };
}

/**
 * Signs in to a server: the URL goes out as `mcp_login_url` (and to the platform's
 * opener when asked); the server's new state follows as `mcp_status`.
 */
export async function loginToServer(
  mcp: McpManager | undefined,
  server: string,
  openBrowser: boolean,
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  if (!mcp) throw new ConfigError(`No MCP server "${server}" in this session`);
  await mcp.login(server, {
    signal,
    open: async (url) => {
      emit({ type: "mcp_login_url", server, url: url.href });
      if (openBrowser) {
        const { openInBrowser } = await import("../mcp/oauth/browser.ts");
        await openInBrowser(url.href);
      }
    },
  });
}
