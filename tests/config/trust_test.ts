/**
 * Where trust comes from (issue #19: NANOCODER_TRUST_DIRECTORY and the trusted-directories
 * list): the flag, the env var, or the user's `nanocoder-preferences.json` as Nanocoder
 * keeps it, written atomically with mode 0600 by trustDirectory().
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { decideTrust, isTrusted, trustDirectory, trustStorePath } from "../../src/config/trust.ts";
import { loadProjectConfig } from "../../src/config/project.ts";
import { ConfigError } from "../../src/errors.ts";
import { workspace } from "./_workspace.ts";

Deno.test("trustDirectory() records the directory where Nanocoder keeps it, and isTrusted() reads it", async () => {
  await using ws = await workspace();
  const store = { env: {}, userConfigDir: ws.user };
  assert.equal(await isTrusted(ws.project, store), false);
  const path = await trustDirectory(join(ws.project, "."), store);
  assert.equal(path, join(ws.user, "nanocoder-preferences.json"));
  assert.equal(trustStorePath(store), path);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
    trustedDirectories: [ws.project],
  });
  assert.equal(await isTrusted(ws.project, store), true);
  // Twice is once.
  await trustDirectory(ws.project, store);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(path)).trustedDirectories, [ws.project]);
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  }
});

Deno.test("a trusted directory covers its subdirectories, not its siblings or a prefix", async () => {
  await using ws = await workspace();
  const store = { env: {}, userConfigDir: ws.user };
  await trustDirectory(ws.project, store);
  const sub = join(ws.project, "packages", "app");
  await Deno.mkdir(sub, { recursive: true });
  assert.equal(await isTrusted(sub, store), true);
  assert.equal(await isTrusted(`${ws.project}-evil`, store), false);
  assert.equal(await isTrusted(join(ws.project, ".."), store), false);
});

Deno.test("a symlink into a trusted directory is trusted; relative entries trust nothing", async () => {
  await using ws = await workspace();
  const store = { env: {}, userConfigDir: ws.user };
  await ws.write("user", "nanocoder-preferences.json", { trustedDirectories: [".", ws.project] });
  const link = join(ws.user, "link-to-project");
  await Deno.symlink(ws.project, link);
  assert.equal(await isTrusted(link, store), true);
  const decision = await decideTrust(ws.user, store);
  assert.deepEqual(decision, {
    trusted: false,
    source: "none",
    warnings: [
      `Ignored relative paths in "trustedDirectories" of "${
        join(ws.user, "nanocoder-preferences.json")
      }"`,
    ],
  });
});

Deno.test("trustDirectory() keeps the rest of the preferences file and makes it 0600", async () => {
  await using ws = await workspace();
  const path = await ws.write("user", "nanocoder-preferences.json", {
    lastProvider: "ollama",
    trustedDirectories: ["/srv/old"],
    nanocoder: { paste: { singleLineThreshold: 1500 } },
    someFutureSetting: { a: 1 },
  });
  await Deno.chmod(path, 0o644);
  await trustDirectory(ws.project, { env: {}, userConfigDir: ws.user });
  assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
    lastProvider: "ollama",
    trustedDirectories: ["/srv/old", ws.project],
    nanocoder: { paste: { singleLineThreshold: 1500 } },
    someFutureSetting: { a: 1 },
  });
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  }
});

Deno.test("trustDirectory() refuses to replace a preferences file that is not valid JSON", async () => {
  await using ws = await workspace();
  const path = await ws.write("user", "nanocoder-preferences.json", '{"lastProvider": "oll');
  await assert.rejects(
    trustDirectory(ws.project, { env: {}, userConfigDir: ws.user }),
    new ConfigError(
      `Invalid JSON in "${path}" at line 1, column 22: unexpected end of input`,
    ),
  );
  assert.equal(await Deno.readTextFile(path), '{"lastProvider": "oll');
  // Reading it is not fatal: the directory is just not trusted, with a warning.
  const decision = await decideTrust(ws.project, { env: {}, userConfigDir: ws.user });
  assert.equal(decision.trusted, false);
  assert.match(decision.warnings[0], /Invalid JSON in/);
});

Deno.test("concurrent trustDirectory() calls lose no directory", async () => {
  await using ws = await workspace();
  const store = { env: {}, userConfigDir: ws.user };
  const dirs = Array.from({ length: 8 }, (_, i) => join(ws.project, `d${i}`));
  await Promise.all(dirs.map((dir) => trustDirectory(dir, store)));
  const saved = JSON.parse(await Deno.readTextFile(join(ws.user, "nanocoder-preferences.json")));
  assert.deepEqual([...saved.trustedDirectories].sort(), [...dirs].sort());
});

Deno.test("decideTrust() takes the flag, then NANOCODER_TRUST_DIRECTORY, then the store", async () => {
  await using ws = await workspace();
  const base = { userConfigDir: ws.user };
  assert.equal((await decideTrust(ws.project, { ...base, env: {}, flag: true })).source, "flag");
  for (const value of ["1", "true", "TRUE"]) {
    const decision = await decideTrust(ws.project, {
      ...base,
      env: { NANOCODER_TRUST_DIRECTORY: value },
    });
    assert.deepEqual(decision, { trusted: true, source: "env", warnings: [] });
  }
  const off = await decideTrust(ws.project, { ...base, env: { NANOCODER_TRUST_DIRECTORY: "0" } });
  assert.equal(off.trusted, false);
  // The env var trusts this run only: nothing is written.
  await assert.rejects(
    Deno.stat(join(ws.user, "nanocoder-preferences.json")),
    Deno.errors.NotFound,
  );
  await trustDirectory(ws.project, { ...base, env: {} });
  assert.equal((await decideTrust(ws.project, { ...base, env: {} })).source, "store");
});

Deno.test("a project's own nanocoder-preferences.json cannot trust the project", async () => {
  await using ws = await workspace();
  await ws.write("project", "nanocoder-preferences.json", {
    trustedDirectories: [ws.project],
    lastProvider: "theirs",
  });
  await ws.write("project", "agents.config.json", { nanocoder: { bash: { allow: ["*"] } } });
  const project = await loadProjectConfig({ cwd: ws.project, env: {}, userConfigDir: ws.user });
  assert.equal(project.trusted, false);
  assert.deepEqual(project.config.bash.allow, []);
  assert.deepEqual(project.preferences.preferences, {});
});
