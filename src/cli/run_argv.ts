/**
 * The command line as people type it, before commander sees it: Claude Code's
 * `-p/--print "PROMPT"` habit means `run`, and a word that is no command gets "unknown
 * command" with the closest one, not commander's "too many arguments".
 */
import { UsageError } from "../errors.ts";

/**
 * `-p` / `--print` in place of the command become `run`: `nanocoder -p "fix it"` is
 * `nanocoder run "fix it"` (flags may come before or after). Nothing changes once a
 * `run` or `--` came first, so a prompt may still contain the word.
 */
export function printAsRun(argv: string[]): string[] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--" || arg === "run") return argv;
    if (arg === "-p" || arg === "--print") return argv.toSpliced(i, 1, "run");
  }
  return argv;
}

/**
 * The error for words where a command was expected: the closest command when the first
 * word is close to one; else the commands there are, and — for several words, which
 * read as a prompt written without `run` — the command to type.
 */
export function unknownCommandError(words: string[], commands: string[]): UsageError {
  const closest = closestName(words[0], commands);
  if (closest) {
    return new UsageError(
      `Unknown command "${words[0]}": did you mean "${closest}"? (see nanocoder --help)`,
    );
  }
  const listed = commands.filter((name) => name !== "help").join(", ");
  const prompt = words.length > 1 || words[0].includes(" ")
    ? `; to run a prompt: nanocoder run ${JSON.stringify(words.join(" "))}`
    : "";
  return new UsageError(
    `Unknown command "${words[0]}": the commands are ${listed} (see nanocoder --help)${prompt}`,
  );
}

/** The candidate within a small edit distance of `word` (as commander suggests), if any. */
export function closestName(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    // Close enough: at most a third of the word changed (typos, swapped letters).
    if (distance < bestDistance && distance <= Math.max(1, Math.floor(candidate.length / 3))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Damerau–Levenshtein distance (optimal string alignment): swaps count as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
