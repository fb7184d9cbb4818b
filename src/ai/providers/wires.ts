/**
 * The wire protocols by name. OpenAI's is loaded with the client; the native ones only
 * when a provider speaks them, so most runs never load their code.
 */

import { openaiWire } from "./openai_wire.ts";
import type { WireName } from "./profile.ts";
import type { Wire } from "./wire.ts";

/** The wire called `name` (a promise the first time a native one is asked for). */
export function loadWire(name: WireName): Wire | Promise<Wire> {
  switch (name) {
    case "openai":
      return openaiWire;
    case "anthropic":
      return import("./anthropic_wire.ts").then((m) => m.anthropicWire);
    case "google":
      return import("./google_wire.ts").then((m) => m.googleWire);
    case "ollama":
      return import("./ollama_wire.ts").then((m) => m.ollamaWire);
  }
}
