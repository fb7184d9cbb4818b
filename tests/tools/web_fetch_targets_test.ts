/**
 * web_fetch refuses local and private targets (issue #11 item 6): every spelling of
 * loopback, private networks and cloud metadata, checked on the resolved addresses and
 * again on every redirect, before anything connects; the user can allow them.
 */
import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
import { createWebFetchTool, type WebFetchOptions } from "../../src/tools/web_fetch.ts";
import { createAddressGuard } from "../../src/tools/_private/address_guard.ts";
import { makeToolContext } from "../_helpers/tool_context.ts";

/** A server that records every request, so a test can show nothing reached it. */
async function withRecordingServer(fn: (port: number, hits: string[]) => Promise<void>) {
  const hits: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const url = new URL(req.url);
    hits.push(url.pathname);
    if (url.pathname === "/to-loopback") {
      return Response.redirect(`http://127.0.0.1:${url.port}/secret`, 302);
    }
    if (url.pathname === "/to-metadata") {
      return Response.redirect("http://169.254.169.254/latest/meta-data/", 302);
    }
    return new Response("secret data", { headers: { "content-type": "text/plain" } });
  });
  try {
    await fn(server.addr.port, hits);
  } finally {
    await server.shutdown();
  }
}

const fakeDns: Record<string, string[]> = {
  "site.test": ["127.0.0.1"],
  "metadata.test": ["169.254.169.254"],
  "mixed.test": ["93.184.216.34", "10.0.0.7"],
};
/** The fake names above, the system resolver (hosts file: localhost) for the rest. */
const resolveHost = async (host: string) =>
  fakeDns[host] ?? (await lookup(host, { all: true })).map((entry) => entry.address);

function fetchWith(url: string, options: WebFetchOptions = {}) {
  return createWebFetchTool({ resolveHost, ...options }).execute(
    { url },
    makeToolContext(Deno.cwd()),
  );
}

Deno.test("web_fetch refuses loopback in every spelling and never connects", async () => {
  await withRecordingServer(async (port, hits) => {
    const spellings = [
      ["localhost", "127.0.0.1"],
      ["LOCALHOST.", "127.0.0.1"],
      ["127.0.0.1", "127.0.0.1"],
      ["127.1", "127.0.0.1"],
      ["2130706433", "127.0.0.1"],
      ["0x7f000001", "127.0.0.1"],
      ["0177.0.0.1", "127.0.0.1"],
      ["[::1]", "::1"],
      ["[::ffff:127.0.0.1]", "::ffff:7f00:1"],
      ["0.0.0.0", "0.0.0.0"],
      ["0", "0.0.0.0"],
      ["[::]", "::"],
    ];
    for (const [host, address] of spellings) {
      const url = `http://${host}:${port}/secret`;
      const result = await fetchWith(url);
      assert.equal(result.ok, false, url);
      assert.match(
        result.output,
        /^Error: fetching "http:\/\/.*\/secret" is refused: ".*" (resolves to .*, )?(is )?(a loopback address \(this machine\)|the unspecified address \(this machine\))\. web_fetch only fetches public addresses/,
        url,
      );
      assert.ok(result.output.includes(address), `${url}: ${result.output}`);
    }
    assert.deepEqual(hits, []);
  });
});

Deno.test("web_fetch refuses private, CGNAT, link-local and metadata targets, by address or name", async () => {
  const cases: [string, RegExp][] = [
    ["http://10.0.0.1/", /"10\.0\.0\.1" is a private network address/],
    ["http://192.168.1.1/", /"192\.168\.1\.1" is a private network address/],
    ["http://172.16.5.4/", /a private network address/],
    ["http://100.100.100.200/latest/meta-data", /a carrier-grade NAT address/],
    ["http://169.254.169.254/latest/meta-data/", /a link-local address \(where cloud metadata/],
    ["http://[fd00:ec2::254]/latest/meta-data/", /"fd00:ec2::254" is a private network address/],
    ["http://[fe80::1]/", /a link-local address/],
    [
      "http://metadata.test/computeMetadata/v1/",
      /"metadata\.test" resolves to 169\.254\.169\.254, a link-local address/,
    ],
    ["http://mixed.test/", /"mixed\.test" resolves to 10\.0\.0\.7, a private network address/],
  ];
  for (const [url, reason] of cases) {
    const result = await fetchWith(url);
    assert.equal(result.ok, false, url);
    assert.match(result.output, reason, url);
    assert.match(result.output, /"webFetch": \{"allowPrivate": true\} or \{"allowHosts": \[/);
  }
});

Deno.test("web_fetch checks every redirect: one to loopback or metadata is refused", async () => {
  await withRecordingServer(async (port, hits) => {
    // The first hop is allowed by name; where it redirects is checked on its own.
    const options = { allowHosts: ["site.test"] };
    const loop = await fetchWith(`http://site.test:${port}/to-loopback`, options);
    assert.deepEqual(loop, {
      ok: false,
      output: `Error: "http://site.test:${port}/to-loopback" redirects to ` +
        `"http://127.0.0.1:${port}/secret", which is refused: "127.0.0.1" is a loopback ` +
        "address (this machine). web_fetch only fetches public addresses, so that no page or " +
        "prompt can make it reach local services or cloud metadata. If the user needs it, " +
        'they can allow it in their config: "webFetch": {"allowPrivate": true} or ' +
        '{"allowHosts": ["127.0.0.1"]}.',
    });
    const meta = await fetchWith(`http://site.test:${port}/to-metadata`, options);
    assert.match(
      meta.output,
      /redirects to "http:\/\/169\.254\.169\.254\/latest\/meta-data\/", which is refused/,
    );
    assert.deepEqual(hits, ["/to-loopback", "/to-metadata"]);
  });
});

Deno.test("the user can allow private targets: allowPrivate (not metadata) or allowHosts", async () => {
  await withRecordingServer(async (port, hits) => {
    const local = await fetchWith(`http://localhost:${port}/ok`, { allowPrivate: true });
    assert.equal(local.ok, true, local.output);
    assert.match(local.output, /secret data/);
    const listed = await fetchWith(`http://127.0.0.1:${port}/ok`, { allowHosts: ["127.0.0.0/8"] });
    assert.equal(listed.ok, true, listed.output);
    assert.deepEqual(hits, ["/ok", "/ok"]);
  });
  const signal = new AbortController().signal;
  const metadata = new URL("http://169.254.169.254/latest/");
  const privateOnly = await createAddressGuard({ allowPrivate: true })(metadata, signal);
  assert.equal(privateOnly.ok, false, "allowPrivate does not open cloud metadata");
  const named = await createAddressGuard({ allowHosts: ["169.254.169.254"] })(metadata, signal);
  assert.equal(named.ok, true);
});

Deno.test("web_fetch connects to the address it checked (the request never re-resolves)", async () => {
  await withRecordingServer(async (port, hits) => {
    // Only the tool's resolver knows site.test: the connection can only have gone to
    // the address it returned and the check accepted.
    const result = await fetchWith(`http://site.test:${port}/pinned`, {
      allowHosts: ["site.test"],
    });
    assert.equal(result.ok, true, result.output);
    assert.deepEqual(hits, ["/pinned"]);
  });
});

Deno.test("a host name that does not resolve is a DNS failure the model can act on", async () => {
  assert.deepEqual(await fetchWith("http://nowhere.invalid/page"), {
    ok: false,
    output: 'Error: cannot fetch "http://nowhere.invalid/page": the host name could not be ' +
      "resolved (DNS failure). Check the spelling of the host.",
  });
});
