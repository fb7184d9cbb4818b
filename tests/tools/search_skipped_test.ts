/** search_file_contents names the files it did not search for size, with either backend. */
import assert from "node:assert/strict";
import { runSearch } from "../../src/tools/search_file_contents.ts";
import { MAX_SEARCH_FILE_SIZE } from "../../src/tools/_private/search_backends.ts";
import { findRipgrep } from "../../src/tools/_private/ripgrep.ts";
import { withTempProject } from "../_helpers/file_fixture.ts";

const rg = await findRipgrep();

Deno.test("search_file_contents says which files it skipped for size, in the result", async () => {
  await withTempProject(async (dir, ctx) => {
    await Deno.mkdir(`${dir}/logs`);
    const big = "needle in a big log\n".repeat(Math.ceil((MAX_SEARCH_FILE_SIZE + 1) / 20));
    await Deno.writeTextFile(`${dir}/logs/huge.log`, big);
    await Deno.writeTextFile(`${dir}/small.txt`, "a needle here\n");
    const backends = rg ? (["typescript", "ripgrep"] as const) : (["typescript"] as const);
    for (const backend of backends) {
      const result = await runSearch({ query: "needle" }, ctx, backend);
      assert.equal(result.ok, true, result.output);
      assert.match(result.output, /small\.txt:1: a needle here/, backend);
      assert.match(
        result.output,
        /\n\nNot searched, over 10 MB: logs\/huge\.log \(use read_file with start_line\/end_line/,
        backend,
      );
      // An exclude glob covers skipped files too.
      const excluded = await runSearch({ query: "needle", exclude: "*.log" }, ctx, backend);
      assert.doesNotMatch(excluded.output, /Not searched/, backend);
    }
  });
});
