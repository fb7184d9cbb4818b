/**
 * What each application-settings, MCP, preferences and environment example of
 * Nanocoder's docs must do: the tools offered to the model, the system prompt it gets,
 * the mode a session starts in, compaction, approvals, the MCP servers that would start.
 * Keyed by the example's number in the manifest.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { AgentEvent } from "../../src/protocol.ts";
import type { EngineOptions } from "../../src/engine/mod.ts";
import type { MockTurn } from "../_helpers/mock_llm.ts";
import { type DocProject, loadDocProject, openDocEngine } from "./_nanocoder_docs.ts";
import { type CheckContext, type Expectation, sends } from "./_docs_providers.ts";
import type { MockLlm } from "../_helpers/mock_llm.ts";

/** Runs `prompts` in an engine session of the project against the mock; returns its events. */
export async function session(
  dp: DocProject,
  mock: MockLlm,
  prompts: string[],
  /** `baseUrl: undefined` uses the configured provider instead of the mock's URL. */
  options: Pick<EngineOptions, "mode" | "contextMax" | "baseUrl"> = {},
): Promise<AgentEvent[]> {
  const engine = await openDocEngine(dp, { baseUrl: mock.url, model: "mock-model", ...options });
  const events: AgentEvent[] = [];
  const reading = (async () => {
    for await (const event of engine.events()) events.push(event);
  })();
  try {
    for (const text of prompts) {
      const runId = engine.submit({ type: "prompt", text });
      while (!events.some((e) => e.type === "done" && e.runId === runId)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    await engine.close();
    await reading;
  }
  return events;
}

/** The system prompt and tool names of the first request the model got. */
function firstRequest(mock: MockLlm): { system: string; tools: string[] } {
  const body = mock.chatRequests()[0].body;
  return {
    system: body.messages[0].role === "system" ? body.messages[0].content : "",
    tools: (body.tools ?? []).map((t: { function: { name: string } }) => t.function.name),
  };
}

/**
 * The compactions of a session whose server reports 65% of a 10 000-token window in use
 * before its third prompt: past Nanocoder's default threshold (60%), short of the point
 * where the answer would not fit (80%), where compaction happens without autoCompact.
 */
export async function compactsAt65Percent(dp: DocProject, mock: MockLlm): Promise<AgentEvent[]> {
  const usage = (prompt_tokens: number) => ({ prompt_tokens, completion_tokens: 10 });
  const turns: MockTurn[] = [
    { text: "one", usage: usage(3000) },
    { text: "two", usage: usage(6500) },
  ];
  mock.enqueue(...turns);
  const events = await session(dp, mock, ["first", "second", "third"], { contextMax: 10_000 });
  return events.filter((e) => e.type === "compaction_started");
}

const AUTO_COMPACT: Expectation = {
  outcome: "effect",
  async check({ dp, mock }) {
    const project = await loadDocProject(dp);
    assert.deepEqual(project.config.autoCompact, {
      enabled: true,
      threshold: 60,
      strategy: "llm",
      mode: "conservative",
    });
    const started = await compactsAt65Percent(dp, mock);
    assert.deepEqual(started.map((e) => e.type === "compaction_started" && e.reason), ["auto"]);
    // strategy "llm": the model was asked for a summary (the one request not streamed).
    assert.ok(mock.chatRequests().some((r) => r.body.stream === false));
  },
};

const unsupported = (key: string) =>
  new RegExp(`^"${key.replaceAll(".", "\\.")}" in ".*agents\\.config\\.json" is not supported`);

const mcpServers = async (dp: DocProject) => (await loadDocProject(dp)).mcpServers;

/** Settings, MCP, preferences and environment examples by number. */
export const SETTINGS_EXPECTATIONS: Record<string, Expectation> = {
  "01": AUTO_COMPACT,
  "02": { outcome: "warned", warns: [unsupported("nanocoder.sessions")] },
  "03": {
    outcome: "effect",
    // The engine's turn limit (dropin_run_test.ts shows a run stopping at it).
    async check({ dp }) {
      assert.equal((await loadDocProject(dp)).config.maxTurns, 200);
    },
  },
  "04": { outcome: "warned", warns: [unsupported("nanocoder.paste")] },
  "05": {
    outcome: "effect",
    async check({ dp, mock }) {
      const events = await session(dp, mock, []);
      const configured = events.find((e) => e.type === "session_configured");
      assert.equal(configured?.type === "session_configured" && configured.mode, "plan");
    },
  },
  "06": {
    outcome: "effect",
    async check({ dp, mock }) {
      mock.enqueue(
        { toolCalls: [{ name: "execute_bash", arguments: { command: "echo allowed" } }] },
        { text: "done" },
      );
      const events = await session(dp, mock, ["run it"], { mode: "normal" });
      assert.ok(!events.some((e) => e.type === "approval_request"), "no approval asked");
      const ended = events.find((e) => e.type === "tool_call_ended");
      assert.equal(ended?.type === "tool_call_ended" && ended.outcome, "ok");
    },
  },
  "07": {
    outcome: "effect",
    async check({ dp, mock }) {
      const events = await session(dp, mock, ["hi"]);
      const { tools } = firstRequest(mock);
      assert.ok(tools.includes("read_file") && !tools.includes("execute_bash"), tools.join());
      assert.ok(!tools.includes("web_search"));
      const configured = events.find((e) => e.type === "session_configured");
      const off = configured?.type === "session_configured" ? configured.disabledTools : [];
      assert.deepEqual(
        off.filter((t) => t.name === "execute_bash" || t.name === "web_search").map((t) =>
          t.reason
        ),
        ["turned off by disabledTools in the config", "turned off by disabledTools in the config"],
      );
    },
  },
  "08": systemPrompt((system) =>
    assert.equal(system, "You are an AI model running on CPU. Be concise.")
  ),
  "09": {
    ...systemPrompt((system) => assert.equal(system, "Prompt from the project's file.\n")),
    files: { ".nanocoder/system-prompt.md": "Prompt from the project's file.\n" },
  },
  "10": systemPrompt((system) => {
    assert.ok(system.startsWith("You are nanocoder"));
    assert.ok(system.endsWith("\n\nAlways respond in British English."));
  }),
  "11": {
    outcome: "effect",
    dotenv: { BRAVE_SEARCH_API_KEY: "brave-from-dotenv" },
    async check({ dp, mock }) {
      await session(dp, mock, ["hi"]);
      assert.ok(firstRequest(mock).tools.includes("web_search"));
    },
  },
  "12": mcp(async ({ dp }) => {
    assert.deepEqual(await mcpServers(dp), {
      filesystem: {
        type: "stdio",
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-filesystem", "./src"],
        alwaysAllow: ["list_directory", "read_file"],
      },
      github: {
        type: "stdio",
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-github"],
        env: { GITHUB_TOKEN: "ghp_from_dotenv" },
      },
      context7: { type: "http", url: "https://mcp.context7.com/mcp", timeoutMs: 30000 },
    });
  }),
  "13": mcp(async ({ dp }) => {
    assert.deepEqual((await mcpServers(dp)).memory, {
      type: "stdio",
      command: "npx",
      args: ["-y", "vestige-mcp-server"],
    });
  }),
  "14": mcp(async ({ dp }) => {
    const server = (await mcpServers(dp))["custom-tools"];
    assert.deepEqual(server.type === "stdio" && server.env, { API_KEY: "default-key" });
  }),
  "15": mcp(async ({ dp }) => {
    assert.deepEqual((await mcpServers(dp))["github-remote"], {
      type: "http",
      url: "https://api.githubcopilot.com/mcp/",
      headers: { Authorization: "Bearer ghp_from_dotenv" },
      timeoutMs: 30000,
    });
  }),
  "16": {
    outcome: "warned",
    warns: [
      /^Skipped MCP server "realtime-data": the websocket transport in ".*\.mcp\.json" is not supported/,
    ],
    async check({ dp }) {
      assert.deepEqual(await mcpServers(dp), {});
    },
  },
  "17": mcp(async ({ dp }) => {
    const server = (await mcpServers(dp)).filesystem;
    assert.deepEqual(server.alwaysAllow, ["list_directory", "read_file", "file_info"]);
  }),
  "18": mcp(async ({ dp }) => {
    const server = (await mcpServers(dp)).example;
    assert.deepEqual(server.type === "stdio" && server.env, {
      TOKEN: "token-from-dotenv",
      API_URL: "https://api.example",
      FALLBACK: "default-value",
    });
  }, { TOKEN: "token-from-dotenv", API_URL: "https://api.example" }),
  "19": mcp(async ({ dp }) => {
    assert.deepEqual(await mcpServers(dp), {
      "my-server": { type: "http", url: "https://example.com/mcp" },
    });
  }),
  "20": mcp(async ({ dp }) => {
    assert.deepEqual(await mcpServers(dp), {
      "my-server": { type: "http", url: "https://example.com/mcp" },
    });
  }),
  "21": preferences((p) => assert.deepEqual(p.nanocoder, { paste: { singleLineThreshold: 1500 } })),
  "22": preferences((p) => assert.equal(p.reasoningExpanded, true)),
  "65": AUTO_COMPACT,
  "66": { outcome: "warned", warns: [unsupported("nanocoder.sessions")] },
  "67": { outcome: "warned", warns: [unsupported("nanocoder.notifications")] },
  "68": {
    // Its point, the per-provider tool profile, has no counterpart: named. The provider works.
    ...sends("http://localhost:11434/v1/chat/completions", { authorization: undefined }),
    outcome: "warned",
    warns: [
      /^"providers" in ".*" is in Nanocoder's old form/,
      /^"providers\[0\]\.tune\.toolProfile": "minimal" in ".*" is not supported/,
      /^"providers\[0\]\.tune\.aggressiveCompact": true in ".*" is not supported/,
    ],
  },
  "69": mcp(async ({ dp }) => {
    const servers = await mcpServers(dp);
    assert.equal(Object.keys(servers).length, 8);
    assert.equal(servers["custom-server"].enabled, false);
    const env = (name: string) => {
      const server = servers[name];
      return server.type === "stdio" ? server.env : undefined;
    };
    assert.deepEqual(env("github"), { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_from_dotenv" });
    assert.deepEqual(env("postgres"), {
      POSTGRES_CONNECTION_STRING: "postgresql://localhost:5432/mydb",
    });
    assert.deepEqual(env("custom-server"), { API_KEY: "default-key", DEBUG: "false" });
  }, { GITHUB_TOKEN: "ghp_from_dotenv", BRAVE_API_KEY: "brave" }),
  "70": {
    ...sends(
      "https://openrouter.ai/api/v1/chat/completions",
      { authorization: "Bearer your-openrouter-api-key-here" },
      (wire) => assert.equal(wire.request.body.model, "your-fallback-model-name"),
    ),
    // The agents.config.json its own comment shows, with the provider's name.
    files: {
      "agents.config.json": JSON.stringify({
        nanocoder: {
          providers: [{
            name: "openrouter",
            apiKey: "$OPENROUTER_API_KEY",
            models: ["$FALLBACK_MODEL"],
          }],
        },
      }),
    },
    warns: [
      /^Not used from ".*\.env": NANOCODER_DATA_DIR, XDG_DATA_HOME, NANOCODER_LOG_LEVEL, NANOCODER_LOG_TO_FILE, NANOCODER_LOG_TO_CONSOLE, NANOCODER_LOG_DIR, NANOCODER_LOG_TRANSPORTS, NANOCODER_CORRELATION_DEBUG, NANOCODER_CORRELATION_ENABLED, NANOCODER_CORRELATION_LEGACY_FALLBACK \(nanocoder reads these from your shell's environment only\)$/,
    ],
  },
};

function systemPrompt(assertion: (system: string) => void): Expectation {
  return {
    outcome: "effect",
    async check({ dp, mock }) {
      await session(dp, mock, ["hi"]);
      assertion(firstRequest(mock).system);
    },
  };
}

function mcp(
  check: (ctx: CheckContext) => Promise<void>,
  dotenv: Record<string, string> = { GITHUB_TOKEN: "ghp_from_dotenv" },
): Expectation {
  return { outcome: "effect", dotenv, check };
}

function preferences(check: (p: Record<string, unknown>) => void): Expectation {
  return {
    outcome: "ui",
    async check({ dp }) {
      const { preferences } = await loadDocProject(dp);
      assert.equal(preferences.path, join(dp.user, "nanocoder-preferences.json"));
      check(preferences.preferences as Record<string, unknown>);
    },
  };
}
