#!/usr/bin/env python3
"""The peer of `cargo bench --bench avro`: read every record of an Avro object container file
with fastavro (its C extension), as a whole process.

    bench-fastavro-read.py FILE [--repeat N]

Prints `records N` and, per run, the seconds; with --repeat, `best S s`. Run with the venv
python (LOCALSTATE_PY from tools/env.sh).
"""

import argparse
import sys
import time

import fastavro
import fastavro._read  # the C extension; an ImportError here means the pure-Python reader


def read_all(path: str) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in fastavro.reader(f))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    best = float("inf")
    for run in range(args.repeat):
        t0 = time.perf_counter()
        n = read_all(args.file)
        secs = time.perf_counter() - t0
        best = min(best, secs)
        print(f"fastavro run {run}: {secs:.3f} s, records {n}")
    if args.repeat > 1:
        print(f"best {best:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
