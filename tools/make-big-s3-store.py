#!/usr/bin/env python3
"""Generate a large, real S3 `store.state` with LocalStack's own classes (for benchmarks).

    make-big-s3-store.py OUT [--buckets 5] [--objects 50000]

Builds `S3Bucket`s (with `owner`, as the provider creates them) in LocalStack's `s3_stores`
AccountRegionBundle and fills their `KeyStore`s with `S3Object`s the way PutObject does (key,
etag, size, user and system metadata, checksum), then writes the bundle with
`localstack.state.pickle.dump`: the bytes LocalStack's snapshot would write. `--objects` is the
total over all buckets. Run with the venv python (LOCALSTATE_PY from tools/env.sh). Do not
commit the output.
"""

import argparse
import hashlib
import os
import sys
import time

from localstack.services.s3.models import S3Bucket, S3Object, s3_stores
from localstack.services.s3.utils import get_owner_for_account_id
from localstack.state import pickle

ACCOUNT, REGION = "000000000000", "us-east-1"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--buckets", type=int, default=5)
    ap.add_argument("--objects", type=int, default=50_000, help="objects in all, spread over the buckets")
    args = ap.parse_args()

    t0 = time.perf_counter()
    store = s3_stores[ACCOUNT][REGION]
    owner = get_owner_for_account_id(ACCOUNT)
    buckets = []
    for b in range(args.buckets):
        bucket = S3Bucket(f"bench-bucket-{b}", ACCOUNT, REGION, owner)
        store.buckets[bucket.name] = bucket
        store.global_bucket_map[bucket.name] = ACCOUNT
        buckets.append(bucket)
    for i in range(args.objects):
        bucket = buckets[i % len(buckets)]
        key = f"data/{i // 1000:04d}/object-{i:07d}.json"
        size = 200 + i % 5000
        obj = S3Object(key=key, etag=hashlib.md5(key.encode()).hexdigest(), size=size,
                       user_metadata={"source": f"gen-{i % 7}"},
                       system_metadata={"ContentType": "application/json"},
                       checksum_algorithm="CRC32", checksum_value="AAAAAA==", owner=owner)
        bucket.objects.set(key, obj)
    t_built = time.perf_counter()
    with open(args.out, "wb") as f:
        pickle.dump(s3_stores, f)
    size = os.path.getsize(args.out)
    print(f"{args.out}: {size} bytes ({size / 1e6:.1f} MB); {args.buckets} buckets, {args.objects} objects; "
          f"build {t_built - t0:.1f} s, dump {time.perf_counter() - t_built:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
