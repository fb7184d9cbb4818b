import assert from "node:assert/strict";
import { browserCommand } from "../../src/mcp/oauth/browser.ts";
import { freeLoopbackPort, listenForCode } from "../../src/mcp/oauth/loopback.ts";

Deno.test("browserCommand() uses $BROWSER (with %s or the URL appended), else the platform's opener", () => {
  const url = "https://as.example/authorize?a=1&b=2";
  assert.deepEqual(browserCommand(url, "firefox", "linux"), ["firefox", url]);
  assert.deepEqual(browserCommand(url, "w3m -o x %s:lynx", "linux"), ["w3m", "-o", "x", url]);
  assert.deepEqual(browserCommand(url, undefined, "linux"), ["xdg-open", url]);
  assert.deepEqual(browserCommand(url, "", "darwin"), ["open", url]);
  assert.deepEqual(browserCommand(url, undefined, "windows"), [
    "cmd",
    "/c",
    "start",
    '""',
    "https://as.example/authorize?a=1^&b=2",
  ]);
});

Deno.test("the loopback listener takes the code with the right state, ignores others, and reports a refusal", async () => {
  const port = freeLoopbackPort();
  const pending = listenForCode({ port, state: "s1", server: "web" });
  const base = `http://127.0.0.1:${port}/callback`;
  const forged = await fetch(`${base}?code=evil&state=other`);
  assert.equal(forged.status, 400);
  await forged.body?.cancel();
  const ok = await fetch(`${base}?code=good&state=s1`);
  assert.match(await ok.text(), /Signed in to &#34;web&#34;|Signed in to "web"/);
  assert.equal(await pending.code, "good");
  await pending.close();

  const refused = listenForCode({ port, state: "s2", server: "web" });
  const page = await fetch(`${base}?error=access_denied&error_description=User+said+no&state=s2`);
  await page.body?.cancel();
  await assert.rejects(
    refused.code,
    /^Error: The authorization server refused the sign-in: User said no$/,
  );
  await refused.close();
});

Deno.test("the loopback listener says which port is taken", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  try {
    assert.throws(
      () => listenForCode({ port, state: "s", server: "web" }),
      new RegExp(
        `^Error: Cannot listen for the sign-in redirect on 127\\.0\\.0\\.1:${port}: the port is in use$`,
      ),
    );
  } finally {
    listener.close();
  }
});
