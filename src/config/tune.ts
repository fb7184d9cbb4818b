/**
 * Nanocoder's `tune`: per provider, in the preferences (saved by its /tune dialog) and at
 * the top of `agents.config.json`, merged as Nanocoder merges them (each layer replaces
 * the keys it sets: provider < preferences < config). Here it decides the sampling and
 * reasoning parameters of every request (`modelParameters`), the default tool-call format
 * (`toolMode`) and whether AGENTS.md goes into the prompt (`includeAgentsMd`). Its tool
 * profiles and aggressive compaction have no counterpart: set to anything but the
 * default, they are named in a warning.
 */
import type { z } from "zod";
import type { TuneSettings } from "./types.ts";
import type { tuneSchema } from "./schema.ts";

/** `tune` as validated by tuneSchema. */
export type RawTune = z.infer<typeof tuneSchema>;

/** The settings of one `tune` written at `at` in `source`, and what it asks for that is not done here. */
export function tuneSettings(
  raw: RawTune,
  at: string,
  source: string,
): { tune: TuneSettings; warnings: string[] } {
  const warnings: string[] = [];
  const unsupported = (key: string, value: unknown, why: string) =>
    warnings.push(
      `"${at}.${key}": ${JSON.stringify(value)} in "${source}" is not supported (ignored): ${why}`,
    );
  if (raw.toolProfile === "minimal" || raw.toolProfile === "nano") {
    unsupported(
      "toolProfile",
      raw.toolProfile,
      "every tool is offered (list the ones to leave out in disabledTools)",
    );
  }
  if (raw.aggressiveCompact) {
    unsupported(
      "aggressiveCompact",
      true,
      'use autoCompact {"strategy": "mechanical", "mode": "aggressive"}',
    );
  }
  const tune: TuneSettings = {};
  if (raw.enabled !== undefined) tune.enabled = raw.enabled;
  const toolMode = raw.toolMode ?? (raw.disableNativeTools ? "xml" : undefined);
  if (toolMode) tune.toolMode = toolMode;
  if (raw.includeAgentsMd !== undefined) tune.includeAgentsMd = raw.includeAgentsMd;
  if (raw.modelParameters) {
    const { reasoningSummary: _onlyCodex, ...parameters } = raw.modelParameters;
    tune.modelParameters = parameters;
  }
  return { tune, warnings };
}

/**
 * The tune in effect: `layers` from lowest to highest precedence, each replacing the keys
 * it sets (a later `modelParameters` replaces an earlier one whole, as in Nanocoder).
 * With `enabled: false` the parameters and tool mode are off; `includeAgentsMd` stays.
 */
export function mergeTune(...layers: (TuneSettings | undefined)[]): TuneSettings | undefined {
  const present = layers.filter((t): t is TuneSettings => t !== undefined);
  if (!present.length) return undefined;
  const merged: TuneSettings = Object.assign({}, ...present);
  if (merged.enabled !== false) return merged;
  return merged.includeAgentsMd === undefined
    ? { enabled: false }
    : { enabled: false, includeAgentsMd: merged.includeAgentsMd };
}
