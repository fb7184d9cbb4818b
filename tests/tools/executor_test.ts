import assert from "node:assert/strict";
import { z } from "zod";
import { capOutput, resolveCall, runTool } from "../../src/tools/executor.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import type { Tool, ToolContext } from "../../src/tools/tool.ts";

const schema = z.object({ path: z.string(), start_line: z.number().int().min(1).optional() });
const tool: Tool<typeof schema> = {
  name: "read_file",
  description: "Reads.",
  kind: "read",
  schema,
  execute: (args) => Promise.resolve({ ok: true, output: `read ${args.path}` }),
};

function registry(): ToolRegistry {
  const r = new ToolRegistry();
  r.register(tool);
  return r;
}

function ctx(): ToolContext {
  return {
    cwd: Deno.cwd(),
    allowedDirs: [],
    signal: new AbortController().signal,
    knownFiles: new Map(),
  };
}

Deno.test("resolveCall() parses JSON arguments and validates them", () => {
  const resolved = resolveCall(registry(), { name: "read_file", arguments: '{"path":"a.ts"}' });
  assert.deepEqual(resolved, { ok: true, tool, args: { path: "a.ts" } });
});

Deno.test("resolveCall() repairs almost-JSON from local models", () => {
  const resolved = resolveCall(registry(), {
    name: "read_file",
    arguments: "{'path': 'a.ts', 'start_line': 2,}",
  });
  assert.deepEqual(resolved, { ok: true, tool, args: { path: "a.ts", start_line: 2 } });
});

Deno.test("resolveCall() names each invalid field and asks for a corrected call", () => {
  const resolved = resolveCall(registry(), {
    name: "read_file",
    arguments: { path: 3, start_line: 0 },
  });
  assert.equal(resolved.ok, false);
  assert.equal(
    !resolved.ok && resolved.error,
    'Error: invalid arguments for "read_file":\n' +
      "- path: Invalid input: expected string, received number\n" +
      "- start_line: Too small: expected number to be >=1\n" +
      "Fix the arguments and call the tool again.",
  );
});

Deno.test("resolveCall() explains a disabled tool and lists tools for an unknown one", () => {
  const r = registry();
  r.disable("execute_bash", 'Needs permission to run "bash": run with --allow-run');
  const disabled = resolveCall(r, { name: "execute_bash", arguments: "{}" });
  assert.equal(
    !disabled.ok && disabled.error,
    'Error: tool "execute_bash" is disabled: Needs permission to run "bash": run with --allow-run.',
  );
  const unknown = resolveCall(r, { name: "nope", arguments: "{}" });
  assert.equal(
    !unknown.ok && unknown.error,
    'Error: unknown tool "nope". Available tools: read_file.',
  );
});

Deno.test("resolveCall() rejects arguments that are not an object", () => {
  const resolved = resolveCall(registry(), { name: "read_file", arguments: "[1,2]" });
  assert.equal(
    !resolved.ok && resolved.error,
    'Error: the arguments of "read_file" must be a JSON object.',
  );
});

Deno.test("runTool() turns a thrown permission denial into a result the model can read", async () => {
  const denied: Tool<typeof schema> = {
    ...tool,
    execute: () => {
      throw new Deno.errors.NotCapable(
        'Requires read access to "/etc", run again with the --allow-read flag',
      );
    },
  };
  const result = await runTool(denied, { path: "/etc" }, ctx());
  assert.deepEqual(result, {
    ok: false,
    output:
      'Error: read_file was denied by nanocoder\'s permissions: it requires read access to "/etc", ' +
      "which --allow-read did not grant. Only the user can change that when starting nanocoder: " +
      "do not retry; work within what is allowed, or tell the user what you need.",
  });
});

Deno.test("capOutput() keeps head and tail and says how much was cut", () => {
  const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");
  const capped = capOutput(text, 1000);
  assert.ok(capped.startsWith("line 0\nline 1\n"));
  assert.ok(capped.endsWith("line 999"));
  assert.match(
    capped,
    /\[\.\.\. \d+ characters \(\d+ lines\) cut from this output to fit the budget \.\.\.\]/,
  );
  assert.ok(capped.length < 1200);
  assert.equal(capOutput("short", 1000), "short");
});

Deno.test("the registry derives JSON Schema for the model once per tool", () => {
  const r = registry();
  const specs = r.specs();
  assert.deepEqual(specs, [{
    type: "function",
    function: {
      name: "read_file",
      description: "Reads.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string" },
          start_line: { type: "integer", minimum: 1, maximum: 9007199254740991 },
        },
        required: ["path"],
      },
    },
  }]);
  assert.equal(r.specs()[0], specs[0]);
});

Deno.test("registerIfPermitted() lists a tool without its permission as disabled", async () => {
  const r = new ToolRegistry();
  const needsRun: Tool<typeof schema> = {
    ...tool,
    name: "needs_run",
    permissions: [{ name: "run", command: "definitely-not-allowed-cmd" }],
  };
  const status = await Deno.permissions.query({
    name: "run",
    command: "definitely-not-allowed-cmd",
  });
  const enabled = await r.registerIfPermitted(needsRun);
  assert.equal(enabled, status.state === "granted");
  if (!enabled) {
    assert.deepEqual(r.disabled(), [{
      name: "needs_run",
      reason:
        'Needs permission to run "definitely-not-allowed-cmd": run with --allow-run=definitely-not-allowed-cmd',
    }]);
  }
});

Deno.test("resolveCall() reads a null optional argument as left out", () => {
  const resolved = resolveCall(registry(), {
    name: "read_file",
    arguments: '{"path": "a.ts", "start_line": null}',
  });
  assert.deepEqual(resolved, { ok: true, tool, args: { path: "a.ts" } });
  const stillBad = resolveCall(registry(), { name: "read_file", arguments: '{"path": null}' });
  assert.equal(stillBad.ok, false);
});
