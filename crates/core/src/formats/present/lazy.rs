//! The lazy presenter: the [`Unfold`] of a tree presented from a Python object graph. A
//! container node is placed with its type and deferred; unfolding it presents one level.
//! A further occurrence of a shared object becomes a [`Value::Ref`] to its canonical place
//! ([`super::canon`]), which is unfolded into view first if it is not shown yet. Revealing a
//! place unfolds only the part of its path not shown yet, and finds a slot's group directly,
//! so neither deep paths nor long sibling lists make it quadratic.

use std::collections::HashMap;
use std::sync::Arc;

use crate::formats::depth::TooDeep;
use crate::formats::pyobj::{Graph, ObjId, PyObj};
use crate::model::{NodeId, Tree, Unfold, Value};

use super::canon::{self, Slot};
use super::{Item, Name, View, Viewer, embedded};

/// What a deferred node will show.
#[derive(Clone)]
enum Pending {
    /// The `count` children of an object's view.
    Obj { id: ObjId, count: usize },
    /// A synthetic group (`__dict__`, `__args__`...) of `viewer`, its items numbered from `first`.
    Group { viewer: ObjId, first: u32, items: Vec<(Name, Item)> },
    /// The `count` members of container `value` of the embedded JSON object `obj`.
    Json { obj: ObjId, value: u32, count: usize },
    /// The children of a list not presented yet after its first ones were: `items` of
    /// `viewer`, numbered from `first`.
    Rest { viewer: ObjId, first: u32, items: Vec<(Name, Item)> },
}

/// Items to present: of which viewer, numbered from which slot.
type Numbered = (ObjId, u32, Vec<(Name, Item)>);

#[derive(Clone)]
struct Lazy {
    g: Arc<Graph>,
    /// The last step of the canonical path of objects reached more than once and of the
    /// objects on the way to them ([`canon::shared_steps`]).
    steps: Arc<HashMap<ObjId, Slot>>,
    /// Where each object shown once is shown.
    shown: HashMap<ObjId, NodeId>,
    pending: HashMap<NodeId, Pending>,
    /// The group nodes of each viewer: first slot of their items, item count, node.
    groups: HashMap<ObjId, Vec<(u32, u32, NodeId)>>,
    /// Ref leaves whose target is not shown yet.
    fixups: Vec<(NodeId, ObjId)>,
}

/// A tree for `graph` with only the root placed; the rest appears as nodes are unfolded.
/// Fails on a graph nested deeper than the depth limit.
pub(super) fn present(graph: Graph) -> Result<Tree, TooDeep> {
    let mut tree = Tree::new("root", "");
    if graph.is_empty() {
        return Ok(tree);
    }
    let steps = Arc::new(canon::shared_steps(&graph)?);
    let root = graph.root;
    let mut lazy = Lazy {
        g: Arc::new(graph),
        steps,
        shown: HashMap::new(),
        pending: HashMap::new(),
        groups: HashMap::new(),
        fixups: Vec::new(),
    };
    lazy.place(&mut tree, Tree::ROOT, root);
    tree.set_unfolder(Some(Box::new(lazy)));
    Ok(tree)
}

impl Unfold for Lazy {
    fn unfold(&mut self, tree: &mut Tree, id: NodeId) {
        self.unfold_node(tree, id);
        self.resolve_fixups(tree);
    }

    fn unfold_first(&mut self, tree: &mut Tree, id: NodeId, n: usize) {
        self.unfold_prefix(tree, id, n);
        self.resolve_fixups(tree);
    }

    fn child_count(&self, id: NodeId) -> usize {
        match self.pending.get(&id) {
            Some(Pending::Obj { count, .. } | Pending::Json { count, .. }) => *count,
            Some(Pending::Group { items, .. } | Pending::Rest { items, .. }) => items.len(),
            None => 0,
        }
    }

    fn box_clone(&self) -> Box<dyn Unfold> {
        Box::new(self.clone())
    }
}

impl Lazy {
    /// Points the ref leaves queued by presenting at their targets, revealing those not shown.
    fn resolve_fixups(&mut self, tree: &mut Tree) {
        while let Some((leaf, target)) = self.fixups.pop() {
            if !self.shown.contains_key(&target) {
                self.reveal(tree, target);
            }
            let n = match self.shown.get(&target) {
                Some(&at) => (tree.node(at).ty.clone(), Value::Ref(at)),
                None => (
                    "ref".to_string(),
                    Value::Text(format!("unresolved reference to object #{target}")),
                ),
            };
            let node = tree.node_mut(leaf);
            (node.ty, node.value) = n;
        }
    }

    /// Shows object `id` at `node` (type, value; containers deferred).
    fn place(&mut self, tree: &mut Tree, node: NodeId, id: ObjId) {
        let view = Viewer::new(&self.g).view(id);
        if super::shown_once(&view) {
            self.shown.insert(id, node);
        }
        let n = tree.node_mut(node);
        match view {
            View::Leaf { ty, value, origin } => {
                (n.ty, n.value, n.origin) = (ty, value, origin);
            }
            View::Container { ty, list, children } => {
                (n.ty, n.value, n.is_list) = (ty, Value::Container, list);
                if !children.is_empty() {
                    n.deferred = true;
                    self.pending.insert(node, Pending::Obj { id, count: children.len() });
                }
            }
        }
    }

    /// Presents the children of `node` if it is deferred (fix-ups are left queued).
    fn unfold_node(&mut self, tree: &mut Tree, node: NodeId) {
        let Some(pending) = self.pending.remove(&node) else { return };
        tree.node_mut(node).deferred = false;
        if let Some((viewer, first, items)) = self.items_of(pending) {
            self.add_children(tree, node, viewer, first, items);
        }
        tree.dedupe_children(node);
    }

    /// Presents the first `n` children of `node` if it is a deferred list, keeping the rest
    /// pending (anything else is unfolded whole; fix-ups are left queued).
    fn unfold_prefix(&mut self, tree: &mut Tree, node: NodeId, n: usize) {
        let whole = !tree.node(node).is_list
            || matches!(self.pending.get(&node), None | Some(Pending::Group { .. }));
        if whole {
            return self.unfold_node(tree, node);
        }
        let Some(pending) = self.pending.remove(&node) else { return };
        let Some((viewer, first, mut items)) = self.items_of(pending) else {
            tree.node_mut(node).deferred = false;
            return;
        };
        let rest =
            items.split_off(n.saturating_sub(tree.node(node).children.len()).min(items.len()));
        let next = first + items.iter().map(|(_, i)| i.slots()).sum::<u32>();
        self.add_children(tree, node, viewer, first, items);
        if rest.is_empty() {
            tree.node_mut(node).deferred = false;
        } else {
            self.pending.insert(node, Pending::Rest { viewer, first: next, items: rest });
        }
    }

    /// The items a pending node will show: of which viewer, numbered from which slot.
    fn items_of(&self, pending: Pending) -> Option<Numbered> {
        match pending {
            Pending::Obj { id, .. } => Some((id, 0, Viewer::new(&self.g).children(id)?)),
            Pending::Group { viewer, first, items } | Pending::Rest { viewer, first, items } => {
                Some((viewer, first, items))
            }
            Pending::Json { obj, value, .. } => match self.g.get(obj) {
                PyObj::Json(j) => Some((obj, 0, embedded::children(obj, j, value))),
                _ => None,
            },
        }
    }

    fn add_children(
        &mut self,
        tree: &mut Tree,
        parent: NodeId,
        viewer: ObjId,
        mut slot: u32,
        children: Vec<(Name, Item)>,
    ) {
        for (name, item) in children {
            let name = Viewer::new(&self.g).name(&name);
            let slots = item.slots();
            match item {
                Item::Obj(id) => self.add_obj(tree, parent, name, id, (viewer, slot)),
                Item::Json { obj, value } => self.add_json(tree, parent, name, obj, value),
                Item::Group { ty, list, items } => {
                    let node = tree.push_container(parent, name, ty, list);
                    if !items.is_empty() {
                        tree.node_mut(node).deferred = true;
                        let (first, count) = (slot + 1, items.len() as u32);
                        self.groups.entry(viewer).or_default().push((first, count, node));
                        self.pending.insert(node, Pending::Group { viewer, first, items });
                    }
                }
            }
            slot += slots;
        }
    }

    fn add_obj(&mut self, tree: &mut Tree, parent: NodeId, name: String, id: ObjId, slot: Slot) {
        if let Some(&at) = self.shown.get(&id) {
            let ty = tree.node(at).ty.clone();
            tree.push(parent, name, ty, Value::Ref(at));
            return;
        }
        if self.steps.get(&id).is_some_and(|s| *s != slot) {
            // Shown in full elsewhere, at a place not presented yet.
            let leaf = tree.push(parent, name, "ref", Value::Null);
            self.fixups.push((leaf, id));
            return;
        }
        let node = tree.push(parent, name, "", Value::Null);
        self.place(tree, node, id);
    }

    /// Places value `value` of the embedded JSON object `obj` under `parent` (a container
    /// deferred, its members counted from the text's index).
    fn add_json(&mut self, tree: &mut Tree, parent: NodeId, name: String, obj: ObjId, value: u32) {
        let PyObj::Json(j) = self.g.get(obj) else { return };
        match embedded::placed(j, value) {
            embedded::Placed::Leaf { ty, value, origin } => {
                let node = tree.push(parent, name, ty, value);
                tree.node_mut(node).origin = origin;
            }
            embedded::Placed::Container { ty, list, count } => {
                let node = tree.push_container(parent, name, ty, list);
                if count > 0 {
                    tree.node_mut(node).deferred = true;
                    self.pending.insert(node, Pending::Json { obj, value, count });
                }
            }
        }
    }

    /// Unfolds the canonical path of `target` so that it is shown: from the nearest viewer
    /// on it that is shown already down to the target.
    fn reveal(&mut self, tree: &mut Tree, target: ObjId) {
        let mut path = Vec::new();
        let mut cur = target;
        while let Some(&(viewer, slot)) = self.steps.get(&cur) {
            path.push((viewer, slot));
            if self.shown.contains_key(&viewer) {
                break;
            }
            cur = viewer;
        }
        for (viewer, slot) in path.into_iter().rev() {
            // Every viewer on a canonical path is a container shown at its own canonical place.
            let Some(&vnode) = self.shown.get(&viewer) else { return };
            self.unfold_node(tree, vnode);
            let group = self.groups.get(&viewer).and_then(|gs| {
                gs.iter().find(|(first, count, _)| slot >= *first && slot < first + count)
            });
            if let Some(&(_, _, node)) = group {
                self.unfold_node(tree, node);
            }
        }
    }
}
