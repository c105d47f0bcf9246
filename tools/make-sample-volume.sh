#!/usr/bin/env bash
# Generate a LocalStack volume (state/ + data/) with REAL state files:
#   tools/make-sample-volume.sh OUTDIR [--logs DIR]
# Needs tools/setup-real-programs.sh to have run. See tools/sample/make_sample.py.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 OUTDIR [--logs DIR]" >&2; exit 2; }
source "$HERE/env.sh"
exec "$LOCALSTATE_PY" "$HERE/sample/make_sample.py" "$@"
