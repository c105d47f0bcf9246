"""Writes a LocalStack store as an Avro object container file, the way LocalStack v2026.03+
lays its stores out (`<account>/<service>/<region>/store.state.avro`).

LocalStack Pro's own encoder is not available (it needs a licence), so this follows the
conventions visible in its shipped schemas, with LocalStack's own schema generator
(localstack-py-avro-schema) and fastavro:

- the schema is `py_avro_schema.generate(StoreClass)` with the options LocalStack's schemas
  show (`__id` on records, `_runtime_type` on classes, lists/maps wrapped as `{__id, __data}`
  records, TypedDict keys that may be absent marked by the `__td_missing__` string); types the
  generator refuses (a bare `dict`, a dict with non-string keys) become `logicalType: json`;
- the store record gets `attribute_type` on its fields (LocalAttribute, CrossRegionAttribute,
  CrossAccountAttribute) and the `_service_name`, `_account_id`, `_region_name`, `_version`
  fields;
- values are walked along the schema: `__id` is the object's `id()` (so a shared object has
  the same `__id` everywhere), `_runtime_type` its `module.qualname`.
"""

import datetime
import decimal
import enum
import io
import json
import typing
import uuid

import fastavro
import py_avro_schema as pas
from py_avro_schema import Option
from py_avro_schema import _schemas as pas_schemas

from avro_names import named_schemas

OPTIONS = (Option.ADD_RUNTIME_TYPE_FIELD | Option.ADD_REFERENCE_ID | Option.WRAP_INTO_RECORDS
           | Option.MARK_NON_TOTAL_TYPED_DICTS | Option.DETERMINISTIC_DEFAULTS)
MISSING = "__td_missing__"
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
STORE_FIELDS = ("_service_name", "_account_id", "_region_name", "_version")


#: Types the generator refused (by repr), retried as JSON.
_REFUSED: set[str] = set()
REFUSED_PREFIX = "Cannot generate Avro schema for Python type "


@pas.register_schema(priority=-100)
class _AsJson(pas_schemas.Schema):
    """Types py-avro-schema refuses, as JSON bytes (what it does for `dict[str, Any]`)."""

    @classmethod
    def handles_type(cls, py_type) -> bool:
        if repr(py_type) in _REFUSED:
            return True
        if typing.get_origin(py_type) is None and not isinstance(py_type, type) \
                and py_type is not typing.Any and not isinstance(py_type, (str, typing.TypeVar)):
            return callable(py_type)  # `threading.RLock` and other factory functions
        if isinstance(py_type, type) and py_type.__module__ in ("threading", "queue", "_thread"):
            return True
        t = typing.get_origin(py_type) or py_type
        if t in (dict, list, set, tuple, object) or py_type is typing.Any:
            args = typing.get_args(py_type)
            return not args or (t is dict and args[0] is not str)
        return False

    def data(self, names):
        return {"type": "bytes", "logicalType": "json"}


def store_schema(store_cls) -> dict:
    """The schema of a store class, with LocalStack's store fields and attribute types."""
    from localstack.services.stores import CrossAccountAttribute, CrossRegionAttribute, LocalAttribute

    for _ in range(100):
        try:
            schema = json.loads(pas.generate(store_cls, options=OPTIONS))
            break
        except pas.TypeNotSupportedError as e:
            refused = str(e).removeprefix(REFUSED_PREFIX)
            if refused in _REFUSED:
                raise
            _REFUSED.add(refused)
            pas.generate.cache_clear()
    else:
        raise RuntimeError(f"{store_cls.__name__}: too many types py-avro-schema refuses")
    if not isinstance(schema, dict) or "fields" not in schema:
        raise TypeError(f"py-avro-schema gives no record schema for {store_cls.__name__}: {str(schema)[:120]}")
    kinds = {}
    for klass in reversed(store_cls.__mro__):
        for name, attr in vars(klass).items():
            for kind in (CrossAccountAttribute, CrossRegionAttribute, LocalAttribute):
                if isinstance(attr, kind):
                    kinds[name] = kind.__name__
    fields = [f for f in schema["fields"]
              if f["name"] not in ("_global", "_universal", "__id", "_runtime_type") + STORE_FIELDS]
    for f in fields:
        if f["name"] in kinds:
            f["attribute_type"] = kinds[f["name"]]
    fields += [{"type": "string", "name": n} for n in STORE_FIELDS[:3]]
    fields += [{"type": "long", "name": "_version"},
               {"type": ["null", "long"], "name": "__id", "default": None}]
    schema["fields"] = fields
    return schema


def _jsonable(o):
    if isinstance(o, (datetime.datetime, datetime.date)):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    if isinstance(o, bytes):
        return o.decode("utf-8", "replace")
    if isinstance(o, enum.Enum):
        return o.value
    if hasattr(o, "__dict__"):
        return {k: v for k, v in vars(o).items() if not k.startswith("__")}
    return repr(o)


class Encoder:
    """Turns live Python values into the values fastavro writes for a schema."""

    def __init__(self, schema: dict):
        self.names = named_schemas(schema)
        self.schema = schema

    def resolve(self, s, ns=""):
        while True:
            if isinstance(s, str) and s not in PRIMITIVES:
                s = self.names.get(s) or self.names[f"{ns}.{s}"]
            elif isinstance(s, dict) and isinstance(s.get("type"), (dict, list)):
                s = s["type"]
            elif isinstance(s, dict) and s.get("type") in PRIMITIVES and not s.get("logicalType") \
                    and not s.get("namedString"):
                s = s["type"]
            else:
                return s

    def full_name(self, s: dict) -> str:
        for full, named in self.names.items():
            if named is s:
                return full
        return s["name"]

    def fits(self, v, s) -> bool:
        s = self.resolve(s)
        if isinstance(s, str):
            return {
                "null": v is None,
                "boolean": isinstance(v, bool),
                "int": isinstance(v, int) and not isinstance(v, bool) and -2**31 <= v < 2**31,
                "long": isinstance(v, int) and not isinstance(v, bool),
                "float": isinstance(v, float),
                "double": isinstance(v, (float, int)) and not isinstance(v, bool),
                "bytes": isinstance(v, (bytes, bytearray)),
                "string": isinstance(v, str) and v != MISSING,
            }[s]
        if isinstance(s, list):
            return any(self.fits(v, b) for b in s)
        t, lt = s["type"], s.get("logicalType")
        if s.get("namedString"):
            # LocalStack's schemas put an optional `str` key's value in the marker's branch.
            return isinstance(v, str)
        if lt and lt.startswith("timestamp"):
            return isinstance(v, datetime.datetime)
        if lt == "date":
            return isinstance(v, datetime.date) and not isinstance(v, datetime.datetime)
        if lt == "uuid":
            return isinstance(v, (uuid.UUID, str))
        if lt == "decimal":
            return isinstance(v, decimal.Decimal)
        if lt == "json":
            return v is not None
        if t == "record":
            fields = [f["name"] for f in s["fields"]]
            if "__data" in fields and len(fields) == 2:
                data = self.resolve(s["fields"][1]["type"])
                return self.fits(v, data)
            if isinstance(v, dict) and not hasattr(v, "__dataclass_fields__"):
                return "_runtime_type" not in fields
            name = s["name"]
            return type(v).__name__ == name or type(v).__qualname__ == name
        if t == "array":
            return isinstance(v, (list, tuple, set, frozenset)) or type(v).__name__ == "deque"
        if t == "map":
            return isinstance(v, dict)
        if t == "enum":
            return isinstance(v, (enum.Enum, str)) and self._symbol(v) in s["symbols"]
        if t == "fixed":
            return isinstance(v, (bytes, datetime.timedelta))
        return t in PRIMITIVES and self.fits(v, t)

    @staticmethod
    def _symbol(v):
        if isinstance(v, enum.Enum):
            return v.name if not isinstance(v.value, str) else v.value
        return v

    def encode(self, v, s):
        s = self.resolve(s)
        if isinstance(s, list):
            for b in s:
                if self.fits(v, b):
                    out = self.encode(v, b)
                    rb = self.resolve(b)
                    if isinstance(rb, dict) and rb.get("type") == "record":
                        return (self.full_name(rb), out)
                    return out
            raise TypeError(f"no branch of {json.dumps(s)[:200]} for {type(v).__name__}")
        if isinstance(s, str):
            if s in ("float", "double"):
                return float(v)
            if s == "bytes":
                return bytes(v)
            return v
        t, lt = s["type"], s.get("logicalType")
        if s.get("namedString"):
            return v
        if lt == "json":
            text = json.dumps(v, default=_jsonable, sort_keys=False)
            return text.encode() if t == "bytes" else text
        if lt and lt.startswith("timestamp"):
            if v.tzinfo is None:
                v = v.replace(tzinfo=datetime.timezone.utc)
            return v
        if lt == "uuid":
            return str(v)
        if t == "record":
            fields = s["fields"]
            names = [f["name"] for f in fields]
            if names in (["__id", "__data"], ["__data", "__id"]):
                return {"__id": id(v), "__data": self.encode(v, fields[names.index("__data")]["type"])}
            out = {}
            for f in fields:
                n = f["name"]
                if n == "__id":
                    out[n] = id(v)
                elif n == "_runtime_type":
                    out[n] = f"{type(v).__module__}.{type(v).__qualname__}"
                else:
                    if isinstance(v, dict) and not hasattr(v, "__dataclass_fields__"):
                        val = v.get(n, MISSING)
                    else:
                        val = getattr(v, n, None)
                    out[n] = self.encode(val, f["type"])
            return out
        if t == "array":
            return [self.encode(i, s["items"]) for i in v]
        if t == "map":
            return {str(k): self.encode(i, s["values"]) for k, i in v.items()}
        if t == "enum":
            return self._symbol(v)
        if t == "fixed" and isinstance(v, datetime.timedelta):
            ms = int(v.total_seconds() * 1000)
            return (0).to_bytes(4, "little") + (0).to_bytes(4, "little") + ms.to_bytes(4, "little")
        return v


def write(path: str, schema: dict, records: list, codec: str = "deflate", metadata: dict | None = None) -> None:
    parsed = fastavro.parse_schema(schema, _write_hint=False)
    buf = io.BytesIO()
    fastavro.writer(buf, parsed, records, codec=codec, metadata=metadata or {})
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def store_record(store, service: str, account: str, region: str, schema: dict) -> dict:
    """The store's values along its schema, with LocalStack's store fields."""
    enc = Encoder(schema)
    rec = {}
    for f in schema["fields"]:
        n = f["name"]
        if n == "_service_name":
            rec[n] = service
        elif n == "_account_id":
            rec[n] = account
        elif n == "_region_name":
            rec[n] = region
        elif n == "_version":
            rec[n] = 0
        elif n == "__id":
            rec[n] = id(store)
        else:
            rec[n] = enc.encode(getattr(store, n, None), f["type"])
    return rec
