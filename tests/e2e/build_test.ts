/**
 * The shipped program (`deno task build`, dist/main.js and its chunks) as a CI job runs
 * it: `deno run` with only the project, the model's host and the environment granted,
 * from a directory that is not the checkout, against the mock server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { narrowFlags, runBundle, sharedBundle, withDirs } from "./_bundle.ts";
import { ROOT } from "./_cli.ts";
import { BINARY_PERMISSIONS, BUNDLE_RUN_FLAGS } from "../../scripts/compile.ts";

// deno-lint-ignore no-explicit-any
type Body = any;
const toolNames = (body: Body): string[] =>
  (body.tools ?? []).map((t: Body) => String(t.function.name));
const systemPrompt = (body: Body): string => String(body.messages[0].content);

Deno.test("the bundle runs a prompt with tools under narrow permissions, outside the checkout", async () => {
  const { dir } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    await Deno.writeTextFile(join(project, "notes.txt"), "remember the milk\n");
    const mock = await startMockLlm({
      turns: [
        { toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }] },
        {
          toolCalls: [{
            name: "create_file",
            arguments: { path: "todo.md", content: "- milk\n" },
          }],
        },
        { text: "Wrote todo.md." },
      ],
    });
    try {
      const result = await runBundle(
        join(dir, "main.js"),
        narrowFlags(mock.url, dir),
        ["--base-url", mock.url, "--model", "m", "run", "make a todo from notes.txt"],
        { cwd: project, home },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "Wrote todo.md.\n");
      assert.equal(await Deno.readTextFile(join(project, "todo.md")), "- milk\n");
      const requests = mock.chatRequests();
      assert.equal(requests.length, 3);
      assert.match(JSON.stringify(requests[1].body.messages), /remember the milk/);
      // No --allow-run and network to the model only: these are off, and the model is told why.
      const first = requests[0].body;
      const tools = toolNames(first);
      assert.ok(tools.includes("read_file") && tools.includes("create_file"), tools.join());
      assert.ok(!tools.includes("execute_bash") && !tools.includes("web_fetch"), tools.join());
      assert.match(systemPrompt(first), /execute_bash\b.*--allow-run/);
      assert.match(systemPrompt(first), /web_fetch\b.*--allow-net/);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    } finally {
      await mock.close();
    }
  });
});

Deno.test("network only to the model: web tools and HTTP MCP servers stay off, with the reason", async () => {
  const { dir } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    // Both on loopback (a closed port): only the model's port is granted.
    const other = closedPort();
    await Deno.writeTextFile(
      join(project, "agents.config.json"),
      JSON.stringify({
        nanocoder: { webSearch: { backend: "searxng", url: `http://127.0.0.1:${other}/search` } },
      }),
    );
    await Deno.writeTextFile(
      join(project, ".mcp.json"),
      JSON.stringify({
        mcpServers: { docs: { type: "http", url: `http://127.0.0.1:${other}/mcp` } },
      }),
    );
    const mock = await startMockLlm({ turns: [{ text: "Done." }] });
    try {
      const flags = narrowFlags(mock.url, dir);
      const base = ["--base-url", mock.url, "--model", "m", "--trust-directory"];
      const run = await runBundle(join(dir, "main.js"), flags, [...base, "run", "hi"], {
        cwd: project,
        home,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "Done.\n");
      for (const request of mock.chatRequests()) {
        const tools = toolNames(request.body);
        for (const off of ["web_fetch", "web_search"]) assert.ok(!tools.includes(off), off);
        assert.deepEqual(tools.filter((t) => t.startsWith("mcp__")), []);
      }
      const prompt = systemPrompt(mock.chatRequests()[0].body);
      assert.match(prompt, /web_fetch\b.*--allow-net/);
      assert.match(prompt, new RegExp(`web_search\\b.*"127\\.0\\.0\\.1:${other}".*--allow-net`));

      const list = await runBundle(join(dir, "main.js"), flags, [...base, "mcp", "list"], {
        cwd: project,
        home,
      });
      assert.match(list.stdout, /docs\s+http\b/);
      assert.match(
        list.stdout,
        new RegExp(`network access to "127\\.0\\.0\\.1:${other}".*--allow-net=`),
      );
    } finally {
      await mock.close();
    }
  });
});

Deno.test("without read access to its own folder, the lazily loading bundle says what to grant", async () => {
  const { dir } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    const mock = await startMockLlm({ turns: [{ text: "Done." }] });
    try {
      const args = ["--base-url", mock.url, "--model", "m", "run", "hi"];
      const lazy = narrowFlags(mock.url, dir).map((f) =>
        f.startsWith("--allow-read") ? "--allow-read=." : f
      );
      const refused = await runBundle(join(dir, "main.js"), lazy, args, { cwd: project, home });
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr,
        `error: nanocoder cannot read its own files in ${dir}: grant read access to that folder ` +
          `too (for example --allow-read=.,${dir}), or run without --unstable-lazy-dynamic-imports\n`,
      );
      assert.equal(mock.chatRequests().length, 0);
      // The plain profile: --allow-read=. alone, every chunk read before the program starts.
      const plain = await runBundle(join(dir, "main.js"), narrowFlags(mock.url), args, {
        cwd: project,
        home,
      });
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(plain.stdout, "Done.\n");
    } finally {
      await mock.close();
    }
  });
});

/** A loopback port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("the bundle answers --version with no permission at all", async () => {
  const { dir, info } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    const result = await runBundle(join(dir, "main.js"), ["--no-prompt"], ["--version"], {
      cwd: project,
      home,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${info.version}\n`);
  });
});

/**
 * The parts a plain `run` must not load, by the chunk deno bundle names after the module
 * a literal `import()` loads. A renamed module fails the first assertion: update the list.
 */
const LAZY_CHUNKS = [
  { prefix: "html_to_markdown-", what: "HTML conversion (web_fetch)" },
  { prefix: "connect-", what: "the MCP SDK client" },
  { prefix: "o200k_base-", what: "o200k tokenizer ranks" },
  { prefix: "cl100k_base-", what: "cl100k tokenizer ranks" },
  { prefix: "claude-", what: "Claude tokenizer ranks" },
  { prefix: "llama3-tokenizer-with-baked-data-", what: "Llama 3 tokenizer" },
  { prefix: "bash_parser-", what: "the bash grammar (tree-sitter WASM)" },
];

Deno.test("tokenizer ranks, HTML conversion, the MCP SDK and the bash grammar stay off run's start path", async () => {
  const { dir, info } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    // A copy of the bundle whose lazy chunks throw when they are loaded.
    const copy = join(project, "..", "bundle-copy");
    await Deno.mkdir(copy);
    for (const name of info.files) await Deno.copyFile(join(dir, name), join(copy, name));
    for (const { prefix, what } of LAZY_CHUNKS) {
      const chunk = info.files.find((f) => f.startsWith(prefix));
      assert.ok(chunk, `no chunk for ${what} (${prefix}*.js): is it still loaded lazily?`);
      await Deno.writeTextFile(
        join(copy, chunk),
        `throw new Error(${JSON.stringify(`${what} was loaded`)});\n`,
      );
    }
    const mock = await startMockLlm({ turns: [{ text: "Fine." }] });
    try {
      const result = await runBundle(
        join(copy, "main.js"),
        // As the installed command runs it, every tool enabled: none is loaded before it is
        // called (and with lazy imports, not even read).
        [...BUNDLE_RUN_FLAGS, ...BINARY_PERMISSIONS],
        ["--base-url", mock.url, "--model", "m", "run", "hi"],
        { cwd: project, home },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "Fine.\n");
    } finally {
      await mock.close();
    }
  });
});

Deno.test("the bundle's lazy parts work when used: stdio MCP, HTML conversion, the bash grammar (WASM)", async () => {
  const { dir } = await sharedBundle();
  await withDirs(async ({ project, home }) => {
    const everything = join(
      ROOT,
      "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
    );
    await Deno.writeTextFile(
      join(project, ".mcp.json"),
      JSON.stringify({
        mcpServers: { everything: { command: "node", args: [everything, "stdio"] } },
      }),
    );
    await Deno.writeTextFile(
      join(project, "agents.config.json"),
      JSON.stringify({ nanocoder: { webFetch: { allowPrivate: true } } }),
    );
    const page = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
      new Response(
        "<html><head><title>Docs</title></head><body><article><h1>Install</h1>" +
          "<p>Run <code>make install</code> to install the <b>widget</b> tool.</p>" +
          "</article></body></html>",
        { headers: { "content-type": "text/html" } },
      ));
    const mock = await startMockLlm({
      turns: [
        { toolCalls: [{ name: "mcp__everything__echo", arguments: { message: "ping" } }] },
        {
          toolCalls: [{
            name: "web_fetch",
            arguments: { url: `http://127.0.0.1:${page.addr.port}/` },
          }],
        },
        { toolCalls: [{ name: "execute_bash", arguments: { command: "echo from-$((6 * 7))" } }] },
        { text: "All worked." },
      ],
    });
    try {
      const result = await runBundle(
        join(dir, "main.js"),
        // All hosts for web_fetch; node for the MCP server, bash for execute_bash (parsed by
        // tree-sitter's WASM grammar first); no read permission outside the project but the
        // bundle's folder, whose chunks load lazily.
        [
          ...BUNDLE_RUN_FLAGS,
          `--allow-read=.,${dir}`,
          "--allow-write=.",
          "--allow-net",
          "--allow-env",
          "--allow-run=node,bash",
          "--no-prompt",
        ],
        [
          ...["--base-url", mock.url, "--model", "m", "--trust-directory", "--mode", "yolo"],
          ...["run", "use all three"],
        ],
        { cwd: project, home },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, "All worked.\n");
      const results = JSON.stringify(mock.chatRequests()[3].body.messages);
      assert.match(results, /Echo: ping/);
      assert.match(results, /# Install/);
      assert.match(results, /Run `make install` to install the \*\*widget\*\* tool\./);
      assert.match(results, /from-42/);
    } finally {
      await mock.close();
      await page.shutdown();
    }
  });
});

Deno.test("the bundle's tokenizer rank chunks load as data", async () => {
  const { dir, info } = await sharedBundle();
  for (const prefix of ["o200k_base-", "cl100k_base-"]) {
    const chunk = info.files.find((f) => f.startsWith(prefix));
    assert.ok(chunk, prefix);
    const ranks = (await import(pathToFileURL(join(dir, chunk)).href)).default;
    assert.equal(typeof ranks.pat_str, "string");
    assert.ok(ranks.bpe_ranks.length > 500_000, `${chunk}: ${ranks.bpe_ranks.length} chars`);
  }
});
