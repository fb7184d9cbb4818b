/**
 * Lines an ACP agent may be sent, for the bridge's fuzz test: garbage bytes, random text,
 * truncated and mutated JSON-RPC messages (wrong types in params, odd ids, a missing
 * `jsonrpc`), notifications and stray responses; and what JSON-RPC 2.0 says each must
 * get back, decided from the bytes themselves: a request (an id that is a string or a
 * number) exactly one answer with its id; a line that is not JSON, not an object or not
 * a JSON-RPC message, and a request whose id is null, one answer with a null id; a
 * notification or a response nothing.
 */
import type { Prng } from "./_prng.ts";

/** What a line must get back. */
export type Expected =
  | { kind: "answer"; id: string | number }
  | { kind: "null_answer"; parseError: boolean }
  | { kind: "nothing" };

/** Ids of what the agent offered, so that mutations can hit live sessions. */
export interface FuzzContext {
  sessionIds: string[];
  project: string;
  /** A fresh request id each call (never one the test's own client uses). */
  nextId(): string | number;
}

const METHODS = [
  "initialize",
  "session/new",
  "session/load",
  "session/list",
  "session/prompt",
  "session/set_mode",
  "session/set_config_option",
  "session/close",
  "session/cancel",
  "authenticate",
  "session/teleport",
  "$/cancel_request",
  "_nanocoder/unknown",
];

/** Keys of the protocol's params, so random objects hit real fields as well as others. */
const KEYS = [
  "sessionId",
  "cwd",
  "mcpServers",
  "prompt",
  "type",
  "text",
  "uri",
  "name",
  "modeId",
  "configId",
  "value",
  "protocolVersion",
  "clientCapabilities",
  "command",
  "args",
  "env",
  "mimeType",
  "data",
  "resource",
  "requestId",
];

/** What JSON-RPC 2.0 requires for this line (as the agent splits and decodes it). */
export function expectedFor(line: Uint8Array): Expected {
  const text = new TextDecoder().decode(line).trim();
  if (!text) return { kind: "nothing" };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { kind: "null_answer", parseError: true };
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    return { kind: "null_answer", parseError: false };
  }
  const m = message as Record<string, unknown>;
  if ("method" in m) {
    if (m.jsonrpc !== "2.0" || typeof m.method !== "string") {
      return { kind: "null_answer", parseError: false };
    }
    if (!("id" in m)) return { kind: "nothing" };
    const id = m.id;
    if (typeof id === "string" || (typeof id === "number" && Number.isFinite(id))) {
      return { kind: "answer", id };
    }
    return { kind: "null_answer", parseError: false };
  }
  // A response (to a request the agent never sent): not answered.
  if ("id" in m || "result" in m || "error" in m) return { kind: "nothing" };
  return { kind: "null_answer", parseError: false };
}

/** A well-formed message for `method`, with params that are often valid. */
function template(rng: Prng, ctx: FuzzContext, method: string): Record<string, unknown> {
  const sessionId = ctx.sessionIds.length && rng.chance(0.8)
    ? rng.pick(ctx.sessionIds)
    : rng.text(12);
  const cwd = rng.pick([ctx.project, "relative/dir", "/nonexistent/dir", "", `${ctx.project}/x`]);
  const params: Record<string, unknown> = {
    "initialize": { protocolVersion: 1, clientCapabilities: rng.json(2, KEYS) },
    "session/new": { cwd, mcpServers: rng.chance(0.7) ? [] : rng.json(3, KEYS) },
    "session/load": { sessionId, cwd, mcpServers: [] },
    "session/list": rng.chance(0.5) ? {} : { cwd },
    "session/prompt": { sessionId, prompt: promptBlocks(rng) },
    "session/set_mode": {
      sessionId,
      modeId: rng.pick(["normal", "plan", "auto-accept", "yolo", "god", ""]),
    },
    "session/set_config_option": { sessionId, configId: "model", value: rng.json(1) },
    "session/close": { sessionId },
    "session/cancel": { sessionId },
    "$/cancel_request": { requestId: rng.json(1) },
  }[method] as Record<string, unknown> ?? rng.json(2, KEYS);
  const notification = method === "session/cancel" || method === "$/cancel_request";
  return {
    jsonrpc: "2.0",
    ...(notification && rng.chance(0.8) ? {} : { id: ctx.nextId() }),
    method,
    params,
  };
}

function promptBlocks(rng: Prng): unknown[] {
  return Array.from({ length: rng.int(0, 3) }, () =>
    rng.pick<unknown>([
      { type: "text", text: rng.text(40) },
      { type: "text", text: `/${rng.pick(["model", "compact", "mcp__x__y", "nope"])} a=1` },
      { type: "image", mimeType: rng.pick(["image/png", "text/plain", ""]), data: "iVBORw0=" },
      { type: "resource_link", uri: rng.pick(["file:///nonexistent", "https://x.y", "%%"]) },
      { type: "resource", resource: { uri: "file:///a.txt", text: rng.text(20) } },
      { type: "audio", mimeType: "audio/wav", data: "" },
      { type: rng.text(5) },
      rng.json(2, KEYS),
    ]));
}

/** A message with one thing wrong (or several). */
function mutate(rng: Prng, ctx: FuzzContext, message: Record<string, unknown>): unknown {
  const out = structuredClone(message);
  for (let i = rng.int(1, 2); i > 0; i--) {
    switch (rng.int(0, 6)) {
      case 0:
        out.params = rng.json(3, KEYS);
        break;
      case 1: {
        const params = out.params;
        if (params && typeof params === "object" && !Array.isArray(params)) {
          const keys = Object.keys(params);
          if (keys.length) (params as Record<string, unknown>)[rng.pick(keys)] = rng.json(2, KEYS);
        }
        break;
      }
      case 2: { // ids of other types (an id of a valid type is unique)
        const fresh = ctx.nextId();
        const digits = Number(String(fresh).replace(/\D/g, ""));
        out.id = rng.pick<unknown>([null, true, {}, [], `${fresh}`, digits + 0.5]);
        break;
      }
      case 3:
        if (rng.chance(0.5)) delete out.jsonrpc;
        else out.jsonrpc = rng.pick<unknown>(["1.0", 2, null]);
        break;
      case 4:
        out.method = rng.pick<unknown>([7, null, rng.text(10), "Session/Prompt"]);
        break;
      case 5:
        delete out.params;
        break;
      default:
        delete out.method;
    }
  }
  return out;
}

/** One line (without its newline) of the kind the fuzzer picks. */
export function fuzzLine(rng: Prng, ctx: FuzzContext): Uint8Array {
  const encoder = new TextEncoder();
  const method = rng.pick(METHODS);
  let line: Uint8Array;
  switch (rng.int(0, 11)) {
    case 0:
      line = rng.bytes(200);
      break;
    case 1:
      line = encoder.encode(rng.text(100));
      break;
    case 2: {
      const whole = JSON.stringify(template(rng, ctx, method));
      line = encoder.encode(whole.slice(0, rng.int(0, whole.length - 1)));
      break;
    }
    case 3:
      line = encoder.encode(JSON.stringify(rng.json(3, ["jsonrpc", "id", "method", ...KEYS])));
      break;
    case 4: // a response to a request the agent never made
      line = encoder.encode(JSON.stringify({
        jsonrpc: "2.0",
        id: ctx.nextId(),
        ...(rng.chance(0.5) ? { result: rng.json(2) } : { error: rng.json(2) }),
      }));
      break;
    case 5:
    case 6:
    case 8:
      line = encoder.encode(JSON.stringify(mutate(rng, ctx, template(rng, ctx, method))));
      break;
    case 7: { // valid JSON with a byte of garbage somewhere after the id (ids stay unique)
      const text = JSON.stringify(template(rng, ctx, method));
      const bytes = encoder.encode(text);
      bytes[
        rng.int(encoder.encode(text.slice(0, text.indexOf('"method"'))).length, bytes.length - 1)
      ] = rng.int(0, 255);
      line = bytes;
      break;
    }
    default:
      line = encoder.encode(JSON.stringify(template(rng, ctx, method)));
  }
  // One line each: a newline inside would make two.
  return line.map((byte) => (byte === 0x0a ? 0x20 : byte));
}
