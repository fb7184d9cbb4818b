/** An MCP server's form as an ACP elicitation, and the editor's answer back. */
import assert from "node:assert/strict";
import { elicitationForm, elicitationOp } from "../../src/bridge/elicitation.ts";

Deno.test("each field kind becomes the ACP property of that kind, with its defaults", () => {
  const form = elicitationForm({
    type: "elicitation_request",
    sessionId: "s",
    requestId: "r1",
    server: "db",
    message: "Which table?",
    fields: {
      table: { type: "string", title: "Table", enum: ["users", "orders"] },
      limit: { type: "integer", description: "rows" },
      dry: { type: "boolean" },
      columns: { type: "array", enum: ["id", "name"] },
    },
    required: ["table"],
    defaults: { limit: 10, dry: true, columns: ["id"] },
  }, "s");
  assert.deepEqual(form, {
    mode: "form",
    sessionId: "s",
    message: "db: Which table?",
    requestedSchema: {
      type: "object",
      properties: {
        table: { type: "string", title: "Table", enum: ["users", "orders"] },
        limit: { type: "integer", description: "rows", default: 10 },
        dry: { type: "boolean", default: true },
        columns: {
          type: "array",
          items: { type: "string", enum: ["id", "name"] },
          default: ["id"],
        },
      },
      required: ["table"],
    },
  });
});

Deno.test("accept carries the content; anything but accept or cancel declines", () => {
  assert.deepEqual(elicitationOp("r1", { action: "accept", content: { table: "users" } }), {
    type: "elicitation_response",
    requestId: "r1",
    action: "accept",
    content: { table: "users" },
  });
  assert.deepEqual(elicitationOp("r1", { action: "cancel" }), {
    type: "elicitation_response",
    requestId: "r1",
    action: "cancel",
  });
  assert.deepEqual(elicitationOp("r1", { action: "later" }), {
    type: "elicitation_response",
    requestId: "r1",
    action: "decline",
  });
});
