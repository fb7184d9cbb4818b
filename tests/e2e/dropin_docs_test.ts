/**
 * Every JSON example of Nanocoder's configuration docs, its .mcp.example.json and its
 * .env.example (tests/fixtures/nanocoder_docs), placed where Nanocoder reads it, must
 * take effect here — on the wire to the mock, or in what the engine does — or be named
 * in a warning with its file and key; no example may give a warning it is not expected
 * to. The last test prints the count.
 */
import assert from "node:assert/strict";
import {
  type DocExample,
  docExamples,
  exampleText,
  loadDocProject,
  placeExample,
} from "./_nanocoder_docs.ts";
import { type Expectation, PROVIDER_EXPECTATIONS } from "./_docs_providers.ts";
import { SETTINGS_EXPECTATIONS } from "./_docs_settings.ts";
import { startMockLlm } from "../_helpers/mock_llm.ts";

const EXPECTATIONS: Record<string, Expectation> = {
  ...SETTINGS_EXPECTATIONS,
  ...PROVIDER_EXPECTATIONS,
};
const examples = await docExamples();

for (const example of examples) {
  Deno.test(`${example.id} (${example.source} › ${example.heading})`, async () => {
    const expected = expectationOf(example);
    await using dp = await placeExample(example, {
      dotenv: expected.dotenv,
      files: expected.files,
    });
    const project = await loadDocProject(dp);
    assertWarnings(project.warnings, expected.warns ?? []);
    const mock = await startMockLlm();
    try {
      await expected.check?.({
        dp,
        mock,
        json: async () =>
          example.file.endsWith(".json") ? JSON.parse(await exampleText(example)) : {},
      });
    } finally {
      await mock.close();
    }
  });
}

Deno.test("every documented example takes effect or is named in a warning (the count)", () => {
  const counts = { effect: 0, warned: 0, ui: 0 };
  for (const example of examples) counts[expectationOf(example).outcome]++;
  assert.equal(examples.length, 70);
  assert.equal(counts.effect + counts.warned + counts.ui, examples.length);
  console.log(
    `Nanocoder's documented examples: ${counts.effect}/${examples.length} in effect, ` +
      `${counts.warned} named in a warning, ${counts.ui} terminal-UI preferences`,
  );
});

function expectationOf(example: DocExample): Expectation {
  const expected = EXPECTATIONS[example.id.slice(0, 2)];
  if (!expected) throw new Error(`No expectation for ${example.id}`);
  return expected;
}

/** Each pattern matches one warning and every warning is matched. */
function assertWarnings(warnings: string[], patterns: RegExp[]): void {
  const unmatched = warnings.filter((w) => !patterns.some((p) => p.test(w)));
  assert.deepEqual(unmatched, [], "unexpected warnings");
  for (const pattern of patterns) {
    assert.equal(warnings.filter((w) => pattern.test(w)).length, 1, String(pattern));
  }
}
