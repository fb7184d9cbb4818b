import { renderMarkdown } from "./src/ui/render/markdown.ts";
import { loadHighlighter } from "./src/ui/render/highlight.ts";
import { setColor } from "./src/ui/render/theme.ts";
setColor(Deno.args[0] === "color");
await loadHighlighter();
const src =
  "# Title & more\n\nSome **bold** `a < b && c` and [x](http://y) <b>hi</b> \\* esc, a very long line that should wrap around the width because it is long enough to need it.\n\n- [x] done\n- two with a long text that wraps onto the next line for sure since it is long\n  - nested\n\n1. a\n2. b\n\n| name | value |\n|---|:-:|\n| 1 | `2` |\n| longer cell | x |\n\n> quote here\n\n```ts\nconst a = 1 < 2; // c\n```\n\n---\nend";
console.log(renderMarkdown(src, 50).join("\n"));
