/**
 * MCP servers in the shapes users already have: Nanocoder's array of
 * `{name, transport, command, args, env, url}`, the object keyed by name of
 * `.mcp.json` (Claude Code, Nanocoder 1.2x+), `type` or `transport`, `timeout` in ms.
 */
import { z } from "zod";
import type { McpServerConfig } from "./types.ts";
import { invalidField, type RawMcpServer, rawMcpServerSchema, validate } from "./schema.ts";
import { joinPath } from "./expand.ts";
import { isHttpUrl } from "./url.ts";
import { keyWarnings, MCP_SERVER_KEYS } from "./keys.ts";

const SHAPE = "an object of MCP servers by name, or an array of servers with names";
const HTTP_KINDS = new Set(["http", "streamable-http", "streamablehttp", "streamable_http"]);

/**
 * Validates and converts `raw` (the value of `mcpServers`) found at field path `at`
 * in `source`. Returns the servers by name and warnings for entries skipped.
 */
export function normalizeMcpServers(
  raw: unknown,
  source: string,
  at: string,
): { servers: Record<string, McpServerConfig>; warnings: string[] } {
  const entries: [name: string, server: RawMcpServer, path: string][] = [];
  const warnings = Array.isArray(raw)
    ? keyWarnings(raw, { each: MCP_SERVER_KEYS }, at, source)
    : isRecord(raw)
    ? Object.entries(raw).flatMap(([name, server]) =>
      keyWarnings(server, MCP_SERVER_KEYS, joinPath(at, name), source)
    )
    : [];
  if (Array.isArray(raw)) {
    const list = validate(z.array(rawMcpServerSchema), raw, source, at);
    list.forEach((server, i) => {
      const path = joinPath(at, i);
      if (!server.name) {
        throw invalidField(source, joinPath(path, "name"), "a non-empty server name", undefined);
      }
      entries.push([server.name, server, path]);
    });
  } else if (raw !== null && typeof raw === "object") {
    const record = validate(z.record(z.string(), rawMcpServerSchema), raw, source, at);
    for (const [name, server] of Object.entries(record)) {
      entries.push([name, server, joinPath(at, name)]);
    }
  } else {
    throw invalidField(source, at, SHAPE, raw);
  }
  const servers: Record<string, McpServerConfig> = {};
  for (const [name, server, path] of entries) {
    const converted = convert(server, source, path);
    if (typeof converted === "string") warnings.push(`Skipped MCP server "${name}": ${converted}`);
    else if (!(name in servers)) servers[name] = converted;
  }
  return { servers, warnings };
}

/** One server, or the reason it is skipped. */
function convert(raw: RawMcpServer, source: string, at: string): McpServerConfig | string {
  const kind = (raw.type ?? raw.transport)?.toLowerCase();
  const common = {
    ...(raw.timeoutMs ?? raw.timeout ? { timeoutMs: raw.timeoutMs ?? raw.timeout } : {}),
    ...enabledOf(raw),
    ...(raw.alwaysAllow ? { alwaysAllow: raw.alwaysAllow } : {}),
  };
  if (kind === "websocket" || kind === "ws" || /^wss?:/i.test(raw.url ?? "")) {
    return `the websocket transport in "${source}" is not supported here (skipped; use ` +
      `stdio or http)`;
  }
  const isStdio = kind === "stdio" || (kind === undefined && raw.command !== undefined);
  if (isStdio) {
    if (!raw.command) {
      throw invalidField(source, joinPath(at, "command"), "a non-empty command", raw.command);
    }
    return {
      type: "stdio",
      command: raw.command,
      ...(raw.args ? { args: raw.args } : {}),
      ...(raw.env ? { env: raw.env } : {}),
      ...(raw.cwd ? { cwd: raw.cwd } : {}),
      ...common,
    };
  }
  const isHttp = kind === undefined || kind === "sse" || HTTP_KINDS.has(kind);
  if (!isHttp) {
    throw invalidField(
      source,
      joinPath(at, raw.type !== undefined ? "type" : "transport"),
      `"stdio", "http" or "sse"`,
      raw.type ?? raw.transport,
    );
  }
  if (raw.url !== undefined && !isHttpUrl(raw.url)) {
    throw invalidField(source, joinPath(at, "url"), "an http(s) URL string", raw.url);
  }
  if (!raw.url) {
    const expected = kind === undefined
      ? `a "command" (stdio server) or a "url" (http server)`
      : "an http(s) URL string";
    throw invalidField(
      source,
      joinPath(at, kind === undefined ? "command" : "url"),
      expected,
      undefined,
    );
  }
  return {
    type: kind === "sse" ? "sse" : "http",
    url: raw.url,
    ...(raw.headers ? { headers: raw.headers } : {}),
    ...(raw.oauth ? { oauth: raw.oauth } : {}),
    ...common,
  };
}

function enabledOf(raw: RawMcpServer): { enabled?: boolean } {
  if (raw.enabled !== undefined) return { enabled: raw.enabled };
  if (raw.disabled !== undefined) return { enabled: !raw.disabled };
  return {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
