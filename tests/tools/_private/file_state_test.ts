import assert from "node:assert/strict";
import {
  checkFresh,
  hashBytes,
  recordKnown,
  withFileLock,
} from "../../../src/tools/_private/file_state.ts";
import { makeToolContext } from "../../_helpers/tool_context.ts";

Deno.test("hashBytes() is the hex SHA-256 of the bytes", () => {
  assert.equal(
    hashBytes(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("checkFresh() passes a known unchanged file and explains the other cases", () => {
  const ctx = makeToolContext("/p");
  const v1 = new TextEncoder().encode("v1");
  const h1 = hashBytes(v1);
  assert.match(checkFresh(ctx, "/p/a", "a", h1, "refuse")!, /has not been read yet/);
  assert.equal(checkFresh(ctx, "/p/a", "a", h1, "allow"), undefined);
  recordKnown(ctx, "/p/a", v1);
  assert.equal(checkFresh(ctx, "/p/a", "a", h1, "refuse"), undefined);
  const v2 = new TextEncoder().encode("v2");
  assert.match(checkFresh(ctx, "/p/a", "a", hashBytes(v2), "allow")!, /changed on disk/);
});

Deno.test("withFileLock() serializes calls on one path and not across paths", async () => {
  const log: string[] = [];
  const step = (name: string, ms: number) => async () => {
    log.push(`${name}+`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    log.push(`${name}-`);
  };
  await Promise.all([
    withFileLock("/x", step("a", 20)),
    withFileLock("/x", step("b", 1)),
    withFileLock("/y", step("c", 1)),
  ]);
  assert.deepEqual(log, ["a+", "c+", "c-", "a-", "b+", "b-"]);
});

Deno.test("withFileLock() releases the lock when the call throws", async () => {
  await assert.rejects(withFileLock("/z", () => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(await withFileLock("/z", () => Promise.resolve(7)), 7);
});
