/**
 * Text a person approves must show every character it holds. A file's content or a
 * command may carry what a terminal would act on instead of showing — a carriage return
 * that rewrites the line, an escape sequence that hides text, bidirectional overrides
 * that reorder it ("Trojan Source"), zero-width characters — so those are written out
 * as `\r`, `\x1b`, `<U+202E>`. No imports: the banner, printed before anything else
 * loads, uses it too.
 */

// C0 controls except tab and newline, DEL, C1 controls.
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidirectional embeddings/overrides/isolates, zero-width characters, BOM, soft hyphen.
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\u2060\ufeff\u00ad]/g;

const NAMED: Record<string, string> = { "\r": "\\r", "\x1b": "\\x1b", "\0": "\\0" };

/** `text` with control and invisible characters written out (tabs as two spaces). */
export function visible(text: string): string {
  return text
    .replace(/\t/g, "  ")
    .replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)
    .replace(
      INVISIBLE,
      (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`,
    );
}

// deno-lint-ignore no-control-regex
const COLOUR = /(\x1b\[[0-9;]*m)/;

/**
 * A line of a command's output as a terminal would leave it on screen, made safe: what
 * a carriage return overwrote is dropped (progress bars), colours are kept, and every
 * other escape sequence (clearing the screen, moving the cursor, OSC 52 writing the
 * clipboard, a window title) is written out instead of acted on.
 */
export function outputLine(line: string): string {
  return terminalSafe(line.replace(/\r+$/, "").split("\r").at(-1)!);
}

/** Any character `visible` writes out (tested first: most text holds none). */
const UNSAFE = new RegExp(`${CONTROL.source}|${INVISIBLE.source}|\t`);

/**
 * `text` as the terminal may receive it: colour and style codes (the only escape
 * sequences the UI itself writes) kept, every other control, escape sequence or
 * invisible character written out. Every string the components hand to Ink passes
 * here (components/text.tsx), so nothing the model, a tool, a file or a server wrote
 * can clear the screen, move the cursor, set the title or write the clipboard.
 */
export function terminalSafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.split(COLOUR).map((part, i) => (i % 2 ? part : visible(part))).join("");
}
