import assert from "node:assert/strict";
import { makeToolContext } from "../_helpers/tool_context.ts";
import { fileURLToPath } from "node:url";
import { createWebFetchTool, type WebFetchOptions } from "../../src/tools/web_fetch.ts";

const ARTICLE = await Deno.readTextFile(
  new URL("../fixtures/web_fetch/article.html", import.meta.url),
);

/** An endless body, produced only as fast as it is read. */
function endless(): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  return new ReadableStream({ pull: (controller) => controller.enqueue(chunk) });
}

/** A body that starts, then stalls for `ms` (cut short when the client goes away). */
function stalling(ms: number): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let step = 0;
  return new ReadableStream({
    pull(controller) {
      if (step++ === 0) return controller.enqueue(new TextEncoder().encode("<p>start"));
      return new Promise((resolve) => {
        timer = setTimeout(() => {
          controller.close();
          resolve();
        }, ms);
      });
    },
    cancel: () => clearTimeout(timer),
  });
}

function route(req: Request): Response | Promise<Response> {
  const { pathname } = new URL(req.url);
  const html = (body: string) =>
    new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });
  switch (pathname) {
    case "/blog/2026/structured/":
      return html(ARTICLE);
    case "/api/data.json":
      return Response.json({ name: "nanocoder", tags: ["a", "b"], nested: { ok: true } });
    case "/notes.txt":
      return new Response("plain text\nsecond line\n", {
        headers: { "content-type": "text/plain" },
      });
    case "/latin1.txt":
      return new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), {
        headers: { "content-type": "text/plain; charset=iso-8859-1" },
      });
    case "/old":
      return Response.redirect(new URL("/moved", req.url), 301);
    case "/moved":
      return new Response(null, { status: 302, headers: { location: "/blog/2026/structured/" } });
    case "/loop/a":
      return new Response(null, { status: 302, headers: { location: "/loop/b" } });
    case "/loop/b":
      return new Response(null, { status: 307, headers: { location: "/loop/a" } });
    case "/slow":
      return new Response(stalling(5_000), { headers: { "content-type": "text/html" } });
    case "/huge":
      return new Response(endless(), { headers: { "content-type": "text/plain" } });
    case "/big-declared":
      return new Response(new Uint8Array(300_000), {
        headers: { "content-type": "text/plain" },
      });
    case "/image.png":
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), {
        headers: { "content-type": "image/png" },
      });
    case "/server-error":
      return new Response("boom", { status: 503, statusText: "Service Unavailable" });
    default: {
      const match = /^\/chain\/(\d+)$/.exec(pathname);
      if (match) {
        const n = Number(match[1]);
        return new Response(null, { status: 302, headers: { location: `/chain/${n + 1}` } });
      }
      return new Response("not here", { status: 404, statusText: "Not Found" });
    }
  }
}

/**
 * The test server answers as "site.test", a name only the tool's resolver knows (it
 * maps it to 127.0.0.1, allowed for these tests): so every request here also shows that
 * web_fetch connects to the address it checked, not to what the system resolver says.
 */
const SITE = "site.test";
const resolveHost = (host: string) =>
  host === SITE ? Promise.resolve(["127.0.0.1"]) : Promise.reject(new Error("dns error: " + host));
const LOCAL: WebFetchOptions = { allowHosts: ["127.0.0.1"], resolveHost };

async function withServer(
  fn: (base: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve(
    {
      hostname: "127.0.0.1",
      port: 0,
      onListen() {},
      onError: () => new Response(null, { status: 500 }),
    },
    route,
  );
  try {
    await fn(`http://${SITE}:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

async function fetchWith(url: string, options?: WebFetchOptions, max_bytes?: number) {
  return await createWebFetchTool({ ...LOCAL, ...options }).execute(
    { url, max_bytes },
    makeToolContext(Deno.cwd()),
  );
}

Deno.test("web_fetch turns an article page into markdown without nav, sidebar or footer", async () => {
  await withServer(async (base) => {
    const result = await fetchWith(`${base}/blog/2026/structured/`);
    assert.equal(result.ok, true);
    const out = result.output;
    assert.ok(
      out.startsWith(
        `URL: ${base}/blog/2026/structured/\nTitle: Understanding Structured Concurrency | The Runtime Blog\n\n`,
      ),
      out.slice(0, 200),
    );
    assert.match(out, /Structured concurrency is the idea that concurrent tasks/);
    assert.match(out, /## Cancellation is the hard part/);
    assert.match(out, /\[task guide\]\(http:\/\/site\.test:\d+\/docs\/guide\/tasks\.html\)/);
    assert.match(out, /\[original nursery paper\]\(https:\/\/example\.org\/papers\/nursery\.pdf\)/);
    assert.match(
      out,
      /\[cancellation deep dive\]\(http:\/\/site\.test:\d+\/blog\/2026\/cancellation\/\)/,
    );
    assert.match(
      out,
      /```ts\nawait using group = new TaskGroup\(\);\ngroup\.spawn\(\(\) => fetchDocument/,
    );
    for (
      const noise of [
        "Subscribe to the newsletter",
        "Related posts",
        "All rights reserved",
        "Privacy policy",
        "dataLayer",
        "Advertisement",
        "Accept all cookies",
      ]
    ) {
      assert.ok(!out.includes(noise), `"${noise}" should have been left out`);
    }
    assert.match(
      result.summary ?? "",
      /^Fetched http:\/\/site\.test:\d+\/blog\/2026\/structured\/ \(\d+ bytes, text\/html\)$/,
    );
  });
});

Deno.test("web_fetch pretty-prints JSON", async () => {
  await withServer(async (base) => {
    const result = await fetchWith(`${base}/api/data.json`);
    assert.deepEqual(result, {
      ok: true,
      output: `URL: ${base}/api/data.json\nContent-Type: application/json\n\n${
        JSON.stringify({ name: "nanocoder", tags: ["a", "b"], nested: { ok: true } }, null, 2)
      }`,
      summary: `Fetched ${base}/api/data.json (${
        JSON.stringify({ name: "nanocoder", tags: ["a", "b"], nested: { ok: true } }).length
      } bytes, application/json)`,
    });
  });
});

Deno.test("web_fetch passes plain text through and honours the charset", async () => {
  await withServer(async (base) => {
    const text = await fetchWith(`${base}/notes.txt`);
    assert.equal(
      text.output,
      `URL: ${base}/notes.txt\nContent-Type: text/plain\n\nplain text\nsecond line`,
    );
    const latin1 = await fetchWith(`${base}/latin1.txt`);
    assert.equal(latin1.output, `URL: ${base}/latin1.txt\nContent-Type: text/plain\n\ncafé`);
  });
});

Deno.test("web_fetch follows redirects and reports the final URL", async () => {
  await withServer(async (base) => {
    const result = await fetchWith(`${base}/old`);
    assert.equal(result.ok, true);
    assert.ok(result.output.startsWith(`URL: ${base}/blog/2026/structured/\nTitle: Understanding`));
  });
});

Deno.test("web_fetch stops a redirect loop and a redirect chain over the limit", async () => {
  await withServer(async (base) => {
    assert.deepEqual(await fetchWith(`${base}/loop/a`), {
      ok: false,
      output: `Error: "${base}/loop/a" redirects in a loop (back to "${base}/loop/a").`,
    });
    assert.deepEqual(await fetchWith(`${base}/chain/0`, { maxRedirects: 3 }), {
      ok: false,
      output: `Error: "${base}/chain/0" redirected more than 3 times (last to "${base}/chain/4").`,
    });
  });
});

Deno.test("web_fetch times out on a slow server", async () => {
  await withServer(async (base) => {
    assert.deepEqual(await fetchWith(`${base}/slow`, { timeoutMs: 200 }), {
      ok: false,
      output:
        `Error: fetching "${base}/slow" timed out after 200 ms. The server is slow or unreachable; try again later or another source.`,
    });
  });
});

Deno.test("web_fetch stops downloading a huge body at the cap and says so", async () => {
  await withServer(async (base) => {
    const result = await fetchWith(`${base}/huge`, { maxBytesLimit: 1_000_000 }, 100_000);
    assert.equal(result.ok, true);
    const body = result.output.split("\n\n")[1];
    assert.equal(body, "x".repeat(100_000));
    assert.ok(
      result.output.endsWith(
        "[Truncated: only the first 100000 bytes were downloaded. Pass a larger max_bytes (at most 1000000) to read more.]",
      ),
    );
  });
});

Deno.test("web_fetch refuses a body whose declared size is over the cap", async () => {
  await withServer(async (base) => {
    assert.deepEqual(await fetchWith(`${base}/big-declared`, { defaultMaxBytes: 1_000 }), {
      ok: false,
      output:
        `Error: "${base}/big-declared" is too large: 300000 bytes (text/plain), over the limit of 1000 bytes. Pass a larger max_bytes (at most 10000000) to read it.`,
    });
  });
});

Deno.test("web_fetch reports HTTP errors with their status", async () => {
  await withServer(async (base) => {
    assert.deepEqual(await fetchWith(`${base}/nothing-here`), {
      ok: false,
      output:
        `Error: "${base}/nothing-here" answered HTTP 404 Not Found. The page does not exist: check the URL.\nResponse body: not here`,
    });
    assert.deepEqual(await fetchWith(`${base}/server-error`), {
      ok: false,
      output:
        `Error: "${base}/server-error" answered HTTP 503 Service Unavailable. The server failed: try again later.\nResponse body: boom`,
    });
  });
});

Deno.test("web_fetch describes non-text content instead of returning it", async () => {
  await withServer(async (base) => {
    assert.deepEqual(await fetchWith(`${base}/image.png`), {
      ok: false,
      output:
        `Error: "${base}/image.png" is not text: image/png, 8 bytes. web_fetch reads HTML, JSON and text only.`,
    });
  });
});

Deno.test("web_fetch reports connection refused and TLS failures", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closedPort = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const refused = await fetchWith(`http://127.0.0.1:${closedPort}/`);
  assert.deepEqual(refused, {
    ok: false,
    output:
      `Error: cannot fetch "http://127.0.0.1:${closedPort}/": connection refused (nothing is listening at that address).`,
  });
  await withServer(async (base) => {
    const tls = await fetchWith(base.replace(`http://${SITE}`, "https://127.0.0.1") + "/notes.txt");
    assert.equal(tls.ok, false);
    assert.match(
      tls.output,
      /^Error: cannot fetch "https:\/\/127\.0\.0\.1:\d+\/notes\.txt": TLS failure \(/,
    );
  });
});

Deno.test("web_fetch rejects URLs that are not http(s)", async () => {
  assert.deepEqual(await fetchWith("file:///etc/passwd"), {
    ok: false,
    output: 'Error: "file:///etc/passwd" is not an http:// or https:// URL.',
  });
  assert.deepEqual(await fetchWith("example.com/page"), {
    ok: false,
    output:
      'Error: "example.com/page" is not a valid URL: write it in full, e.g. "https://example.com/page".',
  });
});

Deno.test("web_fetch names the host and the flag when --allow-net does not cover it", async () => {
  const script = fileURLToPath(new URL("../fixtures/web_fetch/denied_host.ts", import.meta.url));
  {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--allow-read", "--allow-net=127.0.0.1", script],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const result = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(result.ok, false);
    assert.match(
      result.output,
      /^Error: network access to "denied\.example\.com" is not allowed \(Requires net access to "denied\.example\.com(:443)?", run again with the --allow-net flag\)\. Ask the user to run nanocoder with --allow-net \(or add "denied\.example\.com" to --allow-net\) to fetch it\.$/,
    );
  }
});
