//! Python object graph → presentation tree, shared by the pickle VM and the jsonpickle reader
//! so both formats of the same state look the same.
//!
//! Rules: scalars become editable leaves (their [`Src`] becomes the leaf's [`Origin`]);
//! containers become containers; a further occurrence of an already shown container (shared
//! reference or cycle) becomes a [`Value::Ref`] leaf; constructed objects are shown by class
//! with their state as fields (`attr_x` shown as `x`); dict subclasses (LocalStack
//! `AccountRegionBundle`/`RegionBundle`, moto `BackendDict`/`AccountSpecificBackend`) show their
//! items, so accounts and regions are levels of the tree. Known constructions (datetime, enum,
//! deque, dill functions and locks...) are rendered by [`known`]. Iterative: an input nested a
//! million levels deep does not touch the Rust stack.

mod known;
mod pytime;

pub use known::{is_account_level, is_region_level, region_scope};

use thiserror::Error;

use crate::formats::pyobj::{Graph, ObjId, PyObj, Src};
use crate::model::{Document, NodeId, Origin, Scope, Tree, Value, format_float, bytes_preview};

/// Strings and bytes up to this length are repeated inline at every reference; longer ones are
/// shown once and referenced, so a memoized blob referenced a million times stays small.
const INLINE_SCALAR_BYTES: usize = 64;

/// The presented tree would exceed the node limit.
#[derive(Debug, Error, PartialEq)]
#[error("limit max_nodes exceeded while presenting: more than {max} tree nodes")]
pub struct TooManyNodes {
    pub max: usize,
}

/// What to show for one child slot.
pub(crate) enum Item {
    Obj(ObjId),
    /// A synthetic container (`__args__`, `__dict__`...) of objects.
    Group { ty: String, list: bool, items: Vec<(String, Item)> },
}

/// How one object is shown.
pub(crate) enum View {
    Leaf { ty: String, value: Value, origin: Option<Origin> },
    Container { ty: String, list: bool, children: Vec<(String, Item)> },
}

/// Builds the full [`Document`] (tree, scopes, summary) for a graph.
pub fn document(graph: &Graph, format: &str, max_nodes: usize) -> Result<Document, TooManyNodes> {
    let tree = present(graph, max_nodes)?;
    let scopes = scopes(&tree);
    let summary = crate::formats::summary::summarize(&tree);
    Ok(Document { format: format.into(), tree, summary, tables: Vec::new(), scopes, warnings: Vec::new() })
}

/// Presents `graph` from its root as a tree (names deduplicated, so every node has a pointer).
pub fn present(graph: &Graph, max_nodes: usize) -> Result<Tree, TooManyNodes> {
    const UNSHOWN: NodeId = NodeId::MAX;
    let mut p = Presenter { g: graph, tree: Tree::new("root", ""), first: vec![UNSHOWN; graph.objs.len()], stack: Vec::new() };
    p.tree.nodes.reserve(graph.objs.len().min(max_nodes));
    if graph.objs.is_empty() {
        return Ok(p.tree);
    }
    let v = p.view(graph.root);
    p.apply(Tree::ROOT, graph.root, v);
    while let Some((parent, name, item)) = p.stack.pop() {
        if p.tree.len() >= max_nodes {
            return Err(TooManyNodes { max: max_nodes });
        }
        match item {
            Item::Obj(id) => {
                let shown = p.first[id as usize];
                if shown != UNSHOWN {
                    let ty = p.tree.node(shown).ty.clone();
                    p.tree.push(parent, name, ty, Value::Ref(shown));
                    continue;
                }
                let v = p.view(id);
                let node = p.tree.push(parent, name, "", Value::Null);
                p.apply(node, id, v);
            }
            Item::Group { ty, list, items } => {
                let node = p.tree.push_container(parent, name, ty, list);
                p.push_children(node, items);
            }
        }
    }
    p.tree.dedupe_names();
    Ok(p.tree)
}

struct Presenter<'g> {
    g: &'g Graph,
    tree: Tree,
    /// Node where each object was first shown (containers and long scalars only).
    first: Vec<NodeId>,
    stack: Vec<(NodeId, String, Item)>,
}

impl Presenter<'_> {
    fn push_children(&mut self, node: NodeId, children: Vec<(String, Item)>) {
        for (name, item) in children.into_iter().rev() {
            self.stack.push((node, name, item));
        }
    }

    fn apply(&mut self, node: NodeId, id: ObjId, v: View) {
        match v {
            View::Leaf { ty, value, origin } => {
                let long = match &value {
                    Value::Str(s) => s.len() > INLINE_SCALAR_BYTES,
                    Value::Bytes(b) => b.len() > INLINE_SCALAR_BYTES,
                    _ => false,
                };
                if long {
                    self.first[id as usize] = node;
                }
                let n = self.tree.node_mut(node);
                n.ty = ty;
                n.value = value;
                n.origin = origin;
            }
            View::Container { ty, list, children } => {
                if !children.is_empty() {
                    self.first[id as usize] = node;
                }
                let n = self.tree.node_mut(node);
                n.ty = ty;
                n.value = Value::Container;
                n.is_list = list;
                self.push_children(node, children);
            }
        }
    }

    fn view(&self, id: ObjId) -> View {
        let g = self.g;
        let leaf = |ty: &str, value: Value| View::Leaf { ty: ty.into(), value, origin: origin(g, id) };
        let seq = |ty: &str, items: &[ObjId]| View::Container { ty: ty.into(), list: true, children: indexed(items) };
        match g.get(id) {
            PyObj::None => leaf("NoneType", Value::Null),
            PyObj::Bool(b) => leaf("bool", Value::Bool(*b)),
            PyObj::Int(i) => leaf("int", Value::Int(*i)),
            PyObj::Long(s) => leaf("int", Value::BigInt(s.clone())),
            PyObj::Float(f) => leaf("float", Value::Float(*f)),
            PyObj::Str(s) => leaf("str", Value::Str(s.clone())),
            PyObj::Bytes(b) => leaf("bytes", Value::Bytes(b.clone())),
            PyObj::ByteArray(b) => leaf("bytearray", Value::Bytes(b.clone())),
            PyObj::Global { module, name } => View::Leaf { ty: "global".into(), value: Value::Text(format!("{module}.{name}")), origin: None },
            PyObj::Extension(code) => View::Leaf { ty: "extension".into(), value: Value::Text(format!("copyreg extension code {code}")), origin: None },
            PyObj::OutOfBandBuffer(n) => View::Leaf { ty: "PickleBuffer".into(), value: Value::Text(format!("out-of-band buffer #{n}")), origin: None },
            PyObj::PersistentId(pid) => View::Container { ty: "persistent_id".into(), list: false, children: vec![("id".into(), Item::Obj(*pid))] },
            PyObj::Tuple(items) => seq("tuple", items),
            PyObj::List(items) => seq("list", items),
            PyObj::Set(items) => seq("set", items),
            PyObj::FrozenSet(items) => seq("frozenset", items),
            PyObj::Dict(pairs) => View::Container { ty: "dict".into(), list: false, children: self.keyed(pairs, false) },
            PyObj::Object { .. } => self.object(id),
        }
    }

    /// Dict items as named children (`strip_attr`: LocalStack's `attr_x` fields shown as `x`).
    fn keyed(&self, pairs: &[(ObjId, ObjId)], strip_attr: bool) -> Vec<(String, Item)> {
        pairs
            .iter()
            .map(|(k, v)| {
                let mut name = key_name(self.g, *k);
                if strip_attr && let Some(rest) = name.strip_prefix("attr_") {
                    name = rest.to_string();
                }
                (name, Item::Obj(*v))
            })
            .collect()
    }

    /// An object's state as fields: a dict (or the `(dict, slots)` pair) flattened, else one
    /// `__state__` child.
    fn state_fields(&self, state: ObjId, out: &mut Vec<(String, Item)>) {
        match self.g.get(state) {
            PyObj::Dict(pairs) => out.extend(self.keyed(pairs, true)),
            PyObj::Tuple(parts) if parts.len() == 2 && parts.iter().all(|p| matches!(self.g.get(*p), PyObj::Dict(_) | PyObj::None)) => {
                for p in parts {
                    if let PyObj::Dict(pairs) = self.g.get(*p) {
                        out.extend(self.keyed(pairs, true));
                    }
                }
            }
            PyObj::None => {}
            _ => out.push(("__state__".into(), Item::Obj(state))),
        }
    }

    fn object(&self, id: ObjId) -> View {
        let g = self.g;
        let PyObj::Object { callable, args, kwargs, state, list_items, dict_items, .. } = g.get(id) else {
            return View::Leaf { ty: "object".into(), value: Value::Null, origin: None };
        };
        let (class, args) = known::class_and_args(g, *callable, args);
        if let Some(v) = known::view(g, self, id, class, args) {
            return v;
        }
        let ty = match class.and_then(|c| g.global_name(c)) {
            Some((m, n)) => format!("{m}.{n}"),
            None => "object".into(),
        };
        let mut children = Vec::new();
        if class.and_then(|c| g.global_name(c)).is_none() {
            children.push(("__callable__".into(), Item::Obj(*callable)));
        }
        if !dict_items.is_empty() || known::is_dict_like(&ty) {
            // A dict subclass: its items are the content, its attributes go under `__dict__`.
            children.extend(self.keyed(dict_items, false));
            let mut attrs = Vec::new();
            if let Some(s) = state {
                self.state_fields(*s, &mut attrs);
            }
            if !attrs.is_empty() {
                children.push(("__dict__".into(), Item::Group { ty: "dict".into(), list: false, items: attrs }));
            }
        } else if let Some(s) = state {
            self.state_fields(*s, &mut children);
        }
        if !args.is_empty() {
            children.push(("__args__".into(), Item::Group { ty: "tuple".into(), list: true, items: indexed(args) }));
        }
        if let Some(k) = kwargs {
            children.push(("__kwargs__".into(), Item::Obj(*k)));
        }
        if !list_items.is_empty() {
            children.push(("__items__".into(), Item::Group { ty: "list".into(), list: true, items: indexed(list_items) }));
        }
        View::Container { ty, list: false, children }
    }
}

fn indexed(items: &[ObjId]) -> Vec<(String, Item)> {
    items.iter().enumerate().map(|(i, id)| (i.to_string(), Item::Obj(*id))).collect()
}

/// The editable origin of a scalar object.
pub(crate) fn origin(g: &Graph, id: ObjId) -> Option<Origin> {
    match &g.srcs[id as usize] {
        Src::PickleOp(i) => Some(Origin::PickleOp(*i)),
        Src::Json(p) => Some(Origin::Json(p.clone())),
        Src::None => None,
    }
}

/// The text a dict key is shown as (its node name).
pub fn key_name(g: &Graph, id: ObjId) -> String {
    key_text(g, id, 0)
}

fn key_text(g: &Graph, id: ObjId, depth: u8) -> String {
    match g.get(id) {
        PyObj::Str(s) => s.clone(),
        PyObj::Int(i) => i.to_string(),
        PyObj::Long(s) => s.clone(),
        PyObj::Bool(b) => if *b { "True" } else { "False" }.into(),
        PyObj::None => "None".into(),
        PyObj::Float(f) => format_float(*f),
        PyObj::Bytes(b) | PyObj::ByteArray(b) => bytes_preview(b),
        PyObj::Global { module, name } => format!("{module}.{name}"),
        PyObj::Tuple(items) | PyObj::FrozenSet(items) if depth < 4 => {
            let parts: Vec<String> = items.iter().map(|i| key_text(g, *i, depth + 1)).collect();
            format!("({})", parts.join(", "))
        }
        PyObj::Object { .. } => match known::enum_value(g, id) {
            Some(v) if depth < 4 => key_text(g, v, depth + 1),
            _ => format!("object#{id}"),
        },
        _ => format!("key#{id}"),
    }
}

/// Account/region scopes found in a presented tree: the items of `AccountRegionBundle` /
/// `BackendDict` are accounts, those of `RegionBundle` / `AccountSpecificBackend` regions.
pub fn scopes(tree: &Tree) -> Vec<Scope> {
    let mut out = Vec::new();
    for n in &tree.nodes {
        if !known::is_account_level(&n.ty) {
            continue;
        }
        for &acc in &n.children {
            let a = tree.node(acc);
            if a.name == "__dict__" || !a.value.is_container() {
                continue;
            }
            let regions: Vec<&str> = if known::is_region_level(&a.ty) {
                a.children.iter().map(|r| tree.node(*r).name.as_str()).filter(|r| *r != "__dict__").collect()
            } else {
                Vec::new()
            };
            for r in regions {
                out.push(Scope { account: a.name.clone(), region: known::region_scope(r) });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
