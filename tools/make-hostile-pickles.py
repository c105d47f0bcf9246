#!/usr/bin/env python3
"""Writes tests/fixtures/hostile/: pickles and jsonpickle files that would run code if Python
loaded them, for `localstate audit` and its tests. Nothing here is ever loaded: the files are
assembled from opcodes (or pickled from a class whose __reduce__ names the call), and checked
with an unpickler whose find_class returns inert stand-ins, so no global is ever resolved.

  os_system.p0.pickle      GLOBAL posix.system + REDUCE ("touch /tmp/localstate-pwned")
  os_system.p4.pickle      STACK_GLOBAL os.system + REDUCE, protocol 4
  getattr_eval.pickle      getattr(__import__("builtins"), "eval")("print('pwned')")
  sqs_store_hidden.state   the sample volume's SQS store with os.system("id") pushed, called
                           and popped deep inside (the decoded tree is unchanged; the FRAME
                           holding it is lengthened so Python would load it)
  os_system.jsonpickle.json  {"py/reduce": [{"py/function": "posix.system"}, ...]}
  module_import.jsonpickle.json  {"py/mod": "antigravity"} inside a store (no call: an import)
  manifest.json            per file: each suspicious call (what is called), its byte offset (or
                           JSON pointer) and a text its arguments contain

Usage: python3 tools/make-hostile-pickles.py   (no dependencies; deterministic)
"""
import io
import json
import os
import pickle
import pickletools
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "hostile")
STORE = os.path.join(HERE, "..", "assets", "sample-volume", "state", "api_states", "sqs", "store.state")
CMD = "touch /tmp/localstate-pwned"


def sbu(s):
    """SHORT_BINUNICODE s."""
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


def stack_global(module, name):
    return sbu(module) + sbu(name) + b"\x93"


def os_system_p0():
    body = b"cposix\nsystem\n(V" + CMD.encode() + b"\ntR."
    return body, [("posix.system", body.index(b"R"), CMD)]


def os_system_p4():
    head = b"\x80\x04"
    call = stack_global("os", "system") + sbu(CMD) + b"\x85"
    body = head + call + b"R."
    return body, [("os.system", len(head) + len(call), CMD)]


def getattr_eval():
    p = b"\x80\x04" + stack_global("builtins", "getattr")
    p += stack_global("builtins", "__import__") + sbu("builtins") + b"\x85"
    imp = len(p)
    p += b"R" + sbu("eval") + b"\x86"
    get = len(p)
    p += b"R" + sbu("print('pwned')") + b"\x85"
    call = len(p)
    p += b"R."
    return p, [
        ("builtins.__import__", imp, "builtins"),
        ("builtins.getattr", get, "eval"),
        ("builtins.eval", call, "print('pwned')"),
    ]


def hidden_in_store():
    with open(STORE, "rb") as f:
        data = f.read()
    # localstack-persist files start with a marker byte (p/d); LocalStack's .state do not.
    skip = 1 if data[:1] in (b"p", b"d") else 0
    marker, body = data[:skip], data[skip:]
    ops = list(pickletools.genops(body))
    # Deep inside: the first string pushed after 60 % of the opcodes, at MARK depth >= 3.
    depth, at = 0, None
    for i, (op, arg, pos) in enumerate(ops):
        if op.name == "MARK":
            depth += 1
        elif op.name in ("TUPLE", "LIST", "DICT", "SETITEMS", "APPENDS", "ADDITEMS", "FROZENSET", "POP_MARK", "OBJ", "INST"):
            depth -= 1
        if i > len(ops) * 6 // 10 and depth >= 3 and op.name == "SHORT_BINUNICODE":
            at = pos
            break
    assert at is not None, "no insertion point"
    insert = stack_global("os", "system") + sbu("id") + b"\x85" + b"R" + b"0"
    reduce_at = at + len(insert) - 2
    # Lengthen the FRAME holding the insertion point.
    frames = [(pos, arg) for op, arg, pos in ops if op.name == "FRAME" and pos < at]
    out = bytearray(body[:at] + insert + body[at:])
    if frames:
        fpos, flen = frames[-1]
        assert fpos + 9 + flen > at, "insertion point outside its frame"
        out[fpos + 1 : fpos + 9] = struct.pack("<Q", flen + len(insert))
    return marker + bytes(out), [("os.system", skip + reduce_at, "id")]


def jsonpickle_system():
    doc = {"py/reduce": [{"py/function": "posix.system"}, {"py/tuple": [CMD]}]}
    return (json.dumps(doc) + "\n").encode(), [("posix.system", "/py~1reduce", CMD)]


def jsonpickle_module():
    """{"py/mod": ...}: jsonpickle imports the module (its top-level code runs)."""
    doc = {"v": 1, "data": {"queues": [], "helper": {"py/mod": "antigravity"}}}
    return (json.dumps(doc) + "\n").encode(), []


class Inert:
    """What every global becomes in the check below: accepts anything, does nothing."""

    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return Inert()

    def __setstate__(self, s):
        pass

    def __setitem__(self, k, v):
        pass

    def append(self, x):
        pass

    def extend(self, xs):
        pass

    def add(self, x):
        pass


class Checking(pickle.Unpickler):
    def find_class(self, module, name):
        return type(f"{module}.{name}", (Inert,), {})


def check_loads(data):
    if data[:1] in (b"p", b"d"):
        data = data[1:]
    Checking(io.BytesIO(data)).load()


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for name, make in [
        ("os_system.p0.pickle", os_system_p0),
        ("os_system.p4.pickle", os_system_p4),
        ("getattr_eval.pickle", getattr_eval),
        ("sqs_store_hidden.state", hidden_in_store),
        ("os_system.jsonpickle.json", jsonpickle_system),
        ("module_import.jsonpickle.json", jsonpickle_module),
    ]:
        data, calls = make()
        if not name.endswith(".json"):
            check_loads(data)
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        manifest.append(
            {"file": name, "calls": [{"name": n, "at": at, "arg": a} for n, at, a in calls]}
        )
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
