#!/usr/bin/env python3
"""Generate a large Avro SQS store in the fixtures' generated form (for benchmarks).

    make-big-avro-store.py OUT [--queues 3] [--messages 40000] [--body-bytes 120] [--codec null]

Fills `StandardQueue`s of one `SqsStore` (account 000000000000, us-east-1) through their own
`put()` with the messages `tools/make-big-sqs-store.py` makes, then writes the store as one
Avro object container file with the machinery of `tools/make-avro-fixtures.py`
(`tools/sample/avro_store.py`: LocalStack's schema generator localstack-py-avro-schema and
fastavro, the header metadata of `tools/sample/avro_hook.py`). Defaults give 99 MB with
120,000 messages (uncompressed: the fixtures' deflate gives 25.8 MB for 300,000). Run with the venv python (LOCALSTATE_PY from tools/env.sh). Do not commit
the output.
"""

import argparse
import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "sample"))

import avro_store  # noqa: E402
from localstack import version  # noqa: E402
from localstack.services.sqs.models import StandardQueue, sqs_stores  # noqa: E402

ACCOUNT, REGION = "000000000000", "us-east-1"


def pickle_generator():
    """tools/make-big-sqs-store.py as a module (its name has dashes), for its messages."""
    spec = importlib.util.spec_from_file_location("big_sqs", os.path.join(HERE, "make-big-sqs-store.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--queues", type=int, default=3)
    ap.add_argument("--messages", type=int, default=40_000, help="messages per queue")
    ap.add_argument("--body-bytes", type=int, default=120)
    ap.add_argument("--codec", default="null")
    args = ap.parse_args()

    make_message = pickle_generator().make_message
    t0 = time.perf_counter()
    store = sqs_stores[ACCOUNT][REGION]
    for q in range(args.queues):
        queue = StandardQueue(f"bench-{q}", REGION, ACCOUNT, attributes={"VisibilityTimeout": "45"})
        store.queues[queue.name] = queue
        for i in range(args.messages):
            queue.put(make_message(ACCOUNT, i, args.body_bytes))
    t_built = time.perf_counter()
    schema = avro_store.store_schema(type(store))
    record = avro_store.store_record(store, "sqs", ACCOUNT, REGION, schema)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    avro_store.write(args.out, schema, [record], codec=args.codec, metadata={
        "localstack.version": version.__version__, "localstack.service": "sqs"})
    t_written = time.perf_counter()
    size = os.path.getsize(args.out)
    print(f"{args.out}: {size} bytes ({size / 1e6:.1f} MB); {args.queues} x {args.messages} messages; "
          f"build {t_built - t0:.1f} s, write {t_written - t_built:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
