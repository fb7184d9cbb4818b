import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { defaultLogFile } from "../../src/log/mod.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("defaultLogFile() follows the platform's place for logs", () => {
  assert.equal(
    defaultLogFile(env({ HOME: "/home/ada" }), "linux"),
    "/home/ada/.local/state/nanocoder/logs/nanocoder.log",
  );
  assert.equal(
    defaultLogFile(env({ HOME: "/home/ada", XDG_STATE_HOME: "/var/st" }), "linux"),
    "/var/st/nanocoder/logs/nanocoder.log",
  );
  assert.equal(
    defaultLogFile(env({ HOME: "/Users/ada" }), "darwin"),
    "/Users/ada/Library/Logs/nanocoder/nanocoder.log",
  );
  assert.equal(
    defaultLogFile(env({ LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local" }), "windows"),
    "C:\\Users\\ada\\AppData\\Local\\nanocoder\\logs\\nanocoder.log",
  );
});

Deno.test("NANOCODER_LOG_FILE wins; no home means no file", () => {
  assert.equal(
    defaultLogFile(env({ HOME: "/h", NANOCODER_LOG_FILE: "/tmp/n.log" }), "linux"),
    "/tmp/n.log",
  );
  assert.equal(defaultLogFile(env({}), "linux"), undefined);
});

Deno.test("src/log imports no package and no node: module (it loads on every start)", async () => {
  const dir = fileURLToPath(new URL("../../src/log/", import.meta.url));
  for await (const entry of Deno.readDir(dir)) {
    const text = await Deno.readTextFile(`${dir}/${entry.name}`);
    for (const [, specifier] of text.matchAll(/\bfrom\s+"([^"]+)"/g)) {
      assert.match(specifier, /^\.\.?\//, `${entry.name} imports "${specifier}"`);
    }
  }
});
