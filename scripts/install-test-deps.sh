#!/usr/bin/env bash
# Everything the test suite needs beyond the .NET SDK and Node, installed idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== npm packages"
npm ci --no-audit --no-fund --loglevel=error
