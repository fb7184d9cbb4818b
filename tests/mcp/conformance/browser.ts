/**
 * A stand-in for the user's browser in sign-in tests (run as `$BROWSER`): it opens the
 * authorization URL, which the test authorization server answers with a redirect to the
 * loopback callback (it approves every request), and follows that redirect, as a
 * browser would after the user clicked "Allow".
 */
const url = Deno.args[Deno.args.length - 1];
const answer = await fetch(url, { redirect: "manual" });
await answer.body?.cancel();
const location = answer.headers.get("location");
if (!location) {
  console.error(`browser: ${url} answered ${answer.status} without a redirect`);
  Deno.exit(1);
}
const callback = await fetch(new URL(location, url));
await callback.body?.cancel();
if (!callback.ok) {
  console.error(`browser: the callback ${location} answered ${callback.status}`);
  Deno.exit(1);
}
