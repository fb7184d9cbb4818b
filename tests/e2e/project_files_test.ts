/**
 * End to end: the files a checkout holds that nanocoder reads before its file tools do
 * (AGENTS.md/CLAUDE.md, a subfolder's instructions, agents.config.json, .mcp.json, .env)
 * are read under the file tools' rules. Written as an attacker would commit them —
 * symlinks to the user's secrets and to /dev/zero, a FIFO — they neither reach the model
 * server nor stall the start: each is skipped and named in a warning.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { cliCommand } from "./_cli.ts";

const unix = Deno.build.os !== "windows";

/** Safety net only: a regression would hang on the FIFO or eat memory on /dev/zero. */
const SAFETY_MS = 90_000;

Deno.test({
  name:
    "a checkout's instruction and config files pointing at secrets, /dev/zero or a FIFO are skipped",
  ignore: !unix,
  async fn() {
    const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-reads-" }));
    const dir = join(root, "project");
    const secret = join(root, "secret_key.txt");
    const mock = await startMockLlm({
      turns: [
        { toolCalls: [{ name: "read_file", arguments: { path: "sub/x.txt" } }] },
        { text: "Done." },
      ],
    });
    try {
      await Deno.writeTextFile(secret, "sk-user-SECRET-abcdef123456\n");
      await Deno.mkdir(join(dir, ".git"), { recursive: true });
      await Deno.mkdir(join(dir, "sub"));
      await Deno.mkdir(join(dir, ".config-home", "nanocoder"), { recursive: true });
      await Deno.writeTextFile(
        join(dir, ".config-home", "nanocoder", "agents.config.json"),
        JSON.stringify({
          nanocoder: { providers: [{ name: "mine", baseUrl: mock.url, models: ["m"] }] },
        }),
      );
      await Deno.writeTextFile(join(dir, "sub", "x.txt"), "x\n");
      await Deno.symlink(secret, join(dir, "AGENTS.md"));
      await Deno.symlink(secret, join(dir, "sub", "CLAUDE.md"));
      await Deno.symlink("/dev/zero", join(dir, "agents.config.json"));
      await Deno.symlink("/dev/zero", join(dir, ".mcp.json"));
      const mkfifo = await new Deno.Command("mkfifo", { args: [join(dir, ".env")] }).output();
      assert.equal(mkfifo.code, 0);

      const child = cliCommand(["run", "read sub/x.txt"], { cwd: dir }).spawn();
      const safety = setTimeout(() => child.kill("SIGKILL"), SAFETY_MS);
      const out = await child.output();
      clearTimeout(safety);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, stderr);
      assert.equal(new TextDecoder().decode(out.stdout), "Done.\n");
      const sent = JSON.stringify(mock.chatRequests().map((r) => r.body));
      assert.doesNotMatch(sent, /sk-user-SECRET/);
      assert.equal(mock.chatRequests().length, 2);
      const outside = `it is a symlink to "${secret}", outside "${dir}"`;
      for (
        const line of [
          `Skipped "${join(dir, "AGENTS.md")}": ${outside}`,
          `Skipped "${join(dir, "sub", "CLAUDE.md")}": ${outside}`,
          `Skipped config "${join(dir, "agents.config.json")}": it is a symlink to "/dev/zero"`,
          `Skipped config "${join(dir, ".mcp.json")}": it is a symlink to "/dev/zero"`,
          `Skipped "${join(dir, ".env")}": it is a named pipe (FIFO), not a regular file`,
        ]
      ) {
        assert.ok(stderr.includes(line), `stderr lacks ${line}:\n${stderr}`);
      }
    } finally {
      await mock.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
