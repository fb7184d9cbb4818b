/** File tools' reads and writes through the editor, when the context offers it. */
import assert from "node:assert/strict";
import { throughEditor, writeThroughEditor } from "../../../src/tools/_private/editor_io.ts";
import type { EditorFiles } from "../../../src/tools/tool.ts";
import { makeToolContext } from "../../_helpers/tool_context.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

/** An editor holding `buffers`, normalizing CRLF to LF on save as editors may. */
function editor(buffers: Map<string, string>): EditorFiles {
  return {
    readText: (path) => Promise.resolve(buffers.get(path) ?? ""),
    writeText: (path, content) => {
      buffers.set(path, content.replace(/\r\n/g, "\n"));
      return Promise.resolve();
    },
  };
}

Deno.test("without the editor, a tool works on the disk's bytes", async () => {
  const ctx = makeToolContext("/p");
  assert.equal(text(await throughEditor(ctx, "/p/a", bytes("disk"))), "disk");
  await assert.rejects(writeThroughEditor(ctx, "/p/a", bytes("x")), /takes no writes/);
});

Deno.test("with the editor, a text file is its buffer; a binary or non-UTF-8 one stays the disk's", async () => {
  const ctx = makeToolContext("/p", { files: editor(new Map([["/p/a", "unsaved\n"]])) });
  assert.equal(text(await throughEditor(ctx, "/p/a", bytes("saved\n"))), "unsaved\n");
  const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]);
  assert.equal(await throughEditor(ctx, "/p/a", binary), binary);
  const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]);
  assert.equal(await throughEditor(ctx, "/p/a", latin1), latin1);
});

Deno.test("a write goes to the editor without a BOM; what it holds after is what is known", async () => {
  const buffers = new Map<string, string>();
  const ctx = makeToolContext("/p", { files: editor(buffers) });
  const known = await writeThroughEditor(ctx, "/p/a", bytes("\uFEFFone\r\ntwo\r\n"));
  assert.equal(buffers.get("/p/a"), "one\ntwo\n");
  assert.equal(text(known), "one\ntwo\n");
});
