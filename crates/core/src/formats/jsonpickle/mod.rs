//! jsonpickle JSON as written by localstack-persist (`store.json`, `backend.json`:
//! `{"v":1,"data":…}`) → the same Python object [`Graph`] the pickle VM builds, so that a
//! `store.json` and a `store.pkl` of the same state are presented identically.
//!
//! Tags follow jsonpickle's unpickler: `py/object` (with `py/newargs`, `py/newargsex`,
//! `py/initargs`, `py/state`, `py/seq`, fields, `__dict__` for dict subclasses, handler
//! `__reduce__` for datetimes), `py/reduce`, `py/tuple`, `py/set`, `py/id` (0-based index in
//! the order jsonpickle registers objects: lists, dicts, objects, reduces, reprs),
//! `py/iterator`, `py/b64`, `py/b85`, `py/bytes` (quoted-printable), `py/type`,
//! `py/function`, `py/repr` (never evaluated), `py/ref`. Scalars carry `Src::Json` with
//! their pointer in the raw file. Nothing is imported or evaluated.
//!
//! Reading is two iterative passes over the parsed JSON (`build`): the registration order
//! `py/id` counts in, then the objects; nesting deeper than
//! [`MAX_DEPTH`](crate::formats::depth::MAX_DEPTH) levels (JSON levels, or objects built
//! inside one another through `py/id` and `py/ref`) is refused by name.

mod build;
mod codec;
mod datetime;

use crate::error::Context;
use std::path::Path;

use crate::formats::json::parse::{self, J, JsonDoc};
use crate::formats::pyobj::Graph;
use crate::formats::{Editing, Evidence, Format, json_like};
use crate::kind::EntryKind;
use crate::model::Document;

use build::Builder;

/// Decodes a jsonpickle file and presents it exactly like a pickle of the same state.
impl EntryKind {
    /// jsonpickle JSON written by localstack-persist.
    pub const JSONPICKLE: EntryKind = EntryKind::new("jsonpickle");
}

/// jsonpickle JSON (localstack-persist's `store.json`).
pub struct JsonpickleFormat;

impl Format for JsonpickleFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::JSONPICKLE
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        let text = String::from_utf8_lossy(head);
        let tagged =
            text.contains("\"py/") || (text.starts_with("{\"v\":") && text.contains("\"data\""));
        (json_like(path, head) && tagged).then_some(Evidence::Content)
    }

    fn open_bytes(&self, _name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        open(&bytes)
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(crate::formats::json::rewrite::rewrite)
    }
}

/// Decodes jsonpickle text.
pub fn open(bytes: &[u8]) -> crate::Result<Document> {
    let (graph, warnings) = read_graph(bytes)?;
    let max_nodes = crate::formats::pickle::Limits::default().max_nodes;
    let mut doc = crate::formats::present::document(graph, "jsonpickle", max_nodes)?;
    doc.warnings.extend(warnings);
    Ok(doc)
}

/// Parses the file and builds the object graph; also returns non-fatal warnings.
pub fn read_graph(bytes: &[u8]) -> crate::Result<(Graph, Vec<String>)> {
    let doc = parse::parse(bytes).context("jsonpickle")?;
    let data = match (doc.member(JsonDoc::ROOT, "v"), doc.member(JsonDoc::ROOT, "data")) {
        (Some(_), Some(d)) => d,
        _ => JsonDoc::ROOT,
    };
    let mut warnings = Vec::new();
    if let Some(v) = doc.member(JsonDoc::ROOT, "v")
        && doc.get(v) != &J::Num("1".into())
    {
        warnings.push(format!("unknown localstack-persist format version {}", doc.to_compact(v)));
    }
    let mut b = Builder::new(&doc, warnings);
    b.register(data)?;
    b.graph.root = b.build(data)?;
    Ok((b.graph, b.warnings))
}

/// jsonpickle's tag precedence (`Unpickler._restore_tags`).
const TAGS: [&str; 13] = [
    "py/tuple",
    "py/set",
    "py/b64",
    "py/b85",
    "py/id",
    "py/iterator",
    "py/object",
    "py/type",
    "py/reduce",
    "py/function",
    "py/bytes",
    "py/ref",
    "py/repr",
];

/// Classes jsonpickle writes as dicts with items directly in the object.
const DICT_CLASSES: [&str; 3] =
    ["collections.OrderedDict", "collections.defaultdict", "collections.Counter"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::pyobj::Object;
    use crate::formats::pyobj::{Construct, PyObj, Src};
    use codec::b85decode;

    fn graph(json: &str) -> Graph {
        read_graph(json.as_bytes()).unwrap().0
    }

    #[test]
    fn ids_are_zero_based_in_registration_order_and_cycles_resolve() {
        // Registered: 0 root dict, 1 list "a", 2 object "o"; py/id 2 is "o" itself (a cycle).
        let g = graph(
            r#"{"v":1,"data":{"a":[1],"o":{"py/object":"m.C","self":{"py/id":2},"l":{"py/id":1}}}}"#,
        );
        let PyObj::Dict(items) = g.get(g.root) else { panic!() };
        let o = items[1][1];
        let Some(Object { callable, state: Some(state), how, .. }) = g.object(o) else {
            panic!("{:?}", g.get(o))
        };
        assert_eq!(how, Construct::NewObj);
        assert_eq!(g.global_name(callable), Some(("m", "C")));
        let PyObj::Dict(fields) = g.get(state) else { panic!() };
        assert_eq!(fields[0][1], o);
        assert_eq!(fields[1][1], items[0][1]);
        assert_eq!(
            g.src(match g.get(items[0][1]) {
                PyObj::List(l) => l[0],
                _ => panic!(),
            }),
            Src::Json("/data/a/0".into())
        );
    }

    #[test]
    fn reduce_tuple_set_bytes_and_dict_subclass() {
        let g = graph(
            r#"{"v":1,"data":{"py/object":"localstack.services.stores.AccountRegionBundle","000000000000":{"e":{"py/reduce":[{"py/type":"m.Color"},{"py/tuple":["red"]}]},"s":{"py/set":[1,2]},"b":{"py/b64":"AAE="},"q":{"py/bytes":"a=3Db"}},"__dict__":{"service_name":"sqs"}}}"#,
        );
        let Some(Object { dict_items, state: Some(state), .. }) = g.object(g.root) else {
            panic!()
        };
        assert_eq!(g.get(dict_items[0][0]), PyObj::Str("000000000000"));
        assert!(matches!(g.get(state), PyObj::Dict(d) if d.len() == 1));
        let PyObj::Dict(inner) = g.get(dict_items[0][1]) else { panic!() };
        let Some(Object { how: Construct::Reduce, callable, args, .. }) = g.object(inner[0][1])
        else {
            panic!()
        };
        assert_eq!(g.global_name(callable), Some(("m", "Color")));
        assert_eq!(g.get(args[0]), PyObj::Str("red"));
        assert!(matches!(g.get(inner[1][1]), PyObj::Set(s) if s.len() == 2));
        assert_eq!(g.get(inner[2][1]), PyObj::Bytes(&[0, 1]));
        assert_eq!(g.get(inner[3][1]), PyObj::Bytes(b"a=b"));
    }

    #[test]
    fn datetime_handler_and_newargs() {
        let g = graph(
            r#"{"v":1,"data":[{"py/object":"datetime.datetime","__reduce__":[{"py/type":"datetime.datetime"},["B+cIAxYXKAWbTQ=="]]},{"py/object":"m.Scope","py/newargs":{"py/tuple":["/x"]}}]}"#,
        );
        let PyObj::List(l) = g.get(g.root) else { panic!() };
        let Some(Object { how: Construct::Reduce, callable, args, .. }) = g.object(l[0]) else {
            panic!()
        };
        assert_eq!(g.global_name(callable), Some(("datetime", "datetime")));
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 231, 8, 3, 22, 23, 40, 5, 155, 77]));
        let Some(Object { how: Construct::NewObj, args, .. }) = g.object(l[1]) else { panic!() };
        assert_eq!(g.get(args[0]), PyObj::Str("/x"));
    }

    #[test]
    fn isoformat_datetimes_become_pickle_style_calls() {
        let g = graph(
            r#"[{"py/object":"datetime.datetime","isoformat":"2023-11-19T13:10:24.3375+01:30"},{"py/object":"datetime.date","isoformat":"2024-02-29"}]"#,
        );
        let PyObj::List(l) = g.get(g.root) else { panic!() };
        let Some(Object { how: Construct::Reduce, args, .. }) = g.object(l[0]) else {
            panic!("{:?}", g.get(l[0]))
        };
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 231, 11, 19, 13, 10, 24, 5, 38, 92]));
        let Some(Object { callable, args: tz_args, .. }) = g.object(args[1]) else { panic!() };
        assert_eq!(g.global_name(callable), Some(("datetime", "timezone")));
        let Some(Object { args: delta, .. }) = g.object(tz_args[0]) else { panic!() };
        assert_eq!(g.get(delta[1]), PyObj::Int(5400));
        let Some(Object { args, .. }) = g.object(l[1]) else { panic!() };
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 232, 2, 29]));
    }

    #[test]
    fn bad_references_and_json_are_errors() {
        let e = read_graph(br#"{"v":1,"data":{"a":{"py/id":9}}}"#).unwrap_err().to_string();
        assert!(e.contains("refers to no object"), "{e}");
        assert!(read_graph(b"{\"v\":1,").unwrap_err().to_string().contains("invalid JSON"));
        assert_eq!(b85decode("Xk~0{Zv").unwrap(), b"hello");
        assert_eq!(b85decode("Xk~0{Zy_Ne").unwrap(), b"hello!!!");
    }
}
