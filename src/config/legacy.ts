/**
 * Nanocoder's old provider form, still in its docs (features/tune.md): `providers` as an
 * object keyed by name, each with `type` and `config: {baseURL, apiKey}`. Nanocoder 1.30
 * itself ignores it without a word (it reads an array only); here it is read as the list
 * it stands for, with a warning showing the current form.
 */

/** The list `providers` stands for when it is in the old form, else undefined. */
export function legacyProviders(
  providers: unknown,
  at: string,
  source: string,
): { providers: unknown[]; warning: string } | undefined {
  if (!isObject(providers)) return undefined;
  const list = Object.entries(providers).map(([key, entry]) => {
    if (!isObject(entry)) return entry;
    const { type: _kind, config, ...rest } = entry;
    const inner = isObject(config) ? config : {};
    return {
      name: key,
      ...rest,
      ...(inner.baseURL !== undefined ? { baseUrl: inner.baseURL } : {}),
      ...(inner.apiKey !== undefined ? { apiKey: inner.apiKey } : {}),
      ...(inner.headers !== undefined ? { headers: inner.headers } : {}),
    };
  });
  return {
    providers: list,
    warning: `"${at}" in "${source}" is in Nanocoder's old form (an object with ` +
      `"config.baseURL"): read as a list; write it as "providers": [{"name": …, "baseUrl": …}]`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
