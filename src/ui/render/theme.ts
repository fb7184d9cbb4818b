/**
 * The UI's colours, in one place, through chalk (the instance Ink itself uses, so a
 * NO_COLOR terminal gets no colour from either): `setColor(false)` turns every style
 * into plain text.
 */
import chalk from "chalk";

/** Turns colour on or off for the whole UI (Ink's own `color` props included). */
export function setColor(on: boolean, level: 1 | 2 | 3 = 3): void {
  chalk.level = on ? level : 0;
}

/** Whether colour is on now. */
export function colorOn(): boolean {
  return chalk.level > 0;
}

/** Named styles: what a thing is, not which colour it has. */
export const style = {
  dim: (s: string) => chalk.dim(s),
  bold: (s: string) => chalk.bold(s),
  italic: (s: string) => chalk.italic(s),
  underline: (s: string) => chalk.underline(s),
  strike: (s: string) => chalk.strikethrough(s),
  heading: (s: string) => chalk.bold.cyan(s),
  code: (s: string) => chalk.yellow(s),
  link: (s: string) => chalk.blue.underline(s),
  quote: (s: string) => chalk.dim.italic(s),
  bullet: (s: string) => chalk.cyan(s),
  added: (s: string) => chalk.green(s),
  removed: (s: string) => chalk.red(s),
  hunk: (s: string) => chalk.cyan(s),
  ok: (s: string) => chalk.green(s),
  error: (s: string) => chalk.red(s),
  warning: (s: string) => chalk.yellow(s),
  accent: (s: string) => chalk.magenta(s),
  user: (s: string) => chalk.bold.blue(s),
  /** Syntax classes of highlight.js. */
  syntax: {
    keyword: (s: string) => chalk.magenta(s),
    string: (s: string) => chalk.green(s),
    number: (s: string) => chalk.yellow(s),
    comment: (s: string) => chalk.gray(s),
    title: (s: string) => chalk.blue(s),
    type: (s: string) => chalk.cyan(s),
    attr: (s: string) => chalk.yellow(s),
    meta: (s: string) => chalk.gray(s),
    addition: (s: string) => chalk.green(s),
    deletion: (s: string) => chalk.red(s),
  },
};

/** The colour names Ink's `color` prop takes for the same roles. */
export const inkColor = {
  accent: "magenta",
  border: "gray",
  ok: "green",
  error: "red",
  warning: "yellow",
  info: "cyan",
  user: "blue",
} as const;
