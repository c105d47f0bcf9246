"""The stack with the shutdown hook: what the volume generators share.

`DumpingStack(state_dir, log_dir, env)` starts LocalStack (with `shutdown_hook.py` dumping
every store into `state_dir/api_states` at SIGTERM), DynamoDB Local and the kinesis-mocks
(writing into `state_dir`); `finish()` stops them and returns the exit codes, the hook's
manifest and the problems (no manifest, a kinesis file missing). Used by make_sample.py
(assets/sample-volume) and make_resources.py (tests/fixtures/resources).
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import stack

HERE = os.path.dirname(os.path.abspath(__file__))
HOOK = os.path.join(HERE, "shutdown_hook.py")


def localstack_info(localstack_url: str) -> dict:
    with urllib.request.urlopen(f"{localstack_url}/_localstack/info") as r:
        return json.load(r)


def dir_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


class DumpingStack:
    def __init__(self, state_dir: str, log_dir: str, hook_env: dict | None = None):
        state_dir = os.path.abspath(state_dir)  # LocalStack runs in its own cwd
        self.state_dir, self.log_dir = state_dir, log_dir
        self.manifest = os.path.join(os.path.abspath(log_dir), "dump-manifest.json")
        if os.path.exists(self.manifest):  # from an earlier run into the same log dir
            os.remove(self.manifest)
        self.t0 = time.perf_counter()
        self.stack = stack.Stack(state_dir, log_dir, HOOK, {
            "LOCALSTATE_DUMP_DIR": state_dir, "LOCALSTATE_DUMP_MANIFEST": self.manifest, **(hook_env or {})})
        self.t_started = time.perf_counter()
        self.t_stopping = self.t_stopped = None

    def finish(self) -> tuple[dict, list[dict], list[str]]:
        """Stops everything (the hook dumps); returns (exit codes, manifest entries, problems)."""
        self.t_stopping = time.perf_counter()
        # The hook runs first thing at SIGTERM and writes the manifest last. After that,
        # LocalStack's own service shutdown sometimes hangs (seen: > 60 s), with nothing left
        # to write: wait for the manifest, then give the rest 10 s.
        ls = self.stack.localstack.proc
        ls.send_signal(signal.SIGTERM)
        deadline = time.time() + 120
        while self._manifest() is None and ls.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        try:
            ls.wait(10)
        except subprocess.TimeoutExpired:
            pass  # the stop below signals it again: that ends it
        codes = self.stack.stop(localstack_timeout=5)
        self.t_stopped = time.perf_counter()
        self.stack.cleanup()
        problems = []
        dumped = self._manifest()
        if dumped is None:
            problems.append("the shutdown hook wrote no manifest (did it run?)")
            dumped = []
        for acct in stack.KINESIS_ACCOUNTS:
            if not os.path.exists(os.path.join(self.state_dir, "kinesis", f"{acct}.json")):
                problems.append(f"no kinesis file for {acct}")
        return codes, dumped, problems

    def _manifest(self) -> list[dict] | None:
        """The hook's manifest once it is completely written, else None."""
        try:
            with open(self.manifest) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def conclude(self, out: str, max_total_bytes: int, problems: list[str]) -> int:
        """Prints the timings, the size of `out` (a problem when over the limit), the problems
        and where the logs are; returns the exit code."""
        print(f"timings: {self.timings()}")
        total = dir_size(out)
        print(f"total size of {out}: {total} bytes")
        if total > max_total_bytes:
            problems.append(f"output is {total} bytes, over {max_total_bytes}")
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"logs in {self.log_dir}")
        return 1 if problems else 0

    def timings(self) -> str:
        return (f"start {self.t_started - self.t0:.1f} s, workload {self.t_stopping - self.t_started:.1f} s, "
                f"stop {self.t_stopped - self.t_stopping:.1f} s, total {self.t_stopped - self.t0:.1f} s")
