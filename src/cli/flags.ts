/** Global flags as commander parses them. */
export interface GlobalFlags {
  provider?: string;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  mode?: "normal" | "auto-accept" | "yolo" | "plan";
  trustDirectory?: boolean;
  contextMax?: number;
  maxTurns?: number;
  toolCalling?: "native" | "xml" | "json" | "auto";
  sandbox?: boolean;
  json?: boolean;
  outputFormat?: "text" | "json" | "stream-json";
  cwd?: string;
  logLevel?: string;
  debug?: boolean;
}
