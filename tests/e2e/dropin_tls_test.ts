/**
 * A provider's `caCertPath` and `connectionPool`, as a user behind a private CA has them:
 * a local TLS server whose certificate a CA made in the test signed (openssl), in front
 * of the mock. With the CA bundle configured `run` talks to it; without, the certificate
 * is refused. `connectionPool.idleTimeout` decides whether an idle connection is reused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type MockLlm, startMockLlm } from "../_helpers/mock_llm.ts";
import { createChatClient } from "../../src/ai/client.ts";
import { runCli } from "./_cli.ts";

const hasOpenssl = await new Deno.Command("openssl", { args: ["version"], stdout: "null" })
  .output().then((o) => o.success, () => false);
const ignore = !hasOpenssl;
if (ignore) console.warn("dropin_tls_test: skipped, openssl is not installed");

/** A CA and a certificate it signed for localhost and 127.0.0.1, as PEM files in `dir`. */
async function makeCerts(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const run = async (...args: string[]) => {
    const out = await new Deno.Command("openssl", { args, cwd: dir, stderr: "piped" }).output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=nanocoder test CA",
  );
  await run("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  await Deno.writeTextFile(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  await run(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "san.ext",
  );
  return { ca: join(dir, "ca.pem"), cert: join(dir, "server.pem"), key: join(dir, "server.key") };
}

/** TLS on a local port, relayed to the mock's plain HTTP port. */
async function tlsFront(mock: MockLlm, cert: string, key: string) {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(cert),
    key: await Deno.readTextFile(key),
  });
  const target = Number(new URL(mock.root).port);
  const relays: Promise<unknown>[] = [];
  const accepting = (async () => {
    for await (const tls of listener) {
      relays.push((async () => {
        const plain = await Deno.connect({ hostname: "127.0.0.1", port: target });
        await Promise.allSettled([
          tls.readable.pipeTo(plain.writable),
          plain.readable.pipeTo(tls.writable),
        ]);
      })());
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      await accepting;
      await Promise.allSettled(relays);
    },
  };
}

Deno.test({
  name:
    "caCertPath: run trusts the provider's private CA, and without it the certificate is refused",
  ignore,
  async fn() {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-e2e-tls-" }));
    const mock = await startMockLlm({ turns: [{ text: "over TLS" }] });
    const certs = await makeCerts(dir);
    const front = await tlsFront(mock, certs.cert, certs.key);
    try {
      const configDir = join(dir, ".config-home", "nanocoder");
      await Deno.mkdir(configDir, { recursive: true });
      const provider = {
        name: "private",
        baseUrl: `https://localhost:${front.port}/v1`,
        apiKey: "k-private",
        models: ["m"],
        maxRetries: 0,
      };
      const write = (entry: Record<string, unknown>) =>
        Deno.writeTextFile(
          join(configDir, "agents.config.json"),
          JSON.stringify({ nanocoder: { providers: [entry] } }),
        );
      await write({ ...provider, caCertPath: certs.ca });
      const trusted = await runCli(["run", "hi"], { cwd: dir });
      assert.deepEqual([trusted.code, trusted.stdout], [0, "over TLS\n"], trusted.stderr);
      assert.equal(mock.chatRequests()[0].headers.get("authorization"), "Bearer k-private");

      await write(provider);
      const refused = await runCli(["run", "hi"], { cwd: dir });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /UnknownIssuer .*set "caCertPath" on the provider/);
      assert.equal(mock.chatRequests().length, 1);
    } finally {
      await front.close();
      await mock.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "connectionPool.idleTimeout: an idle connection is dropped after it, reused before",
  async fn() {
    const mock = await startMockLlm();
    const provider = (pool?: number) => ({
      name: "local",
      baseUrl: mock.url,
      models: ["m"],
      ...(pool !== undefined ? { poolIdleTimeoutMs: pool } : {}),
    });
    const twice = async (pool?: number) => {
      const client = createChatClient(provider(pool));
      const before = mock.connectionCount();
      const ask = () => client.chat({ model: "m", messages: [{ role: "user", content: "hi" }] });
      await ask();
      // Longer than the short idle timeout, far shorter than the default (90 s).
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ask();
      return mock.connectionCount() - before;
    };
    try {
      assert.equal(await twice(60_000), 1);
      assert.equal(await twice(20), 2);
    } finally {
      await mock.close();
    }
  },
});
