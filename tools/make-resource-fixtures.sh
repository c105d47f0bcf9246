#!/usr/bin/env bash
# Generate a resource fixture: real state of many services + expected.json (the resources
# LocalStack's API listed before the shutdown), for tests/resources_truth.rs:
#   tools/make-resource-fixtures.sh OUTDIR [--localstack-version 2026.3|4.13] [--logs DIR]
# 2026.3 (default) runs $LOCALSTATE_PY; 4.13 runs $LOCALSTATE_PY_413, the venv of
# `tools/setup-real-programs.sh --localstack-4.13`. See tools/sample/make_resources.py.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
usage() { echo "usage: $0 OUTDIR [--localstack-version 2026.3|4.13] [--logs DIR]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
out="$1"; shift
version=2026.3
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --localstack-version) [[ $# -ge 2 ]] || usage; version="$2"; shift 2 ;;
    --logs) [[ $# -ge 2 ]] || usage; args+=(--logs "$2"); shift 2 ;;
    *) usage ;;
  esac
done
source "$HERE/env.sh"
case "$version" in
  2026.3|2026.3.0) py="${LOCALSTATE_PY:-}" ;;
  4.13|4.13.1)
    py="${LOCALSTATE_PY_413:-}"
    [[ -n "$py" ]] || { echo "LocalStack 4.13 is not installed: run bash tools/setup-real-programs.sh --localstack-4.13" >&2; exit 1; }
    ;;
  *) echo "no venv for LocalStack $version (2026.3 or 4.13)" >&2; exit 2 ;;
esac
[[ -n "$py" ]] || exit 1
# The workload and LocalStack both run in the chosen venv (emulators.py starts $LOCALSTATE_PY).
LOCALSTATE_PY="$py" exec "$py" "$HERE/sample/make_resources.py" "$out" "${args[@]}"
