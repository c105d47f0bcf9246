#!/usr/bin/env python3
"""Fill a running DynamoDB Local with N items (default 1,000,000) via BatchWriteItem.

Used by the benchmark (benches/dynamodb.rs): the resulting <accessKey>_<region>.db is what
DynamoDB Local itself wrote, never a hand-made SQLite file. Generate on demand; never commit it.

    source tools/env.sh; mkdir -p /dev/shm/big-ddb     # tmpfs: see Speed below
    (cd "$DDB_LOCAL_DIR" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \\
        -dbPath /dev/shm/big-ddb -port 18471) & DDB=$!
    tools/make-big-dynamodb.py --endpoint http://127.0.0.1:18471 --items 1000000
    kill $DDB; wait $DDB     # SIGTERM: DynamoDB Local closes the file cleanly; copy it only then
    mv /dev/shm/big-ddb/000000000000_us-east-1.db DEST/     # 434 MB for 1M items

Speed: DynamoDB Local runs every write on one SQLite thread and commits each BatchWriteItem,
so the dbPath decides it. On tmpfs: 1,000,000 items in 332 s, 3,015 items/s (2-core machine
with a build running alongside; that thread sat at ~100% of one core, Python used ~10% of
another). On a disk dbPath the per-batch fsync caps it near 600 items/s (5k-item trials, quiet
machine); the old ~60 items/s was disk plus a loaded machine. 2 to 32 client threads all gave
2,700-3,700 items/s on 20k-60k trials: that one thread is the limit. The client keeps one HTTP
connection per thread, retries connection errors and 5xx (covers java still starting) and
resends UnprocessedItems.

Only the Python standard library is needed: DynamoDB Local does not check signatures, it only
reads the access key from the Authorization header (that key names the .db file).
"""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse


class Client:
    """One keep-alive HTTP connection (one per thread): no TCP/Jetty connection setup per call."""

    def __init__(self, endpoint, access_key, region):
        u = urllib.parse.urlsplit(endpoint)
        self.host, self.port, self.path = u.hostname, u.port or 80, u.path or "/"
        self.auth = (f"AWS4-HMAC-SHA256 Credential={access_key}/20260101/{region}/dynamodb/aws4_request, "
                     "SignedHeaders=host, Signature=0")
        self.conn = None

    def call(self, target, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"DynamoDB_20120810.{target}",
            "Authorization": self.auth,
        }
        for attempt in range(8):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.conn.request("POST", self.path, data, headers)
                resp = self.conn.getresponse()
                out = resp.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 7:
                    raise
                time.sleep(0.1 * 2 ** attempt)
                continue
            if resp.status == 200:
                return json.loads(out or b"{}")
            if resp.status >= 500 or b"Throttling" in out:
                time.sleep(0.1 * 2 ** attempt)
                continue
            raise SystemExit(f"{target}: HTTP {resp.status}: {out.decode(errors='replace')}")
        raise SystemExit(f"{target}: still failing after retries")


def item(i):
    return {
        "pk": {"S": f"user#{i:07d}"},
        "sk": {"N": str(i % 1000)},
        "name": {"S": f"name {i}"},
        "score": {"N": f"{i * 7 % 10007}.5"},
        "tags": {"SS": ["a", f"t{i % 13}"]},
        "nested": {"M": {"level": {"N": str(i % 5)}, "ok": {"BOOL": i % 2 == 0}}},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", default="http://127.0.0.1:18471")
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--table", default="big")
    ap.add_argument("--access-key", default="000000000000")
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--threads", type=int, default=16)
    a = ap.parse_args()
    Client(a.endpoint, a.access_key, a.region).call("CreateTable", {
        "TableName": a.table,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST",
    })

    starts = iter(range(0, a.items, 25))
    lock = threading.Lock()
    done = [0]
    errors = []

    def worker():
        c = Client(a.endpoint, a.access_key, a.region)
        try:
            while not errors:
                with lock:
                    start = next(starts, None)
                if start is None:
                    return
                pending = [{"PutRequest": {"Item": item(i)}} for i in range(start, min(start + 25, a.items))]
                n, backoff = len(pending), 0.01
                while pending:  # a batch may come back partly unprocessed: resend only that part
                    out = c.call("BatchWriteItem", {"RequestItems": {a.table: pending}})
                    pending = out.get("UnprocessedItems", {}).get(a.table, [])
                    if pending:
                        time.sleep(backoff)
                        backoff = min(backoff * 2, 1.0)
                with lock:
                    done[0] += n
        except BaseException as e:
            errors.append(e)

    t0 = time.time()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
    for t in threads:
        t.start()
    report = t0 + 10
    for t in threads:
        while t.is_alive():
            t.join(timeout=max(0.0, report - time.time()))
            if time.time() >= report:
                report += 10
                el = time.time() - t0
                print(f"{done[0]} items, {el:.0f}s, {done[0] / el:.0f} items/s", file=sys.stderr)
    if errors:
        raise errors[0]
    el = time.time() - t0
    print(f"wrote {done[0]} items to {a.table} in {el:.0f}s ({done[0] / el:.0f} items/s)", file=sys.stderr)

if __name__ == "__main__":
    main()
