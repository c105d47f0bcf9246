"""LocalStack shutdown.d init hook: write each service's state as LocalStack's snapshot does.

Copied into `<FILESYSTEM_ROOT>/etc/localstack/init/shutdown.d/` and exec'd by LocalStack at
SIGTERM. For every loaded service it visits the state containers with
`accept_state_visitor` and pickles each `AccountRegionBundle` to
`$LOCALSTATE_DUMP_DIR/api_states/<service>/store.state` and each moto `BackendDict` to
`.../backend.state` with `localstack.state.pickle.dump`, and copies asset directories (S3
objects, CloudWatch metrics.db) to `$LOCALSTATE_DUMP_DIR/<service>/` - only non-empty ones, none over
LOCALSTATE_DUMP_MAX_BYTES (the moto IAM backend alone is ~4 MB of AWS managed policies).
A summary goes to `$LOCALSTATE_DUMP_MANIFEST` (JSON) for the driver script.

With `$LOCALSTATE_DUMP_PERSIST_DIR` set, each container is also written in the
localstack-persist layout (FORMATS.md §1): `<dir>/<service>/store.json` / `backend.json`,
jsonpickle with `keys=True` wrapped as `{"v":1,"data":…}` (with handlers for datetimes as
ISO text, Condition and PriorityQueue, as localstack-persist registers them), and its twin
`store.pkl` / `backend.pkl` (marker byte `d`, then the same dill pickle).
"""

import functools
import io
import json
import os
import shutil

from localstack.services.plugins import SERVICE_PLUGINS
from localstack.state import StateVisitor, pickle

DUMP_DIR = os.environ["LOCALSTATE_DUMP_DIR"]
MANIFEST = os.environ.get("LOCALSTATE_DUMP_MANIFEST")
MAX_BYTES = int(os.environ.get("LOCALSTATE_DUMP_MAX_BYTES", str(512 * 1024)))
PERSIST_DIR = os.environ.get("LOCALSTATE_DUMP_PERSIST_DIR")


def _is_empty(container) -> bool:
    """Both AccountRegionBundle and BackendDict map account -> {region -> store}."""
    return all(len(regions) == 0 for regions in container.values())


class DumpVisitor(StateVisitor):
    def __init__(self, service: str, report: list):
        self.service, self.report = service, report

    def visit(self, state_container):
        kind = type(state_container).__name__
        if kind == "AssetDirectory":
            self._copy_assets(state_container)
            return
        if kind == "AccountRegionBundle":
            file_name = "store.state"
        elif kind == "BackendDict":
            file_name = "backend.state"
        else:
            self.report.append({"service": self.service, "kind": kind, "skipped": "unknown container"})
            return
        if _is_empty(state_container):
            self.report.append({"service": self.service, "kind": kind, "skipped": "empty"})
            return
        buf = io.BytesIO()
        pickle.dump(state_container, buf)
        data = buf.getvalue()
        entry = {"service": self.service, "kind": kind, "file": file_name, "bytes": len(data),
                 "accounts": sorted(state_container.keys())}
        if len(data) > MAX_BYTES:
            entry["skipped"] = f"larger than {MAX_BYTES} bytes"
            self.report.append(entry)
            return
        out_dir = os.path.join(DUMP_DIR, "api_states", self.service)
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, file_name)
        if os.path.exists(path):
            entry["skipped"] = "a second container of the same kind"
            self.report.append(entry)
            return
        with open(path, "wb") as f:
            f.write(data)
        if PERSIST_DIR:
            entry["persist"] = _write_persist_twins(self.service, file_name.split(".")[0], state_container, data)
        self.report.append(entry)


    def _copy_assets(self, assets):
        """Asset directories (S3 object files, CloudWatch metrics.db) go to state/<service>/."""
        src = str(assets.path)
        files = [os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs] if os.path.isdir(src) else []
        entry = {"service": self.service, "kind": "AssetDirectory", "path": src, "files": len(files),
                 "bytes": sum(os.path.getsize(f) for f in files)}
        if not files:
            entry["skipped"] = "empty"
        elif entry["bytes"] > MAX_BYTES:
            entry["skipped"] = f"larger than {MAX_BYTES} bytes"
        else:
            shutil.copytree(src, os.path.join(DUMP_DIR, self.service), dirs_exist_ok=True)
        self.report.append(entry)


@functools.cache
def _jsonpickle_handlers():
    """Registers the handlers localstack-persist registers (once)."""
    import datetime
    import queue
    import threading

    import jsonpickle.handlers

    class Iso(jsonpickle.handlers.BaseHandler):
        def flatten(self, obj, data):
            data["isoformat"] = obj.isoformat()
            return data

    class Cond(jsonpickle.handlers.BaseHandler):
        def flatten(self, obj, data):
            data["lock"] = self.context.flatten(obj._lock, reset=False)
            return data

    class Prio(jsonpickle.handlers.BaseHandler):
        def flatten(self, obj, data):
            data["maxsize"] = obj.maxsize
            data["queue"] = self.context.flatten(obj.queue, reset=False)
            return data

    for cls in (datetime.datetime, datetime.date, datetime.time):
        Iso.handles(cls)
    Cond.handles(threading.Condition)
    Prio.handles(queue.PriorityQueue)


def _write_persist_twins(service: str, stem: str, container, pickled: bytes) -> dict:
    import jsonpickle

    _jsonpickle_handlers()
    out_dir = os.path.join(PERSIST_DIR, service)
    os.makedirs(out_dir, exist_ok=True)
    try:
        envelope = {"v": 1, "data": jsonpickle.Pickler(keys=True, warn=True).flatten(container)}
        text = json.dumps(envelope, check_circular=False, separators=(",", ":"))
    except Exception as e:  # report: the pickle is still written
        return {"error": repr(e)}
    with open(os.path.join(out_dir, f"{stem}.json"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, f"{stem}.pkl"), "wb") as f:
        f.write(b"d" + pickled)
    return {"json_bytes": len(text)}


def main():
    report = []
    for service in sorted(SERVICE_PLUGINS.list_loaded_services()):
        try:
            SERVICE_PLUGINS.get_service(service).accept_state_visitor(DumpVisitor(service, report))
        except Exception as e:  # report and go on with the next service
            report.append({"service": service, "error": repr(e)})
    if MANIFEST:
        with open(MANIFEST, "w") as f:
            json.dump(report, f, indent=1)


main()
