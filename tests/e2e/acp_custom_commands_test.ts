/**
 * Custom slash commands over ACP, as in the TUI: the project's `.nanocoder/commands/`
 * and the user's own are listed beside the built-in commands with their description and
 * parameters; running one sends its expanded template to the model. A project's
 * commands count only in a trusted folder; the user's always do.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { type AcpFixture, openSession, withAcp } from "./acp_harness.ts";

const REVIEW = "---\ndescription: Review a file\nparameters: [file, focus=all]\n---\n" +
  "Review {{file}} with a focus on {{focus}}.";

/** Writes the project's commands and the user's own, then opens a session. */
async function commandsSession(f: AcpFixture): Promise<string> {
  const project = join(f.project, ".nanocoder", "commands");
  await Deno.mkdir(join(project, "git"), { recursive: true });
  await Deno.writeTextFile(join(project, "review.md"), REVIEW);
  await Deno.writeTextFile(join(project, "git", "pr.md"), "Open a pull request.");
  // A project's command takes a built-in's name: the built-in keeps it.
  await Deno.writeTextFile(
    join(project, "compact.md"),
    "---\ndescription: The project's own compact\n---\nSay compact.",
  );
  const user = join(f.home, "config", "commands");
  await Deno.mkdir(user, { recursive: true });
  await Deno.writeTextFile(
    join(user, "hello.md"),
    "---\ndescription: Greet\n---\nSay hello to {{args}}.",
  );
  return await openSession(f);
}

/** The user's config dir, inside the agent's home. */
const userConfig = (home: string) => ({ NANOCODER_CONFIG_DIR: join(home, "config") });

async function listed(f: AcpFixture): Promise<acp.AvailableCommand[]> {
  const update = await f.client.waitForUpdate((u) =>
    u.sessionUpdate === "available_commands_update"
  );
  assert.ok(update.sessionUpdate === "available_commands_update");
  return update.availableCommands;
}

/** The text of the last user message the model got. */
function lastUserText(f: AcpFixture): string {
  const messages = f.mock.chatRequests().at(-1)?.body.messages ?? [];
  const user = messages.filter((m: { role: string }) => m.role === "user").at(-1);
  return typeof user.content === "string" ? user.content : JSON.stringify(user.content);
}

Deno.test("a trusted project's custom commands are listed and run with their arguments", async () => {
  await withAcp({
    mock: { turns: [{ text: "Reviewed." }, { text: "Hello." }] },
    flags: (url) => ["--base-url", url, "--model", "test-model", "--trust-directory"],
    env: userConfig,
  }, async (f) => {
    const sessionId = await commandsSession(f);
    const commands = await listed(f);
    const byName = new Map(commands.map((c) => [c.name, c]));
    assert.equal(commands.length, byName.size, "each name once");
    assert.deepEqual(byName.get("review"), {
      name: "review",
      description: "Review a file",
      input: { hint: "<file> [focus=all]" },
    });
    assert.equal(byName.get("git:pr")?.description, "Custom command (project)");
    assert.equal(byName.get("hello")?.description, "Greet");
    assert.equal(
      byName.get("compact")?.description,
      "Summarize the conversation so far to free context",
    );
    assert.ok(byName.has("model"), "the built-in commands stay");

    const answer = await f.client.prompt(sessionId, "/review src/a.ts security");
    assert.equal(answer.stopReason, "end_turn");
    assert.equal(
      lastUserText(f),
      "[Executing custom command: /review]\n\nReview src/a.ts with a focus on security.",
    );
    await f.client.prompt(sessionId, "/hello Ada");
    assert.equal(lastUserText(f), "[Executing custom command: /hello]\n\nSay hello to Ada.");
    // `/compact` is the built-in: the project's compact.md never reaches the model.
    await f.client.prompt(sessionId, "/compact");
    const sent = JSON.stringify(f.mock.chatRequests().map((r) => r.body.messages));
    assert.doesNotMatch(sent, /Say compact/);
  });
});

Deno.test("before trust a project's custom commands are not offered nor run; the user's are", async () => {
  await withAcp({ mock: { turns: [{ text: "Plain." }] }, env: userConfig }, async (f) => {
    const sessionId = await commandsSession(f);
    const names = (await listed(f)).map((c) => c.name);
    assert.ok(names.includes("hello"));
    assert.ok(!names.includes("review") && !names.includes("git:pr"));
    assert.equal(names.filter((n) => n === "compact").length, 1);
    // Typed anyway, it is a plain prompt: the project's template never reaches the model.
    await f.client.prompt(sessionId, "/review src/a.ts");
    assert.equal(lastUserText(f), "/review src/a.ts");
    assert.match(
      f.client.stderr,
      /custom commands of .* are not offered: the folder is not trusted/,
    );
  });
});
