#!/usr/bin/env python3
"""Replay a LocalStack 0.x record-and-replay log against FRESH real emulators; report each call.

    replay-check.py LOG [--out RESULTS.jsonl] [--cost-out COST.json] [--final-state STATE.json]
                        [--rewrite-host]

Starts LocalStack 2026.3, DynamoDB Local and kinesis-mock (tools/sample/stack.py) on new
free loopback ports and sends every line of LOG in order, as LocalStack 0.x's
`replay_command` did: the recorded method, path, headers (including the recorded Host,
unless --rewrite-host) and body, to the emulator of the line's api; the response is not used
to change later calls. Writes one JSON object per call (stdout, or --out):
  {"index": i, "api": a, "method": m, "path": p, "status": code, "ok": 2xx?,
   "error_code": "<AWS error code or null>", "body_excerpt": "<first 300 chars>", "ms": elapsed}
--final-state writes an id-free summary of what the emulators hold after the replay
(tools/sample/probe.py), comparable with the final_state.json recorded next to a fixture log:
a call that returned 2xx but did nothing (e.g. DeleteMessage with a stale receipt handle)
shows up there. Run it with the venv python (LOCALSTATE_PY from tools/env.sh). Exit code 0 unless the
emulators could not start or LOG is malformed.
"""

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample"))

import emulators  # noqa: E402
import probe  # noqa: E402
import stack  # noqa: E402
from proxy import HOP_BY_HOP, credential_scope  # noqa: E402

XML_CODE = re.compile(rb"<Code>([^<]+)</Code>")


def read_log(path: str) -> list[dict]:
    entries = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                if not isinstance(e, dict):
                    raise ValueError("not a JSON object")
                for key in ("a", "m", "p", "h"):
                    if key not in e:
                        raise ValueError(f"missing key {key!r}")
                if not isinstance(e["h"], dict):
                    raise ValueError('"h" is not an object')
            except ValueError as err:
                sys.exit(f"{path}:{n}: not a record-and-replay line: {err}")
            entries.append(e)
    return entries


def error_code(status: int, body: bytes) -> str | None:
    if 200 <= status < 300:
        return None
    try:
        doc = json.loads(body)
        code = doc.get("__type") or doc.get("code") or doc.get("Code")
        if code:
            return str(code).rsplit("#", 1)[-1]
    except ValueError:
        pass
    m = XML_CODE.search(body)
    return m.group(1).decode(errors="replace") if m else f"HTTP{status}"


def send(host: str, port: int, entry: dict, rewrite_host: bool) -> tuple[int, bytes]:
    body = base64.b64decode(entry["d"]) if entry.get("d") is not None else None
    headers = {k: v for k, v in entry["h"].items() if k.lower() not in HOP_BY_HOP}
    headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
    if rewrite_host:
        headers = {k: v for k, v in headers.items() if k.lower() != "host"}
        headers["Host"] = f"{host}:{port}"
    if body is not None:
        headers["Content-Length"] = str(len(body))
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        conn.request(entry["m"], entry["p"], body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def cost_summary(log: str, times_ms: list[tuple[str, float]], failed: int, startup_s: float) -> dict:
    """Per-call cost; the first call of each api is apart: LocalStack loads a service lazily."""
    seen, first, warm = set(), {}, []
    for api, ms in times_ms:
        if api in seen:
            warm.append(ms)
        else:
            seen.add(api)
            first[api] = round(ms, 1)
    all_ms = [ms for _, ms in times_ms]

    def stats(xs):
        return {"mean": round(statistics.fmean(xs), 2), "median": round(statistics.median(xs), 2),
                "max": round(max(xs), 2)} if xs else None

    return {
        "log": os.path.basename(log),
        "calls": len(times_ms),
        "failed": failed,
        "emulator_startup_s": round(startup_s, 1),
        "ms_per_call_all": stats(all_ms),
        "ms_per_call_warm": stats(warm),
        "ms_first_call_per_api": first,
        "total_replay_s": round(sum(all_ms) / 1000, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("log")
    ap.add_argument("--out", help="write the JSON lines here instead of stdout")
    ap.add_argument("--cost-out", help="write a JSON summary of the per-call replay cost here")
    ap.add_argument("--final-state", help="write the id-free state summary after the replay here")
    ap.add_argument("--rewrite-host", action="store_true",
                    help="send Host of the new emulator instead of the recorded one")
    args = ap.parse_args()
    entries = read_log(args.log)

    scratch = emulators.scratch_dir("localstate-replay-")
    t0 = time.perf_counter()
    st = stack.Stack(os.path.join(scratch, "state"), os.path.join(scratch, "logs"))
    startup_s = time.perf_counter() - t0
    out = open(args.out, "w") if args.out else sys.stdout
    times_ms = []
    failed = 0
    try:
        for i, e in enumerate(entries):
            access_key, _, _ = credential_scope(e["h"])
            host, port = st.route(e["a"], access_key)
            t = time.perf_counter()
            try:
                status, body = send(host, port, e, args.rewrite_host)
            except (OSError, http.client.HTTPException) as err:
                status, body = 0, repr(err).encode()
            ms = (time.perf_counter() - t) * 1000
            times_ms.append((e["a"], ms))
            ok = 200 <= status < 300
            failed += not ok
            out.write(json.dumps({
                "index": i, "api": e["a"], "method": e["m"], "path": e["p"], "status": status, "ok": ok,
                "error_code": None if ok else (error_code(status, body) if status else "ConnectionError"),
                "body_excerpt": body[:300].decode("utf-8", errors="replace"), "ms": round(ms, 2),
            }) + "\n")
            out.flush()
        if args.final_state:
            final = probe.observe(st, probe.scopes_of_log(entries, credential_scope), {e["a"] for e in entries})
            with open(args.final_state, "w") as f:
                json.dump(final, f, indent=1, sort_keys=True)
    finally:
        if args.out:
            out.close()
        st.stop(kinesis_flush_seconds=0)
        st.cleanup()
        shutil.rmtree(scratch, ignore_errors=True)

    summary = cost_summary(args.log, times_ms, failed, startup_s)
    print(json.dumps(summary), file=sys.stderr)
    if args.cost_out:
        with open(args.cost_out, "w") as f:
            json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
