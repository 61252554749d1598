#!/usr/bin/env bash
# Runs every LiveGrpc test from a fresh clone: installs what the tests need, lints the
# contract, builds the solution, runs the .NET suites and the Node suites that drive our
# servers with independent clients (@grpc/grpc-js, @microsoft/signalr).
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

echo "== buf lint"
npx --no-install buf lint
if git rev-parse -q --verify HEAD~1 >/dev/null && git cat-file -e HEAD~1:buf.yaml 2>/dev/null; then
  echo "== buf breaking (against the previous commit)"
  npx --no-install buf breaking --against ".git#ref=HEAD~1"
fi

echo "== dotnet build"
dotnet build LiveGrpc.sln -nologo -v quiet

# The PostgreSQL store tests (and later the Redis ones) run on throwaway servers that this run
# starts on free loopback ports and stops at exit, also when a test fails.
echo "== engines: throwaway PostgreSQL and Redis on loopback (scripts/engines.sh)"
engines_env=$(scripts/engines.sh start)
eval "$engines_env"
trap 'scripts/engines.sh stop "$LIVEGRPC_ENGINES_DIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== dotnet test"
dotnet test LiveGrpc.sln --no-build -nologo --logger "console;verbosity=normal"

echo "== node tests"
node --test --test-concurrency=1 tests/node/

# --- Web client (issue 4) ----------------------------------------------------------------------
# The dotnet build above already built web-client/ (an MSBuild target in LiveGrpc.Server).
echo "== web-client unit tests (vitest)"
npm --prefix web-client test --silent

echo "== browser e2e (headless Chromium; screenshots in artifacts/screenshots/)"
tests/e2e/run.sh
