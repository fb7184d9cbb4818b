/**
 * Commands that name what they touch in a disguise bash sees through: a brace expansion
 * (`.g{i,}t`, `{/dev/tcp/h/p,}`), a committed symlink (`cache -> .git`), or a git
 * setting that makes the next `git status` run a command. Each is judged as bash runs it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assessCommand } from "../../../src/tools/_private/command_safety.ts";
import { expandBraces, MAX_BRACE_WORDS } from "../../../src/tools/_private/bash_words.ts";

const CWD = "/work/project";
const ALLOW = ["ls", "ls *", "echo *", "git status", "git config *", "cp *", "rm *"];

async function warningOf(command: string, cwd = CWD): Promise<string> {
  return (await assessCommand(command, ALLOW, cwd)).warning ?? "";
}

Deno.test("expandBraces() makes the words bash makes", () => {
  assert.deepEqual(expandBraces(".g{i,}t"), [".git", ".gt"]);
  assert.deepEqual(expandBraces("{/dev/tcp/h/1,}"), ["/dev/tcp/h/1", ""]);
  assert.deepEqual(expandBraces("a{b,c{d,e}}f"), ["abf", "acdf", "acef"]);
  assert.deepEqual(expandBraces(".gi{s..u}"), [".gis", ".git", ".giu"]);
  assert.deepEqual(expandBraces("x{3..1}"), ["x3", "x2", "x1"]);
  assert.deepEqual(expandBraces("x{0..6..3}"), ["x0", "x3", "x6"]);
  // No list and no sequence: bash leaves the braces as they are.
  assert.deepEqual(expandBraces("find -exec {} ;"), ["find -exec {} ;"]);
  assert.deepEqual(expandBraces("${HOME}{a}"), ["${HOME}{a}"]);
  assert.deepEqual(expandBraces("{a..}"), ["{a..}"]);
  // Too many to check: the caller treats the word as unknown.
  assert.equal(expandBraces(`{${"a,".repeat(MAX_BRACE_WORDS)}.git}`), undefined);
  assert.equal(expandBraces("{1..1000}"), undefined);
});

Deno.test("a brace expansion is never preapproved (ls < {/dev/tcp/…,} opens a socket)", async () => {
  for (
    const command of [
      "ls < {/dev/tcp/127.0.0.1/8097,}",
      "ls < {,/dev/tcp/127.0.0.1/8097}",
      "ls {a,b}",
      "echo x{1..3}",
      "ls < {x,}",
    ]
  ) {
    const assessment = await assessCommand(command, ALLOW, CWD);
    assert.equal(assessment.preapproved, false, command);
    assert.equal(assessment.scope, undefined, command);
    assert.match(assessment.unsupported?.join() ?? "", /a brace expansion/, command);
  }
  // Quoted, escaped or a parameter: no expansion, the line stays plain.
  for (const command of ["echo '{a,b}'", 'echo "{a,b}"', "echo \\{a,b\\}", "echo ${HOME}"]) {
    assert.equal((await assessCommand(command, ALLOW, CWD)).preapproved, true, command);
  }
});

Deno.test("dangers hidden in a brace expansion are found", async () => {
  const cases: [string, RegExp][] = [
    ["rm -rf .g{i,}t", /deletes "\.git", git's own files/],
    ["rm -rf .gi{s..u}", /deletes "\.git", git's own files/],
    ["mv .g{i,}t /tmp/x", /changes "\.git", git's own files/],
    ["cp evil .g{i,}t/hooks/pre-commit", /changes "\.git\/hooks\/pre-commit"/],
    ["echo x > {.git/config,}", /writes to "\.git\/config", git's own files/],
    ["git reset --har{d,}", /git reset --hard/],
    ["git push --forc{e,} origin main", /force-pushes/],
    ["rm -rf {src,~}", /deletes "~" recursively \(the home directory\)/],
    [`rm -rf {${"a,".repeat(MAX_BRACE_WORDS)}.git}`, /a brace expansion of more than 256 words/],
  ];
  for (const [command, warning] of cases) {
    assert.match(await warningOf(command), warning, command);
  }
});

Deno.test("git settings that run commands are dangerous to set, and git config is scoped exactly", async () => {
  const dangerous = [
    'git config core.fsmonitor "touch /tmp/x; false"',
    "git config --global core.hooksPath hooks",
    "git config --local --add alias.st '!sh -c id'",
    "git config set core.pager 'less; id'",
    "git config include.path ../evil.cfg",
    "git config filter.lfs.smudge 'sh x'",
    "git config diff.img.textconv ./conv",
    "git config core.worktree /",
    "git config --file .git/config Core.SSHCommand 'ssh -o ProxyCommand=id'",
  ];
  for (const command of dangerous) {
    assert.match(await warningOf(command), /a git setting that runs a command/, command);
  }
  for (
    const command of [
      "git config user.email me@example.com",
      "git config --get core.pager",
      "git config core.pager",
      "git config --unset alias.st",
      "git config --list",
    ]
  ) {
    assert.equal(await warningOf(command), "", command);
  }
  // One "always" for `git config user.email …` must not cover `git config core.fsmonitor …`.
  assert.deepEqual((await assessCommand("git config user.email me@x", [], CWD)).scope, {
    key: "execute_bash:exact git config user.email me@x",
    label: "git config user.email me@x",
  });
  assert.equal(
    (await assessCommand("npm config set script-shell ./x", [], CWD)).scope?.key,
    "execute_bash:exact npm config set script-shell ./x",
  );
});

Deno.test("paths through a committed symlink are judged where they lead", async () => {
  const project = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(project, ".git", "hooks"), { recursive: true });
    await Deno.symlink(".git", join(project, "cache"));
    await Deno.symlink(outside, join(project, "out"));
    const cases: [string, RegExp][] = [
      [
        "cp tools/hook cache/hooks/post-checkout",
        /"cache\/hooks\/post-checkout" \(a link to "\.git\/hooks\/post-checkout"\), git's own files/,
      ],
      ["rm -rf cache/*", /deletes "cache\/\*" \(a link to "\.git\/\*"\), git's own files/],
      ["rm -rf cache", /deletes "cache" \(a link to "\.git"\)/],
      ["find cache -delete", /deletes "cache" \(a link to "\.git"\)/],
      ["tee cache/config", /changes "cache\/config" \(a link to "\.git\/config"\)/],
      ["echo x > cache/config", /writes to "cache\/config" \(a link to "\.git\/config"\)/],
      [
        "rm -rf out/*",
        /deletes "out\/\*" recursively \(a path outside the project, through a symlink/,
      ],
    ];
    for (const [command, warning] of cases) {
      assert.match(await warningOf(command, project), warning, command);
    }
    // An ordinary folder is still ordinary.
    await Deno.mkdir(join(project, "build"));
    assert.equal(await warningOf("rm -rf build/*", project), "");
  } finally {
    await Deno.remove(project, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
