#!/usr/bin/env python3
"""Time CPython loading a LocalStack state pickle: `localstack.state.pickle.load`.

    bench-cpython-load.py FILE... [--repeat N]

Prints the seconds of the load alone (time.perf_counter around it; reading the files into
memory first, so disk time is not counted), one line per file and repeat, the total of the
files per repeat, and the best total. Run with the
venv python (LOCALSTATE_PY from tools/env.sh), the reference for the Rust decoder's speed.
"""

import argparse
import gc
import io
import sys
import time

from localstack.state import pickle


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    blobs = []
    for name in args.files:
        with open(name, "rb") as f:
            blobs.append((name, f.read()))
    times = []
    for _ in range(args.repeat):
        total = 0.0
        for name, data in blobs:
            buf = io.BytesIO(data)
            gc.collect()
            t0 = time.perf_counter()
            obj = pickle.load(buf)
            took = time.perf_counter() - t0
            total += took
            print(f"load {name} ({len(data)} bytes, {type(obj).__name__}): {took:.3f} s")
            del obj
        times.append(total)
        if len(blobs) > 1:
            print(f"total {total:.3f} s")
    print(f"best {min(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
