/**
 * Child process of edit_race_test.ts: appends lines to one file with insert_lines, as
 * a separate nanocoder run would.
 *
 * Usage: deno run -A edit_race_child.ts DIR FILE TAG MODE
 *   MODE "once":  read the file, print "ready", wait for DIR/go, append "TAG" once,
 *                 print the result as JSON.
 *   MODE "N":     append "TAG-1" … "TAG-N", re-reading after every refusal as a model
 *                 would; print the lines reported as written, as JSON.
 */
import { insertLinesTool } from "../../../src/tools/insert_lines.ts";
import { readFileTool } from "../../../src/tools/read_file.ts";
import { makeToolContext } from "../../_helpers/tool_context.ts";

const [dir, file, tag, mode] = Deno.args;
const ctx = makeToolContext(dir);
const say = (value: unknown) =>
  Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(value)}\n`));

async function append(line: string) {
  const read = await readFileTool.execute({ path: file }, ctx);
  const lines = Number(/of (\d+)\)/.exec(read.summary ?? "")?.[1] ?? 0);
  return {
    read,
    lines,
    write: () => insertLinesTool.execute({ path: file, line: lines + 1, content: line }, ctx),
  };
}

if (mode === "once") {
  const { write } = await append(tag);
  await say("ready");
  while (true) {
    try {
      await Deno.stat(`${dir}/go`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  const result = await write();
  await say({ ok: result.ok, output: result.output.split("\n")[0] });
} else {
  const written: string[] = [];
  for (let i = 1; i <= Number(mode); i++) {
    const line = `${tag}-${i}`;
    for (let attempt = 0; attempt < 200; attempt++) {
      const result = await (await append(line)).write();
      if (result.ok) {
        written.push(line);
        break;
      }
      if (!/changed on disk/.test(result.output)) throw new Error(result.output);
    }
  }
  await say(written);
}
