#!/usr/bin/env bash
# A ~1 GB LocalStack volume for the overview and frame-time benchmarks (#14 point 9), every file
# written by the real programs' own code:
#   tools/make-big-volume.sh OUTDIR [--sqs-messages N] [--ddb-items N] [--s3-objects N]
# state/api_states/sqs/store.state  tools/make-big-sqs-store.py (4 queues x N/4 messages; 120 MB at 400k)
# state/api_states/s3/store.state   tools/make-big-s3-store.py (5 buckets, N objects)
# state/dynamodb/000000000000_us-east-1.db  DynamoDB Local filled by tools/make-big-dynamodb.py
#   (1M items: ~430 MB, ~6 min: DynamoDB Local writes on one thread)
# Needs tools/setup-real-programs.sh. Never commit the output.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 OUTDIR [--sqs-messages N] [--ddb-items N] [--s3-objects N]" >&2; exit 2; }
OUT="$1"; shift
SQS=400000 DDB=1000000 S3=50000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sqs-messages) SQS="$2"; shift 2 ;;
    --ddb-items) DDB="$2"; shift 2 ;;
    --s3-objects) S3="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source "$HERE/env.sh"
mkdir -p "$OUT/state/api_states/sqs" "$OUT/state/api_states/s3" "$OUT/state/dynamodb"
"$LOCALSTATE_PY" "$HERE/make-big-sqs-store.py" "$OUT/state/api_states/sqs/store.state" \
  --queues 4 --messages $((SQS / 4))
"$LOCALSTATE_PY" "$HERE/make-big-s3-store.py" "$OUT/state/api_states/s3/store.state" --objects "$S3"
if [[ "$DDB" -gt 0 ]]; then
  DB_DIR="$(mktemp -d /dev/shm/big-ddb.XXXXXX 2>/dev/null || mktemp -d)"
  PORT=18471
  (cd "$DDB_LOCAL_DIR" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
    -dbPath "$DB_DIR" -port "$PORT") >/dev/null 2>&1 &
  JAVA=$!
  "$LOCALSTATE_PY" "$HERE/make-big-dynamodb.py" --endpoint "http://127.0.0.1:$PORT" --items "$DDB"
  kill "$JAVA"; wait "$JAVA" || true   # SIGTERM: DynamoDB Local closes the file cleanly
  mv "$DB_DIR"/*.db "$OUT/state/dynamodb/"
  rm -rf "$DB_DIR"
fi
du -sh "$OUT"
