/**
 * What `session/new` and `session/load` answer about a session's mode and model is what
 * the engine then uses: a loaded session goes on in the mode it was last switched to
 * (in this process or a later one), else in the default mode, which a config's
 * `defaultMode` sets; the model picker shows the model the next request goes to.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { spawnAgent, withAcp } from "./acp_harness.ts";
import type { AcpClient } from "../../src/bridge/client.ts";

const permissionAsks = (client: AcpClient) =>
  client.messages.filter((m) =>
    m.direction === "received" &&
    (m.message as { method?: string }).method === "session/request_permission"
  ).length;

const currentModel = (options: acp.SessionConfigOption[] | null | undefined) =>
  options?.find((o) => o.id === "model")?.currentValue;

Deno.test("a loaded session reports and uses the mode it was last switched to, and the model it then asks", async () => {
  await withAcp({
    mock: {
      models: ["test-model", "other-model"],
      turns: [
        { text: "Hello." },
        { text: "Hi again." },
        {
          text: "Writing.",
          toolCalls: [{ name: "create_file", arguments: { path: "y.txt", content: "y\n" } }],
        },
        { text: "Wrote it." },
      ],
    },
  }, async (f) => {
    await f.client.initialize();
    const opened = await f.client.newSession(f.project);
    const sessionId = opened.sessionId;
    assert.equal(opened.modes?.currentModeId, "normal");
    assert.equal(currentModel(opened.configOptions), "test-model");
    await f.client.prompt(sessionId, "hi");
    await f.client.setMode(sessionId, "yolo");
    const { configOptions } = await f.client.agent.request("session/set_config_option", {
      sessionId,
      configId: "model",
      value: "other-model",
    });
    assert.equal(currentModel(configOptions), "other-model");
    await f.client.prompt(sessionId, "again");
    assert.equal(f.mock.chatRequests().at(-1)!.body.model, "other-model");

    const loaded = await f.client.agent.request("session/load", {
      sessionId,
      cwd: f.project,
      mcpServers: [],
    });
    assert.equal(loaded.modes?.currentModeId, "yolo");
    // The model is the session's start model (flags, config), as for `--resume`: what the
    // picker says is what the next request asks.
    const shown = currentModel(loaded.configOptions);
    const asks = permissionAsks(f.client);
    assert.equal((await f.client.prompt(sessionId, "write y")).stopReason, "end_turn");
    assert.equal(permissionAsks(f.client), asks, "yolo: nothing is asked");
    assert.equal(await Deno.readTextFile(join(f.project, "y.txt")), "y\n");
    assert.equal(f.mock.chatRequests().at(-1)!.body.model, shown);
    await f.client.close();

    const later = await spawnAgent(f.home, ["--base-url", f.mock.url, "--model", "test-model"]);
    try {
      await later.initialize();
      const again = await later.agent.request("session/load", {
        sessionId,
        cwd: f.project,
        mcpServers: [],
      });
      assert.equal(again.modes?.currentModeId, "yolo");
    } finally {
      await later.close();
    }
  });
});

Deno.test("a session starts in the config's defaultMode and says so", async () => {
  await withAcp({
    env: (home) => {
      Deno.mkdirSync(join(home, ".config-home", "nanocoder"), { recursive: true });
      Deno.writeTextFileSync(
        join(home, ".config-home", "nanocoder", "agents.config.json"),
        JSON.stringify({ nanocoder: { defaultMode: "auto-accept" } }),
      );
      return {};
    },
  }, async (f) => {
    await f.client.initialize();
    const opened = await f.client.newSession(f.project);
    assert.equal(opened.modes?.currentModeId, "auto-accept");
  });
});
