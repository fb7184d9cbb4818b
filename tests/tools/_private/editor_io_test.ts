/** File tools' reads and writes go through the editor when the context offers it. */
import assert from "node:assert/strict";
import { readFileBytes, writeFileBytes } from "../../../src/tools/_private/editor_io.ts";
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

Deno.test("without the editor, reads and writes use the disk callbacks", async () => {
  const ctx = makeToolContext("/p");
  let wrote = false;
  assert.equal(
    text(await readFileBytes(ctx, "/p/a", () => Promise.resolve(bytes("disk")))),
    "disk",
  );
  const known = await writeFileBytes(ctx, "/p/a", bytes("new"), () => {
    wrote = true;
    return Promise.resolve();
  });
  assert.equal(wrote, true);
  assert.equal(text(known), "new");
});

Deno.test("with the editor, reads give its buffer and writes go to it, never the disk", async () => {
  const buffers = new Map([["/p/a", "unsaved\n"]]);
  const ctx = makeToolContext("/p", { files: editor(buffers) });
  const disk = () => Promise.reject(new Error("the disk was used"));
  assert.equal(text(await readFileBytes(ctx, "/p/a", disk)), "unsaved\n");
  const known = await writeFileBytes(ctx, "/p/a", bytes("\uFEFFone\r\ntwo\r\n"), disk);
  assert.equal(buffers.get("/p/a"), "one\ntwo\n", "no BOM character in the editor's text");
  assert.equal(text(known), "one\ntwo\n", "what the editor holds now is what the model knows");
});

Deno.test("an editor that only writes: reads stay on disk, the written bytes are known", async () => {
  const written: string[] = [];
  const ctx = makeToolContext("/p", {
    files: { writeText: (_path, content) => (written.push(content), Promise.resolve()) },
  });
  assert.equal(text(await readFileBytes(ctx, "/p/a", () => Promise.resolve(bytes("d")))), "d");
  const known = await writeFileBytes(ctx, "/p/a", bytes("x"), () => Promise.reject(new Error()));
  assert.deepEqual(written, ["x"]);
  assert.equal(text(known), "x");
});
