/**
 * End to end (issue #18): a remote MCP server behind OAuth. Without a sign-in, `mcp list`
 * and `run` say "needs login" with the command and the run goes on; `mcp login` signs in
 * through $BROWSER and the loopback redirect; then `run` uses the server's tools;
 * `mcp logout` forgets the sign-in.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockLlm } from "../_helpers/mock_llm.ts";
import { startOAuthServer } from "../mcp/_oauth_server.ts";
import { runCli } from "./_cli.ts";

const BROWSER = `${Deno.execPath()} run -A --no-prompt --quiet ${
  fileURLToPath(new URL("../mcp/conformance/browser.ts", import.meta.url))
}`;

Deno.test("mcp login signs in through the browser; run then uses the server; logout forgets it", async () => {
  const home = await Deno.makeTempDir();
  const server = startOAuthServer();
  const mock = await startMockLlm({ handler: () => ({ text: "unused" }) });
  try {
    const configDir = join(home, ".config-home", "nanocoder");
    await Deno.mkdir(configDir, { recursive: true });
    await Deno.writeTextFile(
      join(configDir, "agents.config.json"),
      JSON.stringify({ nanocoder: { mcpServers: { web: { type: "http", url: server.url } } } }),
    );
    const cli = (args: string[]) => runCli(args, { cwd: home, env: { BROWSER } });
    const run = ["--base-url", mock.url, "--model", "m", "--mode", "yolo", "run", "who am I?"];

    let out = await cli(["mcp", "list"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /^web {2}http {2}needs login {2}- {2}http:\/\/127\.0\.0\.1:\d+\/mcp\n {2}Sign-in required: run "nanocoder mcp login web"$/m,
    );

    // The model asks for the server's tool at once: the run waits for the server, which
    // wants a sign-in; the user is told how, and the run goes on without it.
    mock.enqueue({ toolCalls: [{ name: "mcp__web__whoami", arguments: {} }] }, { text: "No." });
    out = await cli(run);
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stderr,
      /warning: MCP server "web" skipped: Sign-in required: run "nanocoder mcp login web"/,
    );

    out = await cli(["mcp", "login", "web"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stderr,
      /If it does not open, visit:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?/,
    );
    assert.match(out.stdout, /^Signed in to "web" \(1 tools\)\. Tokens stored in .*mcp-oauth\.$/m);
    const tokens = join(home, ".local", "share", "nanocoder", "mcp-oauth");
    const [file] = await Array.fromAsync(Deno.readDir(tokens));
    assert.equal((await Deno.stat(join(tokens, file.name))).mode! & 0o777, 0o600);
    const secret = JSON.parse(await Deno.readTextFile(join(tokens, file.name))).tokens.access_token;
    assert.ok(!out.stdout.includes(secret) && !out.stderr.includes(secret));

    out = await cli(["mcp", "list"]);
    assert.match(
      out.stdout,
      /^web {2}http {2}connected {2}1 tool {2}http:\/\/127\.0\.0\.1:\d+\/mcp\n {2}auth: signed in \(OAuth\), expires in \d+ min, renews by itself$/m,
    );

    mock.enqueue({ toolCalls: [{ name: "mcp__web__whoami", arguments: {} }] }, { text: "Done." });
    out = await cli(run);
    assert.equal(out.code, 0, out.stderr);
    const toolMessages = mock.chatRequests().at(-1)!.body.messages.filter(
      (m: { role: string }) => m.role === "tool",
    );
    assert.deepEqual(toolMessages.map((m: { content: string }) => m.content), ["signed in"]);
    assert.equal(server.stats.authorizations, 1);

    out = await cli(["mcp", "logout", "web"]);
    assert.equal(out.stdout, 'Signed out of "web": its tokens were deleted.\n');
    assert.deepEqual(await Array.fromAsync(Deno.readDir(tokens)), []);
    out = await cli(["mcp", "logout", "web"]);
    assert.equal(out.stdout, 'No sign-in is stored for "web".\n');
  } finally {
    await mock.close();
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
});
