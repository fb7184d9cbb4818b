/**
 * Two runs editing one file never lose an update (issue #11 item 13): concurrent
 * processes appending to one file either land their edit or are refused as stale.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { withTempProject } from "../../_helpers/file_fixture.ts";

const CHILD = fileURLToPath(new URL("./edit_race_child.ts", import.meta.url));

function spawnChild(dir: string, tag: string, mode: string) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-prompt", CHILD, dir, "log.txt", tag, mode],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function* jsonLines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncGenerator<unknown> {
  let buffer = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    buffer += text;
    let nl;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      yield JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  }
}

Deno.test("4 processes that read the same version: exactly one edit lands, three are refused", async () => {
  await withTempProject(async (dir) => {
    await Deno.writeTextFile(`${dir}/log.txt`, "start\n");
    const children = ["a", "b", "c", "d"].map((tag) => ({
      tag,
      child: spawnChild(dir, tag, "once"),
    }));
    const outputs = children.map(({ child }) => jsonLines(child.stdout));
    for (const out of outputs) assert.equal((await out.next()).value, "ready");
    await Deno.writeTextFile(`${dir}/go`, "");
    const results = [];
    for (const [i, out] of outputs.entries()) {
      results.push({
        tag: children[i].tag,
        ...(await out.next()).value as { ok: boolean; output: string },
      });
      await out.return(undefined);
      const status = await children[i].child.output();
      assert.equal(status.code, 0, new TextDecoder().decode(status.stderr));
    }
    const landed = results.filter((r) => r.ok);
    assert.equal(landed.length, 1, JSON.stringify(results));
    for (const r of results.filter((r) => !r.ok)) {
      assert.match(r.output, /^Error: "log\.txt" changed on disk/, JSON.stringify(r));
    }
    assert.equal(await Deno.readTextFile(`${dir}/log.txt`), `start\n${landed[0].tag}\n`);
  });
});

Deno.test("4 processes appending 15 lines each, re-reading when refused: no line is lost", async () => {
  await withTempProject(async (dir) => {
    await Deno.writeTextFile(`${dir}/log.txt`, "start\n");
    const children = ["a", "b", "c", "d"].map((tag) => spawnChild(dir, tag, "15"));
    const reported: string[] = [];
    for (const child of children) {
      const out = await child.output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      reported.push(...JSON.parse(new TextDecoder().decode(out.stdout)));
    }
    const lines = (await Deno.readTextFile(`${dir}/log.txt`)).split("\n").filter(Boolean);
    assert.equal(reported.length, 60);
    assert.deepEqual(lines.slice(1).sort(), reported.sort());
    assert.equal(lines[0], "start");
  });
});
