/**
 * What the built-in slash commands do, on top of the controller: pickers for the model,
 * provider and mode, panels for /help, /status, /usage, /tools, /mcp, and /init.
 */
import { agentsInitPrompt, loadProjectConfig, writeAgentsFile } from "../../engine/mod.ts";
import type { AgentMode } from "../../protocol.ts";
import type { CommandHost } from "../commands/builtin.ts";
import { helpPanel, type Panel, statusPanel, toolsPanel, usagePanel } from "../commands/panels.ts";
import type { Controller } from "./controller.ts";
import { openPicker } from "./dialogs.ts";
import { exists } from "./paths.ts";
import { mcpCommand, mcpPromptCommands } from "./mcp.ts";
import { redo, rewind, undo } from "./rewind.ts";
import { exportConversation, resumeSession } from "./sessions.ts";

const MODES: AgentMode[] = ["normal", "auto-accept", "plan", "yolo"];

/** The built-in commands, acting through the controller. */
export class SlashHost implements CommandHost {
  readonly #c: Controller;

  constructor(controller: Controller) {
    this.#c = controller;
  }

  #panel(panel: Panel): void {
    this.#c.store.add({ kind: "panel", title: panel.title, lines: panel.lines });
  }

  help(): void {
    const c = this.#c;
    this.#panel(helpPanel(c.commands, mcpPromptCommands(c.store.state.status.mcp)));
  }

  usage(): void {
    this.#panel(usagePanel(this.#c.store.state.status));
  }

  tools(): void {
    this.#panel(toolsPanel(this.#c.store.state.status));
  }

  mcp(args: string): Promise<void> {
    return mcpCommand(this.#c, args);
  }

  resume(args: string): Promise<void> {
    return resumeSession(this.#c, args);
  }

  exportConversation(args: string): Promise<void> {
    return exportConversation(this.#c, args);
  }

  undo(args: string): Promise<void> {
    return undo(this.#c, args);
  }

  redo(): Promise<void> {
    return redo(this.#c);
  }

  rewind(): Promise<void> {
    return rewind(this.#c);
  }

  async status(): Promise<void> {
    const agentsMd = await exists(`${this.#c.cwd}/AGENTS.md`);
    this.#panel(statusPanel(this.#c.store.state.status, { agentsMd }));
  }

  async pickModel(model?: string): Promise<void> {
    const c = this.#c;
    if (model) {
      await c.setModel(model);
      return;
    }
    const answer = await c.request(
      { type: "list_models" },
      (e) => e.type === "models" || e.type === "error",
    );
    if (answer.type !== "models") return; // the error is in the transcript
    if (answer.models.length === 0) {
      c.store.notice("warning", `${answer.provider} lists no models: switch with /model NAME`);
      return;
    }
    const current = c.store.state.status.model;
    openPicker(c.store, {
      title: `Models of ${answer.provider}`,
      items: answer.models.map((m) => ({
        label: m,
        value: m,
        hint: m === current ? "current" : undefined,
      })),
      selected: Math.max(0, answer.models.indexOf(current)),
      filterable: answer.models.length > 8,
      onPick: (value) => void c.setModel(value),
    });
  }

  async pickProvider(name?: string): Promise<void> {
    const c = this.#c;
    let providers: { name: string; models?: string[] }[];
    try {
      const project = await loadProjectConfig({
        cwd: c.cwd,
        trustDirectory: c.options.trustDirectory,
        sandbox: c.options.sandbox,
      });
      providers = project.config.providers;
    } catch (error) {
      c.store.notice("error", (error as Error).message);
      return;
    }
    const switchTo = (provider: { name: string; models?: string[] }) => {
      const models = provider.models ?? [];
      if (models.length === 0) {
        c.store.notice(
          "warning",
          `Provider "${provider.name}" lists no models in its config: add "models", or start with --provider ${provider.name} --model MODEL`,
        );
      } else if (models.length === 1) void c.setModel(models[0], provider.name);
      else {
        openPicker(c.store, {
          title: `Models of ${provider.name}`,
          items: models.map((m) => ({ label: m, value: m })),
          onPick: (model) => void c.setModel(model, provider.name),
        });
      }
    };
    if (name) {
      const found = providers.find((p) => p.name.toLowerCase() === name.toLowerCase());
      if (found) switchTo(found);
      else {c.store.notice(
          "error",
          `No provider "${name}" in the config (${
            providers.map((p) => p.name).join(", ") || "none"
          })`,
        );}
      return;
    }
    if (providers.length === 0) {
      c.store.notice("warning", "No providers are configured in agents.config.json");
      return;
    }
    const current = c.store.state.status.provider;
    openPicker(c.store, {
      title: "Providers",
      items: providers.map((p) => ({
        label: p.name,
        value: p.name,
        hint: p.name === current ? "current" : (p.models ?? []).slice(0, 3).join(", "),
      })),
      selected: Math.max(0, providers.findIndex((p) => p.name === current)),
      onPick: (value) => switchTo(providers.find((p) => p.name === value)!),
    });
  }

  pickMode(mode?: string): void {
    const c = this.#c;
    const allowed = MODES.filter((m) => m !== "yolo" || c.store.state.status.yoloAllowed);
    if (mode) {
      if (allowed.includes(mode as AgentMode)) this.#switchMode(mode as AgentMode);
      else {
        const why = mode === "yolo" ? " (yolo only with --mode yolo)" : "";
        c.store.notice("error", `Unknown mode "${mode}": use ${allowed.join(", ")}${why}`);
      }
      return;
    }
    const current = c.store.state.status.mode;
    openPicker(c.store, {
      title: "Mode",
      items: allowed.map((m) => ({ label: m, value: m, hint: MODE_HINTS[m] })),
      selected: Math.max(0, allowed.indexOf(current)),
      onPick: (value) => this.#switchMode(value as AgentMode),
    });
  }

  /** /mode's switch, said in the transcript as /model's is (Shift+Tab only shows it below). */
  #switchMode(mode: AgentMode): void {
    const c = this.#c;
    c.setMode(mode);
    c.store.notice("info", `Mode: ${mode} — ${MODE_HINTS[mode]}`);
  }

  clear(): void {
    const c = this.#c;
    if (c.idle("/clear")) c.engine?.submit({ type: "clear" });
  }

  compact(): void {
    const c = this.#c;
    if (c.busy) {
      c.engine?.submit({ type: "compact" });
      c.store.notice("info", "The conversation will be compacted before the next request");
      return;
    }
    void c.busyWith("compact", "Compacting the conversation", () =>
      c.request(
        { type: "compact" },
        (e) => e.type === "usage" || e.type === "error" || e.type === "notice",
      ));
  }

  /**
   * /init, as `nanocoder init`: the model explores the project in plan mode (read tools
   * only) and answers with the text of AGENTS.md, which is then written here.
   */
  async init(args: string): Promise<void> {
    const c = this.#c;
    const force = /(^|\s)(--force|-f)(\s|$)/.test(args);
    if (!c.idle("/init")) return;
    if (!force && await exists(`${c.cwd}/AGENTS.md`)) {
      return c.store.notice("info", "AGENTS.md already exists: /init --force writes it again");
    }
    const prompt = await agentsInitPrompt(c.cwd);
    const mode = c.store.state.status.mode;
    if (mode !== "plan") c.setMode("plan");
    const done = await c.runPrompt("/init", [{ type: "text", text: prompt }]);
    if (mode !== "plan") c.setMode(mode);
    if (done?.reason !== "completed") return;
    try {
      const { path, lines } = await writeAgentsFile(c.cwd, done.finalText, { force });
      c.store.notice("info", `Wrote ${path} (${lines} lines)`);
    } catch (error) {
      c.store.notice("error", (error as Error).message);
    }
  }

  exit(): void {
    void this.#c.exit(0);
  }
}

const MODE_HINTS: Record<AgentMode, string> = {
  normal: "ask before edits and commands",
  "auto-accept": "edit without asking; ask before commands",
  plan: "read and plan only, no changes",
  yolo: "do everything without asking",
};
