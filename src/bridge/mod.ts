/**
 * `nanocoder --acp`: the engine as an Agent Client Protocol agent on stdio, for Zed and
 * the other ACP editors. stdout carries only protocol messages (newline-delimited
 * JSON-RPC; a line over 32 MiB is answered with an error and skipped, see wire.ts);
 * every diagnostic goes to stderr. The process lives as long as the
 * connection: at the end of stdin (the editor went away), or on SIGINT / SIGTERM /
 * SIGHUP, every session is closed — prompts cancelled, commands and MCP servers
 * stopped — and the process exits.
 */
import type { EngineOptions } from "../engine/mod.ts";
import { createAcpAgent } from "./agent.ts";
import { stdioStream } from "./wire.ts";

const SIGNAL_EXIT: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

/** Serves ACP on stdin/stdout until the editor disconnects; resolves to the exit code. */
export async function runAcp(defaults: EngineOptions): Promise<number> {
  keepStdoutForProtocol();
  const log = (message: string) => console.error(`nanocoder acp: ${message}`);
  const agent = createAcpAgent({ defaults, log });
  const connection = agent.app.connect(stdioStream(Deno.stdout.writable, Deno.stdin.readable));
  let exitCode = 0;
  const listeners = Object.entries(SIGNAL_EXIT).map(([name, code]) => {
    const signal = name as Deno.Signal;
    const listener = () => {
      exitCode = code!;
      connection.close();
    };
    Deno.addSignalListener(signal, listener);
    return () => Deno.removeSignalListener(signal, listener);
  });
  try {
    await connection.closed;
  } catch (error) {
    log(`connection closed: ${(error as Error).message}`);
  } finally {
    await agent.closeAll();
    for (const remove of listeners) remove();
  }
  return exitCode;
}

/** Anything a library prints with console.log would corrupt the protocol: send it to stderr. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
