/** The prompt of `run`: its words, stdin for `run -`, and piped input as context. */
import assert from "node:assert/strict";
import { MAX_STDIN_BYTES, runInput, type StdinSource } from "../../src/cli/run_input.ts";
import { UsageError } from "../../src/errors.ts";

function piped(...chunks: (string | Uint8Array)[]): StdinSource {
  return {
    kind: "piped",
    readable: new ReadableStream({
      start(controller) {
        for (const chunk of chunks) {
          controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
        }
        controller.close();
      },
    }),
  };
}

/** A pipe someone holds open without writing to it. */
function silentPipe(): StdinSource & { cancelled: () => boolean } {
  let cancelled = false;
  return {
    kind: "piped",
    readable: new ReadableStream({ cancel: () => void (cancelled = true) }),
    cancelled: () => cancelled,
  };
}

const none: StdinSource = { kind: "none", readable: new ReadableStream() };

Deno.test("runInput() joins the words into the prompt and ignores a stdin that is no pipe", async () => {
  assert.deepEqual(await runInput(["fix", "the", "bug"], none), {
    content: [{ type: "text", text: "fix the bug" }],
    notes: [],
  });
});

Deno.test("runInput() takes an open pipe that stays silent as no input, and says so", async () => {
  const stdin = silentPipe();
  const input = await runInput(["hi"], stdin, { waitMs: 30 });
  assert.deepEqual(input.content, [{ type: "text", text: "hi" }]);
  assert.match(input.notes[0], /^stdin is an open pipe with nothing in it after 0s: going on/);
  assert.equal(stdin.cancelled(), true);
});

Deno.test("runInput() waits for a slow writer once its first byte came", async () => {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const readable = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  controller.enqueue(new TextEncoder().encode("line 1\n"));
  setTimeout(() => {
    controller.enqueue(new TextEncoder().encode("line 2\n"));
    controller.close();
  }, 60);
  const input = await runInput(["check"], { kind: "piped", readable }, { waitMs: 20 });
  assert.match((input.content[1] as { text: string }).text, /line 1\nline 2\n<\/stdin>$/);
});

Deno.test("runInput() cuts piped input at the limit on a character boundary", async () => {
  // "é" is two bytes: the cut must not split one.
  const input = await runInput(["summarize"], piped("a", "é".repeat(MAX_STDIN_BYTES)));
  const text = (input.content[1] as { text: string }).text;
  assert.ok(!text.includes("\uFFFD"));
  assert.match(text, /^Input piped to this command \(stdin\), cut off after the first 512 KB:/);
  assert.equal(input.notes.length, 1);
});

Deno.test("runInput() ignores piped input that is only whitespace", async () => {
  const input = await runInput(["hi"], piped("\n\n"));
  assert.deepEqual(input.content, [{ type: "text", text: "hi" }]);
});

Deno.test("runInput() refuses binary input, a prompt on stdin over the limit, and empty prompts", async () => {
  const refusal = (words: string[], stdin: StdinSource) =>
    runInput(words, stdin).then(() => "accepted", (e) => e instanceof UsageError && e.message);
  assert.equal(
    await refusal(["look"], piped(new Uint8Array([0xff, 0xfe, 0x00]))),
    "The input piped to run is not UTF-8 text",
  );
  assert.match(
    String(await refusal(["-"], piped("x".repeat(MAX_STDIN_BYTES + 1)))),
    /^The prompt on stdin is over 524288 bytes/,
  );
  assert.equal(await refusal(["-"], piped(" \n")), "The prompt on stdin is empty");
  assert.equal(await refusal([""], none), "The prompt is empty: give the agent something to do");
  assert.match(String(await refusal([], none)), /^run needs a prompt/);
});

Deno.test("runInput() takes piped input as the prompt when no words are given (cat task | -p)", async () => {
  assert.deepEqual(await runInput([], piped("explain this repo\n")), {
    content: [{ type: "text", text: "explain this repo" }],
    notes: [],
  });
  const refusal = await runInput([], silentPipe(), { waitMs: 20 }).then(
    () => "accepted",
    (e) => e instanceof UsageError && e.message,
  );
  assert.match(String(refusal), /^run needs a prompt/);
});
