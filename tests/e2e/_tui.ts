/**
 * The UI end-to-end tests' fixture: a temp project, the mock LLM in this process, and
 * nanocoder started in tmux against it.
 */
import { type MockLlm, type MockTurn, startMockLlm } from "../_helpers/mock_llm.ts";
import { TmuxSession } from "./_tmux.ts";

/** What a test gets. */
export interface TuiFixture {
  tui: TmuxSession;
  mock: MockLlm;
  dir: string;
}

/** Options of {@link withTui}. */
export interface TuiOptions {
  /** Models the mock serves (the first is used). */
  models?: string[];
  /** Program arguments instead of the mock's URL, model and --trust-directory ("MOCK" is its URL). */
  args?: string[];
  /** Writes files into the project before the program starts. */
  prepare?: (dir: string) => Promise<void>;
  columns?: number;
  rows?: number;
  color?: boolean;
}

/** The screen is ready to type into: the status line shows the context. */
export const READY = /ctx ~?\d/;

/** The working line while a run goes: "(3s · esc to stop)". */
export const WORKING = /\(\d+s · esc to stop\)/;

/** Runs `fn` with the UI started in a temp project against a mock serving `turns`. */
export async function withTui(
  name: string,
  turns: MockTurn[],
  fn: (f: TuiFixture) => Promise<void>,
  options: TuiOptions = {},
): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-tui-" }));
  const mock = await startMockLlm({ turns, models: options.models });
  await options.prepare?.(dir);
  const args = options.args?.map((a) => (a === "MOCK" ? mock.url : a)) ??
    ["--base-url", mock.url, "--model", options.models?.[0] ?? "test-model", "--trust-directory"];
  const tui = await TmuxSession.start(name, dir, args, options);
  try {
    await fn({ tui, mock, dir });
  } finally {
    await tui.save("last");
    await tui.stop();
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Types a prompt and presses Enter (separately: text and Enter in one chunk is a paste). */
export async function send(tui: TmuxSession, text: string): Promise<void> {
  await tui.type(text);
  await tui.waitFor(`> ${text}`); // in the input box, not just anywhere on screen
  await tui.keys("Enter");
}

/** The context the status line shows, in tokens ("ctx ~1.8k/8.2k" → 1800); NaN when none. */
export function contextShown(screen: string): number {
  const m = /ctx ~?([\d.]+)(k|M)?\//.exec(screen);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === "k" ? 1000 : m[2] === "M" ? 1_000_000 : 1);
}
