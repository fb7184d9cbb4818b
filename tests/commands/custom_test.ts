/** Custom commands exactly as Nanocoder defines them (front matter, templates, aliases). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { expandCommand, findCustomCommand, loadCustomCommands } from "../../src/commands/custom.ts";
import { parseFrontMatter, splitFrontMatter } from "../../src/commands/front_matter.ts";
import { expandSections, parseArgs, renderTemplate } from "../../src/commands/template.ts";
import { expandCustomCommand, listCustomCommands } from "../../src/engine/mod.ts";

Deno.test("front matter: scalars, inline and dash lists, quotes, block values, numbers", () => {
  const metadata = parseFrontMatter([
    "# a comment",
    'description: "Review: the diff"',
    "aliases: [rv, 'r']",
    "parameters:",
    "  - target",
    "  - base=origin/main",
    "tags: review",
    "estimated-tokens: 300",
    "category: |",
    "  line one",
    "  line two",
    "author: me",
  ].join("\n"));
  assert.deepEqual(metadata, {
    description: "Review: the diff",
    aliases: ["rv", "r"],
    parameters: ["target", "base=origin/main"],
    tags: ["review"],
    estimatedTokens: 300,
    category: "line one\nline two",
    author: "me",
  });
});

Deno.test("a file without front matter, or with an empty body, is all body", () => {
  assert.deepEqual(splitFrontMatter("Just do it."), { metadata: {}, body: "Just do it." });
  assert.deepEqual(splitFrontMatter("---\ndescription: x\n---\n"), {
    metadata: {},
    body: "---\ndescription: x\n---",
  });
});

Deno.test("arguments split like a shell: quotes and backslashes", () => {
  assert.deepEqual(parseArgs(`a "two words" 'three' \`four five\` six\\ seven`), [
    "a",
    "two words",
    "three",
    "four five",
    "six seven",
  ]);
  assert.deepEqual(parseArgs("  "), []);
});

Deno.test("sections keep or drop text by whether an argument was given, nested too", () => {
  const set = (name: string) => name === "a";
  assert.equal(expandSections("x{{# a }}A{{# b }}B{{/ b }}{{/ a }}{{^ b }}!{{/ b }}", set), "xA!");
  assert.equal(expandSections("{{#a}}unclosed", set), "{{#a}}unclosed");
});

Deno.test("templates fill parameters in order, defaults, built-ins; unknown names stay", () => {
  const vars = { target: "src", base: "main", args: "src", cwd: "/p", command: "review" };
  assert.equal(
    renderTemplate("/{{command}} {{ target }} vs {{base}} in {{cwd}} {{unknown}}", vars),
    "/review src vs main in /p {{unknown}}",
  );
});

Deno.test("commands load from the user's and the project's dirs, namespaced, with aliases", async () => {
  const root = await Deno.makeTempDir({ prefix: "nanocoder-commands-" });
  try {
    const user = join(root, "user");
    const project = join(root, "project");
    const write = async (path: string, text: string) => {
      await Deno.mkdir(join(path, ".."), { recursive: true });
      await Deno.writeTextFile(path, text);
    };
    await write(join(user, "commands", "hello.md"), "User hello");
    await write(join(user, "commands", "only-user.md"), "Mine");
    await write(join(project, ".nanocoder", "commands", "hello.md"), "Project hello");
    await write(
      join(project, ".nanocoder", "commands", "git", "pr.md"),
      [
        "---",
        "description: Open a PR",
        "aliases: [p]",
        "parameters: [title, base=main]",
        "---",
        "Open a PR titled {{title}} against {{base}}.{{# title }} (titled){{/ title }}",
      ].join("\n"),
    );
    await write(join(project, ".nanocoder", "commands", "audit", "audit.md"), "Audit {{args}}");
    await write(
      join(project, ".nanocoder", "commands", "audit", "resources", "check.sh"),
      "#!/bin/sh",
    );
    const commands = await loadCustomCommands(project, user);
    assert.deepEqual(commands.map((c) => [c.name, c.source]), [
      ["audit", "project"],
      ["git:pr", "project"],
      ["hello", "project"],
      ["only-user", "personal"],
    ]);
    const pr = findCustomCommand(commands, "git:p")!;
    assert.equal(pr.name, "git:pr");
    assert.deepEqual(pr.aliases, ["git:p"]);
    assert.equal(pr.description, "Open a PR");
    assert.deepEqual(pr.parameters, [{ name: "title" }, { name: "base", defaultValue: "main" }]);
    assert.equal(pr.usage, "/git:pr <title> [base=main]");
    assert.equal(
      expandCommand(pr, '"Fix it"', project),
      "[Executing custom command: /git:pr]\n\nOpen a PR titled Fix it against main. (titled)",
    );
    assert.equal(
      expandCommand(findCustomCommand(commands, "/audit")!, "all of it", project),
      "[Executing custom command: /audit]\n\nAudit all of it\n\n[Available resources:\n  - check.sh (script)]",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the facade lists the project's and the user's commands and expands one by name", async () => {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "nanocoder-commands-" }));
  const before = Deno.env.get("NANOCODER_CONFIG_DIR");
  try {
    const user = join(root, "user");
    const project = join(root, "project");
    await Deno.mkdir(join(user, "commands"), { recursive: true });
    await Deno.mkdir(join(project, ".nanocoder", "commands"), { recursive: true });
    await Deno.writeTextFile(join(user, "commands", "mine.md"), "Only mine: {{args}}");
    await Deno.writeTextFile(
      join(project, ".nanocoder", "commands", "test.md"),
      "---\ndescription: Run the tests\naliases: [t]\nparameters: [pattern=all]\n---\nRun {{pattern}} tests in {{cwd}}.",
    );
    Deno.env.set("NANOCODER_CONFIG_DIR", user);
    const listed = await listCustomCommands(project);
    assert.deepEqual(listed.map((c) => [c.name, c.source, c.description, c.usage]), [
      ["mine", "personal", undefined, "/mine"],
      ["test", "project", "Run the tests", "/test [pattern=all]"],
    ]);
    assert.equal(
      await expandCustomCommand("/t", "unit", project),
      `[Executing custom command: /test]\n\nRun unit tests in ${project}.`,
    );
    assert.equal(
      await expandCustomCommand(listed[0], "a b", project),
      "[Executing custom command: /mine]\n\nOnly mine: a b",
    );
    assert.equal(await expandCustomCommand("nope", "", project), undefined);
  } finally {
    if (before === undefined) Deno.env.delete("NANOCODER_CONFIG_DIR");
    else Deno.env.set("NANOCODER_CONFIG_DIR", before);
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a project's command file that leads out of it, or is no regular file, is skipped", async () => {
  const project = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  try {
    const dir = join(project, ".nanocoder", "commands");
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, "ok.md"), "Review the code.");
    await Deno.writeTextFile(join(outside, "secret.md"), "id_rsa-SECRET");
    await Deno.symlink(join(outside, "secret.md"), join(dir, "leak.md"));
    await Deno.symlink("/dev/zero", join(dir, "zero.md")); // read whole, it never ends
    const fifo = new Deno.Command("mkfifo", { args: [join(dir, "fifo.md")] });
    assert.equal((await fifo.output()).code, 0);
    const names = (await loadCustomCommands(project, undefined)).map((c) => c.name);
    assert.deepEqual(names, ["ok"]);
    // The user's own commands may point anywhere.
    const userDir = join(outside, "config");
    await Deno.mkdir(join(userDir, "commands"), { recursive: true });
    await Deno.symlink(join(outside, "secret.md"), join(userDir, "commands", "mine.md"));
    const all = (await loadCustomCommands(project, userDir)).map((c) => c.name);
    assert.deepEqual(all, ["mine", "ok"]);
  } finally {
    await Deno.remove(project, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
