//! Generic JSON (`startup_info.json`, `s3/objects.json`, anything else): the file as a tree,
//! key order kept, every leaf carrying its pointer in the raw file for editing.
//!
//! Parsing and tree building are iterative (see [`parse`]), so deep input cannot overflow.
//! A document with more values than [`lazy_threshold`] (a 100 MB file holds millions) is
//! presented lazily: a container's members appear when it is unfolded, as for big pickles.

pub mod parse;
pub mod rewrite;
pub mod span;
pub mod tape;

use std::collections::HashMap;
use std::sync::Arc;

use std::path::Path;

use crate::formats::{Editing, Evidence, Format, json_like};
use crate::kind::EntryKind;
use crate::model::{
    Document, NodeId, Origin, Summary, Tree, Unfold, Value, escape_pointer, lazy_threshold,
};
use crate::text::plural;
use parse::{J, JId, JsonDoc};

/// Decodes any JSON text.
impl EntryKind {
    /// Any other JSON.
    pub const JSON: EntryKind = EntryKind::new("json");
}

/// Generic JSON.
pub struct JsonFormat;

impl Format for JsonFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::JSON
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        json_like(path, head).then_some(Evidence::Name)
    }

    fn open_bytes(&self, _name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        open(&bytes)
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(rewrite::rewrite)
    }
}

/// Decodes JSON text.
pub fn open(bytes: &[u8]) -> crate::Result<Document> {
    let doc = parse::parse(bytes)?;
    let headline = match doc.get(JsonDoc::ROOT) {
        J::Obj(m) => format!("JSON · object with {}", plural("key", m.len())),
        J::Arr(a) => format!("JSON · array of {}", plural("item", a.len())),
        _ => "JSON · single value".to_string(),
    };
    let tree = present(Arc::new(doc), "json");
    Ok(Document {
        format: "JSON".into(),
        tree,
        summary: Summary { headline, ..Summary::default() },
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
        _ => n.parse::<f64>().map_or_else(
            |_| (Value::Number(n.to_string()), "number"),
            |f| (Value::Float(f), "float"),
        ),
    }
}

/// The document as a tree: fully presented, or lazily with the first level presented when it
/// holds more values than [`lazy_threshold`].
pub fn present(doc: Arc<JsonDoc>, root_name: &str) -> Tree {
    let big = doc.values.len() > lazy_threshold();
    let mut tree = present_lazy(doc, root_name);
    if big {
        tree.unfold_levels(1);
    } else {
        tree.unfold_all();
    }
    tree
}

/// A tree of the whole document with only the root placed; the unfolder presents the rest.
pub fn present_lazy(doc: Arc<JsonDoc>, root_name: &str) -> Tree {
    let root = JsonDoc::ROOT;
    let (value, ty) = leaf_value(doc.get(root));
    let mut tree = Tree::new(root_name, ty);
    if value.is_container() {
        let node = tree.node_mut(Tree::ROOT);
        node.is_list = matches!(doc.get(root), J::Arr(_));
        node.deferred = doc.get(root).member_count() > 0;
        let pending = HashMap::from([(Tree::ROOT, (root, String::new()))]);
        tree.set_unfolder(Some(Box::new(LazyJson { doc, pending })));
    } else {
        let node = tree.node_mut(Tree::ROOT);
        node.value = value;
        node.origin = Some(Origin::Json(String::new()));
    }
    tree
}

/// Presents deferred JSON containers one level at a time.
#[derive(Clone)]
struct LazyJson {
    doc: Arc<JsonDoc>,
    /// Deferred nodes: their value and its pointer in the raw file.
    pending: HashMap<NodeId, (JId, String)>,
}

impl Unfold for LazyJson {
    fn unfold(&mut self, tree: &mut Tree, id: NodeId) {
        let Some((v, ptr)) = self.pending.remove(&id) else { return };
        tree.node_mut(id).deferred = false;
        for (child, node, child_ptr) in present_members(&self.doc, v, tree, id, &ptr) {
            tree.node_mut(node).deferred = true;
            self.pending.insert(node, (child, child_ptr));
        }
    }

    fn child_count(&self, id: NodeId) -> usize {
        self.pending.get(&id).map_or(0, |(v, _)| self.doc.get(*v).member_count())
    }

    fn box_clone(&self) -> Box<dyn Unfold> {
        Box::new(self.clone())
    }
}

/// Appends the members of container `value` (whose raw pointer is `pointer`) under `parent`,
/// completely and iteratively. Used by the kinesis decoder for a stream's fields.
pub fn append_children(doc: &JsonDoc, value: JId, tree: &mut Tree, parent: NodeId, pointer: &str) {
    let mut stack = vec![(value, parent, pointer.to_string())];
    while let Some((v, node, ptr)) = stack.pop() {
        stack.extend(present_members(doc, v, tree, node, &ptr));
    }
}

/// Appends one level: the members of container `v` (raw pointer `ptr`) under `node`, leaves
/// complete and containers empty. Returns those containers with their values and pointers.
fn present_members(
    doc: &JsonDoc,
    v: JId,
    tree: &mut Tree,
    node: NodeId,
    ptr: &str,
) -> Vec<(JId, NodeId, String)> {
    let mut containers = Vec::new();
    let mut add = |name: String, child: JId, child_ptr: String| {
        let (value, ty) = leaf_value(doc.get(child));
        if value.is_container() {
            let id = tree.push_container(node, name, ty, matches!(doc.get(child), J::Arr(_)));
            if doc.get(child).member_count() > 0 {
                containers.push((child, id, child_ptr));
            }
        } else {
            tree.push_leaf(node, name, ty, value, Some(Origin::Json(child_ptr)));
        }
    };
    match doc.get(v) {
        J::Arr(items) => {
            for (i, child) in items.iter().enumerate() {
                add(i.to_string(), *child, format!("{ptr}/{i}"));
            }
        }
        J::Obj(members) => {
            for (name, child) in members {
                add(name.clone(), *child, format!("{ptr}/{}", escape_pointer(name)));
            }
        }
        _ => {}
    }
    tree.dedupe_children(node);
    containers
}

impl J {
    /// How many items or members a container holds (0 for a scalar).
    pub fn member_count(&self) -> usize {
        match self {
            J::Arr(items) => items.len(),
            J::Obj(members) => members.len(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_order_types_and_raw_pointers() {
        let d =
            open(br#"{"z":[1,2.5,"x"],"a/b":{"n":null,"big":123456789012345678901234}}"#).unwrap();
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
