/**
 * Opens a URL in the user's browser: `$BROWSER` when set (a command; `%s` stands for the
 * URL, else the URL is appended), otherwise the platform's opener (`xdg-open`, `open`,
 * `start`). Never waits for the browser and never fails: the caller prints the URL too.
 */

/** The command line that opens `url`, or undefined when there is none. */
export function browserCommand(
  url: string,
  browser: string | undefined,
  os: string = Deno.build.os,
): string[] | undefined {
  // `$BROWSER` may list alternatives separated by ":" (not on Windows, where paths have one).
  const chosen = (os === "windows" ? browser : browser?.split(":")[0])?.trim();
  if (chosen) {
    const words = chosen.split(/\s+/);
    return words.some((w) => w.includes("%s"))
      ? words.map((w) => w.replaceAll("%s", url))
      : [...words, url];
  }
  switch (os) {
    case "darwin":
      return ["open", url];
    case "windows":
      return ["cmd", "/c", "start", '""', url.replaceAll("&", "^&")];
    default:
      return ["xdg-open", url];
  }
}

/** Starts the browser on `url`; resolves false when it could not be started. */
export function openInBrowser(url: string): Promise<boolean> {
  let browser: string | undefined;
  try {
    browser = Deno.env.get("BROWSER");
  } catch {
    // No --allow-env for BROWSER: the platform opener.
  }
  const command = browserCommand(url, browser);
  if (!command) return Promise.resolve(false);
  try {
    const child = new Deno.Command(command[0], {
      args: command.slice(1),
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    // Reap the process whenever it ends, without keeping this one alive for it.
    child.status.catch(() => {});
    child.unref();
    return Promise.resolve(true);
  } catch {
    return Promise.resolve(false);
  }
}
