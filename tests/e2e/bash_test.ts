/**
 * End-to-end checks of execute_bash's trust boundary (issue #11 items 4 and 8): the real
 * CLI in `run` mode against the mock server, in a temp project, as an attacker would try.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { sandboxStatus } from "../../src/tools/_private/sandbox.ts";
import { jsonLines, runCli } from "./_cli.ts";

async function withProject(
  turns: MockTurn[],
  fn: (ctx: { dir: string; url: string; toolResults: () => string[] }) => Promise<void>,
) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-bash-e2e-" }));
  const mock = await startMockLlm({ turns });
  // The tool results of the whole run, as the last request sent them to the model.
  const toolResults = (): string[] =>
    mock.chatRequests().at(-1)!.body.messages
      .filter((m: { role: string }) => m.role === "tool")
      .map((m: { content: string }) => m.content);
  try {
    await fn({ dir, url: mock.url, toolResults });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const bash = (command: string) => ({ name: "execute_bash", arguments: { command } });

/** Secrets in the agent's environment, as a user's shell would have them. */
const SECRETS = {
  OPENAI_KEY: "sk-e2e-openai-key-0123456789abcdef",
  GITHUB_PAT: "e2e-github-pat-value",
  DATABASE_URL: "postgres://app:e2e-db-password@db.internal/app",
  NPM_CONFIG__AUTH: "e2e-npm-auth-value",
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000000",
  NANOCODER_API_KEY: "e2e-provider-key-value",
};

Deno.test("run refuses an allow-listed command that hides a second one, under narrow permissions", async () => {
  await withProject([
    { toolCalls: [bash("ls #'\ntouch pwned #'")] },
    { toolCalls: [bash("ls -a")] },
    { text: "Done." },
  ], async ({ dir, url, toolResults }) => {
    const configDir = join(dir, ".config-home", "nanocoder");
    await Deno.mkdir(configDir, { recursive: true });
    await Deno.writeTextFile(
      join(configDir, "agents.config.json"),
      JSON.stringify({ nanocoder: { bash: { allow: ["ls *"] } } }),
    );
    const result = await runCli(
      ["--base-url", url, "--model", "m", "run", "list the files"],
      {
        cwd: dir,
        // From the project, with nothing readable outside it: no node_modules, no .wasm file.
        permissions: [
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
          `--allow-net=${new URL(url).host}`,
          "--allow-env",
          "--allow-run=bash",
        ],
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const [hidden, plain] = toolResults();
    assert.match(hidden, /needs approval/);
    await assert.rejects(Deno.stat(join(dir, "pwned")), Deno.errors.NotFound);
    // The parser loaded and the plain allowed command ran without asking.
    assert.match(plain, /^\.\n\.\.\n\.config-home\n/);
    assert.match(plain, /Exit code: 0/);
  });
});

const sandbox = await sandboxStatus();

Deno.test({
  name: "a sandboxed command reading /proc/$PPID/environ sees none of the agent's secrets",
  ignore: !sandbox.ok,
  async fn() {
    const read = "tr '\\0' '\\n' < /proc/$PPID/environ; cat /proc/[0-9]*/environ | tr '\\0' '\\n'";
    await withProject([
      { toolCalls: [bash(read)] },
      { text: "Done." },
    ], async ({ dir, url, toolResults }) => {
      const result = await runCli(
        ["--base-url", url, "--model", "m", "--sandbox", "--mode", "yolo", "run", "look"],
        { cwd: dir, env: SECRETS },
      );
      assert.equal(result.code, 0, result.stderr);
      const [output] = toolResults();
      assert.match(output, /^HOME=/m, output); // the environ files were read
      for (const [name, value] of Object.entries(SECRETS)) {
        assert.ok(!output.includes(value), `${name}'s value reached the command`);
      }
    });
  },
});

Deno.test({
  name: "outside the sandbox a command can read the agent's environment (README says so)",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await withProject([
      { toolCalls: [bash("env; echo ---; tr '\\0' '\\n' < /proc/$PPID/environ")] },
      { text: "Done." },
    ], async ({ dir, url, toolResults }) => {
      const result = await runCli(
        ["--base-url", url, "--model", "m", "--mode", "yolo", "run", "look"],
        { cwd: dir, env: SECRETS },
      );
      assert.equal(result.code, 0, result.stderr);
      const [own, parent] = toolResults()[0].split("---");
      for (const [name, value] of Object.entries(SECRETS)) {
        assert.ok(!own.includes(value), `${name} was passed to the command`);
      }
      assert.ok(parent.includes(SECRETS.OPENAI_KEY), "the parent is the agent: its env is visible");
    });
  },
});

/** Writes the user's own config (HOME is the project dir in e2e runs). */
async function userBashAllow(dir: string, allow: string[]): Promise<void> {
  const configDir = join(dir, ".config-home", "nanocoder");
  await Deno.mkdir(configDir, { recursive: true });
  await Deno.writeTextFile(
    join(configDir, "agents.config.json"),
    JSON.stringify({ nanocoder: { bash: { allow } } }),
  );
}

Deno.test("an allowed ls reading its input from /dev/tcp is asked about (refused in run): no connection is made", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const accepted: number[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      accepted.push((conn.remoteAddr as Deno.NetAddr).port);
      conn.close();
    }
  })();
  try {
    await withProject([
      { toolCalls: [bash(`ls < /dev/tcp/127.0.0.1/${port}`)] },
      { text: "Done." },
    ], async ({ dir, url, toolResults }) => {
      await userBashAllow(dir, ["ls"]);
      const args = ["--base-url", url, "--model", "m", "--mode", "normal", "run", "list"];
      const result = await runCli(args, { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(toolResults()[0], /needs approval/);
      // Our own connection is the first the listener sees: bash opened none.
      const own = await Deno.connect({ hostname: "127.0.0.1", port });
      const ownPort = (own.localAddr as Deno.NetAddr).port;
      while (!accepted.includes(ownPort)) await new Promise((r) => setTimeout(r, 10));
      own.close();
      assert.deepEqual(accepted, [ownPort]);
    });
  } finally {
    listener.close();
    await accepting.catch(() => {});
  }
});

Deno.test("rm -rf .git is dangerous under an 'rm *' allow entry; an rm chain's 'always' covers only its exact rm", async () => {
  await withProject([
    {
      toolCalls: [
        bash("rm -rf .git"),
        bash("rm -fr ./.git/"),
        bash("git checkout -- ."),
        bash("rm -rf build && echo cleaned"),
      ],
    },
    { text: "Done." },
  ], async ({ dir, url }) => {
    await Deno.mkdir(join(dir, ".git", "objects"), { recursive: true });
    await userBashAllow(dir, ["rm *", "git *"]);
    const args = ["--base-url", url, "--model", "m", "--output-format", "stream-json", "run", "x"];
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    await Deno.stat(join(dir, ".git", "objects"));
    const events = jsonLines(result.stdout);
    const requests = events.filter((e) => e.type === "approval_request") as {
      warning?: string;
      options: string[];
      scope?: { label: string };
    }[];
    assert.equal(requests.length, 4);
    for (const request of requests.slice(0, 3)) {
      assert.match(request.warning ?? "", /git's own files|discards uncommitted changes/);
      assert.ok(!request.options.includes("allow_always"));
    }
    // Asked (echo is not allowed); its "always" would cover exactly `rm -rf build`.
    assert.equal(requests[3].warning, undefined);
    assert.equal(requests[3].scope?.label, "rm -rf build, echo …");
  });
});
