/**
 * Saved sessions in the UI: picking one to continue (`--resume` at start, `/resume`
 * mid-session: the engine reopens on it and the screen shows its conversation), and
 * `/export [md|json] [FILE]`, the conversation written to a file.
 */
import { resolve } from "node:path";
import { type ExportFormat, exportSession, listSessions } from "../../engine/mod.ts";
import type { Controller } from "./controller.ts";
import { ask } from "./dialogs.ts";
import { exists, unusedPath } from "./paths.ts";

/** One of the project's saved sessions, newest first; undefined on Esc (or when none). */
export async function pickSession(c: Controller, cwd: string): Promise<string | undefined> {
  const current = c.engine?.sessionId;
  const sessions = (await listSessions(cwd).catch(() => [])).filter((s) => s.id !== current);
  if (sessions.length === 0) {
    const what = current ? "No other saved session" : "No saved session for this folder";
    c.store.notice("info", current ? what : `${what}: starting a new one`);
    return undefined;
  }
  return await ask(c.store, {
    title: "Resume which session?",
    items: sessions.map((s) => ({
      label: s.title || "(untitled)",
      value: s.id,
      hint: `${s.prompts} prompt${s.prompts === 1 ? "" : "s"} · ${
        s.updatedAt.slice(0, 16).replace("T", " ")
      } · ${s.model}`,
    })),
    filterable: sessions.length > 8,
  });
}

/** /resume [id|last|N]: continues another saved session of the project. */
export async function resumeSession(c: Controller, args: string): Promise<void> {
  if (!c.idle("/resume")) return;
  const ref = args.trim() || await pickSession(c, c.cwd);
  if (!ref) return;
  if (ref === c.engine?.sessionId) return c.store.notice("info", "That is this session");
  const { continue: _continue, history: _history, sessionId: _id, ...options } = c.options;
  try {
    await c.busyWith("resume", "Opening the session", () => c.open({ ...options, resume: ref }));
  } catch (error) {
    c.store.notice("error", (error as Error).message);
  }
}

/**
 * /export [md|json] [FILE]: the session as Markdown (default) or JSON, into FILE (asked
 * before one is overwritten) or a new file named after the first prompt, as Nanocoder
 * names it.
 */
export async function exportConversation(c: Controller, args: string): Promise<void> {
  const engine = c.engine;
  if (!engine) return;
  const words = args.split(/\s+/).filter(Boolean);
  const named = words[0] === "md" || words[0] === "json"
    ? words.shift() as ExportFormat
    : undefined;
  const file = words.join(" ");
  const format = named ?? (file.toLowerCase().endsWith(".json") ? "json" : "md");
  const transcript = engine.transcript();
  if (transcript.length === 0) return c.store.notice("info", "Nothing to export yet");
  let text: string;
  try {
    text = await exportSession(c.cwd, engine.sessionId, format);
  } catch (error) {
    return c.store.notice("error", `Cannot export this session: ${(error as Error).message}`);
  }
  const first = transcript.find((item) => item.type === "user");
  const title = first?.type === "user" ? first.content.find((b) => b.type === "text") : undefined;
  const path = file ? resolve(c.cwd, file) : await unusedPath(
    resolve(c.cwd, defaultName(title?.type === "text" ? title.text : "", format)),
  );
  if (file && await exists(path)) {
    const answer = await ask(c.store, {
      title: `${file} exists: overwrite it?`,
      items: [{ label: "Overwrite it", value: "yes" }, { label: "Keep it", value: "no" }],
      selected: 1,
    });
    if (answer !== "yes") return;
  }
  try {
    const temp = `${path}.${Deno.pid}.tmp`;
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, path);
  } catch (error) {
    return c.store.notice("error", `Cannot write ${path}: ${(error as Error).message}`);
  }
  const lines = text.split("\n").length - 1;
  c.store.notice("info", `Exported the conversation to ${path} (${format}, ${lines} lines)`);
}

/** `<first words of the first prompt>-<date>.md`, or `nanocoder-chat-<date>.md`. */
export function defaultName(prompt: string, format: ExportFormat, now = new Date()): string {
  const words = (prompt.split("\n").find((l) => l.trim()) ?? "").trim().split(/\s+/).slice(0, 4);
  let slug = words.join("-").toLowerCase().replace(/[^\w-]/g, "").replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (slug.length > 40) {
    const cut = slug.lastIndexOf("-", 40); // at a word's end
    slug = slug.slice(0, cut > 0 ? cut : 40);
  }
  return `${slug || "nanocoder-chat"}-${now.toISOString().slice(0, 10)}.${format}`;
}
