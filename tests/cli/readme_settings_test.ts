/**
 * Every setting of agents.config.json is documented in README: error messages name them
 * ("raise requestTimeoutMs", "set \"toolCalling\""), so a user must be able to look them up.
 */
import assert from "node:assert/strict";
import {
  rawMcpServerSchema,
  rawProviderSchema,
  rawSettingsSchema,
} from "../../src/config/schema.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** Whether README shows `key` in code (alone, in a path such as `a.key`, or in a JSON example). */
function documented(key: string): boolean {
  return new RegExp(`\`[^\`\\n]*\\b${key}\\b[^\`\\n]*\``).test(README) ||
    README.includes(`"${key}":`);
}

Deno.test("README documents every provider, MCP server and top-level setting", () => {
  const shapes = {
    provider: rawProviderSchema.shape,
    "MCP server": rawMcpServerSchema.shape,
    nanocoder: rawSettingsSchema.shape,
  };
  const missing = Object.entries(shapes).flatMap(([where, shape]) =>
    Object.keys(shape).filter((key) => !documented(key)).map((key) => `${where}: ${key}`)
  );
  assert.deepEqual(missing, []);
});

Deno.test("README documents the settings that messages tell the user to change", async () => {
  const named = new Set<string>();
  for await (const file of walk(new URL("../../src/", import.meta.url))) {
    const text = await Deno.readTextFile(file);
    // `raise requestTimeoutMs`, `set "toolCalling": "xml"`, `raise "maxTokens"`.
    for (
      const m of text.matchAll(
        /\b(?:raise|set|lower|increase)\s+\\?"?([a-z][A-Za-z]+(?:\.[A-Za-z]+)*)\\?"?/g,
      )
    ) {
      if (/[A-Z.]/.test(m[1])) named.add(m[1]);
    }
  }
  assert.ok(named.has("requestTimeoutMs"), [...named].join(", "));
  assert.deepEqual([...named].filter((key) => !documented(key.split(".").at(-1)!)), []);
});

async function* walk(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* walk(url);
    else if (entry.name.endsWith(".ts")) yield url;
  }
}
