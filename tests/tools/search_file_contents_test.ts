import assert from "node:assert/strict";
import {
  runSearch,
  type SearchArgs,
  searchFileContentsTool,
} from "../../src/tools/search_file_contents.ts";
import { findRipgrep } from "../../src/tools/_private/ripgrep.ts";
import { searchWithRipgrep } from "../../src/tools/_private/search_backends.ts";
import { searchWithTypeScript } from "../../src/tools/_private/search_typescript.ts";
import type { ToolContext } from "../../src/tools/tool.ts";
import { withTempProject } from "../_helpers/file_fixture.ts";
import { makeToolContext } from "../_helpers/tool_context.ts";
import { SEARCH_FIXTURE, writeTree } from "../_helpers/search_tree.ts";

const rg = await findRipgrep();

function withFixture(fn: (dir: string, ctx: ToolContext) => Promise<void>): Promise<void> {
  return withTempProject(async (dir, ctx) => {
    await writeTree(dir, SEARCH_FIXTURE);
    await fn(dir, ctx);
  });
}

/** Runs the pure TypeScript backend and returns the output text. */
async function ts(args: SearchArgs, ctx: ToolContext): Promise<string> {
  const result = await runSearch(args, ctx, "typescript");
  assert.equal(result.ok, true, result.output);
  return result.output;
}

/** Lines of the output that are results (no header, no blank lines). */
function resultLines(output: string): string[] {
  return output.split("\n").slice(2).filter((l) => l !== "");
}

Deno.test("search_file_contents skips gitignored, excluded, node_modules, .git and binary files", async () => {
  await withFixture(async (_dir, ctx) => {
    const out = await ts({ query: "hello", regex: false }, ctx);
    const files = new Set(resultLines(out).map((l) => l.slice(0, l.search(/[:-]\d+[:-] /))));
    assert.deepEqual([...files].sort(), [
      ".hidden/conf",
      "README.md",
      "ctx.txt",
      "keep.log",
      "long.txt",
      "noeol.txt",
      "src/crlf.txt",
      "src/main.ts",
      "src/nested/deep/a.ts",
      "src/util.ts",
      "src/ünïcödé/файл.ts",
    ]);
  });
});

Deno.test("search_file_contents formats matches and merged context groups grep-style", async () => {
  await withFixture(async (_dir, ctx) => {
    const out = await ts({ query: "hello", path: "ctx.txt", context_lines: 1 }, ctx);
    assert.equal(
      out,
      [
        `Found 3 matches for regex "hello" (case-insensitive) in 1 file:`,
        "",
        "ctx.txt-1- l1",
        "ctx.txt:2: l2 hello",
        "ctx.txt-3- l3",
        "--",
        "ctx.txt-6- l6",
        "ctx.txt:7: l7 hello",
        "ctx.txt-8- l8",
        "ctx.txt:9: l9 hello",
        "ctx.txt-10- l10",
      ].join("\n"),
    );
  });
});

Deno.test("search_file_contents treats the query as a regex by default and literally with regex: false", async () => {
  await withFixture(async (_dir, ctx) => {
    const regex = await ts({ query: "TODO: fix \\(later\\)", path: "src" }, ctx);
    assert.deepEqual(resultLines(regex), ["src/main.ts:4: // TODO: fix (later)"]);
    const literal = await ts({ query: "fix (later)", path: "src", regex: false }, ctx);
    assert.deepEqual(resultLines(literal), ["src/main.ts:4: // TODO: fix (later)"]);
    const dot = await ts({ query: "h.llo w", regex: false }, ctx);
    assert.match(dot, /^No matches/);
  });
});

Deno.test("search_file_contents returns an invalid regex as an error that suggests regex: false", async () => {
  await withFixture(async (_dir, ctx) => {
    for (const backend of ["typescript", "auto"] as const) {
      const result = await runSearch({ query: "fix (later" }, ctx, backend);
      assert.equal(result.ok, false);
      assert.match(
        result.output,
        /^Error: invalid regular expression "fix \(later": .*"regex": false/,
      );
    }
  });
});

Deno.test("search_file_contents uses smart case unless case_sensitive is given", async () => {
  await withFixture(async (_dir, ctx) => {
    const lower = resultLines(await ts({ query: "hello", path: "src/util.ts" }, ctx));
    assert.deepEqual(lower, ["util.ts:1: export const HELLO = 1;"].map((l) => `src/${l}`));
    const upper = resultLines(await ts({ query: "HELLO", path: "src" }, ctx));
    assert.deepEqual(upper, ["src/util.ts:1: export const HELLO = 1;"]);
    const forced = resultLines(
      await ts({ query: "hello", path: "src/util.ts", case_sensitive: true }, ctx),
    );
    assert.deepEqual(forced, []);
    const unicode = resultLines(
      await ts({ query: "привет", path: "src/ünïcödé", case_sensitive: false }, ctx),
    );
    assert.deepEqual(unicode, [
      "src/ünïcödé/файл.ts:1: привет hello мир",
      "src/ünïcödé/файл.ts:2: ПРИВЕТ again",
    ]);
  });
});

Deno.test("search_file_contents filters files with include and exclude globs", async () => {
  await withFixture(async (_dir, ctx) => {
    const files = (out: string) => [...new Set(resultLines(out).map((l) => l.split(/:\d+: /)[0]))];
    assert.deepEqual(files(await ts({ query: "hello", include: "*.ts" }, ctx)), [
      "src/main.ts",
      "src/nested/deep/a.ts",
      "src/util.ts",
      "src/ünïcödé/файл.ts",
    ]);
    assert.deepEqual(files(await ts({ query: "hello", include: "*.{md,log}" }, ctx)), [
      "README.md",
      "keep.log",
    ]);
    assert.deepEqual(
      files(await ts({ query: "hello", include: "src/**/*.ts", exclude: "nested,*ü*" }, ctx)),
      [
        "src/main.ts",
        "src/util.ts",
      ],
    );
    assert.deepEqual(
      files(await ts({ query: "hello", include: "*.ts", exclude: "src/nested/**" }, ctx)),
      [
        "src/main.ts",
        "src/util.ts",
        "src/ünïcödé/файл.ts",
      ],
    );
  });
});

Deno.test("search_file_contents caps results in path order and says how many there were", async () => {
  await withFixture(async (_dir, ctx) => {
    const out = await ts({ query: "hello", max_results: 3 }, ctx);
    const [header] = out.split("\n");
    assert.match(
      header,
      /^Found 16 matches for regex "hello" \(case-insensitive\) in 11 files; showing the first 3 /,
    );
    assert.match(header, /raise "max_results"/);
    assert.deepEqual(resultLines(out), [
      ".hidden/conf:1: hello hidden",
      "README.md:2: Hello world",
      "README.md:3: hello again",
    ]);
  });
});

Deno.test("search_file_contents strips CRLF, anchors $ at line ends and reads files without a final newline", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(resultLines(await ts({ query: "hello$", path: "src/crlf.txt" }, ctx)), [
      "src/crlf.txt:1: first hello",
      "src/crlf.txt:3: third hello",
    ]);
    assert.deepEqual(resultLines(await ts({ query: "hello$", path: "noeol.txt" }, ctx)), [
      "noeol.txt:2: no newline hello",
    ]);
  });
});

Deno.test("search_file_contents cuts long lines around the first match", async () => {
  await withFixture(async (_dir, ctx) => {
    const [line] = resultLines(await ts({ query: "hello", path: "long.txt" }, ctx));
    assert.equal(
      line,
      `long.txt:1: …${"x".repeat(100)}hello${"y".repeat(195)}… [line of 1505 characters cut]`,
    );
  });
});

Deno.test("search_file_contents refuses paths outside the project and reports missing ones", async () => {
  await withFixture(async (_dir, ctx) => {
    for (const path of ["..", "/etc", "../outside"]) {
      const result = await searchFileContentsTool.execute({ query: "x", path }, ctx);
      assert.equal(result.ok, false);
      assert.match(result.output, /is refused: .*outside the project directory/);
    }
    const missing = await searchFileContentsTool.execute({ query: "x", path: "nope" }, ctx);
    assert.deepEqual(missing, {
      ok: false,
      output: 'Error: path "nope" does not exist. Use list_directory or find_files to find it.',
    });
  });
});

Deno.test("search_file_contents searches inside node_modules when it is the path", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(resultLines(await ts({ query: "hello", path: "node_modules" }, ctx)), [
      "node_modules/pkg/index.js:1: hello nm",
    ]);
  });
});

const QUERIES: SearchArgs[] = [
  { query: "hello" },
  { query: "hello", regex: false, case_sensitive: true },
  { query: "h[eé]llo\\s+w", context_lines: 2 },
  { query: "hello$" },
  { query: "^l\\d+ hello", context_lines: 1 },
  { query: "ПРИВЕТ", case_sensitive: false },
  { query: "wörld", regex: false },
  { query: "hello", include: "*.{ts,md}", exclude: "deep" },
  { query: "hello", include: "src/**", context_lines: 3 },
  { query: "hello", max_results: 4, context_lines: 1 },
  { query: "hello", path: "src/nested" },
  { query: "hello", path: "node_modules" },
  { query: "(?<=l\\d )hello" },
  { query: "no match at all" },
];

Deno.test({
  name: "search_file_contents gives the same output with ripgrep and with the TypeScript search" +
    (rg ? "" : " (skipped: no rg binary found)"),
  ignore: !rg,
  fn: () =>
    withFixture(async (_dir, ctx) => {
      for (const args of QUERIES) {
        const withRg = await runSearch(args, ctx, "ripgrep");
        const withTs = await runSearch(args, ctx, "typescript");
        assert.deepEqual(withRg, withTs, JSON.stringify(args));
      }
    }),
});

Deno.test({
  name: "searchWithRipgrep answers every fixture query itself, without falling back" +
    (rg ? "" : " (skipped: no rg binary found)"),
  ignore: !rg,
  fn: () =>
    withFixture(async (dir) => {
      for (const args of QUERIES.filter((q) => !q.path)) {
        const spec = {
          rootAbs: dir,
          query: args.query,
          regex: args.regex ?? true,
          caseSensitive: args.case_sensitive ?? false,
          contextLines: args.context_lines ?? 0,
          include: args.include ? [args.include] : [],
          exclude: args.exclude ? [args.exclude] : [],
        };
        const withRg = await searchWithRipgrep(rg!, spec);
        assert.deepEqual(withRg, await searchWithTypeScript(spec), JSON.stringify(args));
      }
    }),
});

Deno.test("search_file_contents stops at a line when the answer grows too long, with the counts right", async () => {
  await withTempProject(async (dir, ctx) => {
    const line = `match ${"z".repeat(280)}\n`;
    await writeTree(dir, { "a.txt": line.repeat(60), "b.txt": line.repeat(60) });
    const out = await ts({ query: "match", max_results: 1000 }, ctx);
    const lines = resultLines(out);
    assert.ok(out.length < 21_000, String(out.length));
    assert.match(
      out.split("\n")[0],
      new RegExp(
        `^Found 120 matches .* in 2 files; showing the first ${lines.length} \\(in 2 files, .*limited to 20000 characters\\):$`,
      ),
    );
    assert.ok(lines.every((l) => /^[ab]\.txt:\d+: match z+$/.test(l)));
  });
});

Deno.test("search_file_contents stops with the abort reason when the call is cancelled", async () => {
  await withFixture(async (dir) => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled by test"));
    const ctx = makeToolContext(dir, { signal: controller.signal });
    for (const backend of ["typescript", "ripgrep"] as const) {
      await assert.rejects(runSearch({ query: "hello" }, ctx, backend), /cancelled by test/);
    }
  });
});

Deno.test("search_file_contents says so when the one file asked for is binary", async () => {
  await withFixture(async (_dir, ctx) => {
    assert.deepEqual(
      await searchFileContentsTool.execute({ query: "hello", path: "bin.dat" }, ctx),
      {
        ok: false,
        output: 'Error: "bin.dat" is a binary file; only text files are searched.',
      },
    );
  });
});

Deno.test("search_file_contents without run permission falls back to TypeScript with the same output", async () => {
  await withFixture(async (dir, ctx) => {
    const args: SearchArgs = { query: "hello", context_lines: 1, max_results: 8 };
    const script = `${dir}/.probe.ts`;
    const module = new URL("../../src/tools/search_file_contents.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { runSearch } from "${module}";\n` +
        `const ctx = { cwd: ${JSON.stringify(dir)}, allowedDirs: [], ` +
        `signal: new AbortController().signal, knownFiles: new Map() };\n` +
        `console.log(JSON.stringify(await runSearch(${JSON.stringify(args)}, ctx, "auto")));\n`,
    );
    await writeTree(dir, { ".ignore": ".probe.ts\n" });
    const config = new URL("../../deno.json", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", `--config=${config}`, `--allow-read=${dir}`, script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const restricted = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual(restricted, await runSearch(args, ctx, "auto"));
  });
});

Deno.test("search_file_contents explains that a query spanning lines cannot match", async () => {
  await withFixture(async (_dir, ctx) => {
    for (
      const args of [{ query: "l1\nl2" }, { query: "l1\\nl2" }, { query: "a\nb", regex: false }]
    ) {
      const result = await searchFileContentsTool.execute(args, ctx);
      assert.equal(result.ok, false);
      assert.match(result.output, /^Error: the search matches within single lines/);
    }
    const escaped = await searchFileContentsTool.execute({ query: "\\\\n" }, ctx);
    assert.equal(escaped.ok, true);
  });
});
