/**
 * End-to-end in tmux: undo and MCP as a person uses them in the real program — /undo
 * after the model wrote a file, /rewind's picker, and a server-everything prompt run as
 * `/mcp__everything__args-prompt` against the mock LLM.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { MockTurn } from "../_helpers/mock_llm.ts";
import { ROOT } from "./_cli.ts";
import { tmuxMissing, type TmuxSession } from "./_tmux.ts";
import { contextShown, READY, send, withTui, WORKING } from "./_tui.ts";

const skip = tmuxMissing();
const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

Deno.test({
  name:
    "tui: /undo after the model wrote files puts the project back, and /rewind lists the points",
  ignore: !!skip,
  async fn() {
    const turns: MockTurn[] = [
      {
        toolCalls: [{ name: "create_file", arguments: { path: "notes.md", content: "# Notes\n" } }],
      },
      { text: "I wrote notes.md." },
      {
        toolCalls: [{
          name: "string_replace",
          arguments: { path: "keep.txt", old_str: "original", new_str: "changed" },
        }],
      },
      // The server's figures: a conversation that fills 5k tokens by now.
      { text: "I changed keep.txt.", usage: { prompt_tokens: 5000, completion_tokens: 10 } },
    ];
    const prepare = (dir: string) => Deno.writeTextFile(join(dir, "keep.txt"), "original\n");
    await withTui("undo", turns, async ({ tui, dir }) => {
      await tui.waitFor(READY);
      await send(tui, "write my notes");
      await tui.waitFor("Allow create_file");
      await tui.keys("y");
      await tui.waitFor((s) => s.includes("I wrote notes.md.") && !WORKING.test(s));
      await send(tui, "change keep.txt");
      await tui.waitFor("Allow string_replace");
      await tui.keys("y");
      await tui.waitFor((s) => s.includes("I changed keep.txt.") && !WORKING.test(s));
      assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "changed\n");

      await send(tui, "/undo");
      const undone = await tui.waitFor("Rewound to before prompt #2");
      assert.match(undone, /restored\s+keep\.txt/);
      assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "original\n");
      assert.equal(await Deno.readTextFile(join(dir, "notes.md")), "# Notes\n");
      await tui.save("undo");

      await send(tui, "/rewind");
      const picker = await tui.waitFor("Rewind the project's files to before");
      assert.match(picker, /❯ 1\. ↺ /); // the undo itself, newest first
      assert.match(picker, /#2 change keep\.txt/);
      assert.match(
        picker,
        /#1 write my notes\s+\d+ min ago · 1 file|#1 write my notes\s+just now · 1 file/,
      );
      await tui.save("rewind-picker");
      const before = contextShown(picker);
      assert.ok(before >= 5000, picker);
      await tui.keys("Down", "Down", "Enter"); // prompt #1
      await tui.waitFor("Also rewind the conversation to before prompt #1?");
      await tui.save("rewind-conversation");
      await tui.keys("Enter"); // files and conversation
      // The prompt is back in the input, to be edited and sent again.
      const rewound = await tui.waitFor((s) =>
        s.includes("Rewound to before prompt #1") && s.includes("> write my notes")
      );
      assert.match(rewound, /removed\s+notes\.md/);
      // The status line follows the cut conversation at once, not at the next answer.
      await tui.waitFor((s) => contextShown(s) < before);
      assert.ok(!rewound.includes("I wrote notes.md."), "the conversation was cut");
      await assert.rejects(Deno.stat(join(dir, "notes.md")), Deno.errors.NotFound);
      assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "original\n");
      await tui.save("rewound");
    }, { prepare, rows: 40 });
  },
});

/** /mcp, again until the server has connected (it starts with the first request). */
async function mcpPanelOnceConnected(tui: TmuxSession): Promise<string> {
  for (let tries = 0; tries < 60; tries++) {
    await send(tui, "/mcp");
    const screen = await tui.waitFor(/❯ \/mcp\s+MCP servers\s+everything/);
    const last = screen.slice(screen.lastIndexOf("❯ /mcp"));
    if (/everything\s+● connected/.test(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server-everything never connected");
}

Deno.test({
  name: "tui: /mcp shows server-everything, and /mcp__everything__args-prompt sends its prompt",
  ignore: !!skip,
  async fn() {
    const turns: MockTurn[] = [{ text: "Hello." }, { text: "The weather in Paris is fine." }];
    const prepare = (dir: string) =>
      Deno.writeTextFile(
        join(dir, ".mcp.json"),
        JSON.stringify({
          mcpServers: { everything: { command: "node", args: [everything, "stdio"] } },
        }),
      );
    await withTui("mcp-prompt", turns, async ({ tui, mock }) => {
      await tui.waitFor(READY);
      // Servers start with the first request.
      await send(tui, "hello");
      await tui.waitFor("Hello.");
      const panel = await mcpPanelOnceConnected(tui);
      assert.match(panel, /args-prompt <city> \[state\]/);
      assert.match(panel, /tools\s+echo/);
      assert.match(panel, /resources\s+\d+, mentioned as @everything:/);
      await tui.save("mcp");
      await tui.type("/mcp__everything__ar");
      // The menu's chosen row (❯): the /mcp panel above holds the same words.
      await tui.waitFor(/❯ \/mcp__everything__args-prompt\s+<city> \[state\]/);
      await tui.keys("Tab");
      await tui.type("Paris");
      await tui.waitFor("> /mcp__everything__args-prompt Paris");
      await tui.keys("Enter");
      await tui.waitFor((s) => s.includes("The weather in Paris is fine.") && !WORKING.test(s));
      await tui.save("mcp-prompt");
      const sent = mock.chatRequests().at(-1)!.body.messages.at(-1).content as string;
      assert.match(sent, /What's weather in Paris\?/);
    }, { prepare, rows: 40 });
  },
});
