#!/usr/bin/env python3
"""Raw-datum Avro fixtures: tools/make-avro-raw-fixtures.py [SRC] [OUT]

Files that are Avro but no object container file (no `Obj\\x01` header, no schema inside):
each store of SRC (default tests/fixtures/avro, written by tools/make-avro-fixtures.py from
real LocalStack 2026.3 stores with localstack-py-avro-schema and fastavro) is read with
fastavro and written again with `fastavro.schemaless_writer` as
OUT/state/<account>/<service>/<region>/store.state.avro (default OUT tests/fixtures/avro-raw),
its writer's schema as OUT/schemas/<service>/<Record>.avsc — the directory `--avro-schemas`
is given in the tests. Only the schemas of localstack-core stores (Apache-2.0) are written.
Run with the venv python (LOCALSTATE_PY from tools/env.sh).
"""

import glob
import json
import os
import sys

import fastavro

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STORES = ("sqs", "sns")  # small, and enough: two services, two record names
ACCOUNT = "000000000000"


def main() -> int:
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests/fixtures/avro")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/fixtures/avro-raw")
    written = 0
    for path in sorted(glob.glob(os.path.join(src, "state", ACCOUNT, "*", "*", "store.state.avro"))):
        rel = os.path.relpath(path, src)
        service = rel.split(os.sep)[2]
        if service not in STORES:
            continue
        with open(path, "rb") as f:
            reader = fastavro.reader(f)
            schema = reader.writer_schema
            records = list(reader)
        dest = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        parsed = fastavro.parse_schema(schema, _write_hint=False)
        with open(dest, "wb") as f:
            for r in records:
                fastavro.schemaless_writer(f, parsed, r)
        name = schema["name"].rsplit(".", 1)[-1]
        avsc = os.path.join(out, "schemas", service, f"{name}.avsc")
        os.makedirs(os.path.dirname(avsc), exist_ok=True)
        with open(avsc, "w") as f:
            json.dump(schema, f, indent=1, sort_keys=True)
        written += 1
        print(f"  {dest} ({os.path.getsize(dest)} bytes, {len(records)} datum), {avsc}")
    print(f"{written} raw-datum files")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
