/** Why an MCP server could not connect, in words a person can act on. */
import assert from "node:assert/strict";
import { describeConnectError } from "../../src/mcp/_private.ts";

Deno.test("a refused HTTP connection names the URL, not fetch's 'fetch failed'", () => {
  const os = new Error(
    "error sending request for url (http://127.0.0.1:9999/mcp): client error (Connect): " +
      "tcp connect error: Connection refused (os error 111)",
  );
  const error = new Error("fetch failed", { cause: new TypeError("fetch failed", { cause: os }) });
  assert.equal(
    describeConnectError({ type: "http", url: "http://127.0.0.1:9999/mcp" }, error),
    'Cannot connect to "http://127.0.0.1:9999/mcp": connection refused (is the server running?)',
  );
});

Deno.test("a stdio server that exits during the handshake says so, with its stderr", () => {
  const error = new Error(
    "MCP error -32000: Connection closed; the server exited with code 3 (stderr: no API key)",
  );
  assert.equal(
    describeConnectError({ command: "node", args: ["server.js"] }, error),
    "Cannot connect: the server exited with code 3 (stderr: no API key)",
  );
});

Deno.test("a command that does not exist is named", () => {
  assert.equal(
    describeConnectError({ command: "nope-xyz" }, new Deno.errors.NotFound("spawn nope-xyz")),
    'Cannot start "nope-xyz": command not found',
  );
});
