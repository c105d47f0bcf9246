"""Generate a resource fixture (driver of tools/make-resource-fixtures.sh).

OUTDIR/state/...        the state of tools/sample/workload_resources.py, as the shutdown hook
                        dumps it (api_states pickles, DynamoDB Local dbs, kinesis-mock files,
                        asset dirs)
OUTDIR/expected.json    what LocalStack's API listed before the shutdown:
                        {"localstack_version", "resources": [...], "defaults": [...],
                         "skipped": {what: why}}
The LocalStack run is the one of $LOCALSTATE_PY (tools/env.sh; the shell driver points it at
the venv of --localstack-version).
"""

import argparse
import json
import os
import shutil
import sys
import time

import emulators
import workload_resources
from dump_run import DumpingStack, localstack_info
from proxy import RecordingProxy

MAX_TOTAL_BYTES = 4 * 1024 * 1024
# The per-file cap of the shutdown hook: the largest store the workload makes must fit (the
# EC2 backend, ~0.85 MB: moto's default AMIs and snapshots). LocalStack 4.13's moto IAM
# backend (~4 MB an account: the AWS managed policies) does not, and is left out.
DUMP_MAX_BYTES = 1024 * 1024


def skipped_by_dump(dumped: list[dict]) -> dict[str, str]:
    """The manifest's files that did not land (errors, over the cap), not the empty ones."""
    out = {}
    for d in dumped:
        what = f"dump of {d['service']}" + (f" {d['file']}" if d.get("file") else f" {d.get('kind', '')}".rstrip())
        if "error" in d:
            out[what] = d["error"]
        elif d.get("skipped") and d["skipped"] != "empty":
            out[what] = f"{d['skipped']} ({d.get('bytes')} bytes)"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir")
    ap.add_argument("--logs", help="where the programs' logs go (default: a temp dir)")
    ap.add_argument("--dump-max-bytes", type=int, default=DUMP_MAX_BYTES,
                    help=f"the shutdown hook's cap per file (default {DUMP_MAX_BYTES})")
    args = ap.parse_args()
    out = os.path.abspath(args.outdir)
    shutil.rmtree(os.path.join(out, "state"), ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    expected_path = os.path.join(out, "expected.json")
    if os.path.exists(expected_path):
        os.remove(expected_path)
    state_dir = os.path.join(out, "state")
    log_dir = args.logs or emulators.scratch_dir("localstate-logs-")

    # SQS would publish queue metrics to CloudWatch every minute, after the inventory too:
    # state nobody listed. Off, so what the state holds is what was listed.
    run = DumpingStack(state_dir, log_dir, {"LOCALSTATE_DUMP_MAX_BYTES": str(args.dump_max_bytes),
                                            "SQS_DISABLE_CLOUDWATCH_METRICS": "1"})
    proxy = RecordingProxy(run.stack.route, os.path.join(log_dir, "recorded_api_calls.json"))
    try:
        info = localstack_info(run.stack.localstack.url)
        done, skipped = workload_resources.run(proxy.url)
        t_inventory = time.perf_counter()
        expected, defaults, problems = workload_resources.inventory(proxy.url, skipped)
        done.append(f"inventory ({time.perf_counter() - t_inventory:.1f} s)")
    finally:
        proxy.stop()
        codes, dumped, stop_problems = run.finish()
    problems += stop_problems

    dump_skips = skipped_by_dump(dumped)
    landed = {d["service"] for d in dumped if d.get("file") and "skipped" not in d}
    # Resources of a service whose state did not land are not in the state: not expected.
    lost = {r["service"] for r in expected} - landed - {"dynamodb", "kinesis"}
    for service in sorted(lost):
        n = sum(r["service"] == service for r in expected)
        skipped[f"expected {service} resources"] = (f"{n} listed, but no {service} state landed: "
                                                    + "; ".join(v for k, v in dump_skips.items()
                                                                if k.startswith(f"dump of {service}")))
    for what, why in dump_skips.items():
        service = what.split()[2]
        if service not in lost and any(r["service"] == service for r in expected):
            problems.append(f"{what} did not land ({why}), but {service} has expected resources "
                            "(raise --dump-max-bytes?)")
    expected = [r for r in expected if r["service"] not in lost]
    defaults = [r for r in defaults if r["service"] not in lost]
    defaults += [d for d in workload_resources.UNLISTED_DEFAULTS if d["service"] in landed]
    skipped.update(dump_skips)

    doc = {"localstack_version": info["version"], "resources": expected, "defaults": defaults,
           "skipped": skipped}
    with open(expected_path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")

    for d in dumped:
        print("  dump:", json.dumps(d))
    print(f"LocalStack {info['version']}; exit codes {codes}")
    print(f"done ({len(done)}):", *done, sep="\n  ")
    print(f"skipped ({len(skipped)}):", *(f"{k}: {v}" for k, v in skipped.items()), sep="\n  ")
    print(f"expected: {len(expected)} resources, {len(defaults)} defaults")
    return run.conclude(out, MAX_TOTAL_BYTES, problems)


if __name__ == "__main__":
    sys.exit(main())
