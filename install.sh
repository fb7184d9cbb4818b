#!/bin/sh
# Installs nanocoder: downloads the binary for this machine from a GitHub release,
# checks its SHA-256 against the release's SHA256SUMS and puts it in ~/.local/bin.
#
#   curl -fsSL https://github.com/OWNER/REPO/releases/latest/download/install.sh | sh
#
# The copy attached to each release knows its repository; this one in the source tree
# needs NANOCODER_REPO. Settings, all optional, from the environment:
#   NANOCODER_VERSION       a release tag such as v0.2.0 (default: the latest release)
#   NANOCODER_INSTALL_DIR   where the binary goes (default: ~/.local/bin)
#   NANOCODER_REPO          owner/name of the GitHub repository
#   NANOCODER_DOWNLOAD_URL  a folder URL holding the assets and SHA256SUMS (a mirror);
#                           it replaces the GitHub release URL
set -eu

# The release workflow writes the repository it publishes from here.
DEFAULT_REPO=""

fail() {
  echo "nanocoder install: $*" >&2
  exit 1
}

# The release asset for this OS and CPU (names as in .github/workflows/release.yml).
asset_name() {
  os=$(uname -s)
  arch=$(uname -m)
  case "$os" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) fail "no nanocoder binary for $os: run the bundle with Deno instead (see README, Install)" ;;
  esac
  case "$arch" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "no nanocoder binary for $os on $arch" ;;
  esac
  # A shell under Rosetta reports x86_64 on an Apple Silicon Mac: take the native binary.
  if [ "$os" = macos ] && [ "$arch" = x64 ] &&
    [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then
    arch=arm64
  fi
  case "$os-$arch" in
    windows-x64) echo "nanocoder-windows-x64.exe" ;;
    windows-*) fail "no nanocoder binary for Windows on $arch" ;;
    *) echo "nanocoder-$os-$arch" ;;
  esac
}

download() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$2" "$1" || fail "cannot download $1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1" || fail "cannot download $1"
  else
    fail "needs curl or wget"
  fi
}

sha256() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | sed 's/.*= *//'
  else
    fail "needs sha256sum, shasum or openssl to check the download"
  fi
}

main() {
  asset=$(asset_name)
  version="${NANOCODER_VERSION:-latest}"
  if [ -n "${NANOCODER_DOWNLOAD_URL:-}" ]; then
    base="${NANOCODER_DOWNLOAD_URL%/}"
  else
    repo="${NANOCODER_REPO:-$DEFAULT_REPO}"
    [ -n "$repo" ] || fail "set NANOCODER_REPO=owner/name (the repository that publishes nanocoder)"
    if [ "$version" = latest ]; then
      base="https://github.com/$repo/releases/latest/download"
    else
      base="https://github.com/$repo/releases/download/$version"
    fi
  fi
  dir="${NANOCODER_INSTALL_DIR:-${HOME:?HOME is not set}/.local/bin}"
  name=nanocoder
  case "$asset" in *.exe) name=nanocoder.exe ;; esac

  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "Downloading $asset ($version)..." >&2
  download "$base/$asset" "$tmp/$asset"
  download "$base/SHA256SUMS" "$tmp/SHA256SUMS"
  expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
  [ -n "$expected" ] || fail "SHA256SUMS has no line for $asset: not installed"
  actual=$(sha256 "$tmp/$asset")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $asset (expected $expected, got $actual): not installed"
  fi

  mkdir -p "$dir"
  chmod 755 "$tmp/$asset"
  # Into the target folder under another name first, so the rename replaces it at once.
  mv "$tmp/$asset" "$dir/.$name.new"
  mv "$dir/.$name.new" "$dir/$name"
  echo "Installed $dir/$name ($("$dir/$name" --version 2>/dev/null || echo "$version"))" >&2
  case ":${PATH:-}:" in
    *":$dir:"*) ;;
    *) echo "Add it to your PATH: export PATH=\"$dir:\$PATH\"" >&2 ;;
  esac
}

main "$@"
