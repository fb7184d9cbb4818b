/**
 * End-to-end in tmux: the steps before the chat, as a person meets them at 80 columns —
 * the trust question (its text reflowed, Esc leaving as it says), and first-run setup
 * with another server's address: the address field's default is a placeholder, text that
 * is no address is said to be so (about what was typed, not a flag), a server that is
 * down says so and the address can be fixed, Esc goes back a step, and a typed API key
 * is saved in the user's config, not the project's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmuxMissing } from "./_tmux.ts";
import { READY, send, withTui } from "./_tui.ts";

const skip = tmuxMissing();

/** A port nothing listens on (taken and given back). */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The text between a dialog's borders, row by row. */
function boxRows(screen: string): string[] {
  return screen.split("\n").filter((l) => l.startsWith("│")).map((l) =>
    l.replace(/^│ ?/, "").replace(/\s*│\s*$/, "")
  );
}

Deno.test({
  name: "tui: the trust question reflows to 80 columns, and Esc exits as its footer says",
  ignore: !!skip,
  async fn() {
    await withTui("trust-esc", [], async ({ tui }) => {
      const screen = await tui.waitFor("Do you trust the files in this folder?");
      await tui.save("trust-prompt-80");
      const rows = boxRows(screen);
      const start = rows.findIndex((r) => r.startsWith("nanocoder reads"));
      const end = rows.findIndex((r) => r.endsWith("whose files you know."));
      assert.ok(start > 0 && end > start, screen);
      // One paragraph, wrapped once: every row but the last fills most of the line.
      for (const row of rows.slice(start, end)) assert.ok(row.length > 60, `short row "${row}"`);
      assert.match(screen, /Esc to exit/);
      await tui.keys("Escape");
      await tui.waitFor("[exited 0]");
    }, { args: ["--base-url", "MOCK", "--model", "test-model"], columns: 80, rows: 24 });
  },
});

Deno.test({
  name:
    "tui: setup with an address — a placeholder default, a down server said, Esc back, the key kept out of the project",
  ignore: !!skip,
  async fn() {
    await withTui("setup-url", [{ text: "Hello over the typed address." }], async (f) => {
      const { tui, mock, dir } = f;
      const first = await tui.waitFor("No model provider is configured yet");
      assert.match(first, /Esc to exit/);
      const row = first.split("\n").find((l) => l.includes("Another OpenAI-compatible server"))!;
      await tui.keys(/(\d)\. Another/.exec(row)![1]);
      // The default is a placeholder: typing replaces it, Ctrl+U clears what was typed.
      const url = await tui.waitFor("Base URL of the server's OpenAI-compatible API");
      assert.match(url, /> http:\/\/localhost:8000\/v1/);
      await tui.type("junk");
      await tui.waitFor((s) => s.includes("> junk") && !s.includes("localhost:8000"));
      // Not an address: said about the address typed, on this step, and kept to fix.
      await tui.keys("Enter");
      const junk = await tui.waitFor("is not an http(s) address");
      assert.match(junk.replace(/\s*│\s*/g, " "), /"junk" is not an http\(s\) address/);
      assert.doesNotMatch(junk, /--base-url|API key/);
      assert.match(junk, /> junk/);
      await tui.keys("C-u");
      await tui.waitFor("> http://localhost:8000/v1"); // empty again: the placeholder is back
      const down = `http://127.0.0.1:${closedPort()}/v1`;
      await tui.type(down);
      await tui.waitFor(`> ${down}`);
      await tui.keys("Enter");
      await tui.waitFor("API key (Enter for none)");
      await tui.keys("Enter");
      // Nothing listens there: said, and the address comes back to be fixed.
      const said = await tui.waitFor((s) => s.includes("Base URL") && s.includes("try again"));
      await tui.save("setup-server-down");
      assert.doesNotMatch(said, /lists no models/);
      assert.match(said.replace(/\s*│\s*/g, " "), /Cannot reach/);
      assert.ok(said.includes(`> ${down}`), said); // kept, to be fixed
      await tui.keys("C-u");
      await tui.type(mock.url);
      await tui.waitFor(`> ${mock.url}`);
      await tui.keys("Enter");
      await tui.waitFor("API key (Enter for none)");
      await tui.type("sk-test-SECRET-123");
      await tui.keys("Enter");
      await tui.waitFor("Which model?");
      await tui.keys("Enter");
      const scope = await tui.waitFor("Save this provider for");
      await tui.save("setup-save-key");
      assert.match(scope, /❯ 1\. All my projects, with the key/);
      await tui.keys("Escape"); // back one step
      await tui.waitFor("Which model?");
      await tui.keys("Enter");
      await tui.waitFor("Save this provider for");
      await tui.keys("Enter");
      const opened = await tui.waitFor(READY);
      const userFile = join(dir, "home", ".config-home", "nanocoder", "agents.config.json");
      assert.match(opened.replace(/\s+/g, " "), /Saved provider "custom"/);
      const saved = JSON.parse(await Deno.readTextFile(userFile));
      assert.equal(saved.nanocoder.providers[0].apiKey, "sk-test-SECRET-123");
      assert.equal((await Deno.stat(userFile)).mode! & 0o777, 0o600);
      await assert.rejects(Deno.stat(join(dir, "agents.config.json")), Deno.errors.NotFound);
      await send(tui, "hi");
      await tui.waitFor("Hello over the typed address.");
      assert.equal(
        mock.chatRequests().at(-1)!.headers.get("authorization"),
        "Bearer sk-test-SECRET-123",
      );
    }, { args: ["--trust-directory"], columns: 80, rows: 24 });
  },
});
