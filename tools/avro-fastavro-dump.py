#!/usr/bin/env python3
"""Dumps what fastavro reads from an Avro container file as JSON, with localstate's
presentation rules applied (tools/avro-fastavro-dump.py FILE): the reference side of the
differential test `crates/core/tests/avro_fixtures.rs`.

Rules (those of crates/core/src/formats/avro/conventions.rs and the shared tree model):
`{__id, __data}` records collapse to their content; `__id` and `_runtime_type` are not shown;
a `__td_missing__` marker field is not shown; a further record with an `__id` already seen is
`{"$ref": pointer of the first}` when the first is shown once (a non-empty container), the
value again otherwise; timestamps are ISO text (six fraction digits, `Z`), dates ISO, decimals
and UUIDs text, `logicalType: json` parsed (kept as it is when it does not parse), bytes `{"$bytes": base64}`, record fields named
`attr_x` shown as `x`. A file of one datum is that datum, else a list.
"""

import base64
import datetime
import decimal
import json
import os
import sys
import uuid

import fastavro

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample"))
from avro_names import named_schemas  # noqa: E402

PRIMS = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
MISSING = "__td_missing__"


class Dumper:
    def __init__(self, schema):
        self.names = named_schemas(schema)
        self.seen = {}

    def resolve(self, s):
        while True:
            if isinstance(s, str) and s not in PRIMS:
                s = self.names.get(s) or next(v for k, v in self.names.items() if k.rsplit(".", 1)[-1] == s)
            elif isinstance(s, dict) and isinstance(s.get("type"), (dict, list)):
                s = s["type"]
            else:
                return s

    def branch(self, v, union):
        """The branch fastavro read `v` from (records come as (name, value) tuples)."""
        if isinstance(v, tuple):
            return self.names[v[0]], v[1]
        for b in union:
            r = self.resolve(b)
            t = r if isinstance(r, str) else r.get("type")
            ok = {
                "null": v is None, "boolean": isinstance(v, bool),
                "int": isinstance(v, int) and not isinstance(v, bool),
                "long": isinstance(v, (int, datetime.datetime, datetime.time)) and not isinstance(v, bool),
                "float": isinstance(v, float), "double": isinstance(v, float),
                "bytes": isinstance(v, (bytes, decimal.Decimal)),
                "string": isinstance(v, (str, uuid.UUID)),
                "array": isinstance(v, list), "map": isinstance(v, dict),
                "enum": isinstance(v, str) and isinstance(r, dict) and v in r.get("symbols", []),
                "fixed": isinstance(v, (bytes, decimal.Decimal)),
            }.get(t, False)
            if t == "int" and isinstance(r, dict) and r.get("logicalType") == "date":
                ok = isinstance(v, datetime.date)
            if ok:
                return r, v
        return None, v

    def dump(self, v, s, path):
        s = self.resolve(s)
        if isinstance(s, list):
            s, v = self.branch(v, s)
            if s is None:
                return v
            return self.dump(v, s, path)
        if isinstance(s, dict):
            t, lt = s.get("type"), s.get("logicalType")
            if t == "record" or t == "error":
                return self.record(v, s, path)
            if t == "array":
                return [self.dump(x, s["items"], f"{path}/{i}") for i, x in enumerate(v)]
            if t == "map":
                return {k: self.dump(x, s["values"], f"{path}/{esc(k)}") for k, x in v.items()}
            if lt == "json":
                try:
                    return json.loads(v)
                except ValueError:  # localstate keeps such a value as it is (with a warning)
                    return scalar(v)
        return scalar(v)

    def record(self, v, s, path):
        names = [f["name"] for f in s["fields"]]
        rid = v.get("__id")
        if rid is not None and rid in self.seen:
            first_path, first = self.seen[rid]
            if isinstance(first, (dict, list)) and first:
                return {"$ref": first_path}
            return first
        if sorted(names) == ["__data", "__id"]:
            data_field = next(f for f in s["fields"] if f["name"] == "__data")
            out = self.dump(v["__data"], data_field["type"], path)
        else:
            out = {}
            for f in s["fields"]:
                n = f["name"]
                if n in ("__id", "_runtime_type"):
                    continue
                x = v.get(n)
                if x == MISSING:
                    continue
                shown = n[5:] if n.startswith("attr_") else n
                out[shown] = self.dump(x, f["type"], f"{path}/{esc(shown)}")
        if rid is not None:
            self.seen[rid] = (path, out)
        return out


def esc(k):
    return k.replace("~", "~0").replace("/", "~1")


def scalar(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc)
            return v.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return v.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.time):
        return v.strftime("%H:%M:%S.%f")
    if isinstance(v, (decimal.Decimal, uuid.UUID)):
        return str(v)
    if isinstance(v, bytes):
        return {"$bytes": base64.b64encode(v).decode()}
    return v


def main():
    with open(sys.argv[1], "rb") as f:
        reader = fastavro.reader(f, return_record_name=True)
        schema = json.loads(reader.metadata["avro.schema"])
        d = Dumper(schema)
        data = list(reader)
    if len(data) == 1:
        out = d.dump(data[0], schema, "")
    else:
        out = [d.dump(x, schema, f"/{i}") for i, x in enumerate(data)]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
