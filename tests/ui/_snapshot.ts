/**
 * Frame snapshots: a frame's plain text compared with tests/ui/__snapshots__/<name>.txt.
 * A missing snapshot is written on a developer's machine (and the test says so); in CI
 * (CI=true) it fails. `UPDATE_SNAPSHOTS=1` rewrites them after a deliberate change.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("./__snapshots__/", import.meta.url));

/** Compares `text` with the snapshot `name`. */
export async function assertSnapshot(name: string, text: string): Promise<void> {
  const path = join(DIR, `${name}.txt`);
  const actual = text.replace(/\n+$/, "") + "\n";
  const update = Deno.env.get("UPDATE_SNAPSHOTS") === "1";
  let expected: string | undefined;
  try {
    expected = await Deno.readTextFile(path);
  } catch {
    expected = undefined;
  }
  if (update || (expected === undefined && Deno.env.get("CI") !== "true")) {
    await Deno.writeTextFile(path, actual);
    if (expected === undefined) console.log(`wrote new snapshot ${path}`);
    return;
  }
  assert.ok(expected !== undefined, `missing snapshot ${path} (run with UPDATE_SNAPSHOTS=1)`);
  assert.equal(actual, expected, `frame differs from snapshot ${name}`);
}
