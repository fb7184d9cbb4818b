/**
 * .github/workflows/release.yml, read as GitHub would read it (YAML), checked against
 * the repository: a binary for every platform install.sh knows, each built and
 * smoke-tested on a runner of its own platform, every task, script and test it names
 * real, and the release publishing what install.sh and README's CI example download.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { BUNDLE_ASSET, RELEASE_BINARIES } from "./_release_assets.ts";
import { ROOT } from "./_cli.ts";
import { BUNDLE_RUN_FLAGS } from "../../scripts/compile.ts";

// deno-lint-ignore no-explicit-any
type Yaml = any;

/** Parses a YAML file; a syntax error fails with its line. */
function readYaml(path: string): Yaml {
  const doc = parseDocument(Deno.readTextFileSync(path));
  assert.deepEqual(doc.errors.map((e) => e.message), [], path);
  return doc.toJS();
}

const workflow = readYaml(join(ROOT, ".github/workflows/release.yml"));
const tasks: Record<string, string> = JSON.parse(
  Deno.readTextFileSync(join(ROOT, "deno.json")),
).tasks;
const steps = (job: string): Yaml[] => workflow.jobs[job].steps;
const runs = (job: string): string[] =>
  steps(job).filter((s) => typeof s.run === "string").map((s) => s.run);

Deno.test("release.yml runs on version tags and orders bundle → binaries → release", () => {
  assert.deepEqual(workflow.on.push.tags, ["v*"]);
  assert.deepEqual(Object.keys(workflow.jobs), ["bundle", "binaries", "release"]);
  assert.equal(workflow.jobs.binaries.needs, "bundle");
  assert.deepEqual(workflow.jobs.release.needs, ["bundle", "binaries"]);
  assert.equal(workflow.jobs.release.if, "startsWith(github.ref, 'refs/tags/v')");
  assert.deepEqual(workflow.permissions, { contents: "read" });
  assert.deepEqual(workflow.jobs.release.permissions, { contents: "write" });
});

Deno.test("release.yml builds every binary install.sh downloads, on a runner of its platform", () => {
  const matrix: { os: string; target: string; name: string }[] =
    workflow.jobs.binaries.strategy.matrix.include;
  assert.deepEqual(
    matrix.map(({ target, name }) => ({ target, name })),
    RELEASE_BINARIES.map(({ target, asset }) => ({ target, name: asset })),
  );
  // Each runner runs its own binary: the smoke test needs the platform, not a cross build.
  const native: Record<string, RegExp> = {
    "x86_64-unknown-linux-gnu": /^ubuntu-(latest|\d+\.\d+)$/,
    "aarch64-unknown-linux-gnu": /^ubuntu-\d+\.\d+-arm$/,
    "x86_64-apple-darwin": /^macos-13$/,
    "aarch64-apple-darwin": /^macos-(latest|1[4-9])$/,
    "x86_64-pc-windows-msvc": /^windows-(latest|\d+)$/,
  };
  for (const { os, target } of matrix) assert.match(os, native[target], target);
  assert.equal(workflow.jobs.binaries["runs-on"], "${{ matrix.os }}");
});

Deno.test("release.yml compiles the tested bundle and smoke-tests each binary", () => {
  assert.ok(runs("bundle").includes("npx -y deno@2.9.6 task build"));
  assert.ok(runs("bundle").some((r) => r.includes("tests/e2e/build_test.ts")));
  const compile = runs("binaries").find((r) => r.includes("task compile"));
  assert.match(compile ?? "", /--bundle dist --target \$\{\{ matrix\.target \}\}/);
  const smoke = steps("binaries").find((s) => String(s.run).includes("compile_test.ts"));
  assert.deepEqual(smoke.env, { NANOCODER_TEST_BINARY: "bin/${{ matrix.name }}" });
  assert.match(compile ?? "", /--output bin\/\$\{\{ matrix\.name \}\}/);
});

Deno.test("every task, script and test release.yml names exists; actions are pinned", () => {
  for (const job of Object.keys(workflow.jobs)) {
    for (const step of steps(job)) {
      if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, step.uses);
      if (typeof step.run !== "string") continue;
      for (const [, task] of step.run.matchAll(/deno@[\d.]+ task (\S+)/g)) {
        assert.ok(task in tasks, `${job}: unknown task "${task}"`);
      }
      for (const [path] of step.run.matchAll(/\b(tests|scripts)\/[\w/.-]+\.ts\b/g)) {
        assert.ok(Deno.statSync(join(ROOT, path)).isFile, `${job}: ${path}`);
      }
      for (const [version] of step.run.matchAll(/deno@[\d.]+/g)) {
        assert.equal(version, "deno@2.9.6", "the same Deno as .ci/run");
      }
    }
  }
  assert.match(Deno.readTextFileSync(join(ROOT, ".ci/run")), /deno@2\.9\.6 task test/);
});

Deno.test("the release publishes the binaries, the bundle and install.sh with SHA256SUMS", () => {
  const text = runs("release").join("\n") + runs("bundle").join("\n");
  assert.match(text, new RegExp(`tar -czf ${BUNDLE_ASSET.replaceAll(".", "\\.")} `));
  assert.match(text, /sha256sum nanocoder-\* install\.sh > SHA256SUMS/);
  assert.match(text, /test "\$\(wc -l < SHA256SUMS\)" -eq 7/, "5 binaries, the bundle, install.sh");
  assert.match(text, /gh release create "\$GITHUB_REF_NAME" .*assets\/\*/);
  // install.sh is told its repository in the published copy (and only there).
  assert.match(text, /s\|\^DEFAULT_REPO=\\"\\"\|DEFAULT_REPO=\\"\$GITHUB_REPOSITORY\\"\|/);
  assert.match(Deno.readTextFileSync(join(ROOT, "install.sh")), /^DEFAULT_REPO=""$/m);
});

/** The fenced ```yaml block of a README section. */
function readmeYaml(section: string): string {
  const readme = Deno.readTextFileSync(join(ROOT, "README.md"));
  const start = readme.indexOf(`\n## ${section}\n`);
  assert.ok(start >= 0, `README has no "## ${section}" section`);
  const body = readme.slice(start + 1).split(/\n## /)[0];
  const block = body.match(/```yaml\n([\s\S]*?)```/);
  assert.ok(block, `no yaml example in "## ${section}"`);
  return block[1];
}

Deno.test("README's CI example runs the released bundle, checked, under narrow flags only", () => {
  const doc = parseDocument(readmeYaml("CI"));
  assert.deepEqual(doc.errors.map((e) => e.message), []);
  const example: Yaml = doc.toJS();
  const exampleSteps: Yaml[] = Object.values(example.jobs as Record<string, Yaml>)[0].steps;
  for (const step of exampleSteps) {
    if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/);
  }
  const fetch = exampleSteps.map((s) => String(s.run ?? "")).join("\n");
  assert.ok(fetch.includes(BUNDLE_ASSET) && fetch.includes("SHA256SUMS"), fetch);
  assert.match(fetch, /sha256sum -c -/);
  const run = exampleSteps.map((s) => String(s.run ?? "")).find((r) => r.includes("deno@"));
  assert.ok(run, "a step runs nanocoder with deno");
  const words = run.split(/\s+/);
  const flags = words.filter((w) => w.startsWith("--allow") || w.startsWith("-A"));
  assert.deepEqual(flags, [
    // The bundle's own folder too: its chunks load lazily (BUNDLE_RUN_FLAGS).
    '--allow-read=.,"$RUNNER_TEMP/nanocoder"',
    "--allow-write=.",
    "--allow-net=openrouter.ai",
    "--allow-env",
  ]);
  // The installed command's runtime flags, before the permissions.
  assert.deepEqual(words.slice(words.indexOf("run") + 1).slice(0, BUNDLE_RUN_FLAGS.length), [
    ...BUNDLE_RUN_FLAGS,
  ]);
  assert.match(run, /--no-prompt "\$RUNNER_TEMP\/nanocoder\/main\.js"/);
  // The tarball unpacks to nanocoder/main.js, as the release workflow packs it.
  assert.match(runs("bundle").join("\n"), /--transform 's,\^dist,nanocoder,'/);
  assert.match(run, /deno@2\.9\.6 run /);
});
