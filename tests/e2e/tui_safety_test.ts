/**
 * End-to-end in tmux: a model's answer full of escape sequences (clear the screen, move
 * the cursor home, set the window title, OSC 52 to the clipboard, a carriage-return
 * overwrite, a bidi override) is shown written out; the terminal acts on none of it.
 */
import assert from "node:assert/strict";
import { tmux, tmuxMissing } from "./_tmux.ts";
import { READY, send, withTui, WORKING } from "./_tui.ts";

const skip = tmuxMissing();

const EVIL = "Sure.\x1b[2J\x1b[H FAKE \x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07 ok\rHIDDEN " +
  "\u202Ehs.live";

Deno.test({
  name: "tui: escape sequences in an answer are written out, the screen is not cleared",
  ignore: !!skip,
  async fn() {
    const turns = [{ reasoning: `hmm ${EVIL}`, text: `${EVIL}\n\nthe end`, chunkSize: 3 }];
    await withTui("escapes", turns, async ({ tui }) => {
      await tui.waitFor(READY);
      await send(tui, "hello there");
      const screen = await tui.waitFor((s) => s.includes("the end") && !WORKING.test(s));
      await tui.save("escapes-written-out");
      // What was on screen before the answer is still there: nothing cleared it.
      assert.match(screen, /nanocoder \d/);
      assert.match(screen, /❯ hello there/);
      assert.ok(
        screen.includes("Sure.\\x1b[2J\\x1b[H FAKE \\x1b]0;pwned\\x07\\x1b]52;c;cm0gLXJmIH4=\\x07"),
        screen,
      );
      assert.match(screen, /<U\+202E>hs\.live/);
      const title = await tmux(tui.socket, ["display-message", "-p", "-t", "0", "#{pane_title}"]);
      assert.notEqual(title.trim(), "pwned");
      // OSC 52 acted on would have put the text into a tmux paste buffer.
      assert.equal((await tmux(tui.socket, ["list-buffers"])).trim(), "");
    }, { columns: 100, rows: 30 });
  },
});
