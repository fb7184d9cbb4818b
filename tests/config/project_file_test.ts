/**
 * The files a project holds that nanocoder reads outside its file tools (config, `.env`,
 * preferences, instructions, custom commands, files a prompt names) are read under the
 * file tools' rules: symlinks must stay inside the project, only regular files (a FIFO
 * or /dev/zero would hang or fill memory at start-up), and at most so many bytes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CONFIG_FILE_MAX_BYTES, readProjectFile } from "../../src/config/project_file.ts";
import { loadProjectConfig } from "../../src/config/project.ts";
import { loadPreferences } from "../../src/config/preferences.ts";
import { type Workspace, workspace } from "./_workspace.ts";

const unix = Deno.build.os !== "windows";

async function mkfifo(path: string): Promise<void> {
  const out = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

/** A secret of the user's, outside the project (beside it in the temp dir). */
async function secretOutside(ws: Workspace): Promise<string> {
  const path = join(ws.project, "..", "secret_key.txt");
  await Deno.writeTextFile(path, "sk-user-SECRET\n");
  return await Deno.realPath(path);
}

Deno.test({
  name: "readProjectFile() follows symlinks only inside the project and names one pointing out",
  ignore: !unix,
  async fn() {
    await using ws = await workspace();
    const secret = await secretOutside(ws);
    await ws.write("project", "AGENTS.md", "Use tabs.\n");
    await Deno.symlink("AGENTS.md", join(ws.project, "CLAUDE.md"));
    await Deno.symlink(secret, join(ws.project, "notes.md"));
    await Deno.symlink(join(ws.project, "nowhere"), join(ws.project, "dangling.md"));
    const read = (name: string) =>
      readProjectFile(join(ws.project, name), { within: ws.project, maxBytes: 1024 });
    assert.deepEqual(await read("CLAUDE.md"), {
      status: "ok",
      text: "Use tabs.\n",
      truncated: false,
    });
    const root = await Deno.realPath(ws.project);
    assert.deepEqual(await read("notes.md"), {
      status: "refused",
      reason: `it is a symlink to "${secret}", outside "${root}"`,
    });
    assert.deepEqual(await read("dangling.md"), { status: "missing" });
    assert.deepEqual(await read("absent.md"), { status: "missing" });
    // The user's own file (no `within`) may point anywhere.
    assert.deepEqual(
      await readProjectFile(join(ws.project, "notes.md"), { maxBytes: 1024 }),
      { status: "ok", text: "sk-user-SECRET\n", truncated: false },
    );
  },
});

Deno.test({
  name: "readProjectFile() never opens a FIFO or a device, and reads at most maxBytes",
  ignore: !unix,
  async fn() {
    await using ws = await workspace();
    await mkfifo(join(ws.project, "pipe"));
    await Deno.symlink("/dev/zero", join(ws.project, "zero"));
    const options = { maxBytes: 1024 };
    assert.deepEqual(await readProjectFile(join(ws.project, "pipe"), options), {
      status: "refused",
      reason: "it is a named pipe (FIFO), not a regular file",
    });
    assert.deepEqual(await readProjectFile(join(ws.project, "zero"), options), {
      status: "refused",
      reason: "it is a character device, not a regular file",
    });
    assert.deepEqual(await readProjectFile(ws.project, options), {
      status: "refused",
      reason: "it is a directory, not a regular file",
    });
    // Cut at the cap, and a character split by the cut is left out, not mangled.
    await ws.write("project", "big.md", `${"a".repeat(1023)}é and more`);
    assert.deepEqual(await readProjectFile(join(ws.project, "big.md"), options), {
      status: "ok",
      text: "a".repeat(1023),
      truncated: true,
    });
    await ws.write("project", "exact.md", "b".repeat(1024));
    assert.deepEqual(await readProjectFile(join(ws.project, "exact.md"), options), {
      status: "ok",
      text: "b".repeat(1024),
      truncated: false,
    });
    await Deno.writeFile(join(ws.project, "latin1.txt"), new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
    assert.deepEqual(
      await readProjectFile(join(ws.project, "latin1.txt"), { ...options, strictUtf8: true }),
      { status: "refused", reason: "it is not UTF-8 text" },
    );
  },
});

function load(ws: Workspace, trusted = false) {
  return loadProjectConfig({
    cwd: ws.project,
    env: {},
    userConfigDir: ws.user,
    trustDirectory: trusted,
  });
}

Deno.test({
  name:
    "a project's config files pointing to /dev/zero, a FIFO or out of the project are skipped with a warning",
  ignore: !unix,
  async fn() {
    await using ws = await workspace();
    const secret = await secretOutside(ws);
    await ws.write("user", "agents.config.json", {
      nanocoder: { providers: [{ name: "mine", baseUrl: "http://127.0.0.1:1/v1", models: ["m"] }] },
    });
    await Deno.symlink("/dev/zero", join(ws.project, "agents.config.json"));
    await mkfifo(join(ws.project, ".mcp.json"));
    await Deno.symlink(secret, join(ws.project, ".env"));
    const root = await Deno.realPath(ws.project);
    for (const trusted of [false, true]) {
      const project = await load(ws, trusted);
      assert.deepEqual(project.config.providers.map((p) => p.name), ["mine"]);
      assert.deepEqual(
        project.warnings,
        [
          `Skipped config "${
            join(ws.project, "agents.config.json")
          }": it is a symlink to "/dev/zero", outside "${root}"`,
          `Skipped config "${
            join(ws.project, ".mcp.json")
          }": it is a named pipe (FIFO), not a regular file`,
          `Skipped "${
            join(ws.project, ".env")
          }": it is a symlink to "${secret}", outside "${root}"`,
        ].sort((a, b) => order(a) - order(b)),
      );
    }
  },
});

/** The warnings come in the order the files are read: `.env` first. */
function order(warning: string): number {
  return warning.includes(".env") ? 0 : warning.includes("agents.config") ? 1 : 2;
}

Deno.test("a project's config file over 1 MB is not read, with a warning", async () => {
  await using ws = await workspace();
  const big = JSON.stringify({
    nanocoder: { bash: { allow: ["x".repeat(CONFIG_FILE_MAX_BYTES)] } },
  });
  const path = await ws.write("project", "agents.config.json", big);
  const project = await load(ws, true);
  assert.deepEqual(project.config.bash.allow, []);
  assert.deepEqual(project.warnings, [
    `Skipped config "${path}": it is over 1 MB, far more than any config file (not read)`,
  ]);
});

Deno.test({
  name: "a trusted project's preferences file pointing out of the project is not read",
  ignore: !unix,
  async fn() {
    await using ws = await workspace();
    const outside = join(ws.project, "..", "prefs.json");
    await Deno.writeTextFile(outside, JSON.stringify({ lastModel: "from-outside" }));
    await Deno.symlink(outside, join(ws.project, "nanocoder-preferences.json"));
    const loaded = await loadPreferences({
      cwd: ws.project,
      env: {},
      trusted: true,
      userConfigDir: ws.user,
    });
    assert.equal(loaded.preferences.lastModel, undefined);
    assert.equal(loaded.warnings.length, 1);
    assert.match(
      loaded.warnings[0],
      /nanocoder-preferences\.json": it is a symlink to ".*prefs\.json", outside/,
    );
  },
});
