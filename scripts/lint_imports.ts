/**
 * `deno task lint:imports`: frontends (src/cli, src/ui, src/bridge) import nothing of
 * the engine but its facade — src/engine/mod.ts, src/protocol.ts, src/errors.ts,
 * src/version.ts and the logger src/log/mod.ts — besides their own folder, so a frontend can never grow its own copy
 * of the engine's wiring.
 *
 * Two narrow exceptions: the `nanocoder mcp …` command files (src/cli/mcp_*.ts) manage
 * MCP servers and their config rather than drive a session, so they may also import
 * src/mcp/ and src/config/; and src/cli/mod.ts starts the other frontends through their
 * entry module (src/ui/mod.ts, src/bridge/mod.ts).
 */
import { dirname, join, normalize } from "node:path";
import { readSources, ROOT, type SourceFile } from "./_source_files.ts";

/** The frontends' folders. */
export const FRONTENDS = ["src/cli", "src/ui", "src/bridge"];

/**
 * What any frontend may import outside its own folder. The logger is there beside the
 * errors: a frontend sets the log level from its flags and redacts what it shows.
 */
export const FACADE = [
  "src/engine/mod.ts",
  "src/protocol.ts",
  "src/errors.ts",
  "src/version.ts",
  "src/log/mod.ts",
];

/** Extra folders a file may import from, by file name pattern. */
const EXCEPTIONS: { file: RegExp; folders: string[] }[] = [
  { file: /^src\/cli\/mcp_[^/]+\.ts$/, folders: ["src/mcp/", "src/config/"] },
  // The command line's dispatcher starts the other frontends, through their entry only.
  { file: /^src\/cli\/mod\.ts$/, folders: ["src/ui/mod.ts", "src/bridge/mod.ts"] },
];

/** Relative import specifiers of a file: static, re-exports, side-effect and dynamic. */
export function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      if (match[1].startsWith(".")) found.push(match[1]);
    }
  }
  return found;
}

/** One line per forbidden import of `files` (paths relative to the repository root). */
export function importViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const home = FRONTENDS.find((dir) => file.path.startsWith(`${dir}/`));
    if (!home) continue;
    const extra = EXCEPTIONS.filter((e) => e.file.test(file.path)).flatMap((e) => e.folders);
    for (const specifier of importSpecifiers(file.text)) {
      const target = normalize(join(dirname(file.path), specifier));
      const allowed = target.startsWith(`${home}/`) || FACADE.includes(target) ||
        extra.some((folder) => target.startsWith(folder));
      if (!allowed) {
        violations.push(
          `${file.path}: imports "${specifier}" (${target}); a frontend imports only its own ` +
            `folder and ${FACADE.join(", ")}`,
        );
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const files = (await Promise.all(FRONTENDS.map((dir) => readSources(ROOT, dir)))).flat();
  const violations = importViolations(files);
  for (const line of violations) console.error(line);
  if (violations.length) Deno.exit(1);
  console.log(`lint:imports: ${files.length} frontend files import only the engine's facade`);
}
