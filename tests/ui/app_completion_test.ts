/**
 * Completion while typing: `/` offers the slash commands (custom ones too), `@` offers
 * the project's files; Tab or Enter takes the highlighted one, arrows move, Esc closes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { KEY, mountApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadCustomCommands } from "../../src/commands/mod.ts";

async function withProject(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-ui-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("typing / lists the commands; Tab completes the highlighted one", async () => {
  const app = await mountApp();
  try {
    await app.type("/");
    await app.ui.waitFor((f) => f.includes("/help") && f.includes("/model"), "the command menu");
    await assertSnapshot("completion_slash", app.frame());
    await app.type("co");
    const frame = await app.ui.waitFor((f) => f.includes("❯ /compact"), "the filtered menu");
    assert.ok(!frame.includes("/help"), frame);
    await app.type(KEY.tab);
    assert.equal(app.store.editor.text, "/compact ");
    assert.equal(app.store.state.completion, undefined);
  } finally {
    app.unmount();
  }
});

Deno.test("custom commands are offered with their description", async () => {
  await withProject(async (dir) => {
    await Deno.mkdir(join(dir, ".nanocoder", "commands"), { recursive: true });
    await Deno.writeTextFile(
      join(dir, ".nanocoder", "commands", "review.md"),
      "---\ndescription: Review the staged changes\naliases: [rv]\n---\nReview {{args}}",
    );
    const app = await mountApp({ cwd: dir });
    try {
      app.controller.commands = await loadCustomCommands(dir, undefined);
      await app.type("/rev");
      const frame = await app.ui.waitFor((f) => f.includes("/review"), "the custom command");
      assert.match(frame, /\/review\s+Review the staged changes/);
      await app.type(KEY.enter); // Enter takes the completion first
      assert.equal(app.store.editor.text, "/review ");
      await app.type("src/a.ts");
      await app.type(KEY.enter);
      const prompt = await app.engine.opOf("prompt");
      assert.deepEqual(prompt.content, [{
        type: "text",
        text: "[Executing custom command: /review]\n\nReview src/a.ts",
      }]);
    } finally {
      app.unmount();
    }
  });
});

Deno.test("typing @ lists project files; the file chosen is attached to the prompt", async () => {
  await withProject(async (dir) => {
    await Deno.mkdir(join(dir, "src", "ui"), { recursive: true });
    for (const f of ["src/ui/mod.ts", "src/main.ts", "README.md", "deno.json"]) {
      await Deno.writeTextFile(join(dir, f), `// ${f}\n`);
    }
    const app = await mountApp({ cwd: dir });
    try {
      await app.type("explain @");
      await app.ui.waitFor((f) => f.includes("README.md") && f.includes("src/ui/mod.ts"));
      await app.type("mod");
      const frame = await app.ui.waitFor((f) => f.includes("❯ src/ui/mod.ts"), "the match");
      await assertSnapshot("completion_files", frame.replaceAll(dir, "<project>"));
      await app.type(KEY.tab);
      assert.equal(app.store.editor.text, "explain @src/ui/mod.ts ");
      await app.type(KEY.enter);
      // The file is read before the prompt is submitted.
      const prompt = await app.engine.opOf("prompt");
      assert.deepEqual(prompt.content, [
        { type: "text", text: "explain @src/ui/mod.ts " },
        { type: "file", path: "src/ui/mod.ts" },
      ]);
    } finally {
      app.unmount();
    }
  });
});

Deno.test("arrows move through the menu and Esc closes it", async () => {
  const app = await mountApp();
  try {
    await app.type("/m");
    await app.ui.waitFor((f) => f.includes("❯ /model"));
    await app.type(KEY.down);
    await app.ui.waitFor((f) => f.includes("❯ /mode "));
    await app.type(KEY.escape);
    await app.ui.waitFor((f) => !f.includes("/mode "), "the menu to close");
    assert.equal(app.store.editor.text, "/m");
  } finally {
    app.unmount();
  }
});
