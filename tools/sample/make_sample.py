"""Generate a LocalStack volume with real state files (driver of tools/make-sample-volume.sh).

OUTDIR/state/api_states/<service>/{store,backend}.state  pickles written inside LocalStack
OUTDIR/state/dynamodb/*.db                                DynamoDB Local files
OUTDIR/state/kinesis/<account>.json                       kinesis-mock files
OUTDIR/data/recorded_api_calls.json, startup_info.json    LocalStack 0.x record-and-replay log
"""

import argparse
import datetime
import json
import os
import shutil
import sys
import time
import urllib.request

import emulators
import stack
import workload_sample
from proxy import RecordingProxy

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_TOTAL_BYTES = 2 * 1024 * 1024


def write_startup_info(path: str, localstack_url: str) -> dict:
    with urllib.request.urlopen(f"{localstack_url}/_localstack/info") as r:
        info = json.load(r)
    entry = {
        "timestamp": datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S"),
        "localstack_version": info["version"],
        "localstack_ext_version": None,
        "pro_activated": bool(info.get("is_license_activated")),
    }
    with open(path, "w") as f:
        json.dump([entry], f)
    return info


def dir_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir")
    ap.add_argument("--logs", help="where the programs' logs go (default: a temp dir)")
    ap.add_argument("--persist", help="also write every store in the localstack-persist layout here "
                                      "(jsonpickle store.json + its store.pkl twin)")
    args = ap.parse_args()
    out = os.path.abspath(args.outdir)
    for sub in ("state", "data"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    state_dir, data_dir = os.path.join(out, "state"), os.path.join(out, "data")
    os.makedirs(data_dir)
    log_dir = args.logs or emulators.scratch_dir("localstate-logs-")
    manifest = os.path.join(log_dir, "dump-manifest.json")

    t0 = time.perf_counter()
    st = stack.Stack(state_dir, log_dir, os.path.join(HERE, "shutdown_hook.py"),
                     {"LOCALSTATE_DUMP_DIR": state_dir, "LOCALSTATE_DUMP_MANIFEST": manifest,
                      **({"LOCALSTATE_DUMP_PERSIST_DIR": os.path.abspath(args.persist)} if args.persist else {})})
    t_started = time.perf_counter()
    proxy = RecordingProxy(st.route, os.path.join(data_dir, "recorded_api_calls.json"))
    try:
        info = write_startup_info(os.path.join(data_dir, "startup_info.json"), st.localstack.url)
        touched = workload_sample.run(proxy.url)
        t_workload = time.perf_counter()
    finally:
        proxy.stop()
        codes = st.stop()
    t_stopped = time.perf_counter()
    st.cleanup()

    problems = []
    if not os.path.exists(manifest):
        problems.append("the shutdown hook wrote no manifest (did it run?)")
        dumped = []
    else:
        dumped = json.load(open(manifest))
    for d in dumped:
        print("  dump:", json.dumps(d))
    for acct in stack.KINESIS_ACCOUNTS:
        if not os.path.exists(os.path.join(state_dir, "kinesis", f"{acct}.json")):
            problems.append(f"no kinesis file for {acct}")
    dbs = sorted(os.listdir(os.path.join(state_dir, "dynamodb")))
    if len(dbs) < 2:
        problems.append(f"expected 2 DynamoDB Local files, got {dbs}")
    total = dir_size(out)
    print(f"LocalStack {info['version']}; exit codes {codes}")
    print("touched:", *touched, sep="\n  ")
    print(f"recorded calls: {proxy.recorder.count}; dynamodb files: {dbs}")
    print(f"timings: start {t_started - t0:.1f} s, workload {t_workload - t_started:.1f} s, "
          f"stop {t_stopped - t_workload:.1f} s, total {t_stopped - t0:.1f} s")
    print(f"total size of {out}: {total} bytes")
    if total > MAX_TOTAL_BYTES:
        problems.append(f"output is {total} bytes, over {MAX_TOTAL_BYTES}")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    print(f"logs in {log_dir}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
