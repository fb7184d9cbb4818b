/**
 * MCP in the UI beyond its tools: /mcp (each server's state, tools, prompts, resources,
 * and signing in to a server that needs it), a server's prompts as the commands
 * `/mcp__server__prompt args`, and its resources for `@server:uri` completion.
 */
import { mcpPromptArguments } from "../../engine/mod.ts";
import type { McpPromptInfo, McpResourceInfo } from "../../protocol.ts";
import type { CommandInfo } from "../input/completion.ts";
import { mcpPanel, mcpPromptCommand } from "../commands/mcp_panel.ts";
import { mcpPromptUsage } from "../../engine/mod.ts";
import type { McpServerView } from "../state/types.ts";
import type { Controller } from "./controller.ts";
import { ask, askText } from "./dialogs.ts";

/** A server's prompt a command names. */
export interface McpPromptRef {
  server: string;
  prompt: McpPromptInfo;
}

/** /mcp [login NAME]: the servers; then an offer to sign in where one is needed. */
export async function mcpCommand(c: Controller, args: string): Promise<void> {
  const [sub, name] = args.trim().split(/\s+/);
  if (sub === "login") return await login(c, name);
  if (sub) {
    return c.store.notice("error", `Unknown /mcp argument "${sub}": use /mcp or /mcp login NAME`);
  }
  const status = c.store.state.status;
  const panel = mcpPanel(status);
  c.store.add({ kind: "panel", ...panel });
  const waiting = [...status.mcp].filter(([, s]) => s.state === "needs_login").map(([n]) => n);
  if (waiting.length === 0) return;
  const chosen = await ask(c.store, {
    title: "Sign in to an MCP server?",
    items: [
      ...waiting.map((server) => ({ label: `Sign in to ${server}`, value: server })),
      { label: "Not now", value: "" },
    ],
  });
  if (chosen) await login(c, chosen);
}

/**
 * Signs in to a server (OAuth): the engine opens the browser where it can and the URL
 * is printed to open by hand; the server's new state follows once the browser is done.
 */
async function login(c: Controller, server: string | undefined): Promise<void> {
  const known = server ? c.store.state.status.mcp.get(server) : undefined;
  if (!server || !known) {
    const names = [...c.store.state.status.mcp.keys()].join(", ") || "none";
    return c.store.notice("error", `Sign in to which MCP server? /mcp login NAME (${names})`);
  }
  const answer = await c.request(
    { type: "mcp_login", server, openBrowser: true },
    (e) => e.type === "mcp_login_url" || e.type === "error",
  );
  if (answer.type === "mcp_login_url") {
    c.store.notice("info", `Waiting for the sign-in to "${server}" to finish in the browser…`);
  }
}

/** The prompt `/name` stands for, when it is one of a server's prompts. */
export function findMcpPrompt(
  servers: ReadonlyMap<string, McpServerView>,
  name: string,
): McpPromptRef | undefined {
  for (const [server, view] of servers) {
    const prompt = view.prompts?.find((p) => mcpPromptCommand(server, p.name) === name);
    if (prompt) return { server, prompt };
  }
  return undefined;
}

/** Every server's prompts as commands, for completion. */
export function mcpPromptCommands(servers: ReadonlyMap<string, McpServerView>): CommandInfo[] {
  return [...servers].flatMap(([server, view]) =>
    (view.prompts ?? []).map((prompt) => {
      const usage = mcpPromptUsage(prompt);
      const about = prompt.description ?? `${server}'s prompt`;
      return {
        name: mcpPromptCommand(server, prompt.name),
        description: usage ? `${usage} · ${about}` : about,
      };
    })
  );
}

/**
 * Runs `/mcp__server__prompt args`: the typed words become its arguments, a required
 * one not given is asked for, and the prompt goes to the engine, which gets its text
 * from the server.
 */
export async function runMcpPrompt(
  c: Controller,
  typed: string,
  { server, prompt }: McpPromptRef,
  args: string,
): Promise<void> {
  const { arguments: given, missing } = mcpPromptArguments(prompt, args);
  for (const name of missing) {
    const about = prompt.arguments.find((a) => a.name === name)?.description;
    const value = await askText(c.store, {
      title: `${name} (for ${server}'s prompt ${prompt.name})`,
      body: about ? [about] : undefined,
    });
    if (!value?.trim()) return c.store.notice("info", `Not sent: ${name} is required`);
    given[name] = value.trim();
  }
  c.sendBlocks(typed, [{ type: "mcp_prompt", server, name: prompt.name, arguments: given }]);
}

/** The resources of the connected servers, asked for once and again after a change. */
export class McpResources {
  #list?: McpResourceInfo[];
  #loading = false;
  #key = "";

  /** What completion offers now (undefined while loading); `then` hears when they came. */
  get(c: Controller, then: () => void): McpResourceInfo[] | undefined {
    const servers = [...c.store.state.status.mcp].filter(([, s]) => s.resourceCount);
    if (servers.length === 0) return [];
    const key = servers.map(([name, s]) => `${name}:${s.resourceCount}`).join(",");
    if (key !== this.#key) this.#list = undefined;
    if (this.#list || this.#loading || !c.engine) return this.#list;
    this.#loading = true;
    c.request(
      { type: "list_mcp_resources" },
      (e) => e.type === "mcp_resources" || e.type === "error",
    )
      .then((answer) => {
        this.#key = key;
        this.#list = answer.type === "mcp_resources" ? answer.resources : [];
        then();
      })
      .finally(() => (this.#loading = false));
    return undefined;
  }
}
