/**
 * The parser's verdict against what bash actually runs, over a corpus of shell tricks.
 *
 * The harness runs each line with the real bash in an empty directory where nothing can
 * execute: PATH is an empty directory (and read-only), every builtin is disabled, and
 * `command_not_found_handle` records each command's argv instead. So bash parses and
 * expands the line exactly as it would for real, and we see every command it would run.
 *
 * The property: whenever bash runs a command the allow list does not cover, the verdict
 * is not "preapproved". Each entry also pins what bash ran, which keeps the harness honest.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assessCommand, isAllowed } from "../../../src/tools/_private/command_safety.ts";
import { CORPUS, CORPUS_ALLOW, CORPUS_HOME, FUZZ_TOKENS } from "./bash_corpus.ts";

interface Harness {
  dir: string;
  /** The port of the listener `{PORT}` in a command names. */
  port: number;
  run(
    command: string,
    env?: Record<string, string>,
  ): Promise<{ ran: string[][]; created: string[]; connects: number }>;
  close(): Promise<void>;
}

/**
 * A TCP listener that counts the connections made to it. Counting needs no clock: after a
 * command, the harness connects once itself and counts what was accepted before its own
 * connection (the kernel hands connections over in the order they were made).
 */
function connectionCounter() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: number[] = []; // remote ports, in accept order
  const waiters: (() => void)[] = [];
  const loop = (async () => {
    for await (const conn of listener) {
      accepted.push((conn.remoteAddr as Deno.NetAddr).port);
      conn.close();
      for (const wake of waiters.splice(0)) wake();
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    /** Connections accepted since the last call. */
    async since(): Promise<number> {
      const own = await Deno.connect({ hostname: "127.0.0.1", port: this.port });
      const ownPort = (own.localAddr as Deno.NetAddr).port;
      while (!accepted.includes(ownPort)) await new Promise<void>((r) => waiters.push(r));
      own.close();
      const count = accepted.indexOf(ownPort);
      accepted.splice(0);
      return count;
    },
    async close() {
      listener.close();
      await loop.catch(() => {});
    },
  };
}

async function bashBuiltins(): Promise<string[]> {
  const out = await new Deno.Command("bash", { args: ["-c", "compgen -b"] }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
}

async function makeHarness(): Promise<Harness> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "bash_corpus_" }));
  const recorder = join(dir, "record");
  // dash's printf is a builtin: the recorder works with the empty PATH.
  await Deno.writeTextFile(
    recorder,
    // One printf, so one write: pipeline stages recording at once do not interleave.
    '#!/bin/sh\nprintf \'%s\\0\' "$@" "$(printf \'\\1\')" >> "$REC_LOG"\nexit "${REC_STATUS:-0}"\n',
  );
  await Deno.chmod(recorder, 0o755);
  const disabled = (await bashBuiltins()).filter((b) => b !== "enable");
  const prelude = join(dir, "prelude.sh");
  await Deno.writeTextFile(
    prelude,
    [
      "readonly PATH",
      `command_not_found_handle() { ${recorder} "$@"; }`,
      `enable -n ${disabled.map((b) => `'${b}'`).join(" ")}`,
      "enable -n enable",
      "",
    ].join("\n"),
  );
  await Deno.mkdir(join(dir, "empty"));
  const connections = connectionCounter();
  let n = 0;
  return {
    dir,
    port: connections.port,
    close: () => connections.close(),
    async run(command, env = {}) {
      const cwd = join(dir, `case${++n}`);
      await Deno.mkdir(cwd);
      const log = join(dir, `case${n}.log`);
      await Deno.writeTextFile(log, "");
      await new Deno.Command("/bin/bash", {
        args: ["-c", command],
        cwd,
        clearEnv: true,
        env: {
          PATH: join(dir, "empty"),
          HOME: CORPUS_HOME,
          BASH_ENV: prelude,
          REC_LOG: log,
          ...env,
        },
        stdin: "null",
        stdout: "null",
        // Every process bash starts (process substitutions too) holds stderr: reading it
        // to the end waits for them all, so the log is complete.
        stderr: "piped",
        signal: AbortSignal.timeout(10_000),
      }).output();
      const text = await Deno.readTextFile(log);
      const ran = text.split("\x01\0").slice(0, -1).map((rec) => rec.split("\0").slice(0, -1));
      const created = [];
      for await (const e of Deno.readDir(cwd)) created.push(e.name);
      return { ran, created: created.sort(), connects: await connections.since() };
    },
  };
}

const sortRuns = (runs: string[][]) => runs.map((argv) => JSON.stringify(argv)).sort();

Deno.test({
  name: "the parser never preapproves a line under which bash runs a command off the allow list",
  ignore: Deno.build.os === "windows",
  async fn() {
    const harness = await makeHarness();
    const table: string[] = [];
    const failures: string[] = [];
    try {
      for (const entry of CORPUS) {
        const command = entry.command.replaceAll("{PORT}", String(harness.port));
        const label = JSON.stringify(command);
        const { ran, created, connects } = await harness.run(command, entry.env);
        const verdict = await assessCommand(command, CORPUS_ALLOW, harness.dir);
        const offList = ran.filter((argv) => !isAllowed(argv.join(" "), CORPUS_ALLOW));
        const check = (ok: boolean, what: string) => ok || failures.push(`${label}: ${what}`);
        check(
          JSON.stringify(sortRuns(ran)) === JSON.stringify(sortRuns(entry.ran)),
          `bash ran ${JSON.stringify(ran)}`,
        );
        check(
          JSON.stringify(created) === JSON.stringify(entry.creates ?? []),
          `created ${created}`,
        );
        check(connects === (entry.connects ?? 0), `bash opened ${connects} connections`);
        // The property itself: preapproved means bash runs nothing off the list, writes
        // nothing and connects nowhere.
        check(
          !verdict.preapproved || (offList.length === 0 && created.length === 0 && !connects),
          `PREAPPROVED, but bash ran ${JSON.stringify(offList)}, wrote ${created} and ` +
            `opened ${connects} connections`,
        );
        check(
          (verdict.preapproved ? "preapproved" : "asked") === entry.verdict,
          `verdict ${verdict.preapproved} (${verdict.unsupported?.join(", ") ?? "plain"})`,
        );
        table.push(
          `${entry.verdict}\t${
            offList.length || created.length || connects ? "bash ran more" : "only allowed"
          }`,
        );
      }
    } finally {
      await harness.close();
      await Deno.remove(harness.dir, { recursive: true });
    }
    assert.deepEqual(failures, []);
    if (Deno.env.get("BASH_CORPUS_TABLE")) {
      const counts = new Map<string, number>();
      for (const row of table) counts.set(row, (counts.get(row) ?? 0) + 1);
      console.log([...counts].map(([row, n]) => `${n}\t${row}`).join("\n"));
    }
  },
});

/** A deterministic pseudo-random generator (a linear congruential one), so failures replay. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

Deno.test({
  name: "on random lines of shell tokens, a preapproved line never runs more than allowed",
  ignore: Deno.build.os === "windows",
  async fn() {
    const harness = await makeHarness();
    const random = lcg(20261201);
    const failures: string[] = [];
    let preapproved = 0;
    try {
      for (let n = 0; n < 400; n++) {
        let command = "ls ";
        const length = 1 + Math.floor(random() * 8);
        for (let i = 0; i < length; i++) {
          command += FUZZ_TOKENS[Math.floor(random() * FUZZ_TOKENS.length)];
        }
        if (!(await assessCommand(command, CORPUS_ALLOW, harness.dir)).preapproved) continue;
        preapproved++;
        const { ran, created, connects } = await harness.run(command);
        const offList = ran.filter((argv) => !isAllowed(argv.join(" "), CORPUS_ALLOW));
        if (offList.length || created.length || connects) {
          failures.push(
            `${JSON.stringify(command)}: ran ${JSON.stringify(offList)}, wrote ${created}`,
          );
        }
      }
    } finally {
      await harness.close();
      await Deno.remove(harness.dir, { recursive: true });
    }
    assert.deepEqual(failures, []);
    assert.ok(
      preapproved > 50,
      `only ${preapproved} lines were preapproved: the test lost its bite`,
    );
  },
});
