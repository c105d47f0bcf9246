#!/usr/bin/env python3
"""The peer of `cargo bench --bench avro`: read every record of an Avro object container file
with fastavro (its C extension), as a whole process.

    bench-fastavro-read.py FILE [--repeat N] [--parse-json]

--parse-json also parses every bytes value that holds JSON (py-avro-schema's `json` logical
type, which fastavro leaves as bytes and localstate presents parsed): the same work as the
browsable tree. Prints `records N` and, per run, the seconds; with --repeat, `best S s`. Run with the venv
python (LOCALSTATE_PY from tools/env.sh).
"""

import argparse
import json
import sys
import time

import fastavro
import fastavro._read  # the C extension; an ImportError here means the pure-Python reader


def parse_json_values(record) -> None:
    """json.loads of every bytes value that holds JSON, iteratively (as deep as the record)."""
    stack = [record]
    while stack:
        v = stack.pop()
        items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
        for x in items:
            if isinstance(x, bytes) and x[:1] in (b"{", b"[", b'"'):
                try:
                    stack.append(json.loads(x))
                except ValueError:
                    pass
            elif isinstance(x, (dict, list)):
                stack.append(x)


def read_all(path: str, parse_json: bool) -> int:
    n = 0
    with open(path, "rb") as f:
        for record in fastavro.reader(f):
            if parse_json:
                parse_json_values(record)
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--parse-json", action="store_true")
    args = ap.parse_args()
    best = float("inf")
    for run in range(args.repeat):
        t0 = time.perf_counter()
        n = read_all(args.file, args.parse_json)
        secs = time.perf_counter() - t0
        best = min(best, secs)
        print(f"fastavro run {run}: {secs:.3f} s, records {n}")
    if args.repeat > 1:
        print(f"best {best:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
