/**
 * A provider's `openrouter` block, as Nanocoder forwards it: provider routing, reasoning,
 * plugins, fallback models, service tier, route and user go into every request body, on
 * top of `extraBody` (so the typed fields win). It applies to OpenRouter only: a provider
 * named "openrouter" (as Nanocoder detects it) or one whose URL is openrouter.ai; on any
 * other provider it is ignored with a warning. Values Nanocoder's linter questions are
 * named the same way, and still sent (the server has the last word).
 */
import { joinPath } from "./expand.ts";
import { unknownKey } from "./keys.ts";
import { hostOf } from "./url.ts";

const KNOWN = ["provider", "reasoning", "models", "service_tier", "route", "plugins", "user"];
const SERVICE_TIERS = ["flex", "priority"];
const EFFORTS = ["xhigh", "high", "medium", "low", "minimal", "none"];
const SORTS = ["price", "throughput", "latency"];

/** Whether a provider is OpenRouter: by name (as Nanocoder) or by host. */
export function isOpenRouter(name: string, baseUrl: string): boolean {
  const host = hostOf(baseUrl).toLowerCase();
  return /^openrouter$/i.test(name.trim()) || host === "openrouter.ai" ||
    host.endsWith(".openrouter.ai");
}

/**
 * The request-body fields of `block` (found at `at` in `source`) for provider `name` at
 * `baseUrl`, or none when it does not apply; and the warnings.
 */
export function openrouterBody(
  block: Record<string, unknown>,
  provider: { name: string; baseUrl: string },
  at: string,
  source: string,
): { body?: Record<string, unknown>; warnings: string[] } {
  if (!isOpenRouter(provider.name, provider.baseUrl)) {
    return {
      warnings: [
        `"${at}" in "${source}" is ignored: provider "${provider.name}" is not OpenRouter ` +
        `(name it "openrouter" or point it at openrouter.ai to send these options)`,
      ],
    };
  }
  const warnings: string[] = [];
  const body: Record<string, unknown> = {};
  const extra = block.extraBody;
  if (extra !== undefined) {
    if (isObject(extra)) Object.assign(body, extra);
    else warnings.push(`"${at}.extraBody" in "${source}" is not an object (ignored)`);
  }
  for (const [key, value] of Object.entries(block)) {
    if (key === "extraBody") continue;
    if (KNOWN.includes(key)) body[key] = value;
    else {
      warnings.push(
        `${
          unknownKey(joinPath(at, key), source, [...KNOWN, "extraBody"], key)
        } (use "extraBody" for fields without a typed entry)`,
      );
    }
  }
  const check = (path: string, value: unknown, allowed: string[]) => {
    if (value !== undefined && !(typeof value === "string" && allowed.includes(value))) {
      warnings.push(
        `"${at}.${path}" in "${source}" should be one of ${allowed.join(", ")}, got ` +
          `${JSON.stringify(value)} (sent as written)`,
      );
    }
  };
  check("service_tier", block.service_tier, SERVICE_TIERS);
  check("reasoning.effort", objectOrEmpty(block.reasoning).effort, EFFORTS);
  const sort = objectOrEmpty(block.provider).sort;
  if (typeof sort === "string") check("provider.sort", sort, SORTS);
  check("provider.data_collection", objectOrEmpty(block.provider).data_collection, [
    "allow",
    "deny",
  ]);
  return { body: Object.keys(body).length ? body : undefined, warnings };
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
