/**
 * The built-ins' JSON Schemas are precomputed (src/tools/builtin_schemas.json) so a start
 * does not convert them from zod; they must be exactly what the conversion gives, keys in
 * the same order (the request prefix a local server caches depends on it).
 */
import assert from "node:assert/strict";
import { builtinSchemas, SCHEMAS_FILE } from "../../scripts/gen_tool_schemas.ts";
import { createBuiltinRegistry } from "../../src/tools/mod.ts";
import { convertToJsonSchema } from "../../src/tools/registry.ts";
import { ALL_TOOLS_CONFIG } from "../../scripts/gen_tool_schemas.ts";

Deno.test("builtin_schemas.json is what zod gives today (else: deno task gen:schemas)", async () => {
  const stored = await Deno.readTextFile(SCHEMAS_FILE);
  assert.equal(
    JSON.stringify(JSON.parse(stored)),
    JSON.stringify(builtinSchemas()),
    "src/tools/builtin_schemas.json is out of date: run `deno task gen:schemas`",
  );
});

Deno.test("the registry sends the built-ins' schemas as zod would convert them", async () => {
  const registry = await createBuiltinRegistry(ALL_TOOLS_CONFIG, { cwd: Deno.cwd() });
  for (const spec of registry.specs()) {
    const tool = registry.get(spec.function.name)!;
    assert.equal(
      JSON.stringify(spec.function.parameters),
      JSON.stringify(convertToJsonSchema(tool.schema)),
      tool.name,
    );
  }
});
