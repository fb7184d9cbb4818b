import assert from "node:assert/strict";
import { McpManager } from "../../src/mcp/manager.ts";
import { TokenStore } from "../../src/mcp/oauth/token_store.ts";
import { followSignIn, startOAuthServer } from "./_oauth_server.ts";
import { setup } from "./_servers.ts";

/** A manager for one OAuth server "web", its tokens in `store`. */
function webManager(url: string, store: TokenStore, extra: Record<string, unknown> = {}) {
  const { registry, ctx } = setup();
  const notices: string[] = [];
  const logs: string[] = [];
  const manager = new McpManager({ web: { type: "http", url } }, {
    registry,
    cwd: ctx.cwd,
    tokenStore: store,
    onNotice: (m) => notices.push(m),
    log: (m) => logs.push(m),
    ...extra,
  });
  return { manager, registry, ctx, notices, logs };
}

async function withServer(
  fn: (server: ReturnType<typeof startOAuthServer>, store: TokenStore) => Promise<void>,
) {
  const server = startOAuthServer();
  const dir = await Deno.makeTempDir();
  try {
    await fn(server, new TokenStore(`${dir}/mcp-oauth`));
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a server that wants a sign-in is 'needs_login' with the command to run, and nothing is registered", async () => {
  await withServer(async (server, store) => {
    const { manager, registry, notices } = webManager(server.url, store);
    try {
      manager.start();
      const [status] = await manager.ready();
      assert.equal(status.state, "needs_login");
      assert.equal(status.lastError, 'Sign-in required: run "nanocoder mcp login web"');
      assert.deepEqual(status.auth, { method: "oauth", signedIn: false, refreshable: false });
      assert.deepEqual(notices, [
        'MCP server "web" skipped: Sign-in required: run "nanocoder mcp login web"',
      ]);
      assert.deepEqual(registry.names(), []);
      // No client was registered with the authorization server for a sign-in no one can do.
      assert.equal(server.stats.registrations, 0);
    } finally {
      await manager.close();
    }
  });
});

Deno.test("login() signs in through the browser and loopback redirect; the tokens are stored with mode 0600 and used by the next session", async () => {
  await withServer(async (server, store) => {
    const opened: string[] = [];
    const first = webManager(server.url, store);
    try {
      const status = await first.manager.login("web", {
        open: async (url) => {
          opened.push(url.href);
          await followSignIn(url);
        },
      });
      assert.equal(status.state, "connected", status.lastError);
      assert.equal(status.auth?.signedIn, true);
      assert.equal(status.auth?.refreshable, true);
      assert.equal(opened.length, 1);
      const authorizeUrl = new URL(opened[0]);
      assert.equal(authorizeUrl.searchParams.get("code_challenge_method"), "S256");
      assert.equal(authorizeUrl.searchParams.get("resource"), server.url);
      assert.match(
        authorizeUrl.searchParams.get("redirect_uri")!,
        /^http:\/\/127\.0\.0\.1:\d+\/callback$/,
      );
      // The server's scope, and offline_access because the authorization server lists it.
      assert.deepEqual(server.stats.scopes, ["mcp offline_access"]);
      const result = await first.registry.get("mcp__web__whoami")!.execute({}, first.ctx);
      assert.deepEqual(result, { ok: true, output: "signed in" });
    } finally {
      await first.manager.close();
    }
    const path = store.pathOf({ name: "web", url: server.url });
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
      assert.equal((await Deno.stat(store.dir)).mode! & 0o777, 0o700);
    }
    const stored = await store.read({ name: "web", url: server.url });
    assert.match(String(stored?.tokens?.access_token), /^access-/);
    assert.ok(Number(stored?.tokens?.expires_at) > Date.now());

    // A later session (no one to sign in) uses the stored tokens: no browser, no new grant.
    const second = webManager(server.url, store);
    try {
      second.manager.start();
      const [status] = await second.manager.ready();
      assert.equal(status.state, "connected", status.lastError);
      assert.equal(server.stats.authorizations, 1);
      assert.equal(server.stats.codeGrants, 1);
    } finally {
      await second.manager.close();
    }
  });
});

Deno.test("an access token the server no longer accepts is refreshed without the browser", async () => {
  await withServer(async (server, store) => {
    const first = webManager(server.url, store);
    await first.manager.login("web", { open: followSignIn });
    await first.manager.close();
    const before = (await store.read({ name: "web", url: server.url }))?.tokens?.access_token;
    server.expireAccessTokens();
    const second = webManager(server.url, store);
    try {
      second.manager.start();
      const [status] = await second.manager.ready();
      assert.equal(status.state, "connected", status.lastError);
      assert.equal(server.stats.refreshGrants, 1);
      assert.equal(server.stats.authorizations, 1);
      const after = (await store.read({ name: "web", url: server.url }))?.tokens?.access_token;
      assert.notEqual(after, before);
    } finally {
      await second.manager.close();
    }
  });
});

Deno.test("a stored token past its expiry is refreshed before the first request", async () => {
  await withServer(async (server, store) => {
    const first = webManager(server.url, store);
    await first.manager.login("web", { open: followSignIn });
    await first.manager.close();
    const key = { name: "web", url: server.url };
    await store.update(
      key,
      (a) => ({ ...a, tokens: { ...a.tokens!, expires_at: Date.now() - 1000 } }),
    );
    const unauthorizedBefore = server.stats.unauthorized;
    const second = webManager(server.url, store);
    try {
      second.manager.start();
      const [status] = await second.manager.ready();
      assert.equal(status.state, "connected", status.lastError);
      assert.equal(server.stats.refreshGrants, 1);
      // Renewed ahead: the server never had to refuse the old token.
      assert.equal(server.stats.unauthorized, unauthorizedBefore);
    } finally {
      await second.manager.close();
    }
  });
});

Deno.test("tokens never appear in statuses, notices or the debug log", async () => {
  await withServer(async (server, store) => {
    const session = webManager(server.url, store);
    try {
      await session.manager.login("web", { open: followSignIn });
      server.expireAccessTokens();
      await session.manager.restart("web");
      const stored = await store.read({ name: "web", url: server.url });
      const secrets = [stored!.tokens!.access_token, String(stored!.tokens!.refresh_token)];
      const seen = JSON.stringify([session.manager.status(), session.notices, session.logs]);
      for (const secret of secrets) assert.ok(!seen.includes(secret), "a token leaked");
    } finally {
      await session.manager.close();
    }
  });
});

Deno.test("after the stored sign-in is removed (logout) the server needs a sign-in again", async () => {
  await withServer(async (server, store) => {
    const first = webManager(server.url, store);
    await first.manager.login("web", { open: followSignIn });
    await first.manager.close();
    assert.equal(await store.remove({ name: "web", url: server.url }), true);
    assert.equal(await store.remove({ name: "web", url: server.url }), false);
    const second = webManager(server.url, store);
    try {
      second.manager.start();
      assert.equal((await second.manager.ready())[0].state, "needs_login");
    } finally {
      await second.manager.close();
    }
  });
});
