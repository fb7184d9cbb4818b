/**
 * The release's binaries: the `deno compile` target, the asset name the release workflow
 * publishes and install.sh downloads, and what `uname -s` / `uname -m` say on such a
 * machine. One table for the workflow test and the install.sh test, so that the two
 * cannot drift apart.
 */
export const RELEASE_BINARIES = [
  {
    target: "x86_64-unknown-linux-gnu",
    asset: "nanocoder-linux-x64",
    uname: { s: "Linux", m: "x86_64" },
  },
  {
    target: "aarch64-unknown-linux-gnu",
    asset: "nanocoder-linux-arm64",
    uname: { s: "Linux", m: "aarch64" },
  },
  {
    target: "x86_64-apple-darwin",
    asset: "nanocoder-macos-x64",
    uname: { s: "Darwin", m: "x86_64" },
  },
  {
    target: "aarch64-apple-darwin",
    asset: "nanocoder-macos-arm64",
    uname: { s: "Darwin", m: "arm64" },
  },
  {
    target: "x86_64-pc-windows-msvc",
    asset: "nanocoder-windows-x64.exe",
    uname: { s: "MINGW64_NT-10.0-19045", m: "x86_64" },
  },
] as const;

/** The bundle as a release asset, for `deno run` under the permissions a job chooses. */
export const BUNDLE_ASSET = "nanocoder-bundle.tar.gz";
