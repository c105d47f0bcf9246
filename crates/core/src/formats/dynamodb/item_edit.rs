//! DynamoDB Local items: rewriting one attribute inside an item's `ObjectJSON` (DynamoDB JSON,
//! `{"name":{"S":"x"},…}`) and computing the `itemSize` DynamoDB Local stores next to it.
//!
//! The attribute's raw bytes are replaced in place (see [`crate::formats::json::span`]), so attribute
//! order and every other byte stay as DynamoDB Local wrote them. The attribute keeps its
//! DynamoDB type; set elements stay unique.

use crate::bail;
use crate::error::{Context, Result};
use base64::Engine;
use serde_json::Value as J;

use crate::formats::json::span::locate;
use crate::input::{Decimal, parse_number};
use crate::model::{Value, escape_pointer};

/// The new `ObjectJSON` with the attribute at `path` (attribute name, then map keys / list or
/// set indexes, as in `Origin::DynamoAttr`) set to `new`.
pub fn rewrite(object_json: &[u8], path: &[String], new: &Value) -> Result<Vec<u8>> {
    let item: J =
        serde_json::from_slice(object_json).context("the stored item is not valid JSON")?;
    let shown = path.join(".");
    let (first, rest) = path.split_first().ok_or_else(|| crate::err!("empty attribute path"))?;
    let mut typed =
        item.get(first).ok_or_else(|| crate::err!("the item has no attribute {first:?}"))?;
    let mut pointer = format!("/{}", escape_pointer(first));
    let mut tag = type_tag(typed, &shown)?;
    let mut set_elem: Option<(&Vec<J>, usize)> = None;
    for seg in rest {
        let inner = &typed[tag];
        pointer.push_str(&format!("/{tag}/{}", escape_pointer(seg)));
        match tag {
            "M" => {
                typed = inner
                    .get(seg.as_str())
                    .ok_or_else(|| crate::err!("{shown}: no map key {seg:?}"))?
            }
            "L" => typed = index(inner, seg, &shown)?,
            "SS" | "NS" | "BS" => {
                let arr = inner.as_array().ok_or_else(|| crate::err!("{shown}: malformed set"))?;
                let i: usize =
                    seg.parse().map_err(|_| crate::err!("{shown}: {seg:?} is not a set index"))?;
                if i >= arr.len() || set_elem.is_some() {
                    bail!("{shown}: no set element {seg}");
                }
                set_elem = Some((arr, i));
                continue;
            }
            other => bail!("{shown}: a {other} attribute has no members"),
        }
        tag = type_tag(typed, &shown)?;
    }
    let literal = match set_elem {
        Some((arr, i)) => {
            let elem_tag = &tag[..1];
            let literal = scalar_literal(elem_tag, new, &shown)?;
            let duplicate =
                arr.iter().enumerate().any(|(j, e)| j != i && same_element(elem_tag, e, &literal));
            if duplicate {
                bail!(
                    "{shown}: the {tag} set already holds this value; DynamoDB sets cannot hold duplicates"
                );
            }
            literal
        }
        None => {
            pointer.push_str(&format!("/{tag}"));
            scalar_literal(tag, new, &shown)?
        }
    };
    let span = locate(object_json, &pointer)?;
    let literal = literal.to_string();
    let mut out = Vec::with_capacity(object_json.len() + literal.len());
    out.extend_from_slice(&object_json[..span.start]);
    out.extend_from_slice(literal.as_bytes());
    out.extend_from_slice(&object_json[span.end..]);
    Ok(out)
}

fn index<'a>(list: &'a J, seg: &str, shown: &str) -> Result<&'a J> {
    let i: usize = seg.parse().map_err(|_| crate::err!("{shown}: {seg:?} is not a list index"))?;
    list.get(i).ok_or_else(|| crate::err!("{shown}: no list element {i}"))
}

fn type_tag<'a>(typed: &'a J, shown: &str) -> Result<&'a str> {
    match typed.as_object() {
        Some(m) if m.len() == 1 => Ok(m.keys().next().map(String::as_str).unwrap_or_default()),
        _ => bail!("{shown}: not a typed DynamoDB value: {typed}"),
    }
}

/// The raw JSON value (inside `{"<tag>": …}`) for a scalar of DynamoDB type `tag`.
fn scalar_literal(tag: &str, new: &Value, shown: &str) -> Result<J> {
    let wrong = || {
        crate::err!(
            "{shown} is a DynamoDB {tag} attribute; {new:?} does not fit it (changing an attribute's type is not supported)"
        )
    };
    Ok(match (tag, new) {
        ("S", Value::Str(s) | Value::Text(s)) => J::String(s.clone()),
        ("N", Value::Number(n) | Value::BigInt(n)) => {
            parse_number(n)?;
            J::String(n.clone())
        }
        ("N", Value::Int(i)) => J::String(i.to_string()),
        ("N", Value::Float(f)) => {
            let text = f.to_string();
            parse_number(&text)?;
            J::String(text)
        }
        ("B", Value::Bytes(b)) => J::String(base64::engine::general_purpose::STANDARD.encode(b)),
        ("BOOL", Value::Bool(b)) => J::Bool(*b),
        ("NULL", Value::Null) => J::Bool(true),
        _ => return Err(wrong()),
    })
}

fn same_element(elem_tag: &str, existing: &J, new: &J) -> bool {
    match (elem_tag, existing.as_str(), new.as_str()) {
        ("N", Some(a), Some(b)) => {
            Decimal::parse(a).is_some() && Decimal::parse(a) == Decimal::parse(b)
        }
        _ => existing == new,
    }
}

/// The size DynamoDB Local stores in `itemSize` for an item: attribute names (UTF-8 bytes) +
/// values, where S = UTF-8 bytes, B = bytes, N = one byte per pair of significant digits
/// (paired around the decimal point) + 1 (+1 if negative, 0 → 1), BOOL/NULL = 1, sets = sum of
/// elements, L/M = 3 + per element 1 + its size (+ key bytes for M). Checked against every item
/// DynamoDB Local 3.3.1 wrote in the sample volume.
pub fn item_size(object_json: &[u8]) -> Result<u64> {
    let item: J =
        serde_json::from_slice(object_json).context("the stored item is not valid JSON")?;
    let members =
        item.as_object().ok_or_else(|| crate::err!("the stored item is not a JSON object"))?;
    // Iterative: (typed value, extra bytes for it).
    let mut stack: Vec<&J> = Vec::new();
    let mut total = 0u64;
    for (name, v) in members {
        total += name.len() as u64;
        stack.push(v);
    }
    while let Some(v) = stack.pop() {
        let tag = type_tag(v, "item")?;
        let inner = &v[tag];
        let strs = || inner.as_array().into_iter().flatten().filter_map(J::as_str);
        total += match tag {
            "S" => inner.as_str().map_or(0, str::len) as u64,
            "N" => number_size(inner.as_str().unwrap_or("0")),
            "B" => b64_len(inner.as_str().unwrap_or("")),
            "BOOL" | "NULL" => 1,
            "SS" => strs().map(|s| s.len() as u64).sum(),
            "NS" => strs().map(number_size).sum(),
            "BS" => strs().map(b64_len).sum(),
            "L" => {
                let items = inner.as_array().map(Vec::as_slice).unwrap_or_default();
                stack.extend(items);
                3 + items.len() as u64
            }
            "M" => {
                let m = inner.as_object().ok_or_else(|| crate::err!("malformed M attribute"))?;
                stack.extend(m.values());
                3 + m.keys().map(|k| k.len() as u64 + 1).sum::<u64>()
            }
            other => bail!("unknown DynamoDB type {other:?} in the stored item"),
        };
    }
    Ok(total)
}

fn b64_len(s: &str) -> u64 {
    base64::engine::general_purpose::STANDARD.decode(s).map_or(0, |b| b.len() as u64)
}

fn number_size(n: &str) -> u64 {
    let Some(d) = Decimal::parse(n) else { return 0 };
    if d.digits.is_empty() {
        return 1;
    }
    // Base-100 digits aligned on the decimal point: pad the front so that `point` is even.
    let lead_pad = d.point.rem_euclid(2) as usize;
    let pairs = (lead_pad + d.digits.len()).div_ceil(2) as u64;
    pairs + 1 + u64::from(d.negative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_sizes_match_dynamodb_local() {
        for (n, size) in [
            ("0", 1),
            ("1", 2),
            ("-5", 3),
            ("2.5", 3),
            ("3.14159", 5),
            ("1000000", 2),
            ("-1234.5678", 6),
            ("0.000001", 2),
            ("52.52", 3),
            ("-13.405", 5),
            ("123456789012345678901234567890", 16),
            ("100000", 2),
        ] {
            assert_eq!(number_size(n), size, "{n}");
        }
    }

    #[test]
    fn rewrites_one_attribute_in_place() {
        let raw = br#"{"sk":{"S":"profile"},"pk":{"S":"user#2"},"m":{"M":{"in":{"L":[{"N":"1"},{"S":"x"}]}}},"ns":{"NS":["1","2"]},"b":{"B":"AAE="}}"#;
        let s = |p: &[&str], v: Value| {
            String::from_utf8(
                rewrite(raw, &p.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &v).unwrap(),
            )
            .unwrap()
        };
        let text = std::str::from_utf8(raw).unwrap();
        assert_eq!(
            s(&["sk"], Value::Str("café".into())),
            text.replace(r#""profile""#, r#""café""#)
        );
        assert_eq!(
            s(&["m", "in", "0"], Value::Number("-2.5".into())),
            text.replace(r#"{"N":"1"}"#, r#"{"N":"-2.5"}"#)
        );
        assert_eq!(s(&["m", "in", "1"], Value::Str("y".into())), text.replace(r#""x""#, r#""y""#));
        assert_eq!(
            s(&["ns", "1"], Value::Number("3".into())),
            text.replace(r#"["1","2"]"#, r#"["1","3"]"#)
        );
        assert_eq!(s(&["b"], Value::Bytes(vec![255])), text.replace("AAE=", "/w=="));
    }

    #[test]
    fn refuses_type_changes_bad_numbers_and_set_duplicates() {
        let raw = br#"{"n":{"N":"1"},"ns":{"NS":["1","2"]},"s":{"S":"x"}}"#;
        let e = |p: &[&str], v: Value| {
            rewrite(raw, &p.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &v)
                .unwrap_err()
                .to_string()
        };
        assert!(e(&["n"], Value::Str("x".into())).contains("type is not supported"));
        assert!(e(&["n"], Value::Number("1e999".into())).contains("range"));
        assert!(e(&["ns", "0"], Value::Number("2.0".into())).contains("duplicates"));
        assert!(e(&["nope"], Value::Null).contains("no attribute"));
        assert!(e(&["s", "0"], Value::Null).contains("has no members"));
    }

    #[test]
    fn item_size_of_a_small_item() {
        assert_eq!(item_size(br#"{"sk":{"S":"profile"},"pk":{"S":"user#2"},"email":{"S":"user2@example.com"},"age":{"N":"22"}}"#).unwrap(), 44);
    }
}
