//! JSON text edits (generic JSON, kinesis-mock, jsonpickle): replace only the bytes of one
//! value, found with [`super::span`], so key order and formatting are kept.
//!
//! A leaf may show its raw string transformed: kinesis-mock record `Data` is base64 in the file
//! and shown decoded; jsonpickle bytes are `{"py/b64": "…"}`. Such values are written back in
//! the same encoding. Anything else shown differently from its raw text is refused.

use crate::bail;
use crate::error::{Context, Result};
use base64::Engine;

use super::span::locate;
use crate::formats::LeafEdit;
use crate::model::{Origin, Value, format_float};

/// [`crate::formats::Editing::Bytes`] for JSON text formats: leaves addressed by a pointer.
pub fn rewrite(raw: &[u8], e: &LeafEdit<'_>) -> Result<Vec<u8>> {
    match e.origin {
        Origin::Json(pointer) => apply(raw, pointer, e.old, e.new),
        other => bail!("a JSON file has no leaf with origin {other:?}"),
    }
}

/// Returns `raw` with the value at `pointer` (currently shown as `current`) replaced by `new`.
pub fn apply(raw: &[u8], pointer: &str, current: &Value, new: &Value) -> Result<Vec<u8>> {
    let span = locate(raw, pointer)?;
    let old = &raw[span.clone()];
    let (span, literal) = match old.first() {
        Some(b'"') => {
            let text: String = serde_json::from_slice(old)
                .with_context(|| format!("{pointer}: malformed string in the file"))?;
            (span, string_field(pointer, &text, current, new)?)
        }
        Some(b'{') if matches!(new, Value::Bytes(_)) => {
            // jsonpickle bytes: {"py/b64": "<base64>"} — rewrite the inner string only.
            let inner = locate(old, "/py~1b64")
                .map_err(|_| crate::err!("{pointer}: the file holds an object here, not bytes"))?;
            let Value::Bytes(b) = new else { unreachable!("matched above") };
            (span.start + inner.start..span.start + inner.end, json_string(&b64(b)))
        }
        _ => (span, literal(pointer, new)?),
    };
    let mut out = Vec::with_capacity(raw.len() + literal.len());
    out.extend_from_slice(&raw[..span.start]);
    out.extend_from_slice(literal.as_bytes());
    out.extend_from_slice(&raw[span.end..]);
    Ok(out)
}

/// The replacement for a raw JSON string whose text is `raw_text`.
fn string_field(pointer: &str, raw_text: &str, current: &Value, new: &Value) -> Result<String> {
    let shown_as_is = matches!(current, Value::Str(s) if s == raw_text);
    if shown_as_is {
        return literal(pointer, new);
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(raw_text);
    if decoded.is_err() {
        bail!(
            "{pointer}: the value is shown transformed from the file's text; refusing to write it back"
        );
    }
    // A base64 field (kinesis-mock record Data): store the new content base64-encoded.
    let bytes: &[u8] = match new {
        Value::Bytes(b) => b,
        Value::Str(s) | Value::Text(s) => s.as_bytes(),
        other => {
            bail!("{pointer}: this field holds base64 data; give text or bytes, not {other:?}")
        }
    };
    Ok(json_string(&b64(bytes)))
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The JSON literal of a scalar.
fn literal(pointer: &str, v: &Value) -> Result<String> {
    Ok(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(s) | Value::Number(s) => s.clone(),
        Value::Float(f) if !f.is_finite() => bail!("{pointer}: JSON cannot hold {f}"),
        Value::Float(f) if *f != 0.0 && (f.abs() >= 1e16 || f.abs() < 1e-4) => format!("{f:e}"),
        Value::Float(f) => format_float(*f),
        Value::Str(s) | Value::Text(s) => json_string(s),
        Value::Bytes(_) => bail!("{pointer}: plain JSON has no bytes type; give text (--type str)"),
        Value::Container | Value::Ref(_) => bail!("{pointer}: only scalars can be set"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(raw: &str, p: &str, cur: Value, new: Value) -> String {
        String::from_utf8(apply(raw.as_bytes(), p, &cur, &new).unwrap()).unwrap()
    }

    #[test]
    fn replaces_only_the_value_bytes() {
        let raw = "{\n  \"b\": 1,\n  \"a\": {\"x\" :  \"old\"},\n  \"n\": 1.50\n}\n";
        assert_eq!(
            edit(raw, "/a/x", Value::Str("old".into()), Value::Str("new \"q\" é".into())),
            "{\n  \"b\": 1,\n  \"a\": {\"x\" :  \"new \\\"q\\\" é\"},\n  \"n\": 1.50\n}\n"
        );
        assert_eq!(
            edit(raw, "/b", Value::Int(1), Value::BigInt("123456789012345678901234567890".into())),
            raw.replace(": 1,", ": 123456789012345678901234567890,")
        );
        assert_eq!(
            edit(raw, "/n", Value::Float(1.5), Value::Float(2.0)),
            raw.replace("1.50", "2.0")
        );
        assert_eq!(
            edit(raw, "/n", Value::Float(1.5), Value::Float(1e300)),
            raw.replace("1.50", "1e300")
        );
        assert_eq!(edit(raw, "/b", Value::Int(1), Value::Null), raw.replace(": 1,", ": null,"));
    }

    #[test]
    fn base64_fields_are_written_back_as_base64() {
        // kinesis-mock Data: shown decoded ("hi"), stored as base64.
        let raw = r#"{"Data":"aGk=","PartitionKey":"k"}"#;
        assert_eq!(
            edit(raw, "/Data", Value::Str("hi".into()), Value::Str("hello".into())),
            r#"{"Data":"aGVsbG8=","PartitionKey":"k"}"#
        );
        assert_eq!(
            edit(raw, "/Data", Value::Str("hi".into()), Value::Bytes(vec![0, 1])),
            r#"{"Data":"AAE=","PartitionKey":"k"}"#
        );
        // jsonpickle bytes.
        let raw = r#"{"b": {"py/b64": "AAE="}}"#;
        assert_eq!(
            edit(raw, "/b", Value::Bytes(vec![0, 1]), Value::Bytes(b"xyz".to_vec())),
            r#"{"b": {"py/b64": "eHl6"}}"#
        );
    }

    #[test]
    fn refusals() {
        let e = |raw: &str, p: &str, cur: Value, new: Value| {
            apply(raw.as_bytes(), p, &cur, &new).unwrap_err().to_string()
        };
        assert!(
            e(r#"{"a":1}"#, "/a", Value::Int(1), Value::Bytes(vec![1])).contains("no bytes type")
        );
        assert!(
            e(r#"{"a":1}"#, "/a", Value::Int(1), Value::Float(f64::NAN)).contains("cannot hold")
        );
        assert!(
            e(r#"{"a":"2026-01-01 !"}"#, "/a", Value::Text("x".into()), Value::Str("y".into()))
                .contains("transformed")
        );
    }
}
