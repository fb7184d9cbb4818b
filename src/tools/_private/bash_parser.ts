/**
 * The bash parser: tree-sitter's bash grammar (the one Codex uses to judge commands),
 * run through web-tree-sitter's WebAssembly build.
 *
 * Loaded on first use only (start-up does not pay for it): `command_safety.ts` imports
 * this module dynamically when a command is first judged. Both WebAssembly files come
 * from `bash_grammar_wasm.ts`, so loading reads no file and works under `--allow-read=.`,
 * in a bundle and in a compiled binary.
 */
import { Language, Parser } from "web-tree-sitter";
import { BASH_GRAMMAR, type EmbeddedWasm, TREE_SITTER_RUNTIME } from "./bash_grammar_wasm.ts";
import { type ShellScript, toShellScript } from "./bash_syntax.ts";

/** Parses one command line into its commands (sync once loaded). */
export type BashParse = (source: string) => ShellScript;

let loading: Promise<BashParse> | undefined;

/** The parser, loaded once per process; concurrent callers share the load. */
export function loadBashParser(): Promise<BashParse> {
  loading ??= load().catch((error) => {
    loading = undefined; // let a later call try again rather than caching the failure
    throw error;
  });
  return loading;
}

async function load(): Promise<BashParse> {
  await Parser.init({ wasmBinary: await unpack(TREE_SITTER_RUNTIME) });
  const language = await Language.load(await unpack(BASH_GRAMMAR));
  const parser = new Parser();
  parser.setLanguage(language);
  return (source) => {
    const tree = parser.parse(source);
    if (!tree) throw new Error("The bash parser returned no tree");
    try {
      return toShellScript(tree.rootNode, source);
    } finally {
      tree.delete(); // trees live in WebAssembly memory: free it now, not at GC
    }
  };
}

async function unpack(file: EmbeddedWasm): Promise<Uint8Array> {
  const gzipped = Uint8Array.fromBase64(file.gzipBase64);
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).bytes();
}
