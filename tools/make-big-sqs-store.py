#!/usr/bin/env python3
"""Generate a large, real SQS `store.state` with LocalStack's own classes (for benchmarks).

    make-big-sqs-store.py OUT [--queues 4] [--messages 100000] [--body-bytes 40]

Builds `SqsStore`s in LocalStack's `sqs_stores` AccountRegionBundle (two accounts, two
regions), fills `StandardQueue`s (and one `FifoQueue`) through their own `put()` with
`Message` dicts shaped as the provider builds them (MessageId, MD5OfBody, Body, Attributes,
MD5OfMessageAttributes, MessageAttributes), and writes the bundle with
`localstack.state.pickle.dump` - the bytes LocalStack's snapshot would write. Defaults give
~100 MB. Run with the venv python (LOCALSTATE_PY from tools/env.sh). Do not commit the output.
"""

import argparse
import json
import os
import sys
import time

from localstack.aws.api.sqs import Message, MessageSystemAttributeName
from localstack.services.sqs.models import FifoQueue, StandardQueue, sqs_stores
from localstack.services.sqs.utils import create_message_attribute_hash, generate_message_id
from localstack.state import pickle
from localstack.utils.strings import md5

SCOPES = [("000000000000", "us-east-1"), ("000000000000", "eu-west-1"),
          ("111111111111", "us-east-1"), ("111111111111", "eu-west-1")]


def make_message(account: str, i: int, body_bytes: int) -> Message:
    body = json.dumps({"seq": i, "pad": "x" * max(0, body_bytes - 30)})
    attrs = {"source": {"DataType": "String", "StringValue": f"gen-{i % 7}"},
             "n": {"DataType": "Number", "StringValue": str(i)}}
    return Message(
        MessageId=generate_message_id(),
        MD5OfBody=md5(body),
        Body=body,
        Attributes={MessageSystemAttributeName.SenderId: account,
                    MessageSystemAttributeName.SentTimestamp: str(int(time.time() * 1000))},
        MD5OfMessageAttributes=create_message_attribute_hash(attrs),
        MessageAttributes=attrs,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--queues", type=int, default=4, help="standard queues, spread over 4 account/regions")
    ap.add_argument("--messages", type=int, default=100_000, help="messages per standard queue")
    ap.add_argument("--body-bytes", type=int, default=40)
    args = ap.parse_args()

    t0 = time.perf_counter()
    for q in range(args.queues):
        account, region = SCOPES[q % len(SCOPES)]
        store = sqs_stores[account][region]
        queue = StandardQueue(f"bench-{q}", region, account, attributes={"VisibilityTimeout": "45"})
        store.queues[queue.name] = queue
        for i in range(args.messages):
            queue.put(make_message(account, i, args.body_bytes))
    account, region = SCOPES[0]
    fifo = FifoQueue("bench.fifo", region, account, attributes={"FifoQueue": "true"})
    sqs_stores[account][region].queues[fifo.name] = fifo
    for i in range(min(1000, args.messages)):
        fifo.put(make_message(account, i, args.body_bytes), message_deduplication_id=f"d{i}",
                 message_group_id=f"g{i % 10}")
    t_built = time.perf_counter()
    with open(args.out, "wb") as f:
        pickle.dump(sqs_stores, f)
    t_dumped = time.perf_counter()
    size = os.path.getsize(args.out)
    print(f"{args.out}: {size} bytes ({size / 1e6:.1f} MB); {args.queues} x {args.messages} messages "
          f"+ 1 FIFO queue; build {t_built - t0:.1f} s, dump {t_dumped - t_built:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
