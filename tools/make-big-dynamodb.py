#!/usr/bin/env python3
"""Fill a running DynamoDB Local with N items (default 1,000,000) via BatchWriteItem.

Used by the benchmark (benches/dynamodb.rs): the resulting <accessKey>_<region>.db is what
DynamoDB Local itself wrote, never a hand-made SQLite file. Generate on demand; never commit it.

    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -dbPath DIR -port 18471
    tools/make-big-dynamodb.py --endpoint http://127.0.0.1:18471 --items 1000000

Only the Python standard library is needed: DynamoDB Local does not check signatures, it only
reads the access key from the Authorization header (that key names the .db file).
"""
import argparse
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(endpoint, access_key, region, target, body):
    req = urllib.request.Request(
        endpoint,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"DynamoDB_20120810.{target}",
            "Authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/20260101/{region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read() or b"{}")


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
    ap.add_argument("--threads", type=int, default=4)
    a = ap.parse_args()
    c = lambda target, body: call(a.endpoint, a.access_key, a.region, target, body)
    c("CreateTable", {
        "TableName": a.table,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST",
    })

    def batch(start):
        pending = [{"PutRequest": {"Item": item(i)}} for i in range(start, min(start + 25, a.items))]
        while pending:
            out = c("BatchWriteItem", {"RequestItems": {a.table: pending}})
            pending = out.get("UnprocessedItems", {}).get(a.table, [])

    t0 = time.time()
    with ThreadPoolExecutor(a.threads) as pool:
        for n, _ in enumerate(pool.map(batch, range(0, a.items, 25))):
            if n % 4000 == 0:
                print(f"{n * 25} items, {time.time() - t0:.0f}s", file=sys.stderr)
    print(f"wrote {a.items} items to {a.table} in {time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
