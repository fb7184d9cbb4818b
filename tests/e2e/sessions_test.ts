/**
 * End-to-end: saved sessions across separate `nanocoder` processes, as a user continues
 * yesterday's work: `run`, then `run --continue` / `--resume`, `sessions`, `sessions
 * export`, `sessions prune`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type MockLlm,
  type MockLlmOptions,
  type MockTurn,
  startMockLlm,
} from "../_helpers/mock_llm.ts";
import { cliCommand, runCli } from "./_cli.ts";

interface Ctx {
  dir: string;
  data: string;
  mock: MockLlm;
  cli: (...args: string[]) => ReturnType<typeof runCli>;
}

async function withProject(
  turns: MockTurn[] | MockLlmOptions,
  fn: (ctx: Ctx) => Promise<void>,
) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-" }));
  const data = await Deno.makeTempDir({ prefix: "nanocoder-data-" });
  const mock = await startMockLlm(Array.isArray(turns) ? { turns } : turns);
  const cli = (...args: string[]) =>
    runCli(["--base-url", mock.url, "--model", "test-model", ...args], {
      cwd: dir,
      env: { NANOCODER_DATA_DIR: data },
    });
  try {
    await fn({ dir, data, mock, cli });
  } finally {
    await mock.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(data, { recursive: true });
  }
}

const userTexts = (messages: { role: string; content: string }[]) =>
  messages.filter((m) => m.role === "user").map((m) => m.content);

Deno.test("run --continue and --resume send the earlier conversation to the model", async () => {
  const turns = [{ text: "First answer." }, { text: "Second answer." }, { text: "Third answer." }];
  await withProject(turns, async ({ mock, cli }) => {
    assert.equal((await cli("run", "first question")).code, 0);
    const second = await cli("run", "--continue", "second question");
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Resumed session: first question \(1 prompt\)/);
    assert.deepEqual(userTexts(mock.chatRequests()[1].body.messages), [
      "first question",
      "second question",
    ]);
    const listed = JSON.parse((await cli("sessions", "--json")).stdout);
    assert.equal(listed.length, 1);
    const third = await cli("run", "-r", listed[0].id.slice(0, 8), "third question");
    assert.equal(third.code, 0, third.stderr);
    const sent = mock.chatRequests()[2].body.messages;
    assert.deepEqual(userTexts(sent), ["first question", "second question", "third question"]);
    assert.deepEqual(sent.filter((m: { role: string }) => m.role === "assistant").length, 2);
  });
});

Deno.test("a prompt that failed is continued with a note, never two user messages in a row", async () => {
  const turns = [{ fault: { status: 400 } }, { text: "Second answer." }];
  await withProject(turns, async ({ mock, cli }) => {
    assert.equal((await cli("run", "first question")).code, 1);
    const second = await cli("run", "--continue", "second question");
    assert.equal(second.code, 0, second.stderr);
    const sent = mock.chatRequests()[1].body.messages.slice(1);
    assert.deepEqual(sent.map((m: { role: string }) => m.role), ["user", "assistant", "user"]);
    assert.match(sent[1].content, /^\[No answer: the request was stopped/);
  });
});

Deno.test("sessions lists this project's sessions newest first, with a number for --resume", async () => {
  const turns = [{ text: "a" }, { text: "b" }, { text: "c" }];
  await withProject(turns, async ({ mock, cli }) => {
    await cli("run", "older session");
    await cli("run", "newer session");
    const listing = await cli("sessions");
    assert.equal(listing.code, 0);
    const lines = listing.stdout.trim().split("\n");
    assert.match(lines[0], /^#\s+ID\s+UPDATED\s+PROMPTS\s+MODEL\s+TITLE$/);
    assert.match(lines[1], /^1\s+[0-9a-f]{8}\s+\S+ \S+\s+1\s+test-model\s+newer session$/);
    assert.match(lines[2], /^2\s+.*older session$/);
    assert.equal((await cli("run", "--resume", "2", "again")).code, 0);
    assert.deepEqual(userTexts(mock.chatRequests()[2].body.messages), ["older session", "again"]);
  });
});

Deno.test("resuming a session that does not exist fails with exit 1 and names it", async () => {
  await withProject([], async ({ cli }) => {
    const result = await cli("run", "--resume", "no-such-session", "hi");
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Session not found: "no-such-session"/);
    const both = await cli("run", "-c", "-r", "last", "hi");
    assert.equal(both.code, 2);
  });
});

Deno.test("sessions export writes a readable Markdown transcript, and JSON", async () => {
  const call = { name: "create_file", arguments: { path: "notes.md", content: "# Notes\n" } };
  const turns = [{ toolCalls: [call] }, { text: "Wrote notes.md." }];
  await withProject(turns, async ({ cli }) => {
    await cli("run", "write notes");
    const md = await cli("sessions", "export", "last");
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^---\nsession: [0-9a-f-]{36}\n/);
    assert.match(md.stdout, /\n# write notes\n\n## User\n\nwrite notes\n/);
    assert.match(md.stdout, /### Tool: create_file notes\.md \(ok\)/);
    assert.match(md.stdout, /## Assistant\n\nWrote notes\.md\.\n/);
    const json = JSON.parse((await cli("sessions", "export", "1", "--format", "json")).stdout);
    assert.deepEqual(json.transcript.map((i: { type: string }) => i.type), [
      "user",
      "assistant",
      "tool_call",
      "assistant",
    ]);
  });
});

Deno.test("sessions prune deletes sessions not changed for the given age", async () => {
  await withProject([{ text: "old" }, { text: "new" }], async ({ data, cli }) => {
    await cli("run", "old one");
    await cli("run", "new one");
    const [oldest] = JSON.parse((await cli("sessions", "--json")).stdout).slice(-1);
    const folder = (await Array.fromAsync(Deno.readDir(join(data, "sessions"))))[0].name;
    const file = join(data, "sessions", folder, `${oldest.id}.jsonl`);
    const monthAgo = new Date(Date.now() - 31 * 86_400_000);
    await Deno.utime(file, monthAgo, monthAgo);
    const dry = await cli("sessions", "prune", "--older-than", "30d", "--dry-run");
    assert.match(dry.stdout, /Would delete 1 session/);
    const pruned = await cli("sessions", "prune", "--older-than", "30d");
    assert.equal(pruned.code, 0, pruned.stderr);
    const left = JSON.parse((await cli("sessions", "--json")).stdout);
    assert.deepEqual(left.map((s: { title: string }) => s.title), ["new one"]);
    assert.equal((await cli("sessions", "prune", "--older-than", "soon")).code, 2);
  });
});

Deno.test("without write access to the data dir, run works and says sessions are off", async () => {
  await withProject([{ text: "fine" }], async ({ dir, data, mock }) => {
    const result = await runCli(["--base-url", mock.url, "--model", "m", "run", "hi"], {
      cwd: dir,
      env: { NANOCODER_DATA_DIR: data },
      permissions: [
        `--allow-read`,
        `--allow-write=${dir}`,
        "--allow-net=127.0.0.1",
        "--allow-env",
      ],
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "fine\n");
    assert.match(result.stderr, /Sessions and undo are off: no write access to/);
  });
});

Deno.test("two runs at once in one project are both saved, and undo takes back both", async () => {
  // Each run's first request creates its own file; a tool result gets "done".
  const handler: MockLlmOptions["handler"] = (req) => {
    const last = req.body.messages.at(-1);
    if (last.role === "tool") return { text: "done" };
    const path = last.content === "first run" ? "one.txt" : "two.txt";
    return { toolCalls: [{ name: "create_file", arguments: { path, content: "x\n" } }] };
  };
  await withProject({ handler }, async ({ dir, cli }) => {
    const [a, b] = await Promise.all([cli("run", "first run"), cli("run", "second run")]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const listed = JSON.parse((await cli("sessions", "--json")).stdout);
    assert.deepEqual(listed.map((s: { title: string }) => s.title).sort(), [
      "first run",
      "second run",
    ]);
    // The runs overlapped in one working tree: a snapshot cannot tell whose change a file
    // is, so the second undo may find the first took it back already (--force goes on).
    for (const session of listed) {
      const undo = await cli("undo", "--force", "--session", session.id);
      assert.equal(undo.code, 0, undo.stderr);
    }
    await assert.rejects(Deno.stat(join(dir, "one.txt")), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(join(dir, "two.txt")), Deno.errors.NotFound);
  });
});

Deno.test("a run killed mid-answer keeps what was saved, and --continue goes on from it", async () => {
  const slow = { text: "word ".repeat(400), chunkSize: 4, delayMs: 20 };
  await withProject([slow, { text: "Picked up." }], async ({ dir, data, mock, cli }) => {
    const child = cliCommand(
      ["--base-url", mock.url, "--model", "test-model", "run", "long task"],
      {
        cwd: dir,
        env: { NANOCODER_DATA_DIR: data },
      },
    ).spawn();
    // Wait until the answer streams, then kill without a chance to clean up.
    while (mock.chatRequests().length === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    const [listed] = JSON.parse((await cli("sessions", "--json")).stdout);
    assert.deepEqual([listed.title, listed.prompts], ["long task", 1]);
    const next = await cli("run", "-c", "go on");
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(userTexts(mock.chatRequests()[1].body.messages), ["long task", "go on"]);
  });
});
