/**
 * `$VAR`, `${VAR}` and `${VAR:-default}` in config string values, as Nanocoder expands
 * them: names are upper case (`[A-Z_][A-Z0-9_]*`), and an unset variable without a
 * default becomes an empty string with a warning rather than an error, because a
 * config often lists providers whose keys are not all set on every machine. A field
 * that cannot be empty (a URL, a command) is then caught by validation, naming it.
 *
 * One difference from Nanocoder: `${VAR:-default}` also uses the default when VAR is
 * set but empty, as the shell does.
 */
import type { Env } from "./paths.ts";

const VAR_PATTERN = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}|\$([A-Z_][A-Z0-9_]*)/g;

/**
 * Looks up a variable for the value at field path `path`; undefined means unset. The
 * path lets the caller refuse a variable in some fields only (see vars.ts).
 */
export type VarLookup = (name: string, path: string) => string | undefined;

/** A variable referenced but unset, and where. */
export interface MissingVar {
  /** Field path, e.g. `nanocoder.providers[0].apiKey`. */
  path: string;
  name: string;
}

/**
 * Returns a deep copy of `value` with variables expanded in every string (not in
 * object keys), and the variables that were unset. `path` names the root for messages.
 */
export function expandEnvVars(
  value: unknown,
  vars: Env | VarLookup,
  path = "",
): { value: unknown; missing: MissingVar[] } {
  const missing: MissingVar[] = [];
  const lookup: VarLookup = typeof vars === "function" ? vars : (name) => vars[name];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === "string") {
      return expandString(
        v,
        (name) => lookup(name, at),
        (name) => missing.push({ path: at, name }),
      );
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) out[key] = walk(item, joinPath(at, key));
      return out;
    }
    return v;
  };
  return { value: walk(value, path), missing };
}

/** Expands the variables of one string; `onMissing` hears each unset one. */
export function expandString(
  text: string,
  vars: Env | ((name: string) => string | undefined),
  onMissing: (name: string) => void = () => {},
): string {
  const get = typeof vars === "function" ? vars : (name: string) => vars[name];
  if (!text.includes("$")) return text;
  return text.replace(
    VAR_PATTERN,
    (
      _match,
      braced: string | undefined,
      fallback: string | undefined,
      bare: string | undefined,
    ) => {
      const name = (braced ?? bare)!;
      const value = get(name);
      if (fallback !== undefined) return value ? value : fallback;
      if (value !== undefined) return value;
      onMissing(name);
      return "";
    },
  );
}

/** `a.b`, `a[0]`, or `a["odd key"]` for keys that are not identifiers. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}
