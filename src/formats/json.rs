//! Generic JSON (`startup_info.json`, `s3/objects.json`, anything else): the file as a tree,
//! key order kept, every leaf carrying its pointer in the raw file for editing.
//!
//! Parsing and tree building are iterative (see [`parse`]), so deep input cannot overflow.

pub mod parse;

use crate::model::{Document, NodeId, Origin, Summary, Tree, Value, escape_pointer};
use parse::{J, JId, JsonDoc};

/// Decodes any JSON text.
pub fn open(bytes: &[u8]) -> anyhow::Result<Document> {
    let doc = parse::parse(bytes)?;
    let tree = to_tree(&doc, JsonDoc::ROOT, "json");
    let headline = match doc.get(JsonDoc::ROOT) {
        J::Obj(m) => format!("JSON · object with {} keys", m.len()),
        J::Arr(a) => format!("JSON · array of {} items", a.len()),
        _ => "JSON · single value".to_string(),
    };
    Ok(Document {
        format: "JSON".into(),
        tree,
        summary: Summary { headline, resources: Vec::new() },
        ..Document::default()
    })
}

/// The scalar value and type name a JSON leaf is shown with.
pub fn leaf_value(v: &J) -> (Value, &'static str) {
    match v {
        J::Null => (Value::Null, "null"),
        J::Bool(b) => (Value::Bool(*b), "bool"),
        J::Str(s) => (Value::Str(s.clone()), "str"),
        J::Num(n) => number_value(n),
        J::Arr(_) => (Value::Container, "array"),
        J::Obj(_) => (Value::Container, "object"),
    }
}

fn number_value(n: &str) -> (Value, &'static str) {
    if let Ok(i) = n.parse::<i64>() {
        return (Value::Int(i), "int");
    }
    let is_integer = n.bytes().all(|c| c.is_ascii_digit() || c == b'-');
    if is_integer {
        return (Value::BigInt(n.to_string()), "int");
    }
    match n {
        "NaN" => (Value::Float(f64::NAN), "float"),
        "Infinity" => (Value::Float(f64::INFINITY), "float"),
        "-Infinity" => (Value::Float(f64::NEG_INFINITY), "float"),
        _ => n.parse::<f64>().map_or_else(|_| (Value::Number(n.to_string()), "number"), |f| (Value::Float(f), "float")),
    }
}

/// Builds the tree of the JSON value `root` (a fresh tree whose root is that value).
/// Leaves get `Origin::Json` with their pointer in the raw file.
pub fn to_tree(doc: &JsonDoc, root: JId, root_name: &str) -> Tree {
    let (_, ty) = leaf_value(doc.get(root));
    let mut tree = Tree::new(root_name, ty);
    if doc.get(root).is_container() {
        tree.node_mut(Tree::ROOT).is_list = matches!(doc.get(root), J::Arr(_));
        append_children(doc, root, &mut tree, Tree::ROOT, "");
    } else {
        let (value, _) = leaf_value(doc.get(root));
        tree.node_mut(Tree::ROOT).value = value;
        tree.node_mut(Tree::ROOT).origin = Some(Origin::Json(String::new()));
    }
    tree.dedupe_names();
    tree
}

/// Appends the members of container `value` (whose raw pointer is `pointer`) under `parent`,
/// iteratively. Used by the kinesis decoder too.
pub fn append_children(doc: &JsonDoc, value: JId, tree: &mut Tree, parent: NodeId, pointer: &str) {
    let mut stack: Vec<(JId, NodeId, String)> = vec![(value, parent, pointer.to_string())];
    while let Some((v, node, ptr)) = stack.pop() {
        match doc.get(v) {
            J::Arr(items) => {
                for (i, child) in items.iter().enumerate() {
                    let name = i.to_string();
                    let child_ptr = format!("{ptr}/{name}");
                    append_value(doc, *child, tree, node, name, child_ptr, &mut stack);
                }
            }
            J::Obj(members) => {
                for (name, child) in members {
                    let child_ptr = format!("{ptr}/{}", escape_pointer(name));
                    append_value(doc, *child, tree, node, name.clone(), child_ptr, &mut stack);
                }
            }
            _ => {}
        }
    }
}

fn append_value(doc: &JsonDoc, v: JId, tree: &mut Tree, parent: NodeId, name: String, ptr: String, stack: &mut Vec<(JId, NodeId, String)>) {
    let (value, ty) = leaf_value(doc.get(v));
    if value.is_container() {
        let id = tree.push_container(parent, name, ty, matches!(doc.get(v), J::Arr(_)));
        stack.push((v, id, ptr));
    } else {
        tree.push_leaf(parent, name, ty, value, Some(Origin::Json(ptr)));
    }
}

impl J {
    pub fn is_container(&self) -> bool {
        matches!(self, J::Arr(_) | J::Obj(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_order_types_and_raw_pointers() {
        let d = open(br#"{"z":[1,2.5,"x"],"a/b":{"n":null,"big":123456789012345678901234}}"#).unwrap();
        let t = &d.tree;
        let names: Vec<_> = t.node(0).children.iter().map(|c| t.node(*c).name.as_str()).collect();
        assert_eq!(names, ["z", "a/b"]);
        let big = t.resolve("/a~1b/big").unwrap();
        assert_eq!(t.node(big).value, Value::BigInt("123456789012345678901234".into()));
        assert_eq!(t.node(big).origin, Some(Origin::Json("/a~1b/big".into())));
        let f = t.resolve("/z/1").unwrap();
        assert_eq!(t.node(f).value, Value::Float(2.5));
        assert_eq!(d.summary.headline, "JSON · object with 2 keys");
    }

    #[test]
    fn malformed_json_is_a_clear_error() {
        let e = open(b"{\"a\": [1, 2}").unwrap_err().to_string();
        assert!(e.contains("line 1 column 12"), "{e}");
    }
}
