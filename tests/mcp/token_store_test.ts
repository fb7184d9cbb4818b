import assert from "node:assert/strict";
import { join } from "node:path";
import { TokenStore, userDataDir } from "../../src/mcp/oauth/token_store.ts";

Deno.test("userDataDir() follows NANOCODER_DATA_DIR, XDG_DATA_HOME and each platform's convention", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(userDataDir(env({ NANOCODER_DATA_DIR: "/d", HOME: "/h" }), "linux"), "/d");
  assert.equal(userDataDir(env({ XDG_DATA_HOME: "/x", HOME: "/h" }), "linux"), "/x/nanocoder");
  assert.equal(userDataDir(env({ HOME: "/h" }), "linux"), "/h/.local/share/nanocoder");
  assert.equal(
    userDataDir(env({ HOME: "/h" }), "darwin"),
    "/h/Library/Application Support/nanocoder",
  );
  assert.equal(userDataDir(env({}), "linux"), undefined);
});

Deno.test("TokenStore keeps one file per server name and URL; another URL reads as signed out", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new TokenStore(join(dir, "mcp-oauth"));
    const key = { name: "linear", url: "https://mcp.linear.app/mcp" };
    assert.equal(await store.read(key), undefined);
    await store.update(key, (a) => ({ ...a, tokens: { access_token: "t1" } }));
    await store.update(key, (a) => ({ ...a, redirectPort: 4321 }));
    assert.deepEqual(await store.read(key), {
      serverName: "linear",
      serverUrl: "https://mcp.linear.app/mcp",
      tokens: { access_token: "t1" },
      redirectPort: 4321,
    });
    // The name now points elsewhere: the old tokens are not offered to the new server.
    assert.equal(await store.read({ ...key, url: "https://evil.example/mcp" }), undefined);
    assert.equal((await Array.fromAsync(Deno.readDir(store.dir))).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TokenStore reads a torn or hand-broken file as signed out", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new TokenStore(dir);
    const key = { name: "x", url: "https://x/mcp" };
    await Deno.writeTextFile(store.pathOf(key), '{"serverName": "x", "tok');
    assert.equal(await store.read(key), undefined);
    await store.update(key, (a) => ({ ...a, scope: "read" }));
    assert.equal((await store.read(key))?.scope, "read");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
