/**
 * End-to-end in tmux: typing as people do — multi-line prompts, pastes, history, `!`
 * commands — and the screen in 80×24, after a resize, with and without colour.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { MockLlm } from "../_helpers/mock_llm.ts";
import { tmuxMissing } from "./_tmux.ts";
import { READY, send, withTui } from "./_tui.ts";

const skip = tmuxMissing();
const lastUserText = (mock: MockLlm): string =>
  mock.chatRequests().at(-1)!.body.messages.at(-1).content;

Deno.test({
  name: "tui: a line ending in \\ continues the prompt on a new line",
  ignore: !!skip,
  async fn() {
    await withTui("multiline", [{ text: "Two lines received." }], async ({ tui, mock }) => {
      await tui.waitFor(READY);
      await send(tui, "first line \\"); // a trailing backslash: Enter starts a new line
      await tui.type("second line");
      await tui.waitFor(/> first line\s*│\n│\s+second line/);
      await tui.keys("Enter");
      await tui.waitFor("Two lines received.");
      assert.equal(lastUserText(mock), "first line \nsecond line");
    });
  },
});

Deno.test({
  name: "tui: a multi-line paste stays one block and is sent whole",
  ignore: !!skip,
  async fn() {
    await withTui("paste", [{ text: "Got the log." }], async ({ tui, mock }) => {
      await tui.waitFor(READY);
      const log = Array.from({ length: 30 }, (_, i) => `error ${i}: something broke`).join("\n");
      await tui.type("why? ");
      await tui.paste(log);
      await tui.waitFor(`[Paste #1: ${log.length.toLocaleString("en-US")} chars]`);
      await tui.save("paste-block");
      await tui.keys("Enter");
      await tui.waitFor("Got the log.");
      assert.equal(lastUserText(mock), `why? ${log}`);
    });
  },
});

Deno.test({
  name: "tui: a short paste of a few lines is shown as typed, not folded",
  ignore: !!skip,
  async fn() {
    await withTui("paste-short", [{ text: "Read them." }], async ({ tui, mock }) => {
      await tui.waitFor(READY);
      await tui.paste("alpha one\nbeta two\ngamma three, the end");
      const screen = await tui.waitFor(
        /> alpha one\s*│\n│\s+beta two\s*│\n│\s+gamma three, the end/,
      );
      assert.ok(!screen.includes("[Paste #"), screen);
      await tui.keys("Enter");
      await tui.waitFor("Read them.");
      assert.equal(lastUserText(mock), "alpha one\nbeta two\ngamma three, the end");
    });
  },
});

Deno.test({
  name: "tui: two Esc bytes in one read clear the input; typing after one Esc takes its hint away",
  ignore: !!skip,
  async fn() {
    await withTui("esc-twice", [], async ({ tui }) => {
      await tui.waitFor(READY);
      await tui.type("a draft");
      await tui.waitFor("> a draft");
      await tui.keys("Escape", "Escape"); // one write: a fast double tap, over ssh
      await tui.waitFor((s) => !s.includes("a draft"));
      await tui.type("another");
      await tui.waitFor("> another");
      await tui.keys("Escape");
      await tui.waitFor("Press Esc again to clear the input");
      await tui.type(" word");
      const typed = await tui.waitFor("> another word");
      assert.ok(!typed.includes("Press Esc again"), typed);
    });
  },
});

Deno.test({
  name: "tui: Up recalls the earlier prompts, kept per project in the data dir",
  ignore: !!skip,
  async fn() {
    await withTui("history", [{ text: "One." }, { text: "Two." }], async ({ tui, dir, mock }) => {
      await tui.waitFor(READY);
      await send(tui, "the first prompt");
      await tui.waitFor("One.");
      await tui.keys("Up");
      await tui.waitFor(/> the first prompt/);
      await tui.keys("Enter");
      await tui.waitFor("Two.");
      assert.equal(lastUserText(mock), "the first prompt");
      const files = await Array.fromAsync(Deno.readDir(join(dir, "home", "data", "history")));
      assert.equal(files.length, 1);
    });
  },
});

Deno.test({
  name: "tui: !command runs it and the model gets its output with the next prompt",
  ignore: !!skip,
  async fn() {
    await withTui("bang", [{ text: "I see the file." }], async ({ tui, mock, dir }) => {
      await Deno.writeTextFile(join(dir, "marker.txt"), "");
      await tui.waitFor(READY);
      await send(tui, "!ls");
      const screen = await tui.waitFor(/! ls[\s\S]*exit 0[\s\S]*marker\.txt/);
      assert.equal(mock.chatRequests().length, 0, "the model is not called by a command");
      await tui.save("bang-command");
      assert.ok(screen.includes("marker.txt"));
      await send(tui, "what is there?");
      await tui.waitFor("I see the file.");
      assert.match(
        lastUserText(mock),
        /^Bash command output:\n```\n\$ ls\n[\s\S]*marker\.txt[\s\S]*what is there\?$/,
      );
    });
  },
});

Deno.test({
  name: "tui: works in 80×24 and redraws to the new width after a resize",
  ignore: !!skip,
  async fn() {
    const answer =
      "A paragraph that is long enough to wrap at eighty columns, and then some more words.";
    await withTui("resize", [{ text: answer }], async ({ tui }) => {
      const small = await tui.waitFor(READY);
      assert.ok(small.split("\n").every((line) => line.length <= 80));
      assert.match(small, /╭─{78}╮/);
      await send(tui, "hello");
      await tui.waitFor(/then some more\s+words\./);
      await tui.save("80x24");
      await tui.resize(60, 20);
      await tui.waitFor(/╭─{58}╮/);
      await tui.resize(110, 30);
      // The transcript is printed again at the new width once resizing settles.
      const wide = await tui.waitFor((s) =>
        /╭─{108}╮/.test(s) && s.includes("wrap at eighty columns, and then some more words.")
      );
      assert.equal(wide.match(/● A paragraph/g)?.length, 1, wide);
      assert.match(wide, /ctx \d/);
      await tui.save("after-resize");
    }, { columns: 80, rows: 24 });
  },
});

Deno.test({
  name: "tui: colour is used unless NO_COLOR is set",
  ignore: !!skip,
  async fn() {
    // deno-lint-ignore no-control-regex
    const colour = /\x1b\[(3[0-7]|9[0-7]|38;)/;
    await withTui("color", [], async ({ tui }) => {
      await tui.waitFor(READY);
      assert.match(await tui.screenWithColors(), colour);
    }, { color: true });
    await withTui("nocolor", [], async ({ tui }) => {
      await tui.waitFor(READY);
      assert.doesNotMatch(await tui.screenWithColors(), colour);
    });
  },
});

Deno.test({
  name: "tui: --alt-screen scrolls the transcript with PgUp/PgDn and leaves the screen as it was",
  ignore: !!skip,
  async fn() {
    const items = Array.from({ length: 60 }, (_, i) => `- item number ${i + 1}`).join("\n");
    const turns = [{ text: `A long list:\n\n${items}\n\nThe end.` }];
    await withTui("altscreen", turns, async ({ tui, mock }) => {
      await tui.waitFor(READY);
      await send(tui, "list");
      const bottom = await tui.waitFor((s) => s.includes("The end.") && READY.test(s));
      assert.ok(!bottom.includes("item number 1\n"), "the top has scrolled out of the box");
      await tui.keys("PPage");
      await tui.waitFor(/more lines \(PgDn\)/);
      for (let i = 0; i < 8; i++) await tui.keys("PPage");
      await tui.waitFor(/❯ list[\s\S]*item number 1\s/);
      await tui.save("alt-screen-scrolled");
      await tui.keys("C-c");
      await tui.keys("C-c");
      const after = await tui.waitFor(/\[exited 0\]\s+stty: .*echo/);
      assert.ok(!after.includes("item number"), "the alternate screen is gone");
      assert.equal(mock.chatRequests().length, 1);
    }, {
      args: ["--base-url", "MOCK", "--model", "test-model", "--trust-directory", "--alt-screen"],
    });
  },
});
