/**
 * A stdio MCP server whose resources and prompts change: tool `add` adds resource
 * `note://N` and prompt `pN`, then sends resources/list_changed and prompts/list_changed.
 */
import { Server } from "@modelcontextprotocol/sdk/server";
// @ts-types="@modelcontextprotocol/sdk/server/stdio"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

let count = 1;
const server = new Server({ name: "catalog", version: "1.0.0" }, {
  capabilities: {
    tools: {},
    resources: { listChanged: true },
    prompts: { listChanged: true },
  },
});
const numbers = () => Array.from({ length: count }, (_, i) => i + 1);
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [{ name: "add", inputSchema: { type: "object" } }],
}));
server.setRequestHandler(ListResourcesRequestSchema, () => ({
  resources: numbers().map((n) => ({
    uri: `note://${n}`,
    name: `note ${n}`,
    mimeType: "text/plain",
  })),
}));
server.setRequestHandler(ReadResourceRequestSchema, (request) => ({
  contents: [{
    uri: request.params.uri,
    mimeType: "text/plain",
    text: `text of ${request.params.uri}`,
  }],
}));
server.setRequestHandler(ListPromptsRequestSchema, () => ({
  prompts: numbers().map((n) => ({
    name: `p${n}`,
    arguments: [{ name: "topic", required: true }],
  })),
}));
server.setRequestHandler(GetPromptRequestSchema, (request) => ({
  messages: [{
    role: "user" as const,
    content: {
      type: "text" as const,
      text: `${request.params.name} about ${request.params.arguments?.topic}`,
    },
  }],
}));
server.setRequestHandler(CallToolRequestSchema, async () => {
  count++;
  await server.sendResourceListChanged();
  await server.sendPromptListChanged();
  return { content: [{ type: "text" as const, text: "added" }] };
});
await server.connect(new StdioServerTransport());
