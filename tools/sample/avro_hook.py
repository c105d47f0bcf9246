"""LocalStack shutdown.d init hook: writes every store of every loaded service as an Avro
object container file in the per-account layout of LocalStack v2026.03+:
`$LOCALSTATE_AVRO_OUT/state/<account>/<service>/<region>/store.state.avro`.

Exec'd inside the LocalStack process at SIGTERM, so it reads the live stores. The schema and
values follow `avro_store` ($LOCALSTATE_AVRO_LIB is put on sys.path for it). A summary goes to
`$LOCALSTATE_AVRO_MANIFEST` (JSON): written files and the store classes that could not be
written, with why.
"""

import json
import os
import sys

sys.path.insert(0, os.environ["LOCALSTATE_AVRO_LIB"])

import avro_store  # noqa: E402
from localstack import version  # noqa: E402
from localstack.services.plugins import SERVICE_PLUGINS  # noqa: E402
from localstack.state import StateVisitor  # noqa: E402

OUT = os.environ["LOCALSTATE_AVRO_OUT"]
MANIFEST = os.environ["LOCALSTATE_AVRO_MANIFEST"]


class AvroVisitor(StateVisitor):
    def __init__(self, service: str, report: list):
        self.service, self.report = service, report

    def visit(self, container):
        kind = type(container).__name__
        if kind not in ("AccountRegionBundle", "BackendDict"):
            return
        file_name = "store.state.avro" if kind == "AccountRegionBundle" else "backend.state.avro"
        for account, regions in container.items():
            for region, store in regions.items():
                entry = {"service": self.service, "class": f"{type(store).__module__}.{type(store).__qualname__}",
                         "account": account, "region": region}
                try:
                    schema = avro_store.store_schema(type(store))
                    record = avro_store.store_record(store, self.service, account, region, schema)
                    path = os.path.join(OUT, "state", account, self.service, region, file_name)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    avro_store.write(path, schema, [record], metadata={
                        "localstack.version": version.__version__,
                        "localstack.service": self.service,
                    })
                    entry["file"] = os.path.relpath(path, OUT)
                    entry["bytes"] = os.path.getsize(path)
                except Exception as e:  # report and go on
                    entry["error"] = f"{type(e).__name__}: {str(e)[:300]}"
                self.report.append(entry)


def main():
    report = []
    for service in sorted(SERVICE_PLUGINS.list_loaded_services()):
        try:
            SERVICE_PLUGINS.get_service(service).accept_state_visitor(AvroVisitor(service, report))
        except Exception as e:
            report.append({"service": service, "error": repr(e)})
    with open(MANIFEST, "w") as f:
        json.dump({"refused_types": sorted(avro_store._REFUSED), "stores": report}, f, indent=1)


main()
