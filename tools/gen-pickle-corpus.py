#!/usr/bin/env python3
"""Regenerates tests/fixtures/pickle/: pickles written by CPython itself over protocols 0-5 and
value kinds (plain data, shared references, recursion, known library types, objects, PERSID,
EXT, protocol-5 buffers), plus manifest.json with, for each file, the JSON that
`localstate show --json` must print for it.

Run: $(pyenv prefix 3.13.0)/bin/python3 tools/gen-pickle-corpus.py
"""
import base64
import copyreg
import enum
import io
import json
import os
import pickle
import sys
from collections import OrderedDict, defaultdict, deque
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from uuid import UUID

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "pickle")


class Color(enum.Enum):
    RED = 1
    GREEN = "green"


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = "two"


def b64(b):
    return {"$bytes": base64.b64encode(bytes(b)).decode()}


def plain_json(v):
    """The JSON `show --json` prints for plain data."""
    if isinstance(v, bool) or v is None or isinstance(v, float):
        return v
    if isinstance(v, int):
        return v if -(2**63) <= v < 2**63 else str(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray)):
        return b64(v)
    if isinstance(v, (list, tuple)):
        return [plain_json(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain_json(x) for k, x in v.items()}
    raise TypeError(type(v))


SCALARS = {
    "none": None, "t": True, "f": False, "small": 7, "byte": 200, "short": 60000, "neg": -300,
    "i32": 2**31 - 1, "i64": 2**63 - 1, "big": 2**70, "negbig": -(2**70), "float": 1.5,
    "negfloat": -0.25, "str": "hello", "unicode": "h\u00e9llo \u20ac\U0001d11e", "empty": "",
    "nl": "line1\nline2\\end", "long": "x" * 300, "quote": "it's \"q\"",
}
NESTED = {
    "list": [1, [2, [3, []]]], "tuple": (1, "a", (None,)), "dict": {"a": {"b": {"c": 1}}},
    "ints": list(range(1500)), "intkeys": {1: "one", 2: "two"},
}
BYTES = {"bytes": b"\x00\x01abc\xff", "long": b"y" * 300}


def cases(proto):
    out = [
        ("scalars", SCALARS, plain_json(SCALARS), True),
        ("nested", NESTED, plain_json(NESTED), True),
        ("bytes", BYTES, plain_json(BYTES), proto >= 3),
    ]
    a = [1, 2]
    out.append(("shared", [a, a, {"k": a}], [[1, 2], {"$ref": "/0"}, {"k": {"$ref": "/0"}}], False))
    rec = []
    rec.append(rec)
    out.append(("recursive_list", rec, [{"$ref": ""}], False))
    d = {}
    d["self"] = d
    out.append(("recursive_dict", d, {"self": {"$ref": ""}}, False))
    kinds = {
        "set": {1, 2, 3}, "frozenset": frozenset({"x"}), "bytearray": bytearray(b"ab"),
        "odict": OrderedDict(a=1, b=2), "ddict": defaultdict(list, {"k": [1]}), "deque": deque([1, 2]),
        "dt": datetime(2025, 10, 5, 18, 28, 3, 123456), "dt_utc": datetime(2025, 10, 5, 18, 28, 3, tzinfo=timezone.utc),
        "date": date(2024, 2, 29), "time": time(1, 2, 3), "td": timedelta(days=1, seconds=7384, microseconds=5),
        "dec": Decimal("3.14"), "uuid": UUID("12345678-1234-5678-1234-567812345678"),
        "enum": Color.RED, "enum_str": Color.GREEN, "obj": Point(1, "p"), "slots": Slotted(),
    }
    kinds_json = {
        "set": [1, 2, 3], "frozenset": ["x"], "bytearray": b64(b"ab"), "odict": {"a": 1, "b": 2},
        "ddict": {"k": [1]}, "deque": [1, 2], "dt": "2025-10-05T18:28:03.123456", "dt_utc": "2025-10-05T18:28:03+00:00",
        "date": "2024-02-29", "time": "01:02:03", "td": "1 day, 2:03:04.000005", "dec": "3.14",
        "uuid": "12345678-1234-5678-1234-567812345678", "enum": 1, "enum_str": "green",
        "obj": {"x": 1, "y": "p"}, "slots": {"a": 1, "b": "two"},
    }
    if proto < 2:  # objects with __slots__ need protocol 2
        del kinds["slots"], kinds_json["slots"]
    out.append(("kinds", kinds, kinds_json, False))
    if proto >= 2:
        out.append(("ext", [OrderedDict], ["copyreg extension code 240"], False))
    return out


class PersPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return "ext-1" if obj == "PERSISTENT" else None


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for proto in range(0, 6):
        for name, value, expect, plain in cases(proto):
            if name == "ext":  # the class is written as an extension-registry code
                copyreg.add_extension("collections", "OrderedDict", 240)
            data = pickle.dumps(value, protocol=proto)
            if name == "ext":
                copyreg.remove_extension("collections", "OrderedDict", 240)
            fname = f"{name}.p{proto}.pickle"
            with open(os.path.join(OUT, fname), "wb") as f:
                f.write(data)
            manifest.append({"file": fname, "protocol": proto, "expect": expect, "plain": plain})
        buf = io.BytesIO()
        PersPickler(buf, protocol=proto).dump(["a", "PERSISTENT"])
        fname = f"persid.p{proto}.pickle"
        with open(os.path.join(OUT, fname), "wb") as f:
            f.write(buf.getvalue())
        manifest.append({"file": fname, "protocol": proto, "expect": ["a", {"id": "ext-1"}], "plain": False})
    # Protocol 5 buffers: in-band (readonly bytes, bytearray) and out-of-band.
    inband = pickle.dumps([pickle.PickleBuffer(b"inband"), pickle.PickleBuffer(bytearray(b"ba"))], protocol=5)
    oob = pickle.dumps([pickle.PickleBuffer(b"oob")], protocol=5, buffer_callback=lambda b: False)
    for fname, data, expect in [
        ("buffers_inband.p5.pickle", inband, [b64(b"inband"), b64(b"ba")]),
        ("buffers_oob.p5.pickle", oob, ["out-of-band buffer #0"]),
    ]:
        with open(os.path.join(OUT, fname), "wb") as f:
            f.write(data)
        manifest.append({"file": fname, "protocol": 5, "expect": expect, "plain": False})
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(manifest)} pickles to {OUT} with Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
