/**
 * Real MCP servers for the tests: server-everything and server-filesystem installed from
 * npm (run with node from node_modules), and the faulty server in tests/fixtures/mcp.
 */
import { fileURLToPath } from "node:url";
import type { McpServerConfig } from "../../src/config/types.ts";
import { ToolRegistry } from "../../src/tools/registry.ts";
import type { ToolContext } from "../../src/tools/tool.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** server-everything's entry point; its first argument picks the transport. */
export const EVERYTHING =
  `${root}node_modules/@modelcontextprotocol/server-everything/dist/index.js`;
/** server-filesystem's entry point; arguments are the allowed directories. */
export const FILESYSTEM =
  `${root}node_modules/@modelcontextprotocol/server-filesystem/dist/index.js`;
const FAULTY = `${root}tests/fixtures/mcp/faulty_server.ts`;

/** server-everything over stdio. */
export function everythingStdio(): McpServerConfig {
  return { command: "node", args: [EVERYTHING, "stdio"] };
}

/** The faulty server over stdio (a Deno script), with extra flags. */
export function faultyStdio(
  flags: string[] = [],
  extra: { timeoutMs?: number } = {},
): McpServerConfig {
  return {
    command: Deno.execPath(),
    args: ["run", "-A", "--no-prompt", "--quiet", `--config=${root}deno.json`, FAULTY, ...flags],
    ...extra,
  };
}

/** A fresh registry and a tool context for calls. */
export function setup(signal = new AbortController().signal): {
  registry: ToolRegistry;
  ctx: ToolContext;
} {
  return {
    registry: new ToolRegistry(),
    ctx: { cwd: root, allowedDirs: [], signal, knownFiles: new Map() },
  };
}

/** A node child process running server-everything over HTTP on a free port. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:4321`. */
  base: string;
  close(): Promise<void>;
}

/** Starts server-everything with transport `streamableHttp` or `sse` and waits for it. */
export async function startEverythingHttp(
  transport: "streamableHttp" | "sse",
): Promise<HttpServer> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const child = new Deno.Command("node", {
    args: [EVERYTHING, transport],
    env: { PORT: String(port) },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/port \d+/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server-everything ${transport} did not start: ${seen}`);
    seen += value;
  }
  // Keep draining stderr so the child never blocks on a full pipe.
  const drain = (async () => {
    while (!(await reader.read()).done) { /* discard */ }
  })();
  let closing: Promise<void> | undefined;
  return {
    base: `http://127.0.0.1:${port}`,
    // Idempotent: a test may stop the server itself, then again in `finally`.
    close: () =>
      closing ??= (async () => {
        child.kill("SIGTERM");
        await child.status;
        await drain;
      })(),
  };
}

/**
 * Polls `check` every 20 ms (running `step` first, when given) until it is true; throws after
 * `ms` (a deadline, not a timing test).
 */
export async function until(
  check: () => boolean,
  what: string,
  ms = 10_000,
  step?: () => Promise<void>,
): Promise<void> {
  const end = Date.now() + ms;
  while (true) {
    await step?.();
    if (check()) return;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
