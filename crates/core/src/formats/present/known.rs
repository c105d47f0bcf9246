//! Known Python constructions shown as what they mean instead of as raw calls: collections,
//! datetime/timezone/ZoneInfo, Decimal, UUID, enum members, compiled regexes, dill's function,
//! code, type and lock helpers. Which classes are LocalStack's account → region containers is
//! [`crate::resources::localstack`]'s knowledge.

use crate::formats::pyobj::{Construct, Graph, ObjId, Object, PyObj};
use crate::model::Value;
use crate::resources::localstack::{is_account_level, is_region_level};

use super::{Item, Name, View, Viewer, indexed, origin, pytime};

/// The class an object is an instance of, and its constructor arguments, seeing through
/// `copyreg._reconstructor(cls, base, state)` and `copyreg.__newobj__(cls, *args)`.
pub(super) fn class_and_args<'g>(
    g: &'g Graph,
    callable: ObjId,
    args: &'g [ObjId],
) -> (Option<ObjId>, &'g [ObjId]) {
    match g.global_name(callable) {
        Some(("copyreg" | "copy_reg", "_reconstructor")) if !args.is_empty() => {
            (Some(args[0]), &[])
        }
        Some(("copyreg" | "copy_reg", "__newobj__" | "__newobj_ex__")) if !args.is_empty() => {
            (Some(args[0]), &args[1..])
        }
        Some(_) => (Some(callable), args),
        None => (None, args),
    }
}

/// Dict subclasses whose items are the content.
pub(super) fn is_dict_like(ty: &str) -> bool {
    is_account_level(ty)
        || is_region_level(ty)
        || matches!(ty, "collections.OrderedDict" | "collections.defaultdict")
}

fn scalar(g: &Graph, id: ObjId) -> bool {
    matches!(
        g.get(id),
        PyObj::Str(_) | PyObj::Int(_) | PyObj::Long(_) | PyObj::Float(_) | PyObj::Bool(_)
    )
}

/// For an enum member pickled as `Class(value)` (a REDUCE of a class-named global — CamelCase,
/// so `os.system(...)` is not one — with one scalar argument and nothing else), the value.
pub fn enum_value(g: &Graph, id: ObjId) -> Option<ObjId> {
    match g.object(id)? {
        Object {
            how: Construct::Reduce,
            callable,
            args,
            kwargs: None,
            state: None,
            list_items,
            dict_items,
        } if args.len() == 1
            && list_items.is_empty()
            && dict_items.is_empty()
            && scalar(g, args[0]) =>
        {
            let (_, name) = g.global_name(callable)?;
            let class = name.rsplit('.').next().unwrap_or(name);
            class.starts_with(|c: char| c.is_ascii_uppercase()).then_some(args[0])
        }
        _ => None,
    }
}

fn text(ty: &str, t: impl Into<String>) -> Option<View> {
    Some(View::Leaf { ty: ty.into(), value: Value::Text(t.into()), origin: None })
}

fn str_of<'g>(g: &'g Graph, id: Option<&ObjId>) -> Option<&'g str> {
    match g.get(*id?) {
        PyObj::Str(s) => Some(s),
        _ => None,
    }
}

fn int_of(g: &Graph, id: Option<&ObjId>) -> Option<i64> {
    match g.get(*id?) {
        PyObj::Int(i) => Some(i),
        PyObj::Bool(b) => Some(b as i64),
        _ => None,
    }
}

/// Bytes, or a latin-1 string standing for bytes (protocol ≤ 2 `_codecs.encode(s, 'latin1')`).
fn bytes_of(g: &Graph, id: Option<&ObjId>) -> Option<Vec<u8>> {
    let id = *id?;
    match g.get(id) {
        PyObj::Bytes(b) | PyObj::ByteArray(b) => Some(b.to_vec()),
        PyObj::Str(s) => s.chars().map(|c| u8::try_from(c as u32).ok()).collect(),
        PyObj::Object(o) if g.global_name(o.callable) == Some(("_codecs", "encode")) => {
            match g.get(*o.args.first()?) {
                PyObj::Str(s) => s.chars().map(|c| u8::try_from(c as u32).ok()).collect(),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Text of a tzinfo argument, as Python's `isoformat()` ends: `+HH:MM` for `timezone` and for
/// a `ZoneInfo` of UTC (LocalStack stamps S3 objects with `ZoneInfo("GMT")`), `[key]` for
/// another `ZoneInfo` (its offset depends on the date and the tz database).
fn tz_text(g: &Graph, id: Option<&ObjId>) -> String {
    let Some(id) = id else { return String::new() };
    let Some(Object { callable, args, .. }) = g.object(*id) else { return String::new() };
    if g.global_name(callable) == Some(("datetime", "timezone")) {
        return timezone_offset(g, args).map(pytime::offset).unwrap_or_default();
    }
    match zoneinfo_key(g, callable, args) {
        Some(key) if UTC_ZONES.contains(&key) => pytime::offset(0),
        Some(key) => format!("[{key}]"),
        None => String::new(),
    }
}

/// IANA names of zones that are UTC at every date.
const UTC_ZONES: [&str; 13] = [
    "UTC",
    "GMT",
    "Etc/UTC",
    "Etc/GMT",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Zulu",
    "Etc/Zulu",
    "GMT0",
    "Etc/GMT0",
    "Greenwich",
];

/// The key of a `ZoneInfo` call: `zoneinfo.ZoneInfo(key)`, the global `ZoneInfo._unpickle(key, …)`,
/// or `getattr(ZoneInfo, "_unpickle")(key, …)` as Python 3.12+ pickles it.
fn zoneinfo_key<'g>(g: &'g Graph, callable: ObjId, args: &[ObjId]) -> Option<&'g str> {
    let is_zoneinfo = match g.global_name(callable) {
        Some(("zoneinfo", n)) => n.starts_with("ZoneInfo"),
        _ => g.object(callable).is_some_and(|o| {
            g.global_name(o.callable) == Some(("builtins", "getattr"))
                && o.args
                    .first()
                    .is_some_and(|c| g.global_name(*c) == Some(("zoneinfo", "ZoneInfo")))
        }),
    };
    if is_zoneinfo { str_of(g, args.first()) } else { None }
}

fn timezone_offset(g: &Graph, args: &[ObjId]) -> Option<i64> {
    let Object { callable, args: td, .. } = g.object(*args.first()?)?;
    (g.global_name(callable) == Some(("datetime", "timedelta")))
        .then(|| int_of(g, td.first()).unwrap_or(0) * 86400 + int_of(g, td.get(1)).unwrap_or(0))
}

fn uuid_text(g: &Graph, state: Option<ObjId>) -> Option<String> {
    let n: u128 = match g.get(member(g, state, "int")?) {
        PyObj::Int(i) => u128::try_from(i).ok()?,
        PyObj::Long(s) => s.parse().ok()?,
        _ => return None,
    };
    let h = format!("{n:032x}");
    Some(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
}

/// dill's `_load_type(name)`: a builtin type is shown as the global it is (`builtins.list`, as a
/// plain pickle or jsonpickle's `py/type` shows it), another type (`FunctionType`...) by name.
fn loaded_type(name: &str) -> View {
    const BUILTINS: [&str; 16] = [
        "list",
        "dict",
        "tuple",
        "set",
        "frozenset",
        "str",
        "bytes",
        "bytearray",
        "int",
        "float",
        "complex",
        "bool",
        "object",
        "type",
        "range",
        "slice",
    ];
    let (ty, value) = if BUILTINS.contains(&name) {
        ("global", format!("builtins.{name}"))
    } else {
        ("type", format!("type {name}"))
    };
    View::Leaf { ty: ty.into(), value: Value::Text(value), origin: None }
}

/// `(name, qualname)` of a dill function: `_create_function(code, globals, name, ...)` plus a
/// `__qualname__` in its BUILD state.
fn function_name(g: &Graph, args: &[ObjId], state: Option<ObjId>) -> String {
    str_of(g, member(g, state, "__qualname__").as_ref())
        .or_else(|| str_of(g, args.get(2)))
        .unwrap_or("<function>")
        .to_string()
}

/// The view of a known construction, if `class` is one.
pub(super) fn view(
    g: &Graph,
    p: &Viewer,
    id: ObjId,
    class: Option<ObjId>,
    args: &[ObjId],
) -> Option<View> {
    let Object { state, list_items, dict_items, .. } = g.object(id)?;
    let (module, name) = g.global_name(class?)?;
    let seq = |ty: &str, mut items: Vec<ObjId>| {
        items.extend(list_items.iter().copied());
        Some(View::Container { ty: ty.into(), list: true, children: indexed(&items) })
    };
    let list_arg = || match args.first().map(|a| g.get(*a)) {
        Some(PyObj::List(v) | PyObj::Tuple(v) | PyObj::Set(v)) => v.to_vec(),
        _ => Vec::new(),
    };
    match (module, name) {
        ("collections", "OrderedDict" | "defaultdict") => {
            let ty = if name == "defaultdict" {
                match args.first().and_then(|f| g.global_name(*f)) {
                    Some((_, f)) => format!("defaultdict({f})"),
                    None => "defaultdict".into(),
                }
            } else {
                name.into()
            };
            let mut children = p.keyed(dict_items, false);
            if name == "OrderedDict" {
                // OrderedDict([(k, v), ...]) (protocol 0/1 reduce form)
                for pair in list_arg() {
                    if let PyObj::List(kv) | PyObj::Tuple(kv) = g.get(pair)
                        && kv.len() == 2
                    {
                        children
                            .push((Name::Key { id: kv[0], strip_attr: false }, Item::Obj(kv[1])));
                    }
                }
            }
            Some(View::Container { ty, list: false, children })
        }
        ("collections", "deque") => seq("deque", list_arg()),
        ("builtins" | "__builtin__", "set" | "frozenset") => seq(name, list_arg()),
        ("builtins" | "__builtin__", "bytearray") => Some(View::Leaf {
            ty: "bytearray".into(),
            value: Value::Bytes(bytes_of(g, args.first()).unwrap_or_default()),
            origin: None,
        }),
        ("_codecs", "encode") => Some(View::Leaf {
            ty: "bytes".into(),
            value: Value::Bytes(bytes_of(g, Some(&id))?),
            origin: None,
        }),
        ("datetime", "datetime") => text(
            "datetime",
            pytime::datetime(&bytes_of(g, args.first())?)? + &tz_text(g, args.get(1)),
        ),
        ("datetime", "date") => text("date", pytime::date(&bytes_of(g, args.first())?)?),
        ("datetime", "time") => {
            text("time", pytime::time(&bytes_of(g, args.first())?)? + &tz_text(g, args.get(1)))
        }
        ("datetime", "timedelta") => text(
            "timedelta",
            pytime::timedelta(
                int_of(g, args.first())?,
                int_of(g, args.get(1)).unwrap_or(0),
                int_of(g, args.get(2)).unwrap_or(0),
            ),
        ),
        ("datetime", "timezone") => {
            let off = timezone_offset(g, args)?;
            let label = str_of(g, args.get(1)).map(str::to_string);
            text(
                "timezone",
                label.unwrap_or_else(|| {
                    if off == 0 { "UTC".into() } else { format!("UTC{}", pytime::offset(off)) }
                }),
            )
        }
        // The Avro decoder's logical values (timestamps, dates, UUIDs...): `avro.<type>(text)`.
        ("avro", ty) => Some(View::Leaf {
            ty: ty.into(),
            value: Value::Text(str_of(g, args.first())?.into()),
            origin: origin(g, args[0]),
        }),
        ("zoneinfo", n) if n.starts_with("ZoneInfo") => text("ZoneInfo", str_of(g, args.first())?),
        ("decimal", "Decimal") => Some(View::Leaf {
            ty: "Decimal".into(),
            value: Value::Number(str_of(g, args.first())?.into()),
            origin: origin(g, args[0]),
        }),
        ("uuid", "UUID") => text("UUID", uuid_text(g, state)?),
        ("re", "_compile") => text(
            "re.Pattern",
            format!(
                "re.compile({:?}, {})",
                str_of(g, args.first())?,
                int_of(g, args.get(1)).unwrap_or(0)
            ),
        ),
        ("dill._dill", "_create_function") => {
            text("function", format!("function {}", function_name(g, args, state)))
        }
        ("dill._dill", "_create_code") => text("code", "code object"),
        ("dill._dill", "_load_type") => Some(loaded_type(str_of(g, args.first())?)),
        ("dill._dill", "_create_type") => {
            text("type", format!("class {}", str_of(g, args.get(1)).unwrap_or("?")))
        }
        ("dill._dill", "_import_module") => {
            text("module", format!("module {}", str_of(g, args.first())?))
        }
        ("dill._dill", "_create_lock") => {
            text("Lock", lock_state(int_of(g, args.first()) == Some(1)))
        }
        ("dill._dill", "_create_rlock") | ("_thread", "RLock") => {
            rlock(int_of(g, args.first()).unwrap_or(0))
        }
        ("queue", "Queue" | "PriorityQueue" | "LifoQueue") if args.len() == 1 => {
            // localstack-persist's pickler: `Queue(maxsize)` with the items as state, shown as
            // its jsonpickle twin shows the queue's fields.
            let mut children = vec![(Name::Fixed("maxsize"), Item::Obj(args[0]))];
            if let Some(s) = state {
                p.state_fields(s, &mut children);
            }
            Some(View::Container { ty: format!("{module}.{name}"), list: false, children })
        }
        (m, "unpickle_cert_bundle") if m.starts_with("localstack_persist") => {
            // localstack-persist's pickler: the bundle's `__dict__` as the one argument.
            let PyObj::Dict(pairs) = g.get(*args.first()?) else { return None };
            Some(View::Container {
                ty: "moto.acm.models.CertBundle".into(),
                list: false,
                children: p.keyed(pairs, false),
            })
        }
        ("_thread", "lock" | "LockType") => text(
            "Lock",
            lock_state(
                member(g, state, "locked").is_some_and(|l| matches!(g.get(l), PyObj::Bool(true))),
            ),
        ),
        ("threading", "Condition") => condition(g, p, state),
        (m, n) if m.starts_with("localstack_persist") && n.contains("rlock") => rlock(0),
        (m, n) if m.starts_with("localstack_persist") && n.contains("lock") => {
            text("Lock", "Lock (unlocked)")
        }
        _ => {
            let v = enum_value(g, id)?;
            let View::Leaf { value, .. } = p.view(v) else { return None };
            Some(View::Leaf {
                ty: name.rsplit('.').next().unwrap_or(name).into(),
                value,
                origin: origin(g, v),
            })
        }
    }
}

fn lock_state(locked: bool) -> &'static str {
    if locked { "Lock (locked)" } else { "Lock (unlocked)" }
}

/// The value of `key` in an object's state: a dict, or the `(dict, slots)` pair a BUILD may
/// carry.
fn member(g: &Graph, state: Option<ObjId>, key: &str) -> Option<ObjId> {
    let state = state?;
    let parts = match g.get(state) {
        PyObj::Tuple(parts) => parts,
        _ => std::slice::from_ref(&state),
    };
    parts.iter().find_map(|part| match g.get(*part) {
        PyObj::Dict(pairs) => pairs
            .iter()
            .find(|[k, _]| matches!(g.get(*k), PyObj::Str(s) if s == key))
            .map(|[_, v]| *v),
        _ => None,
    })
}

/// A `threading.Condition` as one line: its lock and waiting threads. dill pickles its
/// `_lock` with the bound `acquire`/`release` and `_waiters`; jsonpickle (as localstack-persist
/// registers it) keeps just `lock`; both show as `Condition (Lock unlocked)`.
fn condition(g: &Graph, p: &Viewer, state: Option<ObjId>) -> Option<View> {
    let lock = member(g, state, "_lock").or_else(|| member(g, state, "lock"))?;
    let View::Leaf { value: Value::Text(lock), .. } = p.view(lock) else { return None };
    let waiters = member(g, state, "_waiters").map_or(0, |w| p.children(w).map_or(0, |c| c.len()));
    let waiting = if waiters > 0 { format!(", {waiters} waiting") } else { String::new() };
    text(
        "Condition",
        format!("Condition ({}{waiting})", lock.replace(" (", " ").trim_end_matches(')')),
    )
}

fn rlock(count: i64) -> Option<View> {
    text(
        "RLock",
        if count == 0 {
            "RLock (unlocked)".to_string()
        } else {
            format!("RLock (locked {count}×)")
        },
    )
}
