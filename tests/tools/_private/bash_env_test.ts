import assert from "node:assert/strict";
import { commandEnv, isSecretVariable } from "../../../src/tools/_private/bash_env.ts";

Deno.test("isSecretVariable() drops credentials by name", () => {
  for (
    const name of [
      "OPENAI_API_KEY",
      "ANTHROPIC_APIKEY",
      "OPENAI_KEY",
      "MY_SERVICE_KEY",
      "STRIPE_KEYS",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "GITHUB_TOKEN",
      "HF_TOKEN",
      "GITHUB_PAT",
      "GITLAB_PAT_RW",
      "DB_PASSWORD",
      "PGPASSWORD",
      "SMTP_PASSWD",
      "GPG_PASSPHRASE",
      "GOOGLE_APPLICATION_CREDENTIALS",
      "AZURE_CREDENTIAL",
      "CLIENT_SECRET",
      "NPM_CONFIG__AUTH",
      "npm_config__auth",
      "npm_config_//registry.npmjs.org/:_authToken",
      "BASIC_AUTH",
      "SESSION_COOKIE",
      "SENTRY_DSN",
      "DATABASE_URL",
      "TEST_DATABASE_URL",
      "PRIVATE_KEY",
      "JWT_SIGNING_KEY",
      "MYSQL_PWD",
    ]
  ) {
    assert.equal(isSecretVariable(name, "x"), true, name);
  }
});

Deno.test("isSecretVariable() keeps ordinary variables that merely look alike", () => {
  for (
    const name of [
      "PATH",
      "PWD",
      "OLDPWD",
      "HOME",
      "TOKENIZER_PATH",
      "TOKENIZERS_PARALLELISM",
      "KEYBOARD_LAYOUT",
      "MONKEY",
      "GIT_AUTHOR_NAME",
      "SSH_AUTH_SOCK",
      "XAUTHORITY",
      "LANG",
      "PYTHONPATH",
    ]
  ) {
    assert.equal(isSecretVariable(name, "/usr/bin"), false, name);
  }
});

Deno.test("isSecretVariable() drops credentials by value", () => {
  const cases: [string, string][] = [
    ["APP_DB", "postgres://app:hunter2@db.internal:5432/app"],
    ["REDIS", "redis://:s3cret@localhost:6379/0"],
    ["SOME_VAR", "sk-proj-abcdefghijklmnopqrstuvwxyz0123"],
    ["CI_HELPER", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["X", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"],
    ["Y", "glpat-abcdefghijklmnopqrst"],
    ["Z", "AKIAIOSFODNN7EXAMPLE"],
    ["W", "xoxb-1234567890-abcdefghij"],
  ];
  for (const [name, value] of cases) {
    assert.equal(isSecretVariable(name, value), true, `${name}=${value}`);
  }
  for (
    const value of [
      "https://example.com/path",
      "postgres://localhost/db",
      "git@github.com:org/repo.git",
      "sk-short",
    ]
  ) {
    assert.equal(isSecretVariable("SOME_URL", value), false, value);
  }
});

Deno.test("isSecretVariable() drops configured names and any variable holding a configured secret", () => {
  const rules = { secretEnvNames: ["MY_PROVIDER"], secretValues: ["local-key-123", "abc", ""] };
  assert.equal(isSecretVariable("MY_PROVIDER", "x", rules), true);
  assert.equal(isSecretVariable("INNOCENT", "local-key-123", rules), true);
  assert.equal(isSecretVariable("ENDPOINT", "https://h/v1?key=local-key-123", rules), true);
  assert.equal(isSecretVariable("SHORT", "abc", rules), true);
  // Short secrets match whole values only, and an empty secret matches nothing.
  assert.equal(isSecretVariable("WORDS", "abcdef", rules), false);
  assert.equal(isSecretVariable("EMPTY", "", rules), false);
});

Deno.test("commandEnv() keeps the rest of the environment and disables git prompts", () => {
  const env = commandEnv(
    { secretEnvNames: ["MY_PROVIDER_KEY"], secretValues: ["sk-12345"] },
    () => ({
      PATH: "/usr/bin",
      HOME: "/home/u",
      OPENAI_KEY: "a",
      GITHUB_PAT: "b",
      DATABASE_URL: "postgres://localhost/db",
      NPM_CONFIG__AUTH: "c",
      AWS_ACCESS_KEY_ID: "d",
      MY_PROVIDER_KEY: "f",
      INNOCENT_LOOKING: "sk-12345",
      EMPTY: "",
      TOKENIZER_PATH: "/opt/tok",
    }),
  );
  assert.deepEqual(env, {
    PATH: "/usr/bin",
    HOME: "/home/u",
    EMPTY: "",
    TOKENIZER_PATH: "/opt/tok",
    GIT_TERMINAL_PROMPT: "0",
  });
});

Deno.test("commandEnv() without env access passes only a usable PATH", () => {
  const env = commandEnv({}, () => {
    throw new Deno.errors.NotCapable("Requires env access");
  });
  assert.deepEqual(env, { PATH: "/usr/local/bin:/usr/bin:/bin", GIT_TERMINAL_PROMPT: "0" });
});
