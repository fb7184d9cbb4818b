import assert from "node:assert/strict";
import { makeToolContext } from "../_helpers/tool_context.ts";
import { createBashTool } from "../../src/tools/execute_bash.ts";
import type { BashToolOptions } from "../../src/tools/execute_bash.ts";
import { sandboxStatus } from "../../src/tools/_private/sandbox.ts";

const isLinux = Deno.build.os === "linux";

function options(over: Partial<BashToolOptions> = {}): BashToolOptions {
  return { allow: [], defaultTimeoutMs: 20_000, maxTimeoutMs: 60_000, sandbox: false, ...over };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "bash_test_" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A process is gone when /proc has no entry for it or only a zombie is left. */
async function isGone(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

/** Polls {@linkcode isGone} for up to a second: a signalled process needs a moment to die. */
async function eventuallyGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    if (await isGone(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return await isGone(pid);
}

Deno.test("execute_bash runs in the project dir and reports exit code 0", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute({ command: "pwd" }, makeToolContext(dir));
    assert.deepEqual(result, {
      ok: true,
      output: `${dir}\n\nExit code: 0`,
      summary: "Exit code 0",
      exitCode: 0,
    });
  });
});

Deno.test("execute_bash reports a failing exit code and includes stderr", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute(
      { command: "echo to-stderr >&2; exit 3" },
      makeToolContext(dir),
    );
    assert.deepEqual(result, {
      ok: false,
      output: "to-stderr\n\nExit code: 3",
      summary: "Exit code 3",
      exitCode: 3,
    });
  });
});

Deno.test("execute_bash interleaves stdout and stderr in arrival order and streams them", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const chunks: string[] = [];
    let finished = false;
    let chunkBeforeEnd = false;
    const ctx = makeToolContext(dir, {
      emitOutput: (chunk) => {
        chunks.push(chunk);
        if (!finished) chunkBeforeEnd = true;
      },
    });
    const result = await tool.execute(
      { command: "echo a; sleep 0.2; echo b >&2; sleep 0.2; echo c; sleep 0.2; echo d >&2" },
      ctx,
    );
    finished = true;
    assert.equal(result.output, "a\nb\nc\nd\n\nExit code: 0");
    assert.equal(chunks.join(""), "a\nb\nc\nd\n");
    assert.ok(chunks.length >= 2, `expected several chunks, got ${JSON.stringify(chunks)}`);
    assert.ok(chunkBeforeEnd);
  });
});

Deno.test("execute_bash keeps the head and tail of long output and marks the cut", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options({ maxOutputChars: 2_000 }));
    const result = await tool.execute({ command: "seq 1 100000" }, makeToolContext(dir));
    assert.equal(result.ok, true);
    assert.ok(result.output.startsWith("1\n2\n3\n"), result.output.slice(0, 50));
    assert.ok(result.output.endsWith("99999\n100000\n\nExit code: 0"), result.output.slice(-50));
    assert.match(result.output, /\[\.\.\. \d+ characters \(\d+ line breaks\) cut from the middle/);
    assert.ok(result.output.length < 2_200, `output has ${result.output.length} characters`);
  });
});

Deno.test("execute_bash does not hang on a command waiting for input: stdin is closed", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute(
      { command: 'read -r line; echo "read=$? line=[$line]"; cat; echo done' },
      makeToolContext(dir),
    );
    assert.deepEqual(result, {
      ok: true,
      output: "read=1 line=[]\ndone\n\nExit code: 0",
      summary: "Exit code 0",
      exitCode: 0,
    });
  });
});

Deno.test("execute_bash kills a command that exceeds its timeout", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute(
      { command: "echo begin; sleep 30", timeout_ms: 300 },
      makeToolContext(dir),
    );
    assert.equal(result.ok, false);
    assert.equal(result.summary, "Timed out after 300 ms");
    assert.equal(result.exitCode, null);
    assert.ok(result.output.startsWith("begin\n\nTimed out after 300 ms: the command and all"));
  });
});

Deno.test("execute_bash caps timeout_ms at the configured maximum and says so", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options({ maxTimeoutMs: 200 }));
    const result = await tool.execute(
      { command: "sleep 30", timeout_ms: 50_000 },
      makeToolContext(dir),
    );
    assert.equal(result.summary, "Timed out after 200 ms");
    assert.match(result.output, /timeout_ms 50000 is above the maximum: 200 was used/);
  });
});

// The children write nowhere near our pipes, so only the process-group kill can reach them.
Deno.test({
  name: "execute_bash cancel kills the whole process tree",
  ignore: !isLinux,
  fn: async () => {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      const controller = new AbortController();
      let seen = "";
      const ctx = makeToolContext(dir, {
        signal: controller.signal,
        emitOutput: (chunk) => {
          seen += chunk;
          if (seen.split("\n").filter(Boolean).length === 2) controller.abort();
        },
      });
      const result = await tool.execute(
        { command: "sleep 100 >/dev/null & echo $!; sleep 100 >/dev/null & echo $!; wait" },
        ctx,
      );
      const pids = seen.trim().split("\n").map(Number);
      assert.equal(pids.length, 2);
      assert.equal(result.ok, false);
      assert.equal(result.summary, "Cancelled");
      assert.match(result.output, /Cancelled by the user: the command and all its child processes/);
      for (const pid of pids) assert.ok(await eventuallyGone(pid), `child ${pid} is still running`);
    });
  },
});

Deno.test({
  name: "execute_bash escalates to SIGKILL when the tree ignores SIGTERM",
  ignore: !isLinux,
  fn: async () => {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options({ killGraceMs: 200 }));
      const result = await tool.execute(
        { command: "trap '' TERM; sleep 100 >/dev/null & echo $!; wait", timeout_ms: 300 },
        makeToolContext(dir),
      );
      assert.equal(result.summary, "Timed out after 300 ms");
      const pid = Number(result.output.split("\n")[0]);
      assert.ok(await eventuallyGone(pid), `child ${pid} is still running`);
    });
  },
});

Deno.test({
  name: "execute_bash cancel kills children that outlive the shell by ignoring SIGTERM",
  ignore: !isLinux,
  fn: async () => {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options({ killGraceMs: 200 }));
      const controller = new AbortController();
      let seen = "";
      const ctx = makeToolContext(dir, {
        signal: controller.signal,
        emitOutput: (chunk) => {
          seen += chunk;
          if (seen.endsWith("\n")) controller.abort();
        },
      });
      const result = await tool.execute(
        // The child prints its pid only once it ignores SIGTERM.
        { command: "(trap '' TERM; echo $BASHPID; exec sleep 100 >/dev/null 2>&1) & sleep 100" },
        ctx,
      );
      const pid = Number(seen.trim());
      assert.equal(result.summary, "Cancelled");
      assert.ok(await eventuallyGone(pid), `child ${pid} survived the cancel`);
    });
  },
});

Deno.test({
  name: "execute_bash stops background children that keep the output open",
  ignore: !isLinux,
  fn: async () => {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      const result = await tool.execute({ command: "sleep 100 & echo $!" }, makeToolContext(dir));
      const pid = Number(result.output.split("\n")[0]);
      assert.equal(result.ok, true);
      assert.match(result.output, /Exit code: 0\nBackground processes still holding the output/);
      assert.ok(await eventuallyGone(pid), `child ${pid} is still running`);
    });
  },
});

Deno.test("execute_bash reports a command killed by a signal", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute({ command: "kill -KILL $$" }, makeToolContext(dir));
    assert.deepEqual(result, {
      ok: false,
      output: "(no output)\n\nKilled by signal SIGKILL.",
      summary: "Killed by SIGKILL",
      exitCode: null,
    });
  });
});

Deno.test("execute_bash decodes UTF-8 split across chunks", async () => {
  await withTempDir(async (dir) => {
    const tool = createBashTool(options());
    const result = await tool.execute(
      { command: "printf '\\xc3'; sleep 0.1; printf '\\xa9t\\xc3\\xa9\\n'" },
      makeToolContext(dir),
    );
    assert.equal(result.output, "été\n\nExit code: 0");
  });
});

Deno.test("execute_bash does not pass API keys to the command", async () => {
  await withTempDir(async (dir) => {
    const names = ["NANOTEST_API_KEY", "NANOTEST_CUSTOM", "NANOTEST_PLAIN"];
    Deno.env.set("NANOTEST_API_KEY", "key-by-name");
    Deno.env.set("NANOTEST_CUSTOM", "key-by-value");
    Deno.env.set("NANOTEST_PLAIN", "visible");
    try {
      const tool = createBashTool(options({ secretValues: ["key-by-value"] }));
      const result = await tool.execute(
        { command: "env | grep ^NANOTEST_ | sort" },
        makeToolContext(dir),
      );
      assert.equal(result.output, "NANOTEST_PLAIN=visible\n\nExit code: 0");
    } finally {
      for (const name of names) Deno.env.delete(name);
    }
  });
});

Deno.test("execute_bash preview preapproves allow-listed commands and warns on dangerous ones", async () => {
  const tool = createBashTool(options({ allow: ["git status", "deno test*"] }));
  const ctx = makeToolContext("/work/project");
  assert.deepEqual(await tool.preview!({ command: "deno test -A" }, ctx), {
    preapproved: true,
    scope: { key: "execute_bash:prefix deno test", label: "deno test …" },
  });
  assert.deepEqual(await tool.preview!({ command: "git status; rm -rf ~" }, ctx), {
    preapproved: false,
    warning: 'deletes "~" recursively (the home directory)',
  });
  // The allow list's bypass of issue #11: a comment hiding a second line.
  assert.deepEqual(await tool.preview!({ command: "deno test #'\ntouch pwned #'" }, ctx), {
    preapproved: false,
  });
});

Deno.test("execute_bash shows as an execute activity with a one-line title", () => {
  const tool = createBashTool(options());
  assert.equal(tool.activity, "execute");
  assert.equal(tool.title!({ command: "npm test" }), "execute_bash: npm test");
  assert.equal(
    tool.title!({ command: "  cd sub &&\n  npm   test\n" }),
    "execute_bash: cd sub && npm test",
  );
  const long = tool.title!({ command: `echo ${"x".repeat(200)}` });
  assert.equal(long.length, "execute_bash: ".length + 80);
  assert.ok(long.endsWith("x…"));
});

Deno.test("execute_bash declares the run permissions it needs", () => {
  assert.deepEqual(createBashTool(options()).permissions, [{ name: "run", command: "bash" }]);
  if (isLinux) {
    assert.deepEqual(createBashTool(options({ sandbox: true })).permissions, [
      { name: "run", command: "bash" },
      { name: "run", command: "bwrap" },
    ]);
  }
});

const sandbox = await sandboxStatus();
const noSandbox = sandbox.ok ? false : `sandbox unusable here: ${sandbox.reason}`;

Deno.test({
  name: "execute_bash in the sandbox can write in the project but not outside it",
  ignore: !!noSandbox,
  fn: async () => {
    await withTempDir(async (dir) => {
      const outside = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "bash_outside_" });
      try {
        const tool = createBashTool(options({ sandbox: true }));
        const inside = await tool.execute(
          { command: "echo hi > inside.txt" },
          makeToolContext(dir),
        );
        assert.equal(inside.ok, true, inside.output);
        assert.equal(await Deno.readTextFile(`${dir}/inside.txt`), "hi\n");
        const result = await tool.execute(
          { command: `echo hi > ${outside}/escape.txt` },
          makeToolContext(dir),
        );
        assert.equal(result.ok, false);
        assert.match(result.output, /Read-only file system/);
        await assert.rejects(Deno.stat(`${outside}/escape.txt`), Deno.errors.NotFound);
      } finally {
        await Deno.remove(outside, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "execute_bash in the sandbox has no network unless allowed",
  ignore: !!noSandbox,
  fn: async () => {
    await withTempDir(async (dir) => {
      const server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        () => new Response("ok"),
      );
      try {
        const probe =
          `(exec 3<>/dev/tcp/127.0.0.1/${server.addr.port}) 2>/dev/null && echo connected || echo unreachable`;
        const open = createBashTool(options());
        const closed = createBashTool(options({ sandbox: true }));
        const allowed = createBashTool(options({ sandbox: true, sandboxNetwork: true }));
        assert.equal(
          (await open.execute({ command: probe }, makeToolContext(dir))).output,
          "connected\n\nExit code: 0",
        );
        assert.equal(
          (await closed.execute({ command: probe }, makeToolContext(dir))).output,
          "unreachable\n\nExit code: 0",
        );
        assert.equal(
          (await allowed.execute({ command: probe }, makeToolContext(dir))).output,
          "connected\n\nExit code: 0",
        );
      } finally {
        await server.shutdown();
      }
    });
  },
});

Deno.test({
  name: "execute_bash in the sandbox still kills the process tree on timeout",
  ignore: !!noSandbox,
  fn: async () => {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options({ sandbox: true }));
      // A duration no other process uses, to find the children from outside the sandbox.
      const marker = `sleep 100${Math.floor(Math.random() * 1e6)}.5`;
      const result = await tool.execute(
        {
          command: `${marker} >/dev/null & ${marker} >/dev/null & echo started; wait`,
          timeout_ms: 300,
        },
        makeToolContext(dir),
      );
      assert.equal(result.summary, "Timed out after 300 ms");
      let leftovers = "";
      for (let i = 0; i < 20; i++) {
        const out = await new Deno.Command("pgrep", { args: ["-f", marker] }).output();
        leftovers = new TextDecoder().decode(out.stdout);
        if (leftovers === "") break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(leftovers, "", "sandboxed children outlived the timeout");
    });
  },
});

Deno.test({
  name: "execute_bash kills running commands when nanocoder exits",
  ignore: !isLinux,
  fn: async () => {
    const script = new URL("../fixtures/execute_bash/exit_while_running.ts", import.meta.url);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--no-prompt", script.pathname],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const pid = Number(new TextDecoder().decode(out.stdout).trim());
    assert.ok(pid > 0);
    assert.ok(await eventuallyGone(pid), `child ${pid} outlived nanocoder`);
  },
});

/** A line that starts `sleep 30` in a new session and waits until it has left the group. */
const ESCAPE = "setsid sh -c 'echo $$ > escaped.pid; exec sleep 30' >/dev/null 2>&1 & " +
  "until [ -s escaped.pid ]; do sleep 0.01; done";

async function escapedPid(dir: string): Promise<number> {
  return Number((await Deno.readTextFile(`${dir}/escaped.pid`)).trim());
}

function killQuietly(pid: number): void {
  try {
    Deno.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

Deno.test({
  name: "execute_bash names a process that left its process group and is still running",
  ignore: !isLinux,
  async fn() {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      let pid = 0;
      try {
        const result = await tool.execute(
          { command: `${ESCAPE}; echo started` },
          makeToolContext(dir),
        );
        pid = await escapedPid(dir);
        assert.equal(result.ok, true);
        assert.equal(
          result.output,
          `started\n\nExit code: 0\nprocess ${pid} left the command's process group (setsid or similar) and is still running: nanocoder cannot stop it, not even when it exits. Stop it with \`kill ${pid}\` when no longer needed.`,
        );
        assert.equal(await isGone(pid), false);
      } finally {
        if (pid) killQuietly(pid);
      }
    });
  },
});

Deno.test({
  name: "execute_bash says so when an escaped process keeps the output open",
  ignore: !isLinux,
  async fn() {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      let pid = 0;
      try {
        const result = await tool.execute(
          {
            command: "setsid sh -c 'echo $$ > escaped.pid; exec sleep 30' & " +
              "until [ -s escaped.pid ]; do sleep 0.01; done; echo started",
          },
          makeToolContext(dir),
        );
        pid = await escapedPid(dir);
        assert.match(result.output, /^started\n/);
        assert.match(result.output, new RegExp(`process ${pid} left the command's process group`));
      } finally {
        if (pid) killQuietly(pid);
      }
    });
  },
});

Deno.test({
  name: "execute_bash cancel also kills processes that left the process group",
  ignore: !isLinux,
  async fn() {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      const controller = new AbortController();
      const ctx = makeToolContext(dir, {
        signal: controller.signal,
        emitOutput: (chunk) => {
          if (chunk.includes("started")) controller.abort(new Error("SIGTERM"));
        },
      });
      let pid = 0;
      try {
        const result = await tool.execute(
          { command: `${ESCAPE}; echo started; sleep 30` },
          ctx,
        );
        pid = await escapedPid(dir);
        assert.equal(result.summary, "Cancelled");
        assert.equal(result.exitCode, null);
        assert.match(
          result.output,
          new RegExp(`Also killed process ${pid}, which had left the command's process group`),
        );
        assert.ok(await eventuallyGone(pid), `escaped ${pid} is still running`);
      } finally {
        if (pid) killQuietly(pid);
      }
    });
  },
});

Deno.test({
  name: "execute_bash reports background processes left running in its group",
  ignore: !isLinux,
  async fn() {
    await withTempDir(async (dir) => {
      const tool = createBashTool(options());
      const result = await tool.execute(
        { command: "sleep 30 >/dev/null 2>&1 & echo $!" },
        makeToolContext(dir),
      );
      const pid = Number(result.output.split("\n")[0]);
      try {
        assert.equal(
          result.output,
          `${pid}\n\nExit code: 0\nStill running in the background: process ${pid}. They are stopped when nanocoder exits.`,
        );
      } finally {
        killQuietly(pid);
      }
    });
  },
});

Deno.test({
  name: "execute_bash stops its command when nanocoder is sent SIGTERM",
  ignore: !isLinux,
  async fn() {
    await withTempDir(async (dir) => {
      const script = new URL("../fixtures/execute_bash/sigterm_while_running.ts", import.meta.url);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--no-prompt", script.pathname],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      const { value: started } = await reader.read(); // the pid of `sleep 30`
      const pid = Number(started?.trim());
      assert.ok(pid > 0, started);
      child.kill("SIGTERM");
      const rest = [];
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
      const status = await child.status;
      assert.equal(
        status.code,
        143,
        new TextDecoder().decode((await child.stderr.getReader().read()).value),
      );
      assert.match(rest.join(""), /Cancelled/);
      assert.ok(await eventuallyGone(pid), `sleep ${pid} outlived nanocoder`);
    });
  },
});
