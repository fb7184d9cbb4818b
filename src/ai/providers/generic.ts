/** Any other OpenAI-compatible server: no quirks beyond what every profile shares. */

import { isLocalServer } from "./local.ts";
import type { ProviderProfile } from "./profile.ts";

/** The fallback profile; local or hosted by its URL. */
export const generic: ProviderProfile = {
  id: "generic",
  label: "OpenAI-compatible server",
  matches: () => true,
  isLocal: isLocalServer,
  wireFor: () => "openai",
};
