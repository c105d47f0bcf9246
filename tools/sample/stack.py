"""The emulator stack: LocalStack + DynamoDB Local + one kinesis-mock per account.

Plays the role of LocalStack's edge port: `route(service, access_key)` sends DynamoDB calls
to DynamoDB Local, Kinesis calls to the kinesis-mock of the caller's account (LocalStack runs
one per account), and everything else to LocalStack.
"""

import os
import shutil
import time

import emulators

KINESIS_ACCOUNTS = ("000000000000", "111111111111")


class Stack:
    def __init__(self, state_dir: str, log_dir: str, shutdown_hook: str | None = None,
                 hook_env: dict | None = None):
        """state_dir receives dynamodb/ and kinesis/; LocalStack runs in a scratch FILESYSTEM_ROOT."""
        self.state_dir, self.log_dir = state_dir, log_dir
        os.makedirs(log_dir, exist_ok=True)
        self.fs_root = emulators.scratch_dir("localstate-ls-")
        self.procs = []
        try:
            self.ddb = self._add(emulators.start_dynamodb_local(os.path.join(state_dir, "dynamodb"), log_dir))
            self.kinesis = {
                acct: self._add(emulators.start_kinesis_mock(acct, os.path.join(state_dir, "kinesis"), log_dir))
                for acct in KINESIS_ACCOUNTS
            }
            self.localstack = self._add(emulators.start_localstack(self.fs_root, log_dir, shutdown_hook, hook_env))
        except BaseException:
            self.stop()
            raise

    def _add(self, proc):
        self.procs.append(proc)
        return proc

    def route(self, service: str | None, access_key: str | None) -> tuple[str, int]:
        if service == "dynamodb":
            return "127.0.0.1", self.ddb.port
        if service == "kinesis":
            account = (access_key or "")[:12]
            proc = self.kinesis.get(account, self.kinesis[KINESIS_ACCOUNTS[0]])
            return "127.0.0.1", proc.port
        return "127.0.0.1", self.localstack.port

    def stop(self, kinesis_flush_seconds: float = 2.5, localstack_timeout: float = 60) -> dict:
        """SIGTERM everything (LocalStack first, so its shutdown hooks run; killed after
        `localstack_timeout` s); return exit codes."""
        codes = {}
        for proc in sorted(self.procs, key=lambda p: p.name != "localstack"):
            if proc.name.startswith("kinesis-mock") and proc.proc.poll() is None:
                time.sleep(kinesis_flush_seconds)  # let the 1 s persist interval write the file
                kinesis_flush_seconds = 0
            codes[proc.name] = proc.stop(localstack_timeout) if proc.name == "localstack" else proc.stop()
        self.procs = []
        return codes

    def cleanup(self) -> None:
        shutil.rmtree(self.fs_root, ignore_errors=True)
