//! Embedded JSON (an Avro `json` value: one object holding a checked, indexed text): its
//! members listed from the index when their container is unfolded, its scalars decoded only
//! then and shown as Python's `json` loads them, each editable through the Avro leaf that
//! holds the text ([`Origin::AvroJson`]).

use crate::formats::json::parse::JId;
use crate::formats::json::tape::{Kind, Scalar};
use crate::formats::pyobj::{EmbeddedJson, ObjId};
use crate::model::{Origin, Value};

use super::{Item, Name, View};

/// How value `value` of `json` (graph object `obj`) is placed: a leaf, or a container and
/// how many members it has (without listing them).
pub(super) enum Placed {
    Leaf { ty: &'static str, value: Value, origin: Option<Origin> },
    Container { ty: &'static str, list: bool, count: usize },
}

/// How value `value` of `json` is placed.
pub(super) fn placed(json: &EmbeddedJson, value: JId) -> Placed {
    match json.tape.kind(value) {
        kind @ (Kind::Arr | Kind::Obj) => Placed::Container {
            ty: if kind == Kind::Arr { "list" } else { "dict" },
            list: kind == Kind::Arr,
            count: json.tape.children(value).count(),
        },
        _ => {
            let (ty, v) = scalar(json, value);
            let origin = json.avro.map(|(block, leaf)| Origin::AvroJson { block, leaf, value });
            Placed::Leaf { ty, value: v, origin }
        }
    }
}

/// The view of value `value` of `json` (graph object `obj`).
pub(super) fn view(obj: ObjId, json: &EmbeddedJson, value: JId) -> View {
    match placed(json, value) {
        Placed::Leaf { ty, value, origin } => View::Leaf { ty: ty.into(), value, origin },
        Placed::Container { ty, list, .. } => {
            View::Container { ty: ty.into(), list, children: children(obj, json, value) }
        }
    }
}

/// The members of container `value` of `json` (graph object `obj`), as child slots.
pub(super) fn children(obj: ObjId, json: &EmbeddedJson, value: JId) -> Vec<(Name, Item)> {
    let list = json.tape.kind(value) == Kind::Arr;
    json.tape
        .children(value)
        .enumerate()
        .map(|(i, c)| {
            let name = if list { Name::Index(i) } else { Name::JsonKey { obj, value: c } };
            (name, Item::Json { obj, value: c })
        })
        .collect()
}

/// The member name of value `value` (empty outside objects).
pub(super) fn key(json: &EmbeddedJson, value: JId) -> String {
    json.tape.key(&json.text, value).unwrap_or_default()
}

/// A scalar's type and value.
fn scalar(json: &EmbeddedJson, value: JId) -> (&'static str, Value) {
    match json.tape.scalar(&json.text, value) {
        Some(Scalar::Null) | None => ("NoneType", Value::Null),
        Some(Scalar::Bool(b)) => ("bool", Value::Bool(b)),
        Some(Scalar::Num(n)) => number(n),
        Some(Scalar::Str(s)) => ("str", Value::Str(s)),
    }
}

/// A JSON number as Python's `json` loads it: an int (of any size) or a float (`NaN`,
/// `Infinity` included).
fn number(n: &str) -> (&'static str, Value) {
    if let Ok(i) = n.parse::<i64>() {
        return ("int", Value::Int(i));
    }
    if n.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return ("int", Value::BigInt(n.into()));
    }
    ("float", Value::Float(n.parse().unwrap_or(f64::NAN)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_load_as_python_loads_them() {
        assert_eq!(number("-7"), ("int", Value::Int(-7)));
        assert_eq!(
            number("123456789012345678901234"),
            ("int", Value::BigInt("123456789012345678901234".into()))
        );
        assert_eq!(number("1.5e3"), ("float", Value::Float(1500.0)));
        assert_eq!(number("-Infinity"), ("float", Value::Float(f64::NEG_INFINITY)));
        assert!(matches!(number("NaN"), ("float", Value::Float(x)) if x.is_nan()));
    }
}
