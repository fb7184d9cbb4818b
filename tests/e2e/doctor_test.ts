/**
 * End to end: `nanocoder doctor` as a user runs it when something is wrong — all good,
 * a permission left out, a broken config file, a server that is down or rejects the key —
 * against the mock model server and a real MCP server, in a temp project.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { ROOT, runCli } from "./_cli.ts";
import { CHECK_GROUPS, type DoctorReport } from "../../src/engine/mod.ts";

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

/** A temp home with a project inside; `user` is written as the user's agents.config.json. */
async function withHome(
  fn: (dirs: { home: string; project: string; userDir: string }) => Promise<void>,
  user?: unknown,
) {
  const home = await Deno.makeTempDir({ prefix: "nanocoder-doctor-" });
  const project = join(home, "project");
  const userDir = join(home, ".config-home", "nanocoder");
  await Deno.mkdir(project, { recursive: true });
  await Deno.mkdir(userDir, { recursive: true });
  if (user) await Deno.writeTextFile(join(userDir, "agents.config.json"), JSON.stringify(user));
  try {
    await fn({ home, project, userDir });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

async function doctorJson(
  args: string[],
  options: { cwd: string; home: string; permissions?: string[] },
): Promise<{ code: number; report: DoctorReport; stderr: string }> {
  const result = await runCli(["doctor", "--json", ...args], {
    cwd: options.cwd,
    permissions: options.permissions,
    env: { HOME: options.home, XDG_CONFIG_HOME: join(options.home, ".config-home") },
  });
  assert.equal(result.stdout.trim().split("\n").length, 1, result.stdout);
  return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
}

const check = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id);

Deno.test("doctor: all good exits 0, decided by the provider that answers with the model", async () => {
  const mock = await startMockLlm({ models: ["test-model", "other"] });
  try {
    await withHome(async ({ home, project }) => {
      const result = await runCli(["doctor"], {
        cwd: project,
        env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config-home") },
      });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^Providers$/m);
      assert.match(result.stdout, /^ {2}ok {4}"mock" \(http:\/\/127\.0\.0\.1:\d+\/v1\) answers/m);
      assert.match(
        result.stdout,
        /^ {2}ok {4}"everything" \(stdio: node\s[^]*?\): connected, \d+ tools$/m,
      );
      assert.match(result.stdout, /^Result: a run would work \(decided by provider\.mock\)\.$/m);
      // One line per check, wrapped to 80 columns (a path or URL may stand alone longer).
      for (const line of result.stdout.split("\n")) {
        assert.ok(line.length <= 80 || !line.trim().includes(" "), line);
      }
    }, {
      nanocoder: {
        providers: [{ name: "mock", baseUrl: mock.url, models: ["test-model"] }],
        mcpServers: { everything: { command: "node", args: [everything, "stdio"] } },
      },
    });
  } finally {
    await mock.close();
  }
});

Deno.test("doctor --json: one object with the verdict, grouped checks and the facts", async () => {
  const mock = await startMockLlm({ models: ["test-model"] });
  try {
    await withHome(async ({ home, project }) => {
      const { code, report } = await doctorJson(["--context-max", "64k"], { cwd: project, home });
      assert.equal(code, 0);
      assert.equal(report.kind, "doctor");
      assert.deepEqual(report.verdict, {
        ok: true,
        decidedBy: "provider.mock",
        reason: check(report, "provider.mock")!.message,
      });
      for (const c of report.checks) {
        assert.ok(CHECK_GROUPS.includes(c.group), c.group);
        assert.ok(["ok", "info", "warn", "fail"].includes(c.status), c.status);
        assert.equal(typeof c.message, "string");
      }
      assert.deepEqual(Object.keys(report.facts).sort(), [
        "config",
        "cwd",
        "log",
        "mcp",
        "permissions",
        "program",
        "providers",
        "sandbox",
        "selection",
        "tools",
        "trust",
      ]);
      assert.equal(report.facts.program.runsFrom, "source");
      assert.deepEqual(report.facts.selection, {
        provider: "mock",
        model: "test-model",
        origin: "config",
      });
      const [mockFacts] = report.facts.providers;
      assert.deepEqual(mockFacts.models, ["test-model"]);
      assert.deepEqual(mockFacts.contextWindow, { tokens: 64000, source: "--context-max" });
      assert.deepEqual(report.facts.trust, {
        trusted: false,
        source: "none",
        store: join(home, ".config-home/nanocoder/nanocoder-preferences.json"),
      });
    }, { nanocoder: { providers: [{ name: "mock", baseUrl: mock.url, models: ["test-model"] }] } });
  } finally {
    await mock.close();
  }
});

Deno.test("doctor: under narrow permissions says what is missing and which tools are off", async () => {
  const mock = await startMockLlm({ models: ["test-model"] });
  const host = new URL(mock.url).host;
  try {
    await withHome(async ({ home, project, userDir }) => {
      const { code, report } = await doctorJson(["--base-url", mock.url, "--model", "test-model"], {
        cwd: project,
        home,
        permissions: [
          `--allow-read=${project}`,
          `--allow-write=${project}`,
          "--allow-env",
          `--allow-net=${host}`,
        ],
      });
      assert.equal(code, 0, JSON.stringify(report.verdict)); // a run works: the model answers
      assert.equal(report.verdict.decidedBy, "provider.custom");
      assert.deepEqual(check(report, "permission.run"), {
        group: "permissions",
        id: "permission.run",
        status: "warn",
        message: "--allow-run: not granted for bash (execute_bash)",
        hint: "to allow them: --allow-run=bash",
      });
      assert.deepEqual(check(report, "tools.execute_bash"), {
        group: "tools",
        id: "tools.execute_bash",
        status: "warn",
        message: 'execute_bash is off: Needs permission to run "bash": run with --allow-run=bash',
      });
      assert.match(check(report, "tools.web_fetch")!.message, /Needs network access/);
      // The user's config dir is outside --allow-read: one warning, with the flag.
      assert.equal(check(report, "config.user_dir")?.status, "warn");
      assert.equal(report.facts.config.unreadableUserConfigDir, userDir);
      assert.match(
        check(report, "config.user_dir")!.hint!,
        new RegExp(`--allow-read=.*${userDir}`),
      );
    }, { nanocoder: { providers: [] } });
  } finally {
    await mock.close();
  }
});

Deno.test('doctor: narrow --allow-net and no provider named: the hosts it would use, not "ok"', async () => {
  await withHome(async ({ home, project }) => {
    // The user's provider is on 127.0.0.1:8099, but --allow-read leaves their config out.
    const { report } = await doctorJson([], {
      cwd: project,
      home,
      permissions: [
        `--allow-read=${project}`,
        `--allow-write=${project}`,
        "--allow-env",
        "--allow-net=127.0.0.1:8099",
      ],
    });
    const net = check(report, "permission.net")!;
    assert.equal(net.status, "warn");
    assert.equal(
      net.message,
      "--allow-net: not granted for 127.0.0.1:11434, 127.0.0.1:1234, 127.0.0.1:8080 " +
        "(local server search)",
    );
    assert.equal(check(report, "provider.local")?.message.startsWith("Did not look"), true);
  }, {
    nanocoder: {
      providers: [{ name: "mine", baseUrl: "http://127.0.0.1:8099/v1", models: ["m"] }],
    },
  });
});

Deno.test("doctor: a config field of the wrong type names file and field; the rest still counts", async () => {
  const mock = await startMockLlm({ models: ["test-model"] });
  try {
    await withHome(async ({ home, project, userDir }) => {
      const bad = join(project, "agents.config.json");
      await Deno.writeTextFile(
        bad,
        JSON.stringify({
          nanocoder: { providers: [{ name: "p", baseUrl: mock.url, models: "test-model" }] },
        }),
      );
      const { code, report } = await doctorJson(["--trust-directory"], { cwd: project, home });
      assert.equal(code, 1);
      assert.deepEqual(report.verdict, {
        ok: false,
        decidedBy: `config.project:${bad}`,
        reason: `Invalid config "${bad}": nanocoder.providers[0].models: expected an array of ` +
          'model names (strings), got "test-model"',
      });
      // The user's own file is still read and its provider still asked.
      assert.equal(
        check(report, `config.user:${join(userDir, "agents.config.json")}`)?.status,
        "ok",
      );
      assert.equal(check(report, "provider.mine")?.status, "ok");
    }, { nanocoder: { providers: [{ name: "mine", baseUrl: mock.url, models: ["test-model"] }] } });
  } finally {
    await mock.close();
  }
});

Deno.test("doctor: a provider that is down exits 1 with the reason", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  await withHome(async ({ home, project }) => {
    const { code, report } = await doctorJson([], { cwd: project, home });
    assert.equal(code, 1);
    assert.equal(report.verdict.decidedBy, "provider.local");
    assert.equal(
      report.verdict.reason,
      `"local": Cannot reach provider "http://127.0.0.1:${port}/v1": connection refused ` +
        "(is the server running and the URL right?)",
    );
    assert.equal(report.facts.providers[0].code, "unreachable");
  }, {
    nanocoder: {
      providers: [{ name: "local", baseUrl: `http://127.0.0.1:${port}/v1`, models: ["m"] }],
    },
  });
});

Deno.test("doctor: a rejected key and a wrong base URL say what to check, the key redacted", async () => {
  const key = "sk-doctor-wrong-key-0123456789";
  const mock = await startMockLlm({
    models: ["test-model"],
    apiKey: "sk-the-right-one-0000000000",
  });
  const open = await startMockLlm({ models: ["test-model"] });
  try {
    await withHome(async ({ home, project }) => {
      const { code, report } = await doctorJson(["--provider", "keyed"], { cwd: project, home });
      assert.equal(code, 1);
      const keyed = check(report, "provider.keyed")!;
      assert.equal(keyed.status, "fail");
      assert.match(keyed.message, /rejected the request \(401\).*check the API key/);
      assert.equal(report.facts.providers.find((p) => p.name === "keyed")?.code, "unauthorized");
      const root = check(report, "provider.root")!;
      assert.equal(root.status, "warn"); // not the selected one
      assert.match(
        root.message,
        /^Check that the base URL ends in \/v1: provider "root" .* answered 404/,
      );
      assert.doesNotMatch(JSON.stringify(report), new RegExp(key));
    }, {
      nanocoder: {
        providers: [
          { name: "keyed", baseUrl: mock.url, apiKey: key, models: ["test-model"] },
          { name: "root", baseUrl: open.root, models: ["test-model"] },
        ],
      },
    });
  } finally {
    await mock.close();
    await open.close();
  }
});
