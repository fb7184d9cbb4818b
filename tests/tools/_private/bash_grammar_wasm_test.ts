import assert from "node:assert/strict";
import * as embedded from "../../../src/tools/_private/bash_grammar_wasm.ts";
import {
  EMBEDDED_FILES,
  packageFile,
  pinnedVersion,
  sha256,
} from "../../../scripts/embed_bash_grammar.ts";

async function gunzip(base64: string): Promise<Uint8Array> {
  const stream = new Blob([Uint8Array.fromBase64(base64)]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).bytes();
}

Deno.test("the embedded WebAssembly files are the pinned npm packages' files, byte for byte", async () => {
  for (const { name, pkg, file } of EMBEDDED_FILES) {
    const entry = embedded[name];
    const fromPackage = await sha256(await packageFile(pkg, file));
    assert.equal(
      entry.source,
      `npm:${pkg}@${await pinnedVersion(pkg)}/${file}`,
      `${name} was generated from another version: run scripts/embed_bash_grammar.ts`,
    );
    assert.equal(entry.sha256, fromPackage, `${name} differs from ${pkg}/${file}`);
    assert.equal(await sha256(await gunzip(entry.gzipBase64)), fromPackage, `${name} is corrupt`);
  }
});
