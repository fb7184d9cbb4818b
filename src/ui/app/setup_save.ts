/**
 * Where first-run setup may write the provider, and what it says afterwards. A project's
 * agents.config.json is usually committed, so a typed API key goes to the user's own
 * config by default; the project's file gets it only as a `${NANOCODER_API_KEY}`
 * reference, or in plain text when the person picks exactly that.
 */
import { join } from "node:path";

/** One answer to "Save this provider for". */
export interface SaveChoice {
  label: string;
  value: string;
  hint: string;
  scope: "project" | "user";
  /** What the file holds as the key: nothing typed, the key itself, or a reference. */
  key: "none" | "plain" | "reference";
}

const CONFIG_FILE = "agents.config.json";

/** The answers, the first being the default (Enter). */
export function saveChoices(hasKey: boolean, userDir: string | undefined): SaveChoice[] {
  const userFile = userDir ? tilde(join(userDir, CONFIG_FILE)) : "the user config";
  if (!hasKey) {
    return [
      {
        label: "This project",
        value: "project",
        hint: `./${CONFIG_FILE}`,
        scope: "project",
        key: "none",
      },
      { label: "All my projects", value: "user", hint: userFile, scope: "user", key: "none" },
    ];
  }
  return [
    {
      label: "All my projects, with the key",
      value: "user",
      hint: `${userFile}, private to you`,
      scope: "user",
      key: "plain",
    },
    {
      label: "This project, key from $NANOCODER_API_KEY",
      value: "project-reference",
      hint: `./${CONFIG_FILE} says "\${NANOCODER_API_KEY}"`,
      scope: "project",
      key: "reference",
    },
    {
      label: "This project, the key in plain text",
      value: "project-plain",
      hint: `./${CONFIG_FILE}, keep it out of git`,
      scope: "project",
      key: "plain",
    },
  ];
}

/** What to tell the person once the provider is saved at `path`. */
export function savedNotices(
  name: string,
  baseUrl: string,
  path: string,
  choice: SaveChoice,
): ["info" | "warning", string][] {
  const notices: ["info" | "warning", string][] = [
    ["info", `Saved provider "${name}" (${baseUrl}) in ${path}`],
  ];
  if (choice.key === "reference") {
    notices.push([
      "info",
      `The file holds "\${NANOCODER_API_KEY}", not the key: set NANOCODER_API_KEY before you ` +
      `start nanocoder here again (this session uses the key you typed)`,
    ]);
  } else if (choice.key === "plain" && choice.scope === "project") {
    notices.push([
      "warning",
      `The API key is in plain text in ${path}: keep that file out of version control`,
    ]);
  }
  return notices;
}

/** A path under the home directory as `~/…`, as people write it. */
function tilde(path: string): string {
  let home: string | undefined;
  try {
    home = Deno.env.get("HOME");
  } catch { /* no --allow-env for HOME: the path as it is */ }
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
