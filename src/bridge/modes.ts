/** The approval modes an editor offers in its mode picker (ACP session modes). */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentMode } from "../protocol.ts";

/** Every mode, in the order an editor lists them, with what it means for the user. */
export const MODES: readonly (acp.SessionMode & { id: AgentMode })[] = [
  {
    id: "normal",
    name: "Normal",
    description: "Reads freely; asks before each edit, command and network request",
  },
  {
    id: "auto-accept",
    name: "Auto-accept edits",
    description: "Edits files and fetches without asking; asks before commands",
  },
  {
    id: "plan",
    name: "Plan",
    description: "Reads and plans only: edits, commands and network requests are refused",
  },
  {
    id: "yolo",
    name: "Yolo",
    description: "Runs everything without asking (dangerous commands are still flagged)",
  },
];

/** The mode state a new session reports. */
export function modeState(current: AgentMode): acp.SessionModeState {
  return {
    currentModeId: current,
    availableModes: MODES.map(({ id, name, description }) => ({ id, name, description })),
  };
}

/** The mode an id names, or undefined. */
export function modeOf(id: string): AgentMode | undefined {
  return MODES.find((mode) => mode.id === id)?.id;
}
