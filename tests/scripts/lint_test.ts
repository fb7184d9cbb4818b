import assert from "node:assert/strict";
import { importSpecifiers, importViolations } from "../../scripts/lint_imports.ts";
import { MAX_LINES, sizeViolations } from "../../scripts/lint_size.ts";

Deno.test("importSpecifiers() finds static, type, re-export, side-effect and dynamic imports", () => {
  const text = [
    'import { a } from "./a.ts";',
    'import type { B } from "../b.ts";',
    'export { c } from "../c/mod.ts";',
    'import "./side.ts";',
    'const { d } = await import("../d.ts");',
    'import { z } from "zod";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(text).sort(), [
    "../b.ts",
    "../c/mod.ts",
    "../d.ts",
    "./a.ts",
    "./side.ts",
  ]);
});

Deno.test("importViolations() lets a frontend import only its folder and the engine's facade", () => {
  const files = [
    {
      path: "src/cli/run.ts",
      text: [
        'import { openEngine } from "../engine/mod.ts";',
        'import type { AgentEvent } from "../protocol.ts";',
        'import { EXIT } from "./exit_codes.ts";',
        'import { Agent } from "../agent/agent.ts";',
        'const m = await import("../engine/session.ts");',
      ].join("\n"),
    },
    { path: "src/ui/app.tsx", text: 'import { x } from "../tools/registry.ts";' },
    { path: "src/engine/session.ts", text: 'import { Agent } from "../agent/agent.ts";' },
  ];
  assert.deepEqual(importViolations(files).map((v) => v.split(" (")[0]), [
    'src/cli/run.ts: imports "../agent/agent.ts"',
    'src/cli/run.ts: imports "../engine/session.ts"',
    'src/ui/app.tsx: imports "../tools/registry.ts"',
  ]);
});

Deno.test("importViolations() lets only the mcp command files import src/mcp and src/config", () => {
  const text = 'import { f } from "../mcp/status.ts";\nimport { g } from "../config/mod.ts";';
  assert.deepEqual(importViolations([{ path: "src/cli/mcp_list.ts", text }]), []);
  assert.equal(importViolations([{ path: "src/cli/models.ts", text }]).length, 2);
  assert.equal(
    importViolations([{ path: "src/cli/mcp_add.ts", text: 'import "../tools/mod.ts";' }]).length,
    1,
  );
});

Deno.test("importViolations() lets only the argv dispatcher start the ACP bridge, by its entry", () => {
  const text = 'const { runAcp } = await import("../bridge/mod.ts");';
  assert.deepEqual(importViolations([{ path: "src/cli/mod.ts", text }]), []);
  assert.equal(importViolations([{ path: "src/cli/run.ts", text }]).length, 1);
  const inner = 'import { x } from "../bridge/session.ts";';
  assert.equal(importViolations([{ path: "src/cli/mod.ts", text: inner }]).length, 1);
});

Deno.test("sizeViolations() flags files over the limit unless allowed for now", () => {
  const long = { path: "src/a.ts", text: "x\n".repeat(MAX_LINES + 1) };
  const fits = { path: "src/b.ts", text: "x\n".repeat(MAX_LINES) };
  assert.deepEqual(sizeViolations([long, fits], []), [
    `src/a.ts: ${MAX_LINES + 1} lines, over the limit of ${MAX_LINES}: split it`,
  ]);
  assert.deepEqual(sizeViolations([long], ["src/a.ts"]), []);
});
