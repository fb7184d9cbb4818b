/**
 * docs/parity.md names every user-facing feature of Nanocoder 1.30 — its commands, flags,
 * config keys, tools, slash commands and modes (from a reading of its source) — and
 * gives each row one of the states it defines; README links it.
 */
import assert from "node:assert/strict";

const read = (path: string) => Deno.readTextFile(new URL(`../../${path}`, import.meta.url));
const PARITY = await read("docs/parity.md");

/** Nanocoder 1.30's user-facing names, by kind. */
const NANOCODER = {
  commands: ["run", "daemon", "copilot login", "codex login"],
  flags: [
    "--version",
    "-v",
    "--help",
    "-h",
    "--plain",
    "--no-plain",
    "--provider",
    "--model",
    "--context-max",
    "--mode",
    "--json",
    "--output-format",
    "--trust-directory",
    "--continue",
    "--resume",
    "--alt-screen",
    "--no-alt-screen",
    "--acp",
    "--vscode",
    "--vscode-port",
  ],
  settings: [
    "providers",
    "defaultMode",
    "modeProviders",
    "alwaysAllow",
    "disabledTools",
    "systemPrompt",
    "autoCompact",
    "headless.maxTurns",
    "nanocoderTools.webSearch.apiKey",
    "tune",
    "sessions",
    "paste",
    "lspServers",
    "notifications",
  ],
  providerFields: [
    "name",
    "baseUrl",
    "apiKey",
    "models",
    "sdkProvider",
    "caCertPath",
    "headers",
    "requestTimeout",
    "socketTimeout",
    "connectionPool",
    "contextWindow",
    "contextWindows",
    "disableTools",
    "disableToolModels",
    "openrouter",
    "maxRetries",
    "organizationId",
  ],
  mcpFields: ["transport", "command", "args", "env", "url", "alwaysAllow", "timeout", "enabled"],
  environment: [
    "NANOCODER_CONFIG_DIR",
    "NANOCODER_DATA_DIR",
    "NANOCODER_CONTEXT_LIMIT",
    "NANOCODER_MAX_TURNS",
    "NANOCODER_PROVIDERS",
    "NANOCODER_MCPSERVERS",
    "NANOCODER_TRUST_DIRECTORY",
    "NANOCODER_INSTALL_METHOD",
    "NANOCODER_DEFAULT_SHUTDOWN_TIMEOUT",
    "NANOCODER_LOG_LEVEL",
    "NANOCODER_LOG_DIR",
    "EDITOR",
    "NO_COLOR",
    "FORCE_COLOR",
  ],
  preferences: [
    "lastProvider",
    "lastModel",
    "providerModels",
    "trustedDirectories",
    "selectedTheme",
    "titleShape",
    "nanocoderShape",
    "reasoningExpanded",
    "compactToolDisplay",
    "enablePromptScrubbing",
    "alternateScreen",
    "lastUpdateCheck",
  ],
  tools: [
    "read_file",
    "write_file",
    "string_replace",
    "diff_edit",
    "file_op",
    "execute_bash",
    "find_files",
    "search_file_contents",
    "list_directory",
    "web_search",
    "fetch_url",
    "lsp_get_diagnostics",
    "agent",
    "ask_user",
    "write_tasks",
    "check_skill",
    "git_status",
    "git_diff",
    "git_log",
    "git_add",
    "git_commit",
    "git_pr",
  ],
  slashCommands: [
    "/help",
    "/exit",
    "/clear",
    "/compact",
    "/context-max",
    "/model",
    "/model-database",
    "/status",
    "/usage",
    "/mcp",
    "/lsp",
    "/tools",
    "/commands",
    "/agents",
    "/skills",
    "/schedule",
    "/init",
    "/export",
    "/copy",
    "/commit",
    "/checkpoint",
    "/resume",
    "/rename",
    "/retry",
    "/tasks",
    "/settings",
    "/setup-config",
    "/tune",
    "/explorer",
    "/ide",
    "/doctor",
    "/update",
    "/credits",
    "/privacy",
  ],
  modes: ["normal", "auto-accept", "yolo", "plan"],
};

Deno.test("docs/parity.md names every user-facing feature of Nanocoder 1.30", () => {
  const missing = Object.entries(NANOCODER).flatMap(([kind, names]) =>
    names.filter((name) => !PARITY.includes(`\`${name}`) && !PARITY.includes(` ${name} `))
      .map((name) => `${kind}: ${name}`)
  );
  assert.deepEqual(missing, []);
});

Deno.test("every row of docs/parity.md has one of the states it defines", () => {
  const states = ["same", "better", "different", "missing", "not built"];
  const rows = PARITY.split("\n").filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line));
  const bad = rows.filter((row) => {
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim()).filter(Boolean);
    const last = cells.at(-1)!;
    // Two-column tables (findings) carry no state; headers say "state".
    return cells.length > 2 && last !== "state" && !states.includes(last);
  });
  assert.deepEqual(bad, []);
});

Deno.test("README links docs/parity.md", async () => {
  assert.ok((await read("README.md")).includes("](docs/parity.md)"));
});
