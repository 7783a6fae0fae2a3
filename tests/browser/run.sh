#!/usr/bin/env bash
# The browser test's entry point for ctest. Exits 77 (ctest: skipped) when
# what it needs is missing: node, Debian's chromium, or the npm packages
# (tools/test installs them: `npm ci --prefix tests/browser`).
# Usage: run.sh PRAXIS_INDEXER PRAXIS_SEARCHD OUT_DIR
set -u
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${PRAXIS_CHROMIUM:-/usr/bin/chromium}"
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed (Debian: nodejs)"; exit 77
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "SKIP: node $node_major is too old: playwright-core needs node 20 or newer"; exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is not installed (Debian: chromium)"; exit 77
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  echo "SKIP: npm packages missing: run npm ci --prefix tests/browser"; exit 77
fi
exec node "$here/browser.mjs" --indexer "$1" --searchd "$2" --out "$3" --chromium "$chromium"
