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

import emulators
import workload_sample
from dump_run import DumpingStack, localstack_info
from proxy import RecordingProxy

MAX_TOTAL_BYTES = 2 * 1024 * 1024


def write_startup_info(path: str, localstack_url: str) -> dict:
    info = localstack_info(localstack_url)
    entry = {
        "timestamp": datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S"),
        "localstack_version": info["version"],
        "localstack_ext_version": None,
        "pro_activated": bool(info.get("is_license_activated")),
    }
    with open(path, "w") as f:
        json.dump([entry], f)
    return info


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

    run = DumpingStack(state_dir, log_dir,
                       {"LOCALSTATE_DUMP_PERSIST_DIR": os.path.abspath(args.persist)} if args.persist else {})
    st = run.stack
    proxy = RecordingProxy(st.route, os.path.join(data_dir, "recorded_api_calls.json"))
    try:
        info = write_startup_info(os.path.join(data_dir, "startup_info.json"), st.localstack.url)
        touched = workload_sample.run(proxy.url)
    finally:
        proxy.stop()
        codes, dumped, problems = run.finish()

    for d in dumped:
        print("  dump:", json.dumps(d))
    dbs = sorted(os.listdir(os.path.join(state_dir, "dynamodb")))
    if len(dbs) < 2:
        problems.append(f"expected 2 DynamoDB Local files, got {dbs}")
    print(f"LocalStack {info['version']}; exit codes {codes}")
    print("touched:", *touched, sep="\n  ")
    print(f"recorded calls: {proxy.recorder.count}; dynamodb files: {dbs}")
    return run.conclude(out, MAX_TOTAL_BYTES, problems)


if __name__ == "__main__":
    sys.exit(main())
