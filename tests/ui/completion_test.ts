import assert from "node:assert/strict";
import {
  commandSuggestions,
  completionFor,
  fileSuggestions,
  resourceSuggestions,
} from "../../src/ui/input/completion.ts";
import { promptBlocks } from "../../src/ui/input/mentions.ts";

const COMMANDS = [
  { name: "help", description: "Commands and keys" },
  { name: "model", description: "Switch model" },
  { name: "mode", description: "Switch mode" },
  { name: "exit", description: "Leave", aliases: ["quit"] },
];

Deno.test("commands: prefix matches first, in the given order; aliases match", () => {
  assert.deepEqual(commandSuggestions("mo", COMMANDS).map((s) => s.label), ["/model", "/mode"]);
  assert.deepEqual(commandSuggestions("mode", COMMANDS).map((s) => s.label), ["/mode", "/model"]);
  assert.deepEqual(commandSuggestions("qu", COMMANDS).map((s) => s.label), ["/exit"]);
  assert.deepEqual(commandSuggestions("el", COMMANDS).map((s) => s.label), ["/help", "/model"]);
});

Deno.test("files: name prefix, then path prefix, then substring, then letters in order", () => {
  const files = ["src/ui/mod.ts", "src/model.ts", "docs/mode.md", "modules/x.ts", "a/b/c/m_o_d.ts"];
  assert.deepEqual(fileSuggestions("mod", files).map((s) => s.label), [
    "src/ui/mod.ts",
    "docs/mode.md",
    "src/model.ts",
    "modules/x.ts",
    "a/b/c/m_o_d.ts",
  ]);
  assert.deepEqual(fileSuggestions("zzz", files), []);
});

Deno.test("the menu opens for a leading / and for an @ word, not elsewhere", () => {
  assert.equal(completionFor("/he", 3, COMMANDS, [])?.kind, "command");
  assert.equal(completionFor("say /he", 7, COMMANDS, []), undefined);
  assert.equal(completionFor("/help me", 8, COMMANDS, []), undefined);
  const files = completionFor("look at @src", 12, COMMANDS, ["src/a.ts", "b.ts"]);
  assert.deepEqual(files && { kind: files.kind, start: files.start }, { kind: "file", start: 8 });
  assert.equal(completionFor("mail me@", 8, COMMANDS, undefined), undefined);
});

Deno.test("@mentions of files become file blocks; other @words stay text", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-mention-" });
  try {
    await Deno.writeTextFile(`${dir}/a.ts`, "x");
    await Deno.mkdir(`${dir}/lib`);
    const blocks = await promptBlocks("compare @a.ts, @lib and @a.ts with @nobody", dir);
    assert.deepEqual(blocks, [
      { type: "text", text: "compare @a.ts, @lib and @a.ts with @nobody" },
      { type: "file", path: "a.ts" },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a prompt without file mentions has its blocks at once; @server:uri is a resource", () => {
  assert.deepEqual(promptBlocks("just a question", "/nowhere"), [
    { type: "text", text: "just a question" },
  ]);
  assert.deepEqual(promptBlocks("see @docs:file:///a.md twice @docs:file:///a.md", "/", ["docs"]), [
    { type: "text", text: "see @docs:file:///a.md twice @docs:file:///a.md" },
    { type: "mcp_resource", server: "docs", uri: "file:///a.md" },
  ]);
});

Deno.test("resources: server:text matches the server's start and the URI or name", () => {
  const resources = [
    { server: "docs", uri: "file:///guide/intro.md", name: "Intro" },
    { server: "docs", uri: "file:///api.md", name: "API reference", description: "Every call" },
    { server: "db", uri: "postgres://t/users", name: "users" },
  ];
  const labels = (q: string) => resourceSuggestions(q, resources).map((s) => s.label);
  assert.deepEqual(labels("do:intro"), ["docs:Intro"]);
  assert.deepEqual(labels("d:"), ["docs:Intro", "docs:API reference", "db:users"]);
  assert.deepEqual(labels("users"), ["db:users"]);
  assert.deepEqual(resourceSuggestions("docs:api", resources), [
    { value: "@docs:file:///api.md ", label: "docs:API reference", hint: "Every call" },
  ]);
  const menu = completionFor("read @db:", 9, COMMANDS, ["db.ts"], resources);
  assert.deepEqual(menu?.items.map((i) => i.label), ["db:users"]);
});
