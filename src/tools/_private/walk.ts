/**
 * Directory walking with ripgrep's ignore rules, so the pure TypeScript search, the
 * file finder and the directory listing skip exactly what `rg` skips:
 * `.gitignore`, `.ignore`, `.rgignore` and `.git/info/exclude` at every level (and in
 * the parents of the search root), `.git` and `node_modules` always, symlinks never
 * followed. Hidden files are included, as with `rg --hidden`; .gitignore files count
 * outside git repositories too, as with `rg --no-require-git`.
 */
import ignore from "ignore";
import { dirname, join } from "node:path";

/** Names skipped at any depth below the root, whatever the ignore files say. */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set([".git", "node_modules"]);

type Ignore = ReturnType<typeof ignore>;
type Decision = "ignore" | "allow" | undefined;

/** The ignore files of one directory. */
interface Level {
  /** For levels inside the walk: the level dir relative to the walk root, with "/". */
  strip: string;
  /** For levels above the walk root: the root relative to the level dir, with "/". */
  prepend: string;
  gitignore?: Ignore;
  gitExclude?: Ignore;
  dotIgnore?: Ignore;
  rgIgnore?: Ignore;
}

/** What a directory read gives: its entries after the ignore rules, and how many were dropped. */
export interface DirEntry {
  name: string;
  /** Path relative to the walk root, forward slashes. */
  rel: string;
  kind: "file" | "dir" | "symlink";
}

/** Ignore rules in force for one directory: its own files and those of every parent. */
export class IgnoreStack {
  private constructor(private readonly levels: readonly Level[]) {}

  /** The rules that apply at `rootAbs` from its parent directories (up to "/"). */
  static forRoot(rootAbs: string): IgnoreStack {
    const chain: string[] = [];
    for (let dir = dirname(rootAbs);; dir = dirname(dir)) {
      chain.unshift(dir);
      if (dirname(dir) === dir) break;
    }
    const levels: Level[] = [];
    for (const dir of chain) {
      const names = new Set(
        [".gitignore", ".ignore", ".rgignore", ".git"].filter((n) => exists(join(dir, n))),
      );
      const up = relativePosix(dir, rootAbs);
      const level = loadLevel(dir, names, "", up === "" ? "" : `${up}/`);
      if (level) levels.push(level);
    }
    return new IgnoreStack(levels);
  }

  /** The rules for a directory below, given the names it contains. */
  child(dirAbs: string, dirRel: string, names: ReadonlySet<string>): IgnoreStack {
    const level = loadLevel(dirAbs, names, dirRel === "" ? "" : `${dirRel}/`, "");
    return level ? new IgnoreStack([...this.levels, level]) : this;
  }

  /**
   * Whether `rel` (relative to the walk root) is ignored, with ripgrep's precedence
   * under `--no-require-git`: within each kind the deepest file with an opinion wins,
   * `.rgignore` beats `.ignore` beats `.gitignore` beats `.git/info/exclude`, and a
   * parent's .gitignore applies inside nested repositories too (as rg does).
   */
  ignores(rel: string, isDir: boolean): boolean {
    let rg: Decision, dot: Decision, gi: Decision, gx: Decision;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const level = this.levels[i];
      const local = level.prepend + rel.slice(level.strip.length) + (isDir ? "/" : "");
      rg ??= decide(level.rgIgnore, local);
      dot ??= decide(level.dotIgnore, local);
      gi ??= decide(level.gitignore, local);
      gx ??= decide(level.gitExclude, local);
    }
    return (rg ?? dot ?? gi ?? gx) === "ignore";
  }
}

/**
 * Reads a directory: entries sorted by name, minus `.git`, `node_modules` (below the
 * root) and ignored paths. Returns the entries, the stack for its children and the
 * number of entries left out.
 */
export async function readDirFiltered(
  dirAbs: string,
  dirRel: string,
  parent: IgnoreStack,
): Promise<{ entries: DirEntry[]; stack: IgnoreStack; skipped: number }> {
  const raw: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dirAbs)) raw.push(entry);
  const stack = parent.child(dirAbs, dirRel, new Set(raw.map((e) => e.name)));
  const entries: DirEntry[] = [];
  let skipped = 0;
  for (const e of raw) {
    const rel = dirRel === "" ? e.name : `${dirRel}/${e.name}`;
    const kind = e.isDirectory ? "dir" : e.isFile ? "file" : e.isSymlink ? "symlink" : undefined;
    if (!kind || ALWAYS_SKIPPED.has(e.name) || stack.ignores(rel, kind === "dir")) {
      skipped++;
      continue;
    }
    entries.push({ name: e.name, rel, kind });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, stack, skipped };
}

/** Options of {@linkcode walkFiles}. */
export interface WalkOptions {
  signal?: AbortSignal;
  /** Paths (files or directories) to leave out, relative to the root. */
  exclude?: (rel: string) => boolean;
}

/**
 * Yields every regular file below `rootAbs` that the rules keep, as paths relative
 * to it. Order is not sorted: callers sort. Unreadable directories are skipped.
 */
export async function* walkFiles(
  rootAbs: string,
  options: WalkOptions = {},
): AsyncGenerator<string> {
  const pending: { abs: string; rel: string; stack: IgnoreStack }[] = [
    { abs: rootAbs, rel: "", stack: IgnoreStack.forRoot(rootAbs) },
  ];
  while (pending.length) {
    options.signal?.throwIfAborted();
    const dir = pending.pop()!;
    let read;
    try {
      read = await readDirFiltered(dir.abs, dir.rel, dir.stack);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
        continue;
      }
      throw error;
    }
    for (const entry of read.entries) {
      if (options.exclude?.(entry.rel)) continue;
      if (entry.kind === "file") yield entry.rel;
      else if (entry.kind === "dir") {
        pending.push({ abs: join(dir.abs, entry.name), rel: entry.rel, stack: read.stack });
      }
    }
  }
}

function decide(ig: Ignore | undefined, path: string): Decision {
  if (!ig) return undefined;
  const result = testOwn(ig, path);
  return result.ignored ? "ignore" : result.unignored ? "allow" : undefined;
}

/**
 * Tests the path against the rules without looking at its parent directories, like
 * ripgrep: a search rooted inside an ignored directory still sees its files. Uses the
 * package's rule list when present (ignore 7), else its public `test`.
 */
function testOwn(ig: Ignore, path: string): { ignored: boolean; unignored: boolean } {
  const rules = (ig as unknown as {
    _rules?: { test(p: string, mode: string): { ignored: boolean; unignored: boolean } };
  })._rules;
  return rules && typeof rules.test === "function" ? rules.test(path, "regex") : ig.test(path);
}

function loadLevel(
  dirAbs: string,
  names: ReadonlySet<string>,
  strip: string,
  prepend: string,
): Level | undefined {
  const hasGit = names.has(".git");
  const level: Level = {
    strip,
    prepend,
    gitignore: names.has(".gitignore") ? rules(join(dirAbs, ".gitignore")) : undefined,
    dotIgnore: names.has(".ignore") ? rules(join(dirAbs, ".ignore")) : undefined,
    rgIgnore: names.has(".rgignore") ? rules(join(dirAbs, ".rgignore")) : undefined,
    gitExclude: hasGit ? rules(join(dirAbs, ".git", "info", "exclude")) : undefined,
  };
  const useful = level.gitExclude || level.gitignore || level.dotIgnore || level.rgIgnore;
  return useful ? level : undefined;
}

function rules(path: string): Ignore | undefined {
  try {
    // A .gitignore that is a FIFO would block this synchronous read (and the whole
    // program) until some process writes to it: read regular files only.
    if (!Deno.statSync(path).isFile) return undefined;
    return ignore({ ignoreCase: false, allowRelativePaths: true }).add(Deno.readTextFileSync(path));
  } catch {
    return undefined; // absent, a directory, or not readable: no rules
  }
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function relativePosix(from: string, to: string): string {
  const base = from.endsWith("/") ? from : `${from}/`;
  return to.startsWith(base) ? to.slice(base.length) : "";
}
