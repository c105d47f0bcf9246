//! Discovery: collections of resources found by *shape*, not by field names. Inside a store,
//! a backend or a resource, a dict or list whose entries are objects of one class (or dicts
//! of one shape) is a collection; a dict of such dicts (moto's subnets per availability zone,
//! security groups per VPC) is one collection of the inner items; scalars of one type (a
//! user's policy ARNs) are one only where a profile has a kind of scalars for the field.
//! Containers that are not collections are looked into, a few levels deep, so a collection
//! kept inside a helper object (SQS's `visible` priority queue) is still found.
//!
//! Iterative and bounded: at most [`MAX_LEVELS`] levels below the root and [`MAX_VISITS`]
//! containers per call, a few entries sampled per container.

use crate::model::{NodeId, Tree, Value};

use super::naming::is_object_class;

/// How many levels below the root collections are looked for.
pub const MAX_LEVELS: usize = 4;
/// How many containers one discovery looks at, at most.
pub const MAX_VISITS: usize = 4_000;
/// Keys dicts of one shape share at least, to be resources.
const MIN_SHARED_KEYS: usize = 3;
/// Keys dicts share at least to be a collection a profile names by its field (outputs:
/// `OutputKey`, `OutputValue`).
pub const MIN_PROFILED_KEYS: usize = 2;
/// How many entries of a container are sampled to decide its shape.
const SAMPLE: usize = 8;

/// A collection found under a root.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Child names from the root to the holder.
    pub path: Vec<String>,
    /// The holder: its entries are the items (with `flatten`, the entries of its entries).
    pub holder: NodeId,
    /// A dict of collections, listed as one collection of their items.
    pub flatten: bool,
    /// The class of the items (the first one's type); `dict` for dicts of one shape.
    pub class: String,
    /// The CamelCase suffix the items' classes share when they differ (`Queue` for
    /// `StandardQueue` and `FifoQueue`).
    pub common: Option<String>,
    /// For dicts of one shape, how many keys they share (0 for objects).
    pub keys: usize,
}

impl Found {
    /// Dicts sharing fewer keys than resources have, and scalars: listed only when a profile
    /// names the field holding them (scalars: with a kind of scalars).
    pub fn needs_profile(&self) -> bool {
        (self.class == "dict" && self.keys < MIN_SHARED_KEYS) || self.is_scalars()
    }

    /// Whether the items are scalars (text or integers), not objects or dicts.
    pub fn is_scalars(&self) -> bool {
        !is_object_class(&self.class) && self.class != "dict"
    }
}

impl Found {
    /// The field a user recognises as holding the items: the last name on the path that is
    /// not a helper's (`queue` inside `visible` is `visible`; `_store` inside `objects` is
    /// `objects`).
    pub fn label(&self) -> &str {
        let meaningful =
            |n: &&String| !matches!(n.as_str(), "queue" | "_store" | "data" | "__data" | "_data");
        let named = self.path.iter().rfind(meaningful);
        named.or(self.path.last()).map_or("", String::as_str)
    }
}

/// The entries of a container: its children, without synthetic ones (`__dict__` of a dict
/// subclass, `__args__`).
pub fn entries(tree: &mut Tree, id: NodeId) -> Vec<NodeId> {
    tree.unfold(id);
    presented_entries(tree, id, usize::MAX)
}

/// The first `n` entries of a container (of a list, without presenting the rest of it).
fn first_entries(tree: &mut Tree, id: NodeId, n: usize) -> Vec<NodeId> {
    tree.unfold_first(id, n);
    presented_entries(tree, id, n)
}

/// The first `n` entries of a container among its children presented so far.
fn presented_entries(tree: &Tree, id: NodeId, n: usize) -> Vec<NodeId> {
    let node = tree.node(id);
    if !node.value.is_container() {
        return Vec::new();
    }
    let entry = |c: &NodeId| !tree.node(*c).name.starts_with("__");
    node.children.iter().copied().filter(entry).take(n).collect()
}

/// How many items a holder has (a lazy list is counted without presenting it).
pub fn count(tree: &mut Tree, holder: NodeId, flatten: bool) -> u64 {
    if flatten {
        return entries(tree, holder).into_iter().map(|inner| count(tree, inner, false)).sum();
    }
    // A list's items are its children (indexes, never `__` names): counted, not gathered.
    if tree.node(holder).is_list {
        return tree.child_count(holder) as u64;
    }
    entries(tree, holder).len() as u64
}

/// Items `skip..skip + take` of a holder: a list's are sliced (a page of a million messages
/// costs the page, not the million), other holders' gathered and cut.
pub fn items_range(
    tree: &mut Tree,
    holder: NodeId,
    flatten: bool,
    skip: usize,
    take: usize,
) -> Vec<NodeId> {
    let end = skip.saturating_add(take);
    match flatten {
        true => tree.unfold(holder),
        false => tree.unfold_first(holder, end),
    }
    let n = tree.node(holder);
    if !flatten && n.is_list && n.value.is_container() {
        let end = end.min(n.children.len());
        return n.children[skip.min(end)..end].to_vec();
    }
    items(tree, holder, flatten).into_iter().skip(skip).take(take).collect()
}

/// The items of a holder, in order (with `flatten`, every inner collection's items).
pub fn items(tree: &mut Tree, holder: NodeId, flatten: bool) -> Vec<NodeId> {
    if !flatten {
        return entries(tree, holder);
    }
    let mut out = Vec::new();
    for inner in entries(tree, holder) {
        out.extend(entries(tree, inner));
    }
    out
}

/// What a container is, judged from a sample of its entries.
enum Shape {
    /// Objects of program classes: the first's class, and the shared suffix when they differ.
    Objects(String, Option<String>),
    /// Plain dicts sharing most of their (identifier-like) keys: how many.
    Dicts(usize),
    /// A dict of object collections.
    Nested(String, Option<String>),
    /// Scalars of one type (a user's inline policies by name, its attached policies' ARNs):
    /// the type.
    Scalars(String),
    /// Anything else.
    Other,
}

/// Nodes that are no state of the user's: locks, conditions, file handles.
pub fn opaque(ty: &str) -> bool {
    ty.starts_with("threading.")
        || ty.starts_with("_thread.")
        || ty.starts_with("_io.")
        || matches!(ty, "Lock" | "RLock" | "Condition" | "Semaphore" | "Event")
}

/// What a further occurrence of a shared object refers to (the node itself otherwise).
pub fn target(tree: &Tree, id: NodeId) -> NodeId {
    match tree.node(id).value {
        Value::Ref(t) => t,
        _ => id,
    }
}

fn shape(tree: &mut Tree, id: NodeId) -> Shape {
    let sample: Vec<NodeId> =
        first_entries(tree, id, SAMPLE).into_iter().map(|c| target(tree, c)).collect();
    if sample.is_empty() {
        return Shape::Other;
    }
    if let Some(ty) = scalars(tree, &sample) {
        return Shape::Scalars(ty);
    }
    if !sample.iter().all(|c| tree.node(*c).value.is_container()) {
        return Shape::Other;
    }
    let classes: Vec<String> = sample.iter().map(|c| tree.node(*c).ty.clone()).collect();
    if classes.iter().all(|t| is_object_class(t) && !opaque(t)) {
        return Shape::Objects(classes[0].clone(), common_suffix(&classes));
    }
    if !classes.iter().all(|t| t == "dict") {
        return Shape::Other;
    }
    // A dict of object collections (subnets per zone)?
    let inner: Vec<Shape> = sample.iter().map(|c| shape(tree, *c)).collect();
    if let Some(Shape::Objects(class, common)) = inner.first()
        && inner.iter().all(|s| matches!(s, Shape::Objects(..)))
    {
        // Versions of one item grouped under its key (S3's versioned objects: key → version
        // → object whose `key` is the outer key): the outer entries are the items.
        if named_by_key(tree, sample[0]) {
            return Shape::Objects(class.clone(), common.clone());
        }
        return Shape::Nested(class.clone(), common.clone());
    }
    same_shape(tree, &sample).map_or(Shape::Other, Shape::Dicts)
}

/// The type of `sample`'s entries when they are all text or all integers.
fn scalars(tree: &Tree, sample: &[NodeId]) -> Option<String> {
    let first = tree.node(sample[0]);
    let text = |v: &Value| matches!(v, Value::Str(_) | Value::Text(_));
    let same = |v: &Value| match first.value {
        Value::Int(_) => matches!(v, Value::Int(_)),
        ref f if text(f) => text(v),
        _ => false,
    };
    sample.iter().all(|c| same(&tree.node(*c).value)).then(|| first.ty.clone())
}

/// Whether the items inside the group `group` are named by the group's key (a `key`, `name`
/// or `id` field equal to it): then they are versions of one item, not items of their own.
fn named_by_key(tree: &mut Tree, group: NodeId) -> bool {
    let key = tree.node(group).name.clone();
    let Some(first) = entries(tree, group).first().map(|c| target(tree, *c)) else { return false };
    tree.unfold(first);
    tree.node(first).children.iter().any(|c| {
        let n = tree.node(*c);
        matches!(n.name.as_str(), "key" | "Key" | "name" | "Name" | "id" | "Id")
            && matches!(&n.value, Value::Str(s) if *s == key)
    })
}

/// The collection at `holder` (reached by `path`), if it is one: the shape is judged again,
/// as the same path can hold a collection of another shape in another item.
pub fn collection_at(tree: &mut Tree, holder: NodeId, path: &[String]) -> Option<Found> {
    let (flatten, class, common, keys) = match shape(tree, holder) {
        Shape::Objects(class, common) => (false, class, common, 0),
        Shape::Nested(class, common) => (true, class, common, 0),
        Shape::Dicts(keys) => (false, "dict".to_string(), None, keys),
        Shape::Scalars(ty) => (false, ty, None, 0),
        Shape::Other => return None,
    };
    Some(Found { path: path.to_vec(), holder, flatten, class, common, keys })
}

/// Whether dicts share at least [`MIN_SHARED_KEYS`] identifier-like keys and most of their
/// keys (two-key dicts are pairs — key schemas, attribute definitions, `Key`/`Value` tags —
/// not resources).
fn same_shape(tree: &mut Tree, dicts: &[NodeId]) -> Option<usize> {
    let keys = |tree: &mut Tree, d: NodeId| -> Vec<String> {
        entries(tree, d).into_iter().map(|c| tree.node(c).name.clone()).collect()
    };
    let first = keys(tree, dicts[0]);
    let identifier = |k: &String| {
        k.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if first.len() < MIN_PROFILED_KEYS || !first.iter().all(identifier) {
        return None;
    }
    let mut shared: Vec<String> = first.clone();
    let mut union = first.len();
    for d in &dicts[1..] {
        let k = keys(tree, *d);
        if !k.iter().all(identifier) {
            return None;
        }
        union = union.max(k.len());
        shared.retain(|s| k.contains(s));
    }
    (shared.len() >= MIN_PROFILED_KEYS && shared.len() * 2 >= union).then_some(shared.len())
}

/// The CamelCase suffix shared by differing class names (`None` when all are the same).
fn common_suffix(classes: &[String]) -> Option<String> {
    let simple = |c: &String| c.rsplit('.').next().unwrap_or(c).to_string();
    let first = simple(&classes[0]);
    if classes.iter().all(|c| simple(c) == first) {
        return None;
    }
    let starts: Vec<usize> =
        first.char_indices().filter(|(_, c)| c.is_uppercase()).map(|(i, _)| i).collect();
    starts
        .into_iter()
        .map(|i| &first[i..])
        .find(|suffix| classes.iter().all(|c| simple(c).ends_with(suffix)))
        .map(str::to_string)
}

/// The collections under `root`, breadth first (nearest first), not looking inside the
/// items of a collection found (their own collections are found from them).
pub fn collections(tree: &mut Tree, root: NodeId) -> Vec<Found> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(root, Vec::<String>::new())]);
    let mut visits = 0;
    while let Some((id, path)) = queue.pop_front() {
        visits += 1;
        if visits > MAX_VISITS {
            break;
        }
        for c in entries(tree, id) {
            let n = tree.node(c);
            if !n.value.is_container() || opaque(&n.ty) {
                continue;
            }
            let mut p = path.clone();
            p.push(n.name.clone());
            match shape(tree, c) {
                Shape::Objects(class, common) => {
                    out.push(Found { path: p, holder: c, flatten: false, class, common, keys: 0 })
                }
                Shape::Nested(class, common) => {
                    out.push(Found { path: p, holder: c, flatten: true, class, common, keys: 0 })
                }
                Shape::Dicts(keys) => out.push(Found {
                    path: p,
                    holder: c,
                    flatten: false,
                    class: "dict".into(),
                    common: None,
                    keys,
                }),
                Shape::Scalars(class) => out.push(Found {
                    path: p,
                    holder: c,
                    flatten: false,
                    class,
                    common: None,
                    keys: 0,
                }),
                Shape::Other if p.len() < MAX_LEVELS => queue.push_back((c, p)),
                Shape::Other => {}
            }
        }
    }
    out
}

/// The node at `path` below `root` (child names), presenting lazy nodes on the way.
pub fn follow(tree: &mut Tree, root: NodeId, path: &[String]) -> Option<NodeId> {
    let mut at = root;
    for name in path {
        tree.unfold(at);
        at = tree.node(at).children.iter().copied().find(|c| tree.node(*c).name == *name)?;
    }
    Some(at)
}

/// A leaf's string value, if it is one.
pub fn str_value(tree: &Tree, id: NodeId) -> Option<&str> {
    match &tree.node(id).value {
        Value::Str(s) | Value::Text(s) => Some(s),
        _ => None,
    }
}
