/**
 * The slash commands the bridge runs itself: `/model` lists the provider's models and
 * switches (the next request uses the new one), `/compact` summarizes the conversation.
 */
import assert from "node:assert/strict";
import { type AcpFixture, agentText, openSession, updatesOf, withAcp } from "./acp_harness.ts";

/** `/compact` on a fresh session: the updates it sent. */
async function nothingToCompact(f: AcpFixture, sessionId: string) {
  const before = f.client.updates(sessionId).length;
  assert.equal((await f.client.prompt(sessionId, "/compact")).stopReason, "end_turn");
  return f.client.updates(sessionId).slice(before);
}

Deno.test("/model lists the models, /model NAME switches the next request to it", async () => {
  await withAcp({
    mock: { models: ["test-model", "other-model"], turns: [{ text: "From the other model." }] },
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.equal((await f.client.prompt(sessionId, "/model")).stopReason, "end_turn");
    const listed = agentText(f.client.updates(sessionId));
    assert.match(listed, /- `test-model` \(current\)\n- `other-model`\n/);
    const before = f.client.updates(sessionId).length;
    assert.equal((await f.client.prompt(sessionId, "/model other-model")).stopReason, "end_turn");
    assert.match(agentText(f.client.updates(sessionId).slice(before)), /Now using `other-model`/);
    assert.equal((await f.client.prompt(sessionId, "hello")).stopReason, "end_turn");
    assert.equal(f.mock.chatRequests().at(-1)?.body.model, "other-model");
  });
});

Deno.test("/model with a model the server does not have says so and keeps the current one", async () => {
  await withAcp(
    { mock: { models: ["test-model"], turns: [{ text: "still here" }] } },
    async (f) => {
      const sessionId = await openSession(f);
      await f.client.prompt(sessionId, "/model missing-model");
      assert.match(
        agentText(f.client.updates(sessionId)),
        /The provider does not serve `missing-model`; it serves: `test-model`\./,
      );
      await f.client.prompt(sessionId, "hello");
      assert.equal(f.mock.chatRequests().at(-1)?.body.model, "test-model");
    },
  );
});

Deno.test("/compact summarizes the conversation with the model and reports the figures", async () => {
  await withAcp({
    mock: {
      turns: [
        { text: "A first answer, long enough to be worth summarizing. ".repeat(20) },
        { text: "A second answer, as long as the first one was. ".repeat(20) },
        { text: "Summary: the user asked two questions and got two long answers." },
      ],
    },
    client: { capabilities: { session: { compaction: {} } } },
  }, async (f) => {
    const sessionId = await openSession(f);
    assert.match(agentText(await nothingToCompact(f, sessionId)), /^Nothing to compact yet/);
    await f.client.prompt(sessionId, "tell me something long");
    await f.client.prompt(sessionId, "and something else");
    const before = f.client.updates(sessionId).length;
    assert.equal((await f.client.prompt(sessionId, "/compact")).stopReason, "end_turn");
    assert.match(
      agentText(f.client.updates(sessionId).slice(before)),
      /^Compacted the conversation: \d+ → \d+ tokens\.$/,
    );
    assert.equal(f.mock.chatRequests().length, 3, "the summary was asked of the model");
    const progress = updatesOf(f.client.updates(sessionId), "compaction_update");
    assert.deepEqual(progress.map((u) => u.status).slice(-2), ["in_progress", "completed"]);
    assert.equal(new Set(progress.slice(-2).map((u) => u.compactionId)).size, 1);
  });
});

Deno.test("the model picker lists the provider's models and switches the session's model", async () => {
  await withAcp({
    mock: { models: ["test-model", "other-model"], turns: [{ text: "From the other model." }] },
  }, async (f) => {
    await f.client.initialize();
    const session = await f.client.newSession(f.project);
    const [picker] = session.configOptions ?? [];
    assert.equal(picker.id, "model");
    assert.equal(picker.category, "model");
    assert.equal(picker.type === "select" && picker.currentValue, "test-model");
    const listed = await f.client.waitForUpdate((u) => u.sessionUpdate === "config_option_update");
    assert.deepEqual(
      listed.sessionUpdate === "config_option_update" &&
        listed.configOptions[0].type === "select" &&
        listed.configOptions[0].options,
      [{ value: "test-model", name: "test-model" }, { value: "other-model", name: "other-model" }],
    );
    const { configOptions } = await f.client.agent.request(
      "session/set_config_option",
      { sessionId: session.sessionId, configId: "model", value: "other-model" },
    );
    assert.equal(
      configOptions[0].type === "select" && configOptions[0].currentValue,
      "other-model",
    );
    await f.client.prompt(session.sessionId, "hello");
    assert.equal(f.mock.chatRequests().at(-1)?.body.model, "other-model");
    await assert.rejects(
      f.client.agent.request("session/set_config_option", {
        sessionId: session.sessionId,
        configId: "model",
        value: "missing-model",
      }),
      (error: { code: number; message: string }) =>
        error.code === -32602 && /does not serve `missing-model`/.test(error.message),
    );
  });
});
