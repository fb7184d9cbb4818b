import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../src/errors.ts";
import { Logger, type LoggerOptions, REDACTED, TRACE_BODY_LIMIT } from "../../src/log/mod.ts";

const KEY = "sk-test-0123456789abcdefghij";

async function withLogger(
  options: LoggerOptions,
  fn: (
    ctx: { logger: Logger; file: string; stderr: string[]; dir: string },
  ) => Promise<void> | void,
) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-log-" });
  const file = join(dir, "state", "nanocoder.log");
  const stderr: string[] = [];
  const logger = new Logger({
    file,
    env: () => undefined,
    stderr: (line) => stderr.push(line),
    ...options,
  });
  try {
    await fn({ logger, file, stderr, dir });
  } finally {
    logger.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const lines = (file: string) =>
  Deno.readTextFileSync(file).trim().split("\n").map((l) => JSON.parse(l));

const exists = (path: string) => {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
};

Deno.test("at the default level (warn) nothing below it opens the log file", async () => {
  await withLogger({}, ({ logger, file }) => {
    logger.debug("noise");
    logger.info("session_started", { model: "m" });
    assert.equal(exists(file), false);
    assert.equal(logger.enabled("info"), false);
    logger.warn("request_retry", { attempt: 2 });
    const [line] = lines(file);
    assert.deepEqual(Object.keys(line), ["time", "level", "event", "pid", "attempt"]);
    assert.equal(line.level, "warn");
    assert.equal(line.event, "request_retry");
    assert.equal(line.pid, Deno.pid);
    assert.equal(line.attempt, 2);
    assert.ok(!Number.isNaN(Date.parse(line.time)));
  });
});

Deno.test("the level comes from the flag, then NANOCODER_LOG_LEVEL, then the default", async () => {
  const env = (name: string) => (name === "NANOCODER_LOG_LEVEL" ? "ERROR" : undefined);
  await withLogger({ env }, ({ logger }) => {
    assert.equal(logger.enabled("warn"), false);
    assert.equal(logger.enabled("error"), true);
    logger.configure({ level: "debug" });
    assert.equal(logger.enabled("debug"), true);
    logger.configure({ level: "off" });
    assert.equal(logger.enabled("error"), false);
  });
});

Deno.test("a bad --log-level is a usage error naming the accepted levels", async () => {
  await withLogger({}, ({ logger }) => {
    assert.throws(() => logger.configure({ level: "loud" }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.equal(
        error.message,
        'Invalid --log-level "loud": expected one of debug, info, warn, error, off',
      );
      return true;
    });
  });
});

Deno.test("a bad NANOCODER_LOG_LEVEL warns once on stderr and keeps the default", async () => {
  const env = (name: string) => (name === "NANOCODER_LOG_LEVEL" ? "chatty" : undefined);
  await withLogger({ env }, ({ logger, stderr }) => {
    logger.info("x");
    logger.warn("y");
    assert.deepEqual(stderr, [
      'warning: Invalid NANOCODER_LOG_LEVEL "chatty": expected one of debug, info, warn, error, off; using "warn"',
    ]);
  });
});

Deno.test("every field is redacted before it is written", async () => {
  await withLogger({ level: "info" }, ({ logger, file }) => {
    logger.error("provider_failed", {
      error: new Error(`401 Unauthorized for ${KEY}`),
      headers: { Authorization: `Bearer ${KEY}` },
      url: `https://api.example.com/v1?api_key=${KEY}`,
    });
    const text = Deno.readTextFileSync(file);
    assert.ok(!text.includes(KEY), text);
    const [line] = lines(file);
    assert.equal(line.error.message, `401 Unauthorized for ${REDACTED}`);
    assert.deepEqual(line.headers, { Authorization: REDACTED });
    assert.equal(line.url, `https://api.example.com/v1?api_key=${REDACTED}`);
  });
});

Deno.test("fields cannot overwrite time, level, event or pid", async () => {
  await withLogger({ level: "info" }, ({ logger, file }) => {
    logger.info("real", { event: "fake", level: "error", extra: 1 });
    const [line] = lines(file);
    assert.equal(line.event, "real");
    assert.equal(line.level, "info");
    assert.equal(line.extra, 1);
  });
});

Deno.test("trace() writes only with --debug, redacts, then truncates the body", async () => {
  await withLogger({ level: "debug" }, ({ logger, file }) => {
    logger.trace("http_request", { url: "u", body: "x" });
    assert.equal(exists(file), false, "no tracing without --debug");
  });
  await withLogger({ debug: true }, ({ logger, file, stderr }) => {
    // The key straddles the cut: redacting after truncation would leak its first half.
    const body = { messages: [{ content: "a".repeat(TRACE_BODY_LIMIT - 30) + KEY }] };
    logger.trace("http_request", {
      method: "POST",
      url: "http://127.0.0.1:1/v1/chat/completions",
      headers: new Headers({ authorization: `Bearer ${KEY}` }),
      body,
    });
    const text = Deno.readTextFileSync(file);
    assert.ok(!text.includes(KEY.slice(0, 12)), "no part of the key is written");
    const [line] = lines(file);
    assert.equal(line.level, "debug");
    assert.deepEqual(line.headers, { authorization: REDACTED });
    assert.match(line.body, /… \[\d+ more characters\]$/);
    assert.equal(line.body.indexOf("…"), TRACE_BODY_LIMIT);
    assert.equal(stderr.length, 1, "--debug mirrors each line to stderr");
    assert.ok(stderr[0].startsWith('[debug] {"time"'));
    assert.ok(!stderr[0].includes(KEY.slice(0, 12)));
  });
});

Deno.test("the file rotates by size and keeps the configured number of old files", async () => {
  await withLogger({ level: "info", maxBytes: 400, keep: 2 }, ({ logger, file }) => {
    for (let i = 0; i < 40; i++) logger.info("line", { i, pad: "p".repeat(60) });
    assert.ok(exists(`${file}.1`) && exists(`${file}.2`));
    assert.equal(exists(`${file}.3`), false);
    for (const path of [file, `${file}.1`, `${file}.2`]) {
      assert.ok(Deno.statSync(path).size <= 400, path);
    }
    assert.equal(lines(file).at(-1).i, 39, "the newest line is in the current file");
    assert.equal((Deno.statSync(file).mode ?? 0o600) & 0o777, 0o600);
  });
});

Deno.test("lines from two loggers sharing a file stay whole", async () => {
  await withLogger({ level: "info" }, ({ logger, file }) => {
    const other = new Logger({ file, level: "info", env: () => undefined });
    for (let i = 0; i < 50; i++) {
      logger.info("a", { i });
      other.info("b", { i });
    }
    other.close();
    assert.equal(lines(file).length, 100);
  });
});

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs a script using the real `log` in a child process with the given permissions. */
async function child(code: string, permissions: string[], env: Record<string, string>) {
  const dir = await Deno.makeTempDir({ prefix: "nanocoder-log-child-" });
  const script = join(dir, "script.ts");
  await Deno.writeTextFile(
    script,
    `import { initLogging, log } from ${JSON.stringify(join(ROOT, "src/log/mod.ts"))};\n${code}`,
  );
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...permissions, "--no-prompt", script],
      env: { ...env, NO_COLOR: "1" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { dir, code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } finally {
    await Deno.remove(script);
  }
}

Deno.test("logs never reach stdout, at any level, with --debug", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = await child(
      `initLogging({ debug: true });
       for (const l of ["debug", "info", "warn", "error"] as const) log[l]("e", { l });
       log.trace("http_response", { status: 200, body: "ok" });`,
      ["--allow-env", `--allow-read=${dir}`, `--allow-write=${dir}`],
      { XDG_STATE_HOME: dir, HOME: dir },
    );
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "");
    assert.equal(out.stderr.trim().split("\n").length, 5);
    const file = join(dir, "nanocoder/logs/nanocoder.log");
    assert.equal(lines(file).length, 5);
    await Deno.remove(out.dir, { recursive: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without write permission for the log, an asked-for level says so once; the default stays silent", async () => {
  const home = await Deno.makeTempDir();
  try {
    const asked = await child(
      `log.error("a"); log.error("b");`,
      ["--allow-env"],
      { HOME: home, NANOCODER_LOG_LEVEL: "info" },
    );
    assert.equal(asked.code, 0, asked.stderr);
    assert.equal(asked.stderr.trim().split("\n").length, 1, asked.stderr);
    assert.match(
      asked.stderr,
      /^warning: cannot write the log ".*nanocoder\.log": no read permission \(grant --allow-read=.* --allow-write=.*\)/,
    );
    const silent = await child(`log.error("a");`, ["--allow-env"], { HOME: home });
    assert.equal(silent.code, 0, silent.stderr);
    assert.equal(silent.stderr, "");
    for (const out of [asked, silent]) await Deno.remove(out.dir, { recursive: true });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
