/**
 * Nanocoder's application settings in `agents.config.json` (`disabledTools`,
 * `systemPrompt`, `autoCompact`, `headless`, `tune`, `defaultMode`), from one validated
 * file into what that file contributes. Each key is taken whole from the first file that
 * sets it (the project's, then the user's), as Nanocoder's loader does.
 */
import type { AutoCompactSettings, NanocoderConfig, TuneSettings } from "./types.ts";
import type { RawSettings } from "./schema.ts";
import { withToolAliases } from "./tool_names.ts";
import { tuneSettings } from "./tune.ts";

/** `systemPrompt` as one file wrote it; its `file` is read once the files are merged. */
export interface RawSystemPrompt {
  mode: "replace" | "append";
  content?: string;
  file?: string;
  /** The config file that set it. */
  source: string;
  /** A file of the project, read while the directory is not trusted. */
  untrusted: boolean;
}

/** What one file's application settings contribute. */
export interface AppSettings {
  disabledTools?: string[];
  systemPrompt?: RawSystemPrompt;
  autoCompact?: AutoCompactSettings;
  maxTurns?: number;
  tune?: TuneSettings;
  defaultMode?: NanocoderConfig["defaultMode"];
}

/** Nanocoder's bounds of `autoCompact.threshold`. */
const THRESHOLD = { min: 50, max: 95 } as const;

/** The application settings of `raw`, read from `source` at `root` (`nanocoder` or ""). */
export function appSettings(
  raw: RawSettings,
  ctx: { source: string; root: string; untrusted: boolean },
): { settings: AppSettings; warnings: string[] } {
  const { source } = ctx;
  const at = (key: string) => (ctx.root ? `${ctx.root}.${key}` : key);
  const warnings: string[] = [];
  const settings: AppSettings = {};
  if (raw.disabledTools) settings.disabledTools = withToolAliases(raw.disabledTools);
  const prompt = raw.systemPrompt;
  // As in Nanocoder, a block with neither text nor file is no custom prompt.
  if (prompt && (prompt.content !== undefined || prompt.file !== undefined)) {
    if (prompt.content !== undefined && prompt.file !== undefined) {
      warnings.push(
        `"${at("systemPrompt")}" in "${source}" sets both "content" and "file": using "content"`,
      );
    }
    settings.systemPrompt = {
      mode: prompt.mode ?? "replace",
      ...(prompt.content !== undefined ? { content: prompt.content } : { file: prompt.file }),
      source,
      untrusted: ctx.untrusted,
    };
  }
  if (raw.autoCompact) {
    const { threshold = 60, notifyUser } = raw.autoCompact;
    const clamped = Math.max(THRESHOLD.min, Math.min(THRESHOLD.max, Math.round(threshold)));
    if (clamped !== threshold) {
      warnings.push(
        `"${at("autoCompact.threshold")}" in "${source}" is ${threshold}: using ${clamped} ` +
          `(it must be ${THRESHOLD.min} to ${THRESHOLD.max})`,
      );
    }
    if (notifyUser === false) {
      warnings.push(
        `"${at("autoCompact.notifyUser")}": false in "${source}" is not supported (ignored): ` +
          `a compaction is always reported`,
      );
    }
    settings.autoCompact = {
      enabled: raw.autoCompact.enabled ?? true,
      threshold: clamped,
      strategy: raw.autoCompact.strategy ?? "llm",
      mode: raw.autoCompact.mode ?? "conservative",
    };
  }
  if (raw.headless?.maxTurns !== undefined) settings.maxTurns = raw.headless.maxTurns;
  if (raw.tune) {
    const tune = tuneSettings(raw.tune, at("tune"), source);
    settings.tune = tune.tune;
    warnings.push(...tune.warnings);
  }
  if (raw.defaultMode) settings.defaultMode = raw.defaultMode;
  return { settings, warnings };
}
