#!/usr/bin/env bash
# Runs the browser end-to-end suite. WebRTC between pages on loopback is most reliable when the
# machine has no other interface for ICE to try, so server and browser run inside one
# loopback-only network namespace when this user may create one (root, or unprivileged user
# namespaces); otherwise they run on the host's loopback.
set -euo pipefail
cd "$(dirname "$0")"
if command -v ip >/dev/null 2>&1 \
  && { unshare --net --map-root-user true 2>/dev/null || { [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; }; }; then
  if [ "$(id -u)" = 0 ]; then ns=(unshare --net); else ns=(unshare --net --map-root-user); fi
  exec "${ns[@]}" sh -c 'ip link set lo up && exec node --test --test-concurrency=1 --test-reporter=spec .'
fi
echo "(no network namespace available: running on the host's loopback)"
exec node --test --test-concurrency=1 --test-reporter=spec .
