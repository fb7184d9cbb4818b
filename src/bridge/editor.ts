/**
 * The editor's files and terminals, when the client offers them, as the engine's
 * `EditorFiles` and `EditorTerminal`: file tools then read open buffers (unsaved text
 * included) and write through the editor, and `execute_bash` runs in an editor terminal
 * that is shown inside its tool call while it runs.
 */
import type * as acp from "@agentclientprotocol/sdk";
import { methods } from "@agentclientprotocol/sdk";
import type { EditorFiles, EditorTerminal } from "../engine/mod.ts";

/** The client's `fs/*` methods it offers, or undefined when it offers neither. */
export function editorFiles(
  client: acp.AgentContext,
  sessionId: string,
  caps: acp.ClientCapabilities,
): EditorFiles | undefined {
  const { readTextFile, writeTextFile } = caps.fs ?? {};
  if (!readTextFile && !writeTextFile) return undefined;
  return {
    ...(readTextFile
      ? {
        readText: async (path: string) =>
          (await client.request(methods.client.fs.readTextFile, { sessionId, path })).content,
      }
      : {}),
    ...(writeTextFile
      ? {
        writeText: async (path: string, content: string) => {
          await client.request(methods.client.fs.writeTextFile, { sessionId, path, content });
        },
      }
      : {}),
  };
}

/**
 * Commands in the client's terminals, or undefined when it offers none. `show` puts a
 * terminal inside its tool call (after the editor has the call).
 */
export function editorTerminal(
  client: acp.AgentContext,
  sessionId: string,
  caps: acp.ClientCapabilities,
  show: (callId: string, terminalId: string) => Promise<void>,
): EditorTerminal | undefined {
  if (!caps.terminal) return undefined;
  return {
    async run(command) {
      const terminal = await client.createTerminal({
        sessionId,
        command: command.command,
        args: command.args,
        cwd: command.cwd,
        env: Object.entries(command.env).map(([name, value]) => ({ name, value })),
        outputByteLimit: command.outputByteLimit,
      });
      const kill = () => void terminal.kill().catch(() => {});
      try {
        await show(command.callId, terminal.id);
        command.signal.addEventListener("abort", kill, { once: true });
        if (command.signal.aborted) kill();
        const exit = await terminal.waitForExit();
        const output = await terminal.currentOutput();
        return {
          output: output.output,
          truncated: output.truncated,
          exitCode: exit.exitCode ?? null,
          signal: exit.signal ?? null,
        };
      } finally {
        command.signal.removeEventListener("abort", kill);
        // The call keeps showing the terminal's output after it is released.
        await terminal.release().catch(() => {});
      }
    },
  };
}
