//! DynamoDB JSON (`{"pk":{"S":"user#0"},"n":{"N":"1.5"},…}`) → typed tree nodes.
//!
//! Each attribute becomes a node whose type is its DynamoDB type (`S`, `N`, `B`, `BOOL`,
//! `NULL`, `SS`, `NS`, `BS`, `L`, `M`): numbers stay exact decimal text, binaries are decoded
//! from base64 to bytes, sets and lists are lists, maps nest. Key attributes come first.
//! Leaves of a stored item carry [`Origin::DynamoAttr`] (table, rowid, attribute path) so an
//! edit can rewrite `ObjectJSON`. Decoding is iterative, so nesting depth cannot overflow.

use crate::error::Context;
use base64::Engine;

use crate::formats::json::parse::{self, J, JId, JsonDoc};
use crate::model::{NodeId, Origin, Tree, Value};

/// Where a decoded item lives, for the origins of its leaves.
#[derive(Clone, Debug)]
pub struct ItemPlace<'a> {
    /// The SQLite table holding the item (DynamoDB Local names it after the DynamoDB table).
    pub table: &'a str,
    /// The item's SQLite rowid in that table.
    pub rowid: i64,
}

/// Parses an item's DynamoDB JSON text.
pub fn parse_item(json: &[u8]) -> crate::Result<JsonDoc> {
    let doc = parse::parse(json).context("item is not valid DynamoDB JSON")?;
    if !matches!(doc.get(JsonDoc::ROOT), J::Obj(_)) {
        crate::bail!("item is not a JSON object of attributes");
    }
    Ok(doc)
}

/// Appends the attributes of the item object `item` under `parent`, attributes named in
/// `keys` first (in that order), then the others as stored.
pub fn append_attributes(
    doc: &JsonDoc,
    item: JId,
    keys: &[&str],
    tree: &mut Tree,
    parent: NodeId,
    place: Option<&ItemPlace<'_>>,
) {
    let J::Obj(members) = doc.get(item) else { return };
    let mut ordered: Vec<&(String, JId)> =
        keys.iter().filter_map(|k| members.iter().find(|(n, _)| n == k)).collect();
    ordered.extend(members.iter().filter(|(n, _)| !keys.contains(&n.as_str())));
    // Attribute paths as (parent path, segment) links, made into a `Vec` only for a leaf's
    // origin: carrying whole paths down would cost the square of the depth.
    let mut links: Vec<(usize, String)> = Vec::new();
    let path_of = |links: &[(usize, String)], at: usize, last: Option<String>| {
        let mut path: Vec<String> = last.into_iter().collect();
        let mut cur = at;
        while let Some((up, seg)) = links.get(cur) {
            path.push(seg.clone());
            cur = *up;
        }
        path.reverse();
        path
    };
    // (typed value, parent node, name, its link in `links`)
    let mut stack: Vec<(JId, NodeId, String, usize)> = Vec::new();
    for (n, v) in ordered.into_iter().rev() {
        links.push((usize::MAX, n.clone()));
        stack.push((*v, parent, n.clone(), links.len() - 1));
    }
    while let Some((v, under, name, at)) = stack.pop() {
        let Some((tag, inner)) = single_member(doc, v) else {
            if matches!(doc.get(v), J::Obj(m) if m.is_empty()) {
                // DynamoDB Local 3.x writes an empty map as `{}` (no `M`) in stream records.
                tree.push_container(under, name, "M", false);
            } else {
                tree.push(
                    under,
                    name,
                    "?",
                    Value::Text(format!("not a typed value: {}", doc.to_compact(v))),
                );
            }
            continue;
        };
        let origin = |last: Option<String>| {
            place.map(|p| Origin::DynamoAttr {
                table: p.table.to_string(),
                rowid: p.rowid,
                path: path_of(&links, at, last),
            })
        };
        match (tag, doc.get(inner)) {
            ("S", J::Str(s)) => {
                tree.push_leaf(under, name, "S", Value::Str(s.clone()), origin(None));
            }
            ("N", J::Str(n)) => {
                tree.push_leaf(under, name, "N", Value::Number(n.clone()), origin(None));
            }
            ("B", J::Str(b)) => {
                tree.push_leaf(under, name, "B", binary(b), origin(None));
            }
            ("BOOL", J::Bool(b)) => {
                tree.push_leaf(under, name, "BOOL", Value::Bool(*b), origin(None));
            }
            ("NULL", _) => {
                tree.push_leaf(under, name, "NULL", Value::Null, origin(None));
            }
            ("SS" | "NS" | "BS", J::Arr(items)) => {
                let set = tree.push_container(under, name, tag, true);
                let elem = &tag[..1];
                for (i, e) in items.iter().enumerate() {
                    let value = match (elem, doc.get(*e)) {
                        ("S", J::Str(s)) => Value::Str(s.clone()),
                        ("N", J::Str(n)) => Value::Number(n.clone()),
                        ("B", J::Str(b)) => binary(b),
                        (_, other) => Value::Text(format!("unexpected set element {other:?}")),
                    };
                    tree.push_leaf(set, i.to_string(), elem, value, origin(Some(i.to_string())));
                }
            }
            ("L", J::Arr(items)) => {
                let list = tree.push_container(under, name, "L", true);
                for (i, e) in items.iter().enumerate().rev() {
                    links.push((at, i.to_string()));
                    stack.push((*e, list, i.to_string(), links.len() - 1));
                }
            }
            ("M", J::Obj(m)) => {
                let map = tree.push_container(under, name, "M", false);
                for (k, e) in m.iter().rev() {
                    links.push((at, k.clone()));
                    stack.push((*e, map, k.clone(), links.len() - 1));
                }
            }
            (tag, _) => {
                tree.push(under, name, tag, Value::Text(doc.to_compact(inner)));
            }
        }
    }
}

/// The item as its own tree (root named `item`), key attributes first.
pub fn item_tree(json: &[u8], keys: &[&str], place: Option<&ItemPlace<'_>>) -> crate::Result<Tree> {
    let doc = parse_item(json)?;
    let mut tree = Tree::new("item", "item");
    append_attributes(&doc, JsonDoc::ROOT, keys, &mut tree, Tree::ROOT, place);
    tree.dedupe_names();
    Ok(tree)
}

/// `{"T": value}` → (`T`, value).
fn single_member(doc: &JsonDoc, v: JId) -> Option<(&str, JId)> {
    match doc.get(v) {
        J::Obj(m) if m.len() == 1 => Some((m[0].0.as_str(), m[0].1)),
        _ => None,
    }
}

fn binary(b64: &str) -> Value {
    match base64::engine::general_purpose::STANDARD.decode(b64) {
        Ok(bytes) => Value::Bytes(bytes),
        Err(e) => Value::Text(format!("invalid base64 ({e}): {b64}")),
    }
}

/// A one-line preview of the children of `node` after the first `skip`:
/// `name=value · name=[3] · name={2}`, cut at `max_chars`.
pub fn preview(tree: &Tree, node: NodeId, skip: usize, max_chars: usize) -> String {
    let mut out = String::new();
    for c in tree.node(node).children.iter().skip(skip) {
        let n = tree.node(*c);
        if !out.is_empty() {
            out.push_str(" · ");
        }
        let value = if n.value.is_container() {
            if n.is_list {
                format!("[{}]", n.children.len())
            } else {
                format!("{{{}}}", n.children.len())
            }
        } else {
            n.value.display()
        };
        out.push_str(&n.name);
        out.push('=');
        out.push_str(&value);
        if out.chars().count() > max_chars {
            let cut: String = out.chars().take(max_chars).collect();
            return cut + "…";
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_decodes_with_keys_first_and_paths() {
        let json = br#"{"m":{"M":{"in":{"L":[{"N":"1"},{"B":"AAE="}]}}},"b":{"B":"3q2+7w=="},"sk":{"N":"-2.5"},"pk":{"S":"u#1"},"ss":{"SS":["x"]},"t":{"BOOL":true},"z":{"NULL":true}}"#;
        let place = ItemPlace { table: "orders", rowid: 7 };
        let t = item_tree(json, &["pk", "sk"], Some(&place)).unwrap();
        let names: Vec<_> = t.node(0).children.iter().map(|c| t.node(*c).name.as_str()).collect();
        assert_eq!(names, ["pk", "sk", "m", "b", "ss", "t", "z"]);
        assert_eq!(t.node(t.resolve("/sk").unwrap()).value, Value::Number("-2.5".into()));
        assert_eq!(
            t.node(t.resolve("/b").unwrap()).value,
            Value::Bytes(vec![0xde, 0xad, 0xbe, 0xef])
        );
        let deep = t.resolve("/m/in/1").unwrap();
        assert_eq!(t.node(deep).value, Value::Bytes(vec![0, 1]));
        assert_eq!(
            t.node(deep).origin,
            Some(Origin::DynamoAttr {
                table: "orders".into(),
                rowid: 7,
                path: vec!["m".into(), "in".into(), "1".into()]
            })
        );
        assert_eq!(t.node(t.resolve("/ss").unwrap()).ty, "SS");
        assert_eq!(preview(&t, 0, 0, 20), "pk=u#1 · sk=-2.5 · m…");
        assert_eq!(preview(&t, 0, 5, 100), "t=True · z=None");
    }

    #[test]
    fn malformed_items_are_errors_or_marked() {
        assert!(item_tree(b"[1]", &[], None).is_err());
        assert!(
            item_tree(b"{\"a\":", &[], None)
                .unwrap_err()
                .to_string()
                .contains("not valid DynamoDB JSON")
        );
        let t = item_tree(br#"{"a":"plain"}"#, &[], None).unwrap();
        assert!(matches!(&t.node(1).value, Value::Text(s) if s.contains("not a typed value")));
    }
}
