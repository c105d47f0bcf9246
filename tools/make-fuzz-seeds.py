#!/usr/bin/env python3
"""Write the seed corpora of the decoder fuzz targets from the repo's real fixtures.

    tools/make-fuzz-seeds.py        (writes fuzz/seeds/<target>/; run from anywhere)

Every seed is a file the real programs wrote (or a piece of one): kinesis-mock state, the
localstack-persist jsonpickle twins, DynamoDB Local item JSON from the sample databases, lines of
the record-and-replay fixtures, the Avro stores, and small volumes encoded as `path\\0content\\0` records for the
scan target. The pickle target's seeds are older and kept as they are.
"""
import pathlib
import sqlite3

REPO = pathlib.Path(__file__).resolve().parent.parent
SEEDS = REPO / "fuzz" / "seeds"
FIX = REPO / "tests" / "fixtures"
SAMPLE = REPO / "assets" / "sample-volume"


def put(target, name, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    # Avro stores written from real LocalStack (tools/make-avro-fixtures.py), whole and cut
    # short after their header (the first block's start).
    for p in sorted(FIX.glob("avro/state/*/*/*/*.avro")):
        name = "-".join(p.parts[-4:-1])
        data = p.read_bytes()
        put("avro_decode", f"{name}.avro", data)
        put("avro_decode", f"{name}-cut.avro", data[: min(len(data), 4096)])
    kinesis = sorted(FIX.glob("kinesis/*.json")) + sorted(SAMPLE.glob("state/kinesis/*.json"))
    for p in kinesis:
        put("kinesis_decode", f"{p.parent.parent.name}-{p.name}", p.read_bytes())
    twins = sorted(FIX.glob("persist-twins/*/*.json"))
    jsons = kinesis + twins + sorted(SAMPLE.glob("data/startup_info.json")) + [FIX / "pickle" / "manifest.json"]
    for i, p in enumerate(jsons):
        if p.stat().st_size < 64_000:
            put("json_decode", f"{i:02}-{p.name}", p.read_bytes())
    for p in twins:
        put("jsonpickle_decode", f"{p.parent.name}-{p.name}", p.read_bytes())
    dbs = sorted(FIX.glob("dynamodb/*.db")) + sorted(SAMPLE.glob("state/dynamodb/*.db"))
    n = 0
    for db in dbs:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            if "ObjectJSON" not in cols:
                continue
            for (obj,) in con.execute(f'SELECT ObjectJSON FROM "{t}" LIMIT 6'):
                put("dynamodb_item", f"item-{n:03}.json", obj if isinstance(obj, bytes) else obj.encode())
                n += 1
        con.close()
    logs = sorted(FIX.glob("replay/**/*.json"))
    n = 0
    for p in logs:
        for line in p.read_bytes().splitlines()[:12]:
            if line.strip():
                put("replay_line", f"line-{n:03}.json", line)
                n += 1
    small = [p for p in sorted(SAMPLE.rglob("*")) if p.is_file() and p.stat().st_size < 16_000]
    for i in range(0, len(small), 3):
        rec = b""
        for p in small[i : i + 3]:
            rec += str(p.relative_to(SAMPLE)).encode() + b"\0" + p.read_bytes() + b"\0"
        put("volume_scan", f"volume-{i // 3:02}", rec)


if __name__ == "__main__":
    main()
