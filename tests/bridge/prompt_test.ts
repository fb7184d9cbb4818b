/** An ACP prompt as the engine's content blocks. */
import assert from "node:assert/strict";
import { promptBlocks, PromptError } from "../../src/bridge/prompt.ts";

Deno.test("text, images, file links and embedded files become engine blocks", async () => {
  const blocks = await promptBlocks([
    { type: "text", text: "Look at" },
    { type: "resource_link", uri: "file:///work/a%20b.ts", name: "a b.ts" },
    { type: "resource", resource: { uri: "file:///work/c.ts", text: "const c = 1;" } },
    { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
  ]);
  assert.deepEqual(blocks, [
    { type: "text", text: "Look at" },
    { type: "file", path: "/work/a b.ts" },
    { type: "file", path: "/work/c.ts", text: "const c = 1;" },
    { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
  ]);
});

Deno.test("a linked file is read through the editor when it offers that", async () => {
  const read: string[] = [];
  const blocks = await promptBlocks(
    [{ type: "resource_link", uri: "file:///work/open.ts", name: "open.ts" }],
    (path) => {
      read.push(path);
      return Promise.resolve("unsaved text");
    },
  );
  assert.deepEqual(read, ["/work/open.ts"]);
  assert.deepEqual(blocks, [{ type: "file", path: "/work/open.ts", text: "unsaved text" }]);
});

Deno.test("links and resources that are not local files stay as text", async () => {
  const blocks = await promptBlocks([
    { type: "resource_link", uri: "https://example.com/spec", name: "spec", title: "The spec" },
    { type: "resource", resource: { uri: "zed://rules/1", text: "Be brief." } },
    { type: "resource", resource: { uri: "file:///x.png", blob: "AAAA", mimeType: "image/png" } },
  ]);
  assert.deepEqual(blocks, [
    { type: "text", text: "[The spec](https://example.com/spec)" },
    { type: "text", text: '<resource uri="zed://rules/1">\nBe brief.\n</resource>' },
    { type: "image", mimeType: "image/png", data: "AAAA" },
  ]);
});

Deno.test("audio and binary resources are refused with what is wrong", async () => {
  await assert.rejects(
    promptBlocks([{ type: "audio", mimeType: "audio/wav", data: "AAAA" }]),
    PromptError,
  );
  await assert.rejects(
    promptBlocks([{
      type: "resource",
      resource: { uri: "file:///a.zip", blob: "AAAA", mimeType: "application/zip" },
    }]),
    /Cannot attach "file:\/\/\/a\.zip": binary content \(application\/zip\)/,
  );
});
