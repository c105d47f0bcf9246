"""Record workload 2 through the proxy; write the single-file and the per-API logs.

  make_replay_fixtures.py SINGLE_DIR PER_API_DIR
SINGLE_DIR/recorded_api_calls.json (PERSISTENCE_SINGLE_FILE=1, the 0.x default) and
PER_API_DIR/api_calls_<api>.json (PERSISTENCE_SINGLE_FILE=0, 0.13-0.14): the same lines, split
by their "a" field in order; each dir also gets startup_info.json. SINGLE_DIR also gets
final_state.json: what the emulators held after the workload (tools/sample/probe.py), the
reference a replay's final state (tools/replay-check.py --final-state) is compared with.
"""

import argparse
import json
import os
import shutil
import sys

import emulators
import stack
import probe
import workload2
from make_sample import write_startup_info
from proxy import RecordingProxy, credential_scope


def split_per_api(log_path: str, out_dir: str) -> dict:
    counts = {}
    for f in os.listdir(out_dir):
        if f.startswith("api_calls_"):
            os.remove(os.path.join(out_dir, f))
    with open(log_path) as src:
        for line in src:
            api = json.loads(line)["a"]
            with open(os.path.join(out_dir, f"api_calls_{api}.json"), "a") as dst:
                dst.write(line)
            counts[api] = counts.get(api, 0) + 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("single_dir")
    ap.add_argument("per_api_dir")
    args = ap.parse_args()
    single, per_api = os.path.abspath(args.single_dir), os.path.abspath(args.per_api_dir)
    os.makedirs(single, exist_ok=True)
    os.makedirs(per_api, exist_ok=True)
    scratch = emulators.scratch_dir("localstate-w2-")
    st = stack.Stack(os.path.join(scratch, "state"), os.path.join(scratch, "logs"))
    log_path = os.path.join(single, "recorded_api_calls.json")
    proxy = RecordingProxy(st.route, log_path)
    try:
        write_startup_info(os.path.join(single, "startup_info.json"), st.localstack.url)
        workload2.run(proxy.url)
        entries = [json.loads(line) for line in open(log_path)]
        final = probe.observe(st, probe.scopes_of_log(entries, credential_scope), {e["a"] for e in entries})
        with open(os.path.join(single, "final_state.json"), "w") as f:
            json.dump(final, f, indent=1, sort_keys=True)
    finally:
        proxy.stop()
        st.stop()
        st.cleanup()
    shutil.copy(os.path.join(single, "startup_info.json"), per_api)
    counts = split_per_api(log_path, per_api)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"recorded {proxy.recorder.count} calls on proxy port {proxy.port}; per api: {counts}")
    print(f"{log_path}: {os.path.getsize(log_path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
