/** The UI's state: what is printed for good, what is live, and the status line's facts. */
import type {
  AgentEventBody,
  AgentMode,
  CheckpointInfo,
  DisabledToolInfo,
  McpPromptInfo,
  McpServerState,
  TaskItem,
  ToolCallingMode,
  ToolInfo,
  UsageInfo,
} from "../../protocol.ts";
import type { ToolView } from "./tool_view.ts";

/** Something printed once, above the live region (Ink's `<Static>`). */
export type Entry =
  /** The banner at the top, printed again with the transcript after a clear. */
  | { id: number; kind: "banner"; cwd: string }
  | { id: number; kind: "user"; text: string }
  /** A finished block of an answer (markdown); `first` is the message's first block. */
  | { id: number; kind: "answer"; source: string; continued: boolean; first: boolean }
  | { id: number; kind: "reasoning"; text: string; seconds: number }
  | { id: number; kind: "tool"; view: ToolView }
  | { id: number; kind: "notice"; level: "info" | "warning" | "error"; text: string }
  /** The model's task list, each time it changes. */
  | { id: number; kind: "tasks"; tasks: TaskItem[] }
  /** A command's answer (/help, /status …): a title and lines, already styled. */
  | { id: number; kind: "panel"; title: string; lines: string[] }
  /** A line and a URL to open, never cut by indentation (a sign-in page). */
  | { id: number; kind: "link"; text: string; url: string };

/** What an entry is, without its id. */
export type EntryBody = Entry extends infer E ? E extends Entry ? Omit<E, "id"> : never : never;

/** What runs now. */
export type BusyKind = "prompt" | "shell" | "compact" | "rewind" | "resume";

/** The part of the screen that changes while a run goes. */
export interface Live {
  runId?: string;
  busy?: BusyKind;
  startedAt?: number;
  /** The answer's unfinished last block. */
  tail: string;
  /** The current message already has a printed block (its first one carries the marker). */
  answerStarted: boolean;
  reasoning: string;
  reasoningStartedAt?: number;
  /** This turn streamed reasoning (so the whole message's reasoning is not shown again). */
  sawReasoning?: boolean;
  /** Calls started and not ended yet. */
  tools: ToolView[];
  /** What the working indicator says ("Thinking", "Running npm test"). */
  activity: string;
}

type ApprovalEvent = Extract<AgentEventBody, { type: "approval_request" }>;

/** An approval request on screen. */
export interface ApprovalState {
  request: ApprovalEvent;
  /** The highlighted answer. */
  selected: number;
  /** After `n`: typing the reason sent back to the model. */
  reason?: string;
  /** The preview's first row on screen (render/preview_window.ts). */
  scroll: number;
  /** Where PgUp and PgDn scroll to, as the prompt last drew it. */
  pages?: { up: number; down: number };
}

/** Facts the status line and /status, /usage, /tools, /mcp show. */
export interface Status {
  cwd: string;
  provider: string;
  model: string;
  mode: AgentMode;
  contextMax: number;
  toolCalling?: ToolCallingMode;
  tools: ToolInfo[];
  disabledTools: DisabledToolInfo[];
  mcp: Map<string, McpServerView>;
  /** The session's checkpoints, as last listed (to name a rewind's target). */
  checkpoints: CheckpointInfo[];
  usage?: UsageInfo;
  /** Sums over the session. */
  totals: { prompt: number; completion: number; requests: number };
  /** The session started in yolo: Shift+Tab may cycle through it. */
  yoloAllowed: boolean;
  trusted: boolean;
}

/** What the UI knows of an MCP server (its last `mcp_status`). */
export interface McpServerView {
  state: McpServerState;
  tools: string[];
  error?: string;
  prompts?: McpPromptInfo[];
  resourceCount?: number;
}

/** A list to pick from (models, modes, providers, trust, setup steps). */
export interface Picker {
  title: string;
  /** Lines shown above the choices. */
  body?: string[];
  items: { label: string; value: string; hint?: string }[];
  selected: number;
  /** Typed filter (for long lists). */
  filter: string;
  filterable: boolean;
  /** What Esc does, said in the footer ("go back", "exit"). */
  escape: string;
  onPick: (value: string) => void;
  onCancel: () => void;
}

/** A one-line question with typed text (a URL, an API key). */
export interface Prompt {
  title: string;
  body?: string[];
  value: string;
  /** Shown dimmed while the field is empty, and taken by Enter on an empty field. */
  placeholder?: string;
  secret?: boolean;
  /** What Esc does, said in the footer ("go back", "exit"). */
  escape: string;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}
