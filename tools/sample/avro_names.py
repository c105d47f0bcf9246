"""Every named schema (record, error, enum, fixed) of an Avro schema by its full name, walked
with an explicit stack: shared by the fixture writer (`avro_store`) and the reference reader
(`tools/avro-fastavro-dump.py`)."""


def named_schemas(schema, ns: str = "") -> dict:
    out = {}
    stack = [(schema, ns)]
    while stack:
        s, ns = stack.pop()
        if isinstance(s, list):
            stack.extend((b, ns) for b in s)
        elif isinstance(s, dict):
            t = s.get("type")
            if t in ("record", "error", "enum", "fixed"):
                name, space = s["name"], s.get("namespace", ns)
                full = name if "." in name or not space else f"{space}.{name}"
                out[full] = s
                inner = full.rsplit(".", 1)[0] if "." in full else ""
                stack.extend((f["type"], inner) for f in s.get("fields", []))
            elif isinstance(t, (dict, list)):
                stack.append((t, ns))
            elif t == "array":
                stack.append((s["items"], ns))
            elif t == "map":
                stack.append((s["values"], ns))
    return out
