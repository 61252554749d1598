#!/usr/bin/env bash
# Everything the test suite needs beyond the .NET SDK and Node, installed idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm packages"
npm ci --no-audit --no-fund --loglevel=error

# --- Web client and browser end-to-end (issue 4) ---------------------------------------------
echo "== web-client packages"
npm ci --prefix web-client --no-audit --no-fund --loglevel=error

echo "== browser e2e: playwright-core (drives Debian's Chromium; no browser download)"
npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

# tests/e2e/browser.mjs runs $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "== chromium (Debian)"
  sudo_=""
  if [ "$(id -u)" != 0 ]; then sudo_="sudo"; fi
  # Refresh the package index only when installing from the current one fails (a fresh machine).
  if ! $sudo_ apt-get install -y chromium; then
    $sudo_ apt-get update
    $sudo_ apt-get install -y chromium
  fi
fi
if ! command -v ip >/dev/null 2>&1; then
  echo "(iproute2 missing: the browser e2e will run on the host's loopback instead of its own network namespace)"
fi

# --- PostgreSQL store and multi-node tests (issue 9) ------------------------------------------
# Debian's postgresql and redis-server; test.sh starts private instances of them (scripts/engines.sh).
echo "== postgresql and redis-server (Debian)"
scripts/engines.sh install
