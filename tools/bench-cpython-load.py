#!/usr/bin/env python3
"""Time CPython loading a LocalStack state pickle: `localstack.state.pickle.load`.

    bench-cpython-load.py FILE [--repeat N]

Prints the seconds of the load alone (time.perf_counter around it; reading the file into
memory first, so disk time is not counted), one line per repeat and the best. Run with the
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
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    with open(args.file, "rb") as f:
        data = f.read()
    times = []
    for _ in range(args.repeat):
        buf = io.BytesIO(data)
        gc.collect()
        t0 = time.perf_counter()
        obj = pickle.load(buf)
        times.append(time.perf_counter() - t0)
        print(f"load {args.file} ({len(data)} bytes, {type(obj).__name__}): {times[-1]:.3f} s")
        del obj
    print(f"best {min(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
