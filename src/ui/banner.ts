/** The first lines on screen: the name, version and project, and the keys to know. */
import { VERSION } from "../version.ts";
import { visible } from "./render/visible.ts";

/** The banner as terminal text (plain when colour is off). */
export function banner(cwd: string, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return [
    `${paint("35", "✻")} ${paint("1", `nanocoder ${VERSION}`)}`,
    // Printed before Ink starts: a folder's name is written out like any text (text.tsx).
    `  ${paint("2", visible(cwd))}`,
    `  ${
      paint("2", "/help for commands · shift+tab for modes · esc to stop · ctrl+c twice to exit")
    }`,
    "",
  ].join("\n") + "\n";
}
