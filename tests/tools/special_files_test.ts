/**
 * Non-regular files (issue #11 item 12): a FIFO, a device or a socket in the project is
 * refused by every file tool with a clear message, never opened (opening a FIFO for
 * reading blocks until a writer comes), and skipped by searches and listings.
 */
import assert from "node:assert/strict";
import { createFileTool } from "../../src/tools/create_file.ts";
import { runFind } from "../../src/tools/find_files.ts";
import { insertLinesTool } from "../../src/tools/insert_lines.ts";
import { listDirectoryTool } from "../../src/tools/list_directory.ts";
import { readFileTool } from "../../src/tools/read_file.ts";
import { runSearch } from "../../src/tools/search_file_contents.ts";
import { stringReplaceTool } from "../../src/tools/string_replace.ts";
import { untilAborted } from "../../src/tools/_private/abort.ts";
import { withTempProject } from "../_helpers/file_fixture.ts";

const unix = Deno.build.os !== "windows";

async function mkfifo(path: string): Promise<void> {
  const out = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

const FIFO_ERROR = 'Error: "pipe" is a named pipe (FIFO), not a regular file. The file tools ' +
  "only read and write regular files (reading a pipe or a device could block forever).";

Deno.test({
  name: "every file tool refuses a FIFO at once instead of blocking on it",
  ignore: !unix,
  async fn() {
    await withTempProject(async (dir, ctx) => {
      await mkfifo(`${dir}/pipe`);
      const calls = [
        readFileTool.execute({ path: "pipe" }, ctx),
        stringReplaceTool.execute({ path: "pipe", old_str: "a", new_str: "b" }, ctx),
        insertLinesTool.execute({ path: "pipe", line: 1, content: "x" }, ctx),
        createFileTool.execute({ path: "pipe", content: "x", overwrite: true }, ctx),
        runSearch({ query: "x", path: "pipe" }, ctx, "typescript"),
      ];
      for (const result of await Promise.all(calls)) {
        assert.deepEqual(result, { ok: false, output: FIFO_ERROR });
      }
      assert.equal((await Deno.lstat(`${dir}/pipe`)).isFifo, true, "the pipe is left alone");
    });
  },
});

Deno.test({
  name: "searches and listings skip FIFOs; our walker even one named .gitignore",
  ignore: !unix,
  async fn() {
    await withTempProject(async (dir, ctx) => {
      await mkfifo(`${dir}/pipe`);
      await Deno.mkdir(`${dir}/sub`);
      await Deno.writeTextFile(`${dir}/sub/a.txt`, "needle\n");
      const found = /in 1 file:\n\nsub\/a\.txt:1: needle/;
      for (const backend of ["typescript", "auto"] as const) {
        assert.match((await runSearch({ query: "needle" }, ctx, backend)).output, found, backend);
      }
      // ripgrep itself blocks on a FIFO ignore file (cancel kills it); our walker reads
      // ignore files synchronously, so there it would have frozen the whole program.
      await mkfifo(`${dir}/sub/.gitignore`);
      assert.match((await runSearch({ query: "needle" }, ctx, "typescript")).output, found);
      assert.equal((await runFind({ pattern: "*" }, ctx, "typescript")).output, "sub/a.txt");
      const listed = await listDirectoryTool.execute({ recursive: true }, ctx);
      assert.equal(listed.ok, true);
      assert.match(listed.output, /a\.txt/);
    });
  },
});

Deno.test({
  name: "devices and sockets are refused by name",
  ignore: !unix,
  async fn() {
    await withTempProject(async (dir, ctx) => {
      const zero = await readFileTool.execute({ path: "/dev/zero" }, {
        ...ctx,
        allowedDirs: ["/dev"],
      });
      assert.match(
        zero.output,
        /^Error: "\/dev\/zero" is a character device, not a regular file\./,
      );
      using _listener = Deno.listen({ transport: "unix", path: `${dir}/sock` });
      const sock = await readFileTool.execute({ path: "sock" }, ctx);
      assert.match(sock.output, /^Error: "sock" is a socket, not a regular file\./);
    });
  },
});

Deno.test({
  name: "a blocked open of a FIFO gives way to cancel at once, and its late handle is closed",
  ignore: !unix,
  async fn() {
    await withTempProject(async (dir) => {
      await mkfifo(`${dir}/pipe`);
      const controller = new AbortController();
      const opening = Deno.open(`${dir}/pipe`, { read: true });
      let late: Deno.FsFile | undefined;
      const waiting = untilAborted(opening, controller.signal, (file) => {
        late = file;
        file.close();
      });
      setTimeout(() => controller.abort(new Error("cancelled by the user")), 20);
      await assert.rejects(waiting, /cancelled by the user/);
      // Unblock the pending open the way a writer would; the late handle gets closed.
      const writer = await Deno.open(`${dir}/pipe`, { write: true });
      writer.close();
      await opening.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert.ok(late, "the late handle reached onLate");
      assert.throws(() => late!.statSync(), Deno.errors.BadResource);
    });
  },
});
