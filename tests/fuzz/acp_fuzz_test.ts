/**
 * Fuzz: the ACP bridge's input. A real `nanocoder --acp` against the mock model gets
 * random bytes, random text, truncated and mutated JSON-RPC lines (wrong types in params,
 * odd ids, no `jsonrpc`), notifications, stray responses and a line over the size limit,
 * written in random pieces and mixed with valid requests on live sessions. It must never
 * die, answer each line as JSON-RPC 2.0 says (`expectedFor`), never answer a
 * notification, write only protocol messages on stdout, never fail a request with an
 * unexpected internal error, and afterwards open a session and answer a prompt as
 * usual. Seeded: `FUZZ_SEED` / `FUZZ_RUNS` (one agent process per seed).
 */
import assert from "node:assert/strict";
import type * as acp from "@agentclientprotocol/sdk";
import type { AcpClient } from "../../src/bridge/client.ts";
import { MAX_LINE_BYTES } from "../../src/bridge/wire.ts";
import { agentText, withAcp } from "../e2e/acp_harness.ts";
import { type Expected, expectedFor, type FuzzContext, fuzzLine } from "./_acp_lines.ts";
import { forSeeds, type Prng } from "./_prng.ts";

type Message = Record<string, unknown> & { id?: unknown; error?: Record<string, unknown> };

/** Lines per seed, and how many of them come before `initialize`. */
const LINES = 120;
const BEFORE_INITIALIZE = 10;

Deno.test("fuzz: nanocoder --acp answers garbage as JSON-RPC says, and keeps working", async () => {
  await forSeeds(6, (rng) =>
    withAcp({
      mock: { repeatLast: true, turns: [{ text: "fuzzed and fine" }] },
      validate: "received",
    }, async (f) => {
      let counter = 0;
      const ctx: FuzzContext = {
        sessionIds: [],
        project: f.project,
        // Never a small number: the test's own client numbers its requests from 0.
        nextId: () => ++counter % 2 ? `fuzz-${counter}` : 1_000_000 + counter,
      };
      const sent: Expected[] = [];
      const shown = new Map<string, string>();
      const send = async (lines: Uint8Array[], expected = lines.map(expectedFor)) => {
        sent.push(...expected);
        expected.forEach((e, i) => {
          if (e.kind === "answer") {
            shown.set(key(e.id), new TextDecoder().decode(lines[i].subarray(0, 300)));
          }
        });
        const bytes = join(lines);
        for (const piece of rng.split(bytes)) await f.client.sendRaw(piece);
      };

      await send(Array.from({ length: BEFORE_INITIALIZE }, () => fuzzLine(rng, ctx)));
      await f.client.initialize();
      const open = async (id: string) => {
        sent.push({ kind: "answer", id });
        ctx.sessionIds.push(await rawSession(f.client, f.project, id));
      };
      await open("open-1");
      for (let i = BEFORE_INITIALIZE; i < LINES; i += 10) {
        const batch = Array.from({ length: 10 }, () => fuzzLine(rng, ctx));
        if (rng.chance(0.5)) batch.push(validPrompt(ctx, rng));
        await send(batch);
        if (rng.chance(0.1)) await open(`open-${i}`);
      }
      const tooLong = oversized(rng, ctx);
      await send([tooLong.line], [tooLong.expected]);

      await checkAnswers(f.client, sent, shown);
      assert.doesNotMatch(f.client.stderr, /Uncaught|panicked|This is a bug/);

      // Still an agent: a new session answers a prompt.
      await f.client.initialize();
      const { sessionId } = await f.client.newSession(f.project);
      assert.equal((await f.client.prompt(sessionId, "still there?")).stopReason, "end_turn");
      assert.match(agentText(f.client.updates(sessionId)), /fuzzed and fine/);
    }));
});

/** Waits for every answer the lines require, then checks nothing more came. */
async function checkAnswers(
  client: AcpClient,
  sent: Expected[],
  shown: Map<string, string>,
): Promise<void> {
  const ids = sent.flatMap((e) => (e.kind === "answer" ? [key(e.id)] : []));
  const nullAnswers = sent.filter((e) => e.kind === "null_answer");
  const received = () => client.messages.filter((m) => m.direction === "received");
  const answers = () => received().map((m) => m.message as Message).filter((m) => "id" in m);
  // Every request answered (a prompt on a live session runs first), and every null one.
  const missing = () => {
    const got = new Set(answers().map((m) => key(m.id)));
    const nulls = answers().filter((m) => m.id === null).length;
    return [
      ...ids.filter((id) => !got.has(id)).map((id) => `${id} (${shown.get(id) ?? ""})`),
      ...(nulls < nullAnswers.length ? [`${nullAnswers.length - nulls} null-id answers`] : []),
    ];
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    client.waitForMessage(() => missing().length === 0),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No answer for: ${missing().join(", ")}`)), 30_000);
    }),
  ]).finally(() => clearTimeout(timer));
  // Whatever a line could still cause is written before the answer to a later request.
  await client.agent.request("session/list", {});

  const byId = new Map<string, Message[]>();
  for (const answer of answers()) {
    byId.set(key(answer.id), [...byId.get(key(answer.id)) ?? [], answer]);
    checkShape(answer);
  }
  for (const id of ids) assert.equal(byId.get(id)?.length, 1, `one answer for request ${id}`);
  const nulls = byId.get("null") ?? [];
  assert.equal(nulls.length, nullAnswers.length, "one null-id answer per line without a usable id");
  assert.equal(
    nulls.filter((m) => m.error?.code === -32700).length,
    nullAnswers.filter((e) => e.kind === "null_answer" && e.parseError).length,
    "a parse error for each line that is not JSON",
  );
  const expectedIds = new Set([...ids, "null"]);
  const extra = [...byId.keys()].filter((id) => !expectedIds.has(id) && !/^\d{1,3}$/.test(id));
  assert.deepEqual(extra, [], "no answer to a notification or a response");
}

/** A result or a well-formed error; an internal error only as the engine's, with its code. */
function checkShape(answer: Message): void {
  assert.equal(answer.jsonrpc, "2.0");
  assert.notEqual("result" in answer, "error" in answer, JSON.stringify(answer));
  if (!answer.error) return;
  const { code, message, data } = answer.error;
  assert.ok(Number.isInteger(code), JSON.stringify(answer));
  assert.ok(typeof message === "string" && message.length > 0, JSON.stringify(answer));
  if (code === -32603) {
    assert.equal(typeof (data as { code?: unknown })?.code, "string", JSON.stringify(answer));
  }
}

/** `session/new` sent by hand with id `id`; its session id. */
async function rawSession(client: AcpClient, cwd: string, id: string): Promise<string> {
  await client.sendRaw(
    `${
      JSON.stringify({ jsonrpc: "2.0", id, method: "session/new", params: { cwd, mcpServers: [] } })
    }\n`,
  );
  const answer = await client.waitForMessage((m) => m.id === id) as Message;
  assert.ok("result" in answer, JSON.stringify(answer));
  return (answer.result as acp.NewSessionResponse).sessionId;
}

/** A valid prompt for one of the live sessions. */
function validPrompt(ctx: FuzzContext, rng: Prng): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    jsonrpc: "2.0",
    id: ctx.nextId(),
    method: "session/prompt",
    params: { sessionId: rng.pick(ctx.sessionIds), prompt: [{ type: "text", text: "hello" }] },
  }));
}

/**
 * A line over the limit, a prompt with too much text or garbage: not parsed, so answered
 * as an invalid request, with the id its start names.
 */
function oversized(rng: Prng, ctx: FuzzContext): { line: Uint8Array; expected: Expected } {
  const line = new Uint8Array(MAX_LINE_BYTES + rng.int(1, 1024)).fill(0x61);
  if (rng.chance(0.5)) return { line, expected: { kind: "null_answer", parseError: false } };
  const id = ctx.nextId();
  const start = JSON.stringify({ jsonrpc: "2.0", id, method: "session/prompt" });
  line.set(new TextEncoder().encode(`${start.slice(0, -1)},"params":"`));
  return { line, expected: { kind: "answer", id } };
}

function join(lines: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(lines.reduce((n, l) => n + l.byteLength + 1, 0)).fill(0x0a);
  let at = 0;
  for (const line of lines) {
    out.set(line, at);
    at += line.byteLength + 1;
  }
  return out;
}

function key(id: unknown): string {
  return JSON.stringify(id);
}
