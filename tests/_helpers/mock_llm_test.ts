/** The mock LLM itself: standalone mode and the wire format the client tests rely on. */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startMockLlm } from "./mock_llm.ts";

Deno.test("mock_llm.ts runs standalone, prints its URL and repeats the last scripted turn", async () => {
  const dir = await Deno.makeTempDir();
  const script = `${dir}/turns.json`;
  await Deno.writeTextFile(
    script,
    JSON.stringify({ turns: [{ text: "scripted" }], models: ["m1"] }),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      fileURLToPath(new URL("./mock_llm.ts", import.meta.url)),
      "--port",
      "0",
      "--script",
      script,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while (!out.includes("\n")) out += (await reader.read()).value ?? "";
    reader.releaseLock();
    const url = out.trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = await (await fetch(`${url}/models`)).json();
    assert.deepEqual(models.data.map((m: { id: string }) => m.id), ["m1"]);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${url}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m1", messages: [], stream: false }),
      });
      const body = await response.json();
      assert.equal(body.choices[0].message.content, "scripted");
    }
  } finally {
    child.kill("SIGTERM");
    await child.stdout.cancel().catch(() => {});
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the mock streams OpenAI-shaped chunks and counts usage only when asked", async () => {
  const mock = await startMockLlm({ turns: [{ text: "abc", chunkSize: 2 }, { text: "abc" }] });
  try {
    const ask = async (includeUsage: boolean) => {
      const response = await fetch(`${mock.url}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({
          model: "m",
          messages: [],
          stream: true,
          ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        }),
      });
      assert.equal(response.headers.get("content-type"), "text/event-stream");
      return (await response.text()).split("\n\n").filter((e) => e !== "");
    };
    const withUsage = await ask(true);
    assert.deepEqual(
      withUsage.slice(0, -1).map((e) => JSON.parse(e.slice(6))).map((
        c,
      ) => [c.choices[0]?.delta ?? null, c.usage ?? null]),
      [
        [{ role: "assistant", content: "" }, null],
        [{ content: "ab" }, null],
        [{ content: "c" }, null],
        [{}, null],
        [null, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }],
      ],
    );
    assert.equal(withUsage.at(-1), "data: [DONE]");
    const without = await ask(false);
    assert.equal(without.some((e) => e.includes('"usage"')), false);
  } finally {
    await mock.close();
  }
});

Deno.test("the llama.cpp flavor reports /props and refuses tools with its HTTP 500 (no --jinja)", async () => {
  const mock = await startMockLlm({ flavor: "llamacpp", refuseTools: true, contextLength: 4096 });
  try {
    const props = await (await fetch(`${mock.root}/props`)).json();
    assert.equal(props.default_generation_settings.n_ctx, 4096);
    assert.deepEqual(await (await fetch(`${mock.root}/health`)).json(), { status: "ok" });
    const refused = await fetch(`${mock.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        model: "m",
        messages: [],
        tools: [{ type: "function", function: { name: "f", parameters: {} } }],
      }),
    });
    assert.equal(refused.status, 500);
    assert.deepEqual(await refused.json(), {
      error: { code: 500, message: "tools param requires --jinja flag", type: "server_error" },
    });
  } finally {
    await mock.close();
  }
});

Deno.test("a stream error fault ends a 200 stream with llama.cpp's error event and no [DONE]", async () => {
  const mock = await startMockLlm({
    turns: [{ text: "abcdefgh", chunkSize: 2, fault: { streamError: "Failed to parse input" } }],
  });
  try {
    const response = await fetch(`${mock.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "m", messages: [], stream: true }),
    });
    assert.equal(response.status, 200);
    const events = (await response.text()).split("\n\n").filter((e) => e !== "");
    assert.equal(
      events.at(-1),
      'data: {"error":{"code":500,"message":"Failed to parse input","type":"server_error"}}',
    );
    assert.ok(!events.includes("data: [DONE]"));
  } finally {
    await mock.close();
  }
});
