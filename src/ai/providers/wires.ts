/** The wire protocols by name. */

import { anthropicWire } from "./anthropic_wire.ts";
import { googleWire } from "./google_wire.ts";
import { ollamaWire } from "./ollama_wire.ts";
import { openaiWire } from "./openai_wire.ts";
import type { WireName } from "./profile.ts";
import type { Wire } from "./wire.ts";

const WIRES: Record<WireName, Wire> = {
  openai: openaiWire,
  anthropic: anthropicWire,
  google: googleWire,
  ollama: ollamaWire,
};

/** The wire called `name`. */
export function loadWire(name: WireName): Wire {
  return WIRES[name];
}
