/**
 * The real program as an ACP agent (`deno run main.ts --acp`) against the mock LLM,
 * spoken to through the client wrapper, isolated from the user's config. Every test
 * ends by checking each message that went either way against the protocol's schema.
 */
import assert from "node:assert/strict";
import type * as acp from "@agentclientprotocol/sdk";
import { AcpClient, type AcpClientOptions } from "../../src/bridge/client.ts";
import { isolatedEnv } from "../_helpers/isolated_env.ts";
import { type MockLlm, type MockLlmOptions, startMockLlm } from "../_helpers/mock_llm.ts";
import { schemaViolations } from "../bridge/_schema.ts";
import { FULL_PERMISSIONS, MAIN } from "./_cli.ts";

/** What a test gets. */
export interface AcpFixture {
  client: AcpClient;
  mock: MockLlm;
  /** The agent process's own directory (sessions may use another). */
  home: string;
  /** A project directory for sessions, apart from `home`. */
  project: string;
}

/** How to start the agent. */
export interface AcpSetup {
  mock?: MockLlmOptions;
  /** Flags before `--acp` (default: the mock's URL and model). */
  flags?: (mockUrl: string) => string[];
  /** The editor side (permissions, files, terminal). */
  client?: Omit<AcpClientOptions, "command" | "args" | "cwd" | "env">;
  /** Environment on top of the isolated one (a function of the agent's home directory). */
  env?: Record<string, string> | ((home: string) => Record<string, string>);
  /** Whose messages must match the schema (default both; "received" for hand-made input). */
  validate?: "all" | "received";
}

/** Starts the mock and the agent, runs `fn`, then checks the schema and cleans up. */
export async function withAcp(setup: AcpSetup, fn: (f: AcpFixture) => Promise<void>) {
  const home = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-acp-home-" }));
  const project = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-acp-proj-" }));
  const mock = await startMockLlm(setup.mock ?? {});
  const flags = setup.flags?.(mock.url) ?? ["--base-url", mock.url, "--model", "test-model"];
  const client = await spawnAgent(home, flags, setup);
  try {
    await fn({ client, mock, home, project });
    const only = setup.validate === "received" ? "received" : undefined;
    assert.deepEqual(schemaViolations(client.messages, only), []);
    assert.deepEqual(client.strayOutput, [], "stdout carries protocol messages only");
  } finally {
    const status = await client.close();
    await mock.close();
    await Deno.remove(home, { recursive: true });
    await Deno.remove(project, { recursive: true });
    if (!status.success && status.signal !== "SIGKILL") {
      console.error(`agent exited with ${status.code}:\n${client.stderr}`);
    }
  }
}

/** Starts `nanocoder --acp` with `flags` in `home` (another process shares its saved sessions). */
export function spawnAgent(
  home: string,
  flags: string[],
  setup: Pick<AcpSetup, "client" | "env"> = {},
): Promise<AcpClient> {
  return AcpClient.spawn({
    command: Deno.execPath(),
    args: ["run", ...FULL_PERMISSIONS, "--no-prompt", MAIN, ...flags, "--acp"],
    cwd: home,
    env: isolatedEnv(home, typeof setup.env === "function" ? setup.env(home) : setup.env),
    ...setup.client,
  });
}

/** `initialize` then `session/new` in `project`. */
export async function openSession(
  f: AcpFixture,
  cwd = f.project,
  mcpServers: acp.McpServer[] = [],
): Promise<string> {
  await f.client.initialize();
  return (await f.client.newSession(cwd, mcpServers)).sessionId;
}

/** The updates of a kind, typed. */
export function updatesOf<K extends acp.SessionUpdate["sessionUpdate"]>(
  updates: acp.SessionUpdate[],
  kind: K,
): Extract<acp.SessionUpdate, { sessionUpdate: K }>[] {
  return updates.filter((u): u is Extract<acp.SessionUpdate, { sessionUpdate: K }> =>
    u.sessionUpdate === kind
  );
}

/** The text of the agent's message chunks, joined. */
export function agentText(updates: acp.SessionUpdate[]): string {
  return updatesOf(updates, "agent_message_chunk")
    .map((u) => (u.content.type === "text" ? u.content.text : ""))
    .join("");
}
