//! Judging one load-time effect found in a [`Graph`]: what a callable resolves to (a global,
//! `getattr(X, "name")`, `__import__("m")`, dill's `_load_type("T")`), the verdict of a
//! reference, a call or a `__setstate__`, and the arguments as short printable text.
//! Everything is bounded: resolution follows at most [`MAX_CHAIN`] links, printing stops at
//! [`MAX_ARGS_CHARS`] characters, and neither recurses.

use crate::formats::pyobj::{Graph, ObjId, PyObj};

use super::allowlist::{self, Verdict};

/// Most `getattr` links followed to resolve a callable.
pub const MAX_CHAIN: usize = 16;
/// Longest printed argument text (then `…`).
pub const MAX_ARGS_CHARS: usize = 160;
/// Longest printed string or bytes value inside the arguments.
const MAX_SCALAR_CHARS: usize = 60;
/// Deepest container level printed inside the arguments.
const MAX_DEPTH: usize = 3;
/// Most items printed of one container.
const MAX_ITEMS: usize = 8;

/// The dotted name object `id` stands for, when it can be told without running anything.
pub fn resolve(g: &Graph, id: ObjId) -> Option<String> {
    // getattr chains are resolved from the innermost target outwards.
    let mut attrs: Vec<&str> = Vec::new();
    let mut at = id;
    for _ in 0..MAX_CHAIN {
        match g.get(at) {
            PyObj::Global(gl) => {
                let mut name = allowlist::normalize(gl.module, gl.name);
                for a in attrs.iter().rev() {
                    name.push('.');
                    name.push_str(a);
                }
                return Some(name);
            }
            PyObj::Object(o) if !o.args.is_empty() => {
                let callee = match g.get(o.callable) {
                    PyObj::Global(gl) => allowlist::normalize(gl.module, gl.name),
                    _ => return None,
                };
                let first_str = match o.args.first().map(|a| g.get(*a)) {
                    Some(PyObj::Str(s)) => Some(s),
                    _ => None,
                };
                match callee.as_str() {
                    "builtins.getattr" | "dill._dill._get_attr" if o.args.len() >= 2 => {
                        let PyObj::Str(attr) = g.get(o.args[1]) else { return None };
                        attrs.push(attr);
                        at = o.args[0];
                    }
                    "builtins.__import__" | "importlib.import_module" => {
                        let mut name = first_str?.to_string();
                        for a in attrs.iter().rev() {
                            name.push('.');
                            name.push_str(a);
                        }
                        return Some(name);
                    }
                    "dill._dill._load_type" => {
                        let t = first_str?;
                        let module = if t.ends_with("Type") { "types" } else { "builtins" };
                        return Some(format!("{module}.{t}"));
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    None
}

/// The verdict on calling `callable(*args)` (already resolved to `name`, if it could be).
pub fn judge_call(g: &Graph, name: Option<&str>, args: &[ObjId]) -> (Verdict, &'static str) {
    match name {
        None => (Verdict::Suspicious, "calls something that is not a name (the result of a call)"),
        Some("builtins.getattr" | "dill._dill._get_attr") => judge_getattr(g, args),
        Some(name) => judge_named(g, name, args),
    }
}

/// `getattr(target, attr)`: by the name fetched when the target is a name; when it is an
/// object, by how that object was built (a bound method of data is harmless to fetch; calling
/// it is judged as a call of something that is not a name). Follows nested getattrs up to
/// [`MAX_CHAIN`] links, without recursion.
fn judge_getattr<'g>(g: &'g Graph, mut args: &'g [ObjId]) -> (Verdict, &'static str) {
    for _ in 0..MAX_CHAIN {
        let (Some(target), Some(PyObj::Str(attr))) = (args.first(), args.get(1).map(|a| g.get(*a)))
        else {
            return (Verdict::Suspicious, "getattr with an attribute name that is not text");
        };
        if attr.starts_with("__") {
            return (Verdict::Suspicious, "getattr of a special (double-underscore) attribute");
        }
        if let Some(t) = resolve(g, *target) {
            // The fetched name itself: an enum member of a LocalStack class, a dill helper.
            return allowlist::judge(&format!("{t}.{attr}"));
        }
        let PyObj::Object(o) = g.get(*target) else {
            return (Verdict::Suspicious, "getattr on something that is not a name");
        };
        match resolve(g, o.callable).as_deref() {
            Some("builtins.getattr" | "dill._dill._get_attr") => args = o.args,
            Some(name) => {
                return match judge_named(g, name, o.args).0 {
                    Verdict::Expected => {
                        (Verdict::Expected, "an attribute of data (e.g. a lock's bound method)")
                    }
                    Verdict::Suspicious => {
                        (Verdict::Suspicious, "getattr on an object built by a suspicious call")
                    }
                };
            }
            None => return (Verdict::Suspicious, "getattr on something that is not a name"),
        }
    }
    (Verdict::Suspicious, "getattr chain too long to follow")
}

/// A call of a named callable other than getattr.
fn judge_named(g: &Graph, name: &str, args: &[ObjId]) -> (Verdict, &'static str) {
    if !allowlist::conditional(name) {
        return allowlist::judge(name);
    }
    let arg = |i: usize| args.get(i).map(|a| g.get(*a));
    match name {
        "builtins.setattr" | "dill._dill._setattr" => {
            let is_cell = args.first().is_some_and(|t| {
                matches!(g.get(*t), PyObj::Object(o)
                    if resolve(g, o.callable).as_deref() == Some("dill._dill._create_cell"))
            });
            if is_cell && matches!(arg(1), Some(PyObj::Str("cell_contents"))) {
                (Verdict::Expected, "dill: fills a closure cell")
            } else {
                (Verdict::Suspicious, "setattr on something other than a dill cell")
            }
        }
        "dill._dill._load_type" => match arg(0) {
            Some(PyObj::Str(t)) => {
                let module = if t.ends_with("Type") { "types" } else { "builtins" };
                allowlist::judge(&format!("{module}.{t}"))
            }
            _ => (Verdict::Suspicious, "_load_type of something that is not a type name"),
        },
        "dill._dill._create_function" => {
            let globals = args.get(1).and_then(|a| resolve(g, *a));
            let namespace = globals.as_deref().filter(|n| n.ends_with(".__dict__"));
            match namespace.map(allowlist::judge) {
                Some((Verdict::Expected, _)) => (
                    Verdict::Expected,
                    "dill: a function of a LocalStack/moto module (not run on load)",
                ),
                _ => (
                    Verdict::Suspicious,
                    "dill: a function whose globals are not a LocalStack/moto module",
                ),
            }
        }
        _ => allowlist::judge(name),
    }
}

enum Piece {
    Obj(ObjId, usize),
    Text(&'static str),
}

/// A short Python-like text of the objects `ids` (the arguments of a call), at most
/// [`MAX_ARGS_CHARS`] characters.
pub fn args_text(g: &Graph, ids: &[ObjId]) -> String {
    let mut out = String::new();
    let mut stack: Vec<Piece> = Vec::new();
    push_items(&mut stack, ids, 0);
    while let Some(p) = stack.pop() {
        if out.chars().count() > MAX_ARGS_CHARS {
            let cut: String = out.chars().take(MAX_ARGS_CHARS).collect();
            return cut + "…";
        }
        let (id, depth) = match p {
            Piece::Text(t) => {
                out.push_str(t);
                continue;
            }
            Piece::Obj(id, depth) => (id, depth),
        };
        let open = |stack: &mut Vec<Piece>, o: &'static str, c: &'static str, items: &[ObjId]| {
            stack.push(Piece::Text(c));
            push_items(stack, items, depth + 1);
            stack.push(Piece::Text(o));
        };
        if depth >= MAX_DEPTH {
            out.push('…');
            continue;
        }
        match g.get(id) {
            PyObj::None => out.push_str("None"),
            PyObj::Bool(b) => out.push_str(if b { "True" } else { "False" }),
            PyObj::Int(i) => out.push_str(&i.to_string()),
            PyObj::Long(s) => out.push_str(&short(s)),
            PyObj::Float(f) => out.push_str(&f.to_string()),
            PyObj::Str(s) => out.push_str(&format!("{:?}", short(s))),
            PyObj::Bytes(b) | PyObj::ByteArray(b) => {
                let text = String::from_utf8_lossy(&b[..b.len().min(MAX_SCALAR_CHARS)]);
                let more = if b.len() > MAX_SCALAR_CHARS { "…" } else { "" };
                out.push_str(&format!("b{:?}{more}", text));
            }
            PyObj::Tuple(items) => open(&mut stack, "(", ")", items),
            PyObj::List(items) => open(&mut stack, "[", "]", items),
            PyObj::Set(items) | PyObj::FrozenSet(items) => open(&mut stack, "{", "}", items),
            PyObj::Dict(pairs) => {
                stack.push(Piece::Text("}"));
                if pairs.len() > MAX_ITEMS {
                    stack.push(Piece::Text(", …"));
                }
                for (i, [k, v]) in pairs.iter().take(MAX_ITEMS).enumerate().rev() {
                    stack.push(Piece::Obj(*v, depth + 1));
                    stack.push(Piece::Text(": "));
                    stack.push(Piece::Obj(*k, depth + 1));
                    if i > 0 {
                        stack.push(Piece::Text(", "));
                    }
                }
                stack.push(Piece::Text("{"));
            }
            PyObj::Global(gl) => out.push_str(&allowlist::normalize(gl.module, gl.name)),
            PyObj::Object(o) => {
                let name = resolve(g, o.callable).unwrap_or_else(|| "<call result>".into());
                out.push_str(&name);
                open(&mut stack, "(", ")", o.args);
            }
            PyObj::PersistentId(_) => out.push_str("<persistent id>"),
            PyObj::Extension(code) => out.push_str(&format!("<extension {code}>")),
            PyObj::OutOfBandBuffer(n) => out.push_str(&format!("<buffer {n}>")),
            PyObj::Json(j) => out.push_str(&short(&String::from_utf8_lossy(&j.text))),
        }
    }
    out
}

/// Pushes the first [`MAX_ITEMS`] of `items` (comma-separated) so that they pop in order.
fn push_items(stack: &mut Vec<Piece>, items: &[ObjId], depth: usize) {
    let shown = items.len().min(MAX_ITEMS);
    if items.len() > shown {
        stack.push(Piece::Text(", …"));
    }
    for i in (0..shown).rev() {
        stack.push(Piece::Obj(items[i], depth));
        if i > 0 {
            stack.push(Piece::Text(", "));
        }
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > MAX_SCALAR_CHARS {
        s.chars().take(MAX_SCALAR_CHARS).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}
