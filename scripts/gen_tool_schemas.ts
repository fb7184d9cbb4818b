/**
 * `deno task gen:schemas`: writes src/tools/builtin_schemas.json, the JSON Schemas of the
 * built-in tools as the model is sent them, so a start does not convert them from zod
 * (tests/tools/builtin_schemas_test.ts fails when the file is out of date).
 */
import { fileURLToPath } from "node:url";
import { builtinTools } from "../src/tools/mod.ts";
import { convertToJsonSchema } from "../src/tools/registry.ts";
import { DEFAULT_BASH, DEFAULT_WEB_FETCH, type NanocoderConfig } from "../src/config/mod.ts";

/** Where the schemas go. */
export const SCHEMAS_FILE = new URL("../src/tools/builtin_schemas.json", import.meta.url);

/** A config that turns every built-in on (web_search needs a backend). */
export const ALL_TOOLS_CONFIG: NanocoderConfig = {
  providers: [],
  mcpServers: {},
  bash: DEFAULT_BASH,
  webSearch: { backend: "duckduckgo" },
  sandbox: false,
  allowedDirs: [],
  alwaysAllow: [],
  webFetch: DEFAULT_WEB_FETCH,
  allowGitWrites: false,
  sources: [],
};

/** Every built-in tool's JSON Schema, by name, in name order. */
export function builtinSchemas(): Record<string, Record<string, unknown>> {
  const tools = builtinTools(ALL_TOOLS_CONFIG, { cwd: "." });
  const entries = tools.map((t) => [t.name, convertToJsonSchema(t.schema)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

if (import.meta.main) {
  const path = fileURLToPath(SCHEMAS_FILE);
  await Deno.writeTextFile(path, JSON.stringify(builtinSchemas(), null, 2) + "\n");
  const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", path] }).output();
  if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
  console.log(`wrote ${path}`);
}
