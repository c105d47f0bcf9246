#!/usr/bin/env bash
# Record workload 2 (tools/sample/workload2.py) through the recording proxy against the real
# emulators into tests/fixtures/replay/{workload2,per-api}/. Needs tools/setup-real-programs.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
source "$HERE/env.sh"
exec "$LOCALSTATE_PY" "$HERE/sample/make_replay_fixtures.py" \
  "$ROOT/tests/fixtures/replay/workload2" "$ROOT/tests/fixtures/replay/per-api"
