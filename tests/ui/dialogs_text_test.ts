/**
 * Text of the dialogs and panels at 80 columns: paragraphs reflow to the width (never
 * broken a second time inside hard line breaks), a /help description continues in its
 * column, and what Esc does is said as it is.
 */
import assert from "node:assert/strict";
import { pickerLines } from "../../src/ui/components/dialogs.tsx";
import { helpPanel } from "../../src/ui/commands/panels.ts";
import { entryLines } from "../../src/ui/render/entry_lines.ts";
import { setColor } from "../../src/ui/render/theme.ts";
import { widthOf } from "../../src/ui/render/wrap.ts";
import type { Picker } from "../../src/ui/state/types.ts";
import { saveChoices, savedNotices } from "../../src/ui/app/setup_save.ts";

const PARAGRAPH =
  "nanocoder reads, edits and runs files here when you allow it. The folder's own " +
  "settings (its .mcp.json servers, .env, allow lists, providers) take effect only once you " +
  "trust it: trust only folders whose files you know.";

function picker(fields: Partial<Picker>): Picker {
  return {
    title: "Question",
    items: [{ label: "Yes", value: "yes" }],
    selected: 0,
    filter: "",
    filterable: false,
    escape: "go back",
    onPick() {},
    onCancel() {},
    ...fields,
  };
}

Deno.test("a dialog's paragraph is reflowed to the dialog's width, its words in order", () => {
  setColor(false);
  const lines = pickerLines(picker({ body: ["/tmp/project", "", PARAGRAPH] }), 5, 80);
  const body = lines.slice(3, lines.indexOf("", 3));
  assert.equal(body.join(" "), PARAGRAPH);
  for (const line of lines) assert.ok(widthOf(line) <= 76, line);
  // No orphan: only the last row of the paragraph may be short.
  for (const line of body.slice(0, -1)) assert.ok(line.length > 60, `short row "${line}"`);
});

Deno.test("a dialog's footer says what Esc does", () => {
  setColor(false);
  assert.match(pickerLines(picker({ escape: "exit" }), 5, 80).at(-1)!, /Esc to exit$/);
  assert.match(pickerLines(picker({}), 5, 80).at(-1)!, /Esc to go back$/);
});

Deno.test("/help at 80 columns: a long description continues in its column", () => {
  setColor(false);
  const panel = helpPanel([]);
  const lines = entryLines(
    { id: 1, kind: "panel", title: panel.title, lines: panel.lines },
    { width: 80, expandTools: false, showReasoning: false },
  );
  const at = (start: string) => lines.findIndex((l) => l.trimStart().startsWith(start));
  for (const start of ["!command", "/model [model]", "@path, @server:uri"]) {
    const i = at(start);
    const column = lines[i].indexOf(
      start === "!command" ? "run" : start === "/model [model]" ? "Pick" : "attach",
    );
    assert.ok(lines[i + 1].length > column, lines[i + 1]);
    assert.equal(
      lines[i + 1].slice(0, column).trim(),
      "",
      `"${lines[i + 1]}" is not in the column`,
    );
  }
});

Deno.test("setup: with a key, the user's config comes first and only an explicit choice puts the key in the project", () => {
  const choices = saveChoices(true, "/home/me/.config/nanocoder");
  assert.deepEqual(choices[0], { ...choices[0], scope: "user", key: "plain" });
  const project = choices.filter((c) => c.scope === "project");
  assert.deepEqual(project.map((c) => c.key), ["reference", "plain"]);
  assert.match(project[1].label, /plain text/);
  const plain = savedNotices("custom", "http://h/v1", "/p/agents.config.json", project[1]);
  assert.deepEqual(plain.map(([kind]) => kind), ["info", "warning"]);
  assert.match(
    plain[0][1],
    /Saved provider "custom" \(http:\/\/h\/v1\) in \/p\/agents\.config\.json/,
  );
  assert.match(plain[1][1], /plain text in \/p\/agents\.config\.json/);
  const reference = savedNotices("custom", "http://h/v1", "/p/agents.config.json", project[0]);
  assert.match(reference[1][1], /set NANOCODER_API_KEY/);
  // Without a key there is nothing secret: the project's file is the default.
  assert.deepEqual(saveChoices(false, undefined).map((c) => c.scope), ["project", "user"]);
});
