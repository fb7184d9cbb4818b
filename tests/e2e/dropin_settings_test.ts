/**
 * Nanocoder's settings in an engine session against the mock, beyond its docs' own
 * examples: tune's model parameters in every request body (and OpenRouter's spelling of
 * the effort), autoCompact's strategies and switch, and a custom prompt file that a
 * project which is not trusted may only take from inside itself.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { docProject, loadDocProject, openDocEngine } from "./_nanocoder_docs.ts";
import { compactsAt65Percent, session } from "./_docs_settings.ts";

async function withMock(fn: (mock: Awaited<ReturnType<typeof startMockLlm>>) => Promise<void>) {
  const mock = await startMockLlm();
  try {
    await fn(mock);
  } finally {
    await mock.close();
  }
}

Deno.test("tune.modelParameters go into every request, the config's over the saved preferences'", async () => {
  await withMock(async (mock) => {
    await using dp = await docProject({
      "agents.config.json": {
        nanocoder: {
          tune: {
            modelParameters: {
              temperature: 0.2,
              topP: 0.9,
              topK: 40,
              stop: ["END"],
              reasoningEffort: "low",
            },
          },
        },
      },
    });
    // What Nanocoder's /tune saved: replaced whole by the config's modelParameters.
    await Deno.writeTextFile(
      join(dp.user, "nanocoder-preferences.json"),
      JSON.stringify({
        tune: { enabled: true, modelParameters: { temperature: 0.9, presencePenalty: 1 } },
      }),
    );
    await session(dp, mock, ["hi"]);
    const body = mock.chatRequests()[0].body;
    const { temperature, top_p, top_k, stop, reasoning_effort, presence_penalty } = body;
    assert.deepEqual(
      { temperature, top_p, top_k, stop, reasoning_effort, presence_penalty },
      {
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop: ["END"],
        reasoning_effort: "low",
        presence_penalty: undefined,
      },
    );
  });
});

Deno.test("tune's reasoningEffort fills OpenRouter's reasoning.effort; the provider's own block wins", async () => {
  await withMock(async (mock) => {
    const entry = (openrouter?: unknown) => ({
      name: "openrouter",
      baseUrl: mock.url,
      models: ["m"],
      ...(openrouter ? { openrouter } : {}),
    });
    for (
      const [openrouter, expected] of [
        [undefined, { effort: "high" }],
        [{ reasoning: { max_tokens: 100 } }, { effort: "high", max_tokens: 100 }],
        [{ reasoning: { effort: "low" } }, { effort: "low" }],
      ] as const
    ) {
      await using dp = await docProject({
        "agents.config.json": {
          nanocoder: {
            providers: [entry(openrouter)],
            tune: { modelParameters: { reasoningEffort: "high" } },
          },
        },
      });
      const before = mock.chatRequests().length;
      await session(dp, mock, ["hi"], { baseUrl: undefined });
      const body = mock.chatRequests()[before].body;
      assert.deepEqual([body.reasoning, body.reasoning_effort], [expected, undefined]);
    }
  });
});

Deno.test("autoCompact: mechanical compacts without asking the model, enabled: false not at all", async () => {
  const cases = [
    [{ strategy: "mechanical", mode: "aggressive" }, ["auto"], false],
    [{ enabled: false }, [], false],
    [undefined, [], false],
  ] as const;
  for (const [autoCompact, reasons, summaryAsked] of cases) {
    await withMock(async (mock) => {
      await using dp = await docProject({
        "agents.config.json": { nanocoder: autoCompact ? { autoCompact } : {} },
      });
      const started = await compactsAt65Percent(dp, mock);
      assert.deepEqual(started.map((e) => e.type === "compaction_started" && e.reason), reasons);
      assert.equal(mock.chatRequests().some((r) => r.body.stream === false), summaryAsked);
    });
  }
});

Deno.test("a custom prompt file outside an untrusted project is not read; inside it is", async () => {
  await withMock(async (mock) => {
    await using dp = await docProject({
      "agents.config.json": { nanocoder: { systemPrompt: { file: "../secret.txt" } } },
      "inside.md": "Inside the project.",
    });
    await Deno.writeTextFile(join(dp.project, "..", "secret.txt"), "SECRET");
    await Deno.symlink(join(dp.project, "..", "secret.txt"), join(dp.project, "link.md"));
    const untrusted = async (file: string): Promise<string[]> => {
      await Deno.writeTextFile(
        join(dp.project, "agents.config.json"),
        JSON.stringify({ nanocoder: { systemPrompt: { file } } }),
      );
      const engine = await openDocEngine(dp, {
        baseUrl: mock.url,
        model: "m",
        trustDirectory: false,
      });
      const events = engine.events();
      const configured = (await events.next()).value;
      await engine.close();
      return configured.type === "session_configured" ? configured.warnings : [];
    };
    for (const file of ["../secret.txt", "link.md"]) {
      const warnings = await untrusted(file);
      assert.ok(
        warnings.some((w) => /is outside the project, which is not trusted/.test(w)),
        warnings.join("\n"),
      );
    }
    assert.deepEqual(await untrusted("inside.md"), []);
    // Trusted, the user's choice stands.
    const trusted = await loadDocProject(dp);
    assert.equal(trusted.config.systemPrompt?.content, "Inside the project.");
  });
});
