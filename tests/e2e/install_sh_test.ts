/**
 * install.sh against a fake release served on loopback: the asset it picks for each
 * OS and CPU (a fake `uname` on PATH), the checksum it insists on, and the GitHub URLs
 * it would use (a fake `curl` that records them).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RELEASE_BINARIES } from "./_release_assets.ts";

const SCRIPT = fileURLToPath(new URL("../../install.sh", import.meta.url));
const ASSETS = RELEASE_BINARIES.map((b) => b.asset);

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A release folder: each asset a script printing its own name; SHA256SUMS as given. */
async function fakeRelease(sums?: (lines: string[]) => string[]) {
  const files = new Map<string, string>();
  const lines: string[] = [];
  for (const asset of ASSETS) {
    const body = `#!/bin/sh\necho "nanocoder 9.9.9 (${asset})"\n`;
    files.set(asset, body);
    lines.push(`${await sha256(body)}  ${asset}`);
  }
  files.set("SHA256SUMS", (sums ? sums(lines) : lines).join("\n") + "\n");
  const requested: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    requested.push(path);
    const body = files.get(path.replace(/^\/v9\.9\.9\//, ""));
    return new Response(body ?? "not found", { status: body ? 200 : 404 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/v9.9.9`, requested, server };
}

/** Runs install.sh with a fake `uname` (and optionally `curl`) first on PATH. */
async function runInstall(
  uname: { s: string; m: string },
  env: Record<string, string>,
  fakeCurl = false,
) {
  const tmp = await Deno.makeTempDir({ prefix: "nanocoder-install-sh-" });
  const bin = join(tmp, "fakebin");
  await Deno.mkdir(bin);
  await Deno.writeTextFile(
    join(bin, "uname"),
    `#!/bin/sh\ncase "$1" in -s) echo "${uname.s}" ;; -m) echo "${uname.m}" ;; esac\n`,
  );
  if (fakeCurl) {
    await Deno.writeTextFile(
      join(bin, "curl"),
      `#!/bin/sh\nfor a; do last="$a"; done\necho "$last" >> "${tmp}/urls"\nexit 22\n`,
    );
  }
  for (const entry of Deno.readDirSync(bin)) await Deno.chmod(join(bin, entry.name), 0o755);
  const out = await new Deno.Command("sh", {
    args: [SCRIPT],
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp, ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const urls = await Deno.readTextFile(join(tmp, "urls")).catch(() => "");
  return {
    tmp,
    code: out.code,
    stderr: new TextDecoder().decode(out.stderr),
    urls: urls.trim().split("\n").filter(Boolean),
  };
}

Deno.test("install.sh downloads the asset of the platform, checks it and installs it", async () => {
  const release = await fakeRelease();
  try {
    for (const { uname, asset } of RELEASE_BINARIES) {
      release.requested.length = 0;
      const run = await runInstall(uname, { NANOCODER_DOWNLOAD_URL: release.url });
      try {
        assert.equal(run.code, 0, `${uname.s} ${uname.m}: ${run.stderr}`);
        assert.deepEqual(release.requested, [`/v9.9.9/${asset}`, "/v9.9.9/SHA256SUMS"]);
        const name = asset.endsWith(".exe") ? "nanocoder.exe" : "nanocoder";
        const installed = join(run.tmp, ".local/bin", name);
        const version = await new Deno.Command(installed, { stdout: "piped" }).output();
        assert.equal(new TextDecoder().decode(version.stdout), `nanocoder 9.9.9 (${asset})\n`);
        assert.match(run.stderr, new RegExp(`Installed ${installed.replaceAll(".", "\\.")} `));
        assert.match(run.stderr, /Add it to your PATH/);
      } finally {
        await Deno.remove(run.tmp, { recursive: true });
      }
    }
  } finally {
    await release.server.shutdown();
  }
});

Deno.test("install.sh refuses a download whose checksum does not match, installing nothing", async () => {
  const release = await fakeRelease((lines) =>
    lines.map((l) =>
      l.endsWith("nanocoder-linux-x64") ? `${"0".repeat(64)}  nanocoder-linux-x64` : l
    )
  );
  try {
    const run = await runInstall({ s: "Linux", m: "x86_64" }, {
      NANOCODER_DOWNLOAD_URL: release.url,
    });
    try {
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /nanocoder install: checksum mismatch for nanocoder-linux-x64 \(expected 0{64}, got [0-9a-f]{64}\): not installed/,
      );
      assert.deepEqual([...Deno.readDirSync(run.tmp)].map((e) => e.name).sort(), ["fakebin"]);
    } finally {
      await Deno.remove(run.tmp, { recursive: true });
    }
  } finally {
    await release.server.shutdown();
  }
});

Deno.test("install.sh refuses an asset that SHA256SUMS does not list", async () => {
  const release = await fakeRelease((lines) => lines.filter((l) => !l.endsWith("macos-arm64")));
  try {
    const run = await runInstall({ s: "Darwin", m: "arm64" }, {
      NANOCODER_DOWNLOAD_URL: release.url,
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /SHA256SUMS has no line for nanocoder-macos-arm64: not installed/);
    await Deno.remove(run.tmp, { recursive: true });
  } finally {
    await release.server.shutdown();
  }
});

Deno.test("install.sh says so for a platform without a binary", async () => {
  for (
    const [s, m, message] of [
      ["FreeBSD", "amd64", /no nanocoder binary for FreeBSD: run the bundle with Deno/],
      ["Linux", "riscv64", /no nanocoder binary for linux on riscv64/],
      ["MINGW64_NT-10.0", "aarch64", /no nanocoder binary for Windows on arm64/],
    ] as const
  ) {
    const run = await runInstall({ s, m }, { NANOCODER_DOWNLOAD_URL: "http://127.0.0.1:1" });
    assert.equal(run.code, 1, `${s} ${m}`);
    assert.match(run.stderr, message);
    await Deno.remove(run.tmp, { recursive: true });
  }
});

Deno.test("install.sh fetches from the repository's GitHub release, latest or a given tag", async () => {
  const cases = [
    [{}, "https://github.com/acme/nanocoder/releases/latest/download/nanocoder-linux-arm64"],
    [
      { NANOCODER_VERSION: "v1.2.3" },
      "https://github.com/acme/nanocoder/releases/download/v1.2.3/nanocoder-linux-arm64",
    ],
  ] as const;
  for (const [env, url] of cases) {
    const run = await runInstall(
      { s: "Linux", m: "aarch64" },
      { NANOCODER_REPO: "acme/nanocoder", ...env },
      true,
    );
    assert.equal(run.code, 1, "the fake curl fails every download");
    assert.deepEqual(run.urls, [url]);
    assert.match(run.stderr, new RegExp(`cannot download ${url.replaceAll(".", "\\.")}`));
    await Deno.remove(run.tmp, { recursive: true });
  }
  const unset = await runInstall({ s: "Linux", m: "x86_64" }, {}, true);
  assert.equal(unset.code, 1);
  assert.match(unset.stderr, /set NANOCODER_REPO=owner\/name/);
  await Deno.remove(unset.tmp, { recursive: true });
});
