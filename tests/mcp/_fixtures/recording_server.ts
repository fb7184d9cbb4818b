/**
 * A stdio MCP server that appends every JSON-RPC message it receives to the file named by
 * its first argument (one JSON line each), so a test can see what the client sent, e.g.
 * that no `notifications/cancelled` followed a request that had already been answered.
 * Tool `echo` answers at once; `slow` answers after `ms` milliseconds.
 */
import { Server } from "@modelcontextprotocol/sdk/server";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const log = Deno.args[0];
const server = new Server({ name: "recording", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [
    { name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } } },
    { name: "slow", inputSchema: { type: "object", properties: { ms: { type: "number" } } } },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  if (request.params.name === "slow") await new Promise((r) => setTimeout(r, Number(args.ms)));
  return { content: [{ type: "text" as const, text: String(args.text ?? "done") }] };
});
const transport = new StdioServerTransport();
await server.connect(transport);
// Record first, then hand the message to the server as before.
const handle = transport.onmessage!;
transport.onmessage = (message) => {
  Deno.writeTextFileSync(log, `${JSON.stringify(message)}\n`, { append: true });
  handle(message);
};
