/**
 * The model of the soak (bench/soak.ts), in a process of its own so that what the mock
 * records does not count in the engine's memory. Each prompt goes the same way: the
 * model reads two 100 KB files and prints one with execute_bash (every fifth prompt also
 * echoes through the MCP server), then answers with about 1 KB of text; a summary
 * request (compaction) gets a short summary.
 *
 *   deno run -A bench/soak_server.ts      # prints the base URL, serves until killed
 */
import { type MockTurn, type RecordedRequest, startMockLlm } from "../tests/_helpers/mock_llm.ts";

/** The 100 KB files each prompt reads (written by the soak into its project). */
export const BIG_FILE = "big.txt";
export const OTHER_BIG_FILE = "big2.txt";

/** What the model answers to `req`. */
export function soakTurn(req: RecordedRequest): MockTurn {
  // deno-lint-ignore no-explicit-any
  const messages: any[] = req.body?.messages ?? [];
  if (req.body?.stream === false) {
    return { text: "Summary: the user asked for checks of big.txt; each was read and printed." };
  }
  const last = messages.at(-1);
  const prompt = [...messages].reverse().find((m) => m.role === "user")?.content;
  const n = Number(/prompt (\d+)/.exec(typeof prompt === "string" ? prompt : "")?.[1] ?? 0);
  if (last?.role === "user") {
    return {
      toolCalls: [
        { name: "read_file", arguments: { path: BIG_FILE } },
        { name: "read_file", arguments: { path: OTHER_BIG_FILE } },
        { name: "execute_bash", arguments: { command: `cat ${BIG_FILE}` } },
        ...(n % 5 === 0
          ? [{ name: "mcp__everything__echo", arguments: { message: `prompt ${n}` } }]
          : []),
      ],
    };
  }
  return { text: `Checked for prompt ${n}. ` + "The file holds the expected lines. ".repeat(30) };
}

if (import.meta.main) {
  // The mock keeps every request it served: forgotten here, or it would grow by ~100 KB each.
  const mock = await startMockLlm({
    handler: (req) => {
      mock.requests.length = 0;
      return soakTurn(req);
    },
  });
  console.log(mock.url);
  const stop = async () => {
    await mock.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
}
