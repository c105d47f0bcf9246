//! The one presentation model every decoder produces.
//!
//! A decoded file becomes a [`Document`]: a [`Tree`] of [`Node`]s (an arena, root at index 0,
//! each node owned by exactly one parent so it renders as a tree), an optional set of paged
//! [`RowSource`]s for tabular content (SQLite tables, DynamoDB items, Kinesis records), a
//! [`Summary`] of the resources it holds and the account/region [`Scope`]s found inside it.
//!
//! Shared references and cycles in the source (pickle memo, jsonpickle `py/id`) are shown once
//! in full; every further occurrence is a [`Value::Ref`] leaf pointing at the first node, so the
//! tree stays finite. Leaves that can be edited carry an [`Origin`] saying where their bytes
//! came from; the `edit` module uses it to re-encode only that piece.
//!
//! Every leaf is addressable by an RFC 6901 JSON Pointer built from the node names on its
//! path (see [`Tree::pointer`] and [`Tree::resolve`]); `show --json` emits the same structure.

use std::fmt;
use std::sync::Arc;

/// Index of a node in a [`Tree`] arena.
pub type NodeId = u32;

/// A scalar (or container marker) held by a node.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// A container: its content is in `children` (dict, list, object, table...).
    Container,
    /// Python `None`, JSON `null`, DynamoDB `NULL`, SQL `NULL`.
    Null,
    /// A boolean (Python `bool`, JSON `true`/`false`, DynamoDB `BOOL`).
    Bool(bool),
    /// An integer that fits i64.
    Int(i64),
    /// An integer of any size, as decimal text (pickle LONG, DynamoDB `N`, ...).
    BigInt(String),
    /// A floating-point number (Python `float`, a JSON number with a fraction or exponent).
    Float(f64),
    /// An exact decimal number kept as text (DynamoDB `N`, Python `Decimal`).
    Number(String),
    /// A text string (Python `str`, JSON string, DynamoDB `S`, SQLite `TEXT`).
    Str(String),
    /// Raw bytes (Python `bytes`/`bytearray`, DynamoDB `B`, SQLite `BLOB`).
    Bytes(Vec<u8>),
    /// Display-only text for something that is not a plain scalar in the source
    /// (a datetime rendered as ISO text, an enum member, a function name...).
    Text(String),
    /// A further occurrence of a shared object: the node where it is shown in full.
    Ref(NodeId),
}

impl Value {
    /// Whether this is [`Value::Container`] (its content is in the node's children).
    pub fn is_container(&self) -> bool {
        matches!(self, Value::Container)
    }

    /// A one-line rendering for value columns and CLI output (long values are not cut here).
    pub fn display(&self) -> String {
        match self {
            Value::Container => String::new(),
            Value::Null => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(s) | Value::Number(s) | Value::Text(s) => s.clone(),
            Value::Float(f) => format_float(*f),
            Value::Str(s) => s.clone(),
            Value::Bytes(b) => bytes_preview(b),
            Value::Ref(id) => format!("→ #{id}"),
        }
    }

    /// The value as `show --json` prints a leaf: JSON scalars, bytes as
    /// `{"$bytes": "<base64>"}`, a ref as `null` (its pointer needs the tree: see
    /// [`Tree::to_json`]).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Container | Value::Null | Value::Ref(_) => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or_else(|| J::String(format_float(*f))),
            Value::BigInt(s) | Value::Number(s) | Value::Str(s) | Value::Text(s) => {
                J::String(s.clone())
            }
            Value::Bytes(b) => {
                use base64::Engine;
                let b64 = base64::engine::general_purpose::STANDARD.encode(b);
                serde_json::json!({ "$bytes": b64 })
            }
        }
    }

    /// The text a search matches against (strings as they are, bytes as lossy UTF-8).
    pub fn search_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Str(s) | Value::BigInt(s) | Value::Number(s) | Value::Text(s) => s.into(),
            Value::Bytes(b) => String::from_utf8_lossy(b),
            other => other.display().into(),
        }
    }
}

/// Python-like float text: always shows it is a float (`1.0`, not `1`).
pub fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

/// `b'...'`-style preview when the bytes are mostly text, hex otherwise.
pub fn bytes_preview(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') => {
            format!("b{s:?}")
        }
        _ => {
            let mut out = String::with_capacity(b.len().min(64) * 2 + 16);
            for byte in b.iter().take(64) {
                out.push_str(&format!("{byte:02x}"));
            }
            if b.len() > 64 {
                out.push('…');
            }
            format!("hex {out} ({} bytes)", b.len())
        }
    }
}

/// Where a leaf's value came from in the file, for loss-free editing.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// Pickle: the index of the opcode that pushed this value (in the lexed op list).
    PickleOp(u32),
    /// JSON text: the RFC 6901 pointer of the value in the *raw* JSON file.
    Json(String),
    /// A DynamoDB Local item attribute: SQLite table + rowid + attribute path inside `ObjectJSON`.
    DynamoAttr {
        /// SQLite table holding the item (DynamoDB Local names it after the DynamoDB table).
        table: String,
        /// The item's SQLite rowid.
        rowid: i64,
        /// Attribute name, then the map keys and list/set indexes down to the leaf.
        path: Vec<String>,
    },
    /// A plain SQLite cell.
    SqliteCell {
        /// SQLite table name.
        table: String,
        /// Rowid of the cell's row.
        rowid: i64,
        /// Column name.
        column: String,
    },
    /// An Avro container's value: the `leaf`-th scalar datum (in decoding order, counting every
    /// primitive value, nulls and enums included) of data block `block` (0-based). Stable
    /// while other values of the block change length, unlike a byte offset.
    Avro {
        /// Index of the data block.
        block: u32,
        /// Index of the scalar among those the block's data decode to.
        leaf: u32,
    },
    /// A scalar inside the JSON text of an Avro `json` value (py-avro-schema's logical type):
    /// the value is [`Origin::Avro`]'s `leaf` of `block`; the scalar is the `value`-th JSON
    /// value of its text in document order (containers counted too).
    AvroJson {
        /// Index of the data block.
        block: u32,
        /// Index of the `json` value among the block's scalars.
        leaf: u32,
        /// Index of the scalar among the JSON text's values.
        value: u32,
    },
}

/// One node of the presented tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// Key in the parent: field name, dict key text, list index...
    pub name: String,
    /// Type shown in the type column (`str`, `int`, `dict`, `SqsQueue`, `S`...).
    pub ty: String,
    /// The leaf's scalar, or [`Value::Container`] for a node with children.
    pub value: Value,
    /// Child node ids, in presentation order.
    pub children: Vec<NodeId>,
    /// Set on editable leaves.
    pub origin: Option<Origin>,
    /// Containers that are sequences render as JSON arrays (pointer segments are indexes).
    pub is_list: bool,
    /// A container whose children are not all presented yet (none, or the first ones of a
    /// long list: see [`Tree::unfold`], [`Tree::unfold_first`]).
    pub deferred: bool,
}

/// Documents with more objects (pickle) or values (JSON) than this are presented lazily (the
/// tree keeps deferred nodes). `LOCALSTATE_LAZY_OBJECTS=N` sets another threshold (lower on a
/// machine short of memory; `0` makes every pickle and JSON document lazy).
pub const LAZY_OBJECTS: usize = 250_000;

/// The threshold in effect ([`LAZY_OBJECTS`] unless the environment sets one).
pub fn lazy_threshold() -> usize {
    static THRESHOLD: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THRESHOLD.get_or_init(|| {
        std::env::var("LOCALSTATE_LAZY_OBJECTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(LAZY_OBJECTS)
    })
}

/// Presents the children of deferred nodes on demand, for decoders of files too big to
/// present in full (a 100 MB pickle holds about ten million objects).
pub trait Unfold: Send + Sync {
    /// Appends the children of the deferred node `id` to `tree` (those not presented yet).
    fn unfold(&mut self, tree: &mut Tree, id: NodeId);
    /// Presents at least the first `n` children of the deferred node `id` (an unfolder that
    /// presents a container in one piece presents all of them).
    fn unfold_first(&mut self, tree: &mut Tree, id: NodeId, n: usize) {
        let _ = n;
        self.unfold(tree, id);
    }
    /// How many children of `id` are not presented yet, without presenting them.
    fn child_count(&self, id: NodeId) -> usize;
    /// Clones the unfolder behind a box (lets [`Tree`] derive `Clone`).
    fn box_clone(&self) -> Box<dyn Unfold>;
}

impl Clone for Box<dyn Unfold> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}

impl fmt::Debug for dyn Unfold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unfold")
    }
}

/// An arena of nodes; index 0 is the root.
///
/// A tree is either fully presented or *lazy*: then some containers are [`Node::deferred`]
/// and their children appear when [`Tree::unfold`] is called (the GUI does so when a node is
/// expanded; whole-tree consumers such as `show` and `find` call [`Tree::unfold_all`]).
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// The node arena, indexed by [`NodeId`]; [`Tree::ROOT`] is the first.
    pub nodes: Vec<Node>,
    /// Parent of each node (root's parent is itself); filled by [`Tree::push`].
    parents: Vec<NodeId>,
    /// Index of each node among its parent's children (a list child's pointer segment,
    /// without searching a long list for it); filled by [`Tree::push`].
    positions: Vec<u32>,
    unfolder: Option<Box<dyn Unfold>>,
}

impl Tree {
    /// A tree holding only a root container.
    pub fn new(root_name: impl Into<String>, root_ty: impl Into<String>) -> Self {
        let mut t = Tree::default();
        t.nodes.push(Node {
            name: root_name.into(),
            ty: root_ty.into(),
            value: Value::Container,
            children: Vec::new(),
            origin: None,
            is_list: false,
            deferred: false,
        });
        t.parents.push(0);
        t.positions.push(0);
        t
    }

    /// Id of the root node.
    pub const ROOT: NodeId = 0;

    /// Number of nodes presented so far (deferred children are not counted).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the arena holds no node at all (not even a root).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with id `id` (panics if out of range).
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Mutable access to the node with id `id` (panics if out of range).
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id as usize]
    }

    /// The parent of `id`, or `None` for the root.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        (id != Self::ROOT).then(|| self.parents[id as usize])
    }

    /// Appends a child under `parent` and returns its id.
    pub fn push(
        &mut self,
        parent: NodeId,
        name: impl Into<String>,
        ty: impl Into<String>,
        value: Value,
    ) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            name: name.into(),
            ty: ty.into(),
            value,
            children: Vec::new(),
            origin: None,
            is_list: false,
            deferred: false,
        });
        self.parents.push(parent);
        let siblings = &mut self.nodes[parent as usize].children;
        self.positions.push(siblings.len() as u32);
        siblings.push(id);
        id
    }

    /// Appends a leaf that can be edited.
    pub fn push_leaf(
        &mut self,
        parent: NodeId,
        name: impl Into<String>,
        ty: impl Into<String>,
        value: Value,
        origin: Option<Origin>,
    ) -> NodeId {
        let id = self.push(parent, name, ty, value);
        self.nodes[id as usize].origin = origin;
        id
    }

    /// Appends a container (set `list` for sequences).
    pub fn push_container(
        &mut self,
        parent: NodeId,
        name: impl Into<String>,
        ty: impl Into<String>,
        list: bool,
    ) -> NodeId {
        let id = self.push(parent, name, ty, Value::Container);
        self.nodes[id as usize].is_list = list;
        id
    }

    /// Makes this tree lazy: deferred nodes are presented by `unfolder` when unfolded.
    pub fn set_unfolder(&mut self, unfolder: Option<Box<dyn Unfold>>) {
        self.unfolder = unfolder;
    }

    /// Whether some nodes may still be deferred.
    pub fn is_lazy(&self) -> bool {
        self.unfolder.is_some()
    }

    /// Whether `id` has children, presented or not.
    pub fn has_children(&self, id: NodeId) -> bool {
        let n = self.node(id);
        !n.children.is_empty() || n.deferred
    }

    /// Number of children of `id`, presented or not.
    pub fn child_count(&self, id: NodeId) -> usize {
        let n = self.node(id);
        match &self.unfolder {
            Some(u) if n.deferred => n.children.len() + u.child_count(id),
            _ => n.children.len(),
        }
    }

    /// Presents at least the first `n` children of `id` (all it has if fewer), leaving the
    /// rest deferred where the unfolder can: a sample or a page of a long list costs itself,
    /// not the list.
    pub fn unfold_first(&mut self, id: NodeId, n: usize) {
        let node = self.node(id);
        if !node.deferred || node.children.len() >= n {
            return;
        }
        if let Some(mut u) = self.unfolder.take() {
            u.unfold_first(self, id, n);
            self.unfolder = Some(u);
        }
    }

    /// Presents the children of `id` if they are deferred (no-op otherwise); the unfolder
    /// clears [`Node::deferred`] of every node it presents.
    pub fn unfold(&mut self, id: NodeId) {
        if !self.node(id).deferred {
            return;
        }
        if let Some(mut u) = self.unfolder.take() {
            u.unfold(self, id);
            self.unfolder = Some(u);
        }
    }

    /// Presents every deferred node: the tree becomes complete (and may be big).
    pub fn unfold_all(&mut self) {
        self.unfold_all_within(usize::MAX);
    }

    /// [`Tree::unfold_all`], stopping (and returning false) once the tree holds more than
    /// `max_nodes` nodes.
    pub fn unfold_all_within(&mut self, max_nodes: usize) -> bool {
        let mut i = 0;
        while self.unfolder.is_some() && i < self.nodes.len() {
            if self.nodes.len() > max_nodes {
                return false;
            }
            self.unfold(i as NodeId);
            i += 1;
        }
        self.unfolder = None;
        true
    }

    /// Presents the first `depth` levels below the root.
    pub fn unfold_levels(&mut self, depth: usize) {
        let mut level = vec![Self::ROOT];
        for _ in 0..depth {
            let mut next = Vec::new();
            for id in level {
                self.unfold(id);
                next.extend(self.node(id).children.iter().copied());
            }
            level = next;
        }
    }

    /// [`Tree::changed_since`] for a new version of a document: a lazy tree first presents
    /// the places `old` has presented, so that like is compared with like.
    pub fn changes_from(&mut self, old: &Tree) -> Vec<NodeId> {
        self.unfold_like(old);
        self.changed_since(old)
    }

    /// Presents the same places `other` has presented: both trees walked side by side
    /// (iteratively, children matched by pointer segment), so neither depth nor sibling
    /// count makes it quadratic.
    fn unfold_like(&mut self, other: &Tree) {
        if !self.is_lazy() || self.is_empty() || other.is_empty() {
            return;
        }
        let mut stack = vec![(Self::ROOT, Self::ROOT)];
        while let Some((mine, theirs)) = stack.pop() {
            let o = other.node(theirs);
            if !o.value.is_container() || o.deferred || o.children.is_empty() {
                continue;
            }
            self.unfold(mine);
            let n = self.node(mine);
            if n.is_list {
                for c in &o.children {
                    let twin = other.segment(*c).parse::<usize>().ok();
                    if let Some(&m) = twin.and_then(|i| n.children.get(i)) {
                        stack.push((m, *c));
                    }
                }
            } else {
                let mut by_name = std::collections::HashMap::with_capacity(n.children.len());
                for c in &n.children {
                    by_name.entry(self.node(*c).name.clone()).or_insert(*c);
                }
                for c in &o.children {
                    if let Some(&m) = by_name.get(&other.segment(*c)) {
                        stack.push((m, *c));
                    }
                }
            }
        }
    }

    /// Like [`Tree::resolve`], presenting deferred nodes along the way.
    pub fn resolve_unfolding(&mut self, pointer: &str) -> Option<NodeId> {
        if pointer.is_empty() {
            return Some(Self::ROOT);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut cur = Self::ROOT;
        for raw in rest.split('/') {
            self.unfold(cur);
            cur = self.child_by_segment(cur, &unescape_pointer(raw))?;
        }
        Some(cur)
    }

    /// The child of `id` that a pointer segment names.
    fn child_by_segment(&self, id: NodeId, seg: &str) -> Option<NodeId> {
        let n = self.node(id);
        if n.is_list {
            n.children.get(seg.parse::<usize>().ok()?).copied()
        } else {
            n.children.iter().copied().find(|c| self.node(*c).name == seg)
        }
    }

    /// The pointer segment of `id` inside its parent: the index for list children, the name
    /// otherwise (names are made unique among siblings by [`Tree::dedupe_names`]).
    fn segment(&self, id: NodeId) -> String {
        let parent = self.parents[id as usize];
        let p = &self.nodes[parent as usize];
        if p.is_list {
            self.positions[id as usize].to_string()
        } else {
            self.nodes[id as usize].name.clone()
        }
    }

    /// RFC 6901 pointer of a node (the root is `""`).
    pub fn pointer(&self, id: NodeId) -> String {
        let mut segs = Vec::new();
        let mut cur = id;
        while cur != Self::ROOT {
            segs.push(escape_pointer(&self.segment(cur)));
            cur = self.parents[cur as usize];
        }
        segs.reverse();
        segs.iter().map(|s| format!("/{s}")).collect()
    }

    /// The node a pointer names, if any.
    pub fn resolve(&self, pointer: &str) -> Option<NodeId> {
        if pointer.is_empty() {
            return Some(Self::ROOT);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut cur = Self::ROOT;
        for raw in rest.split('/') {
            cur = self.child_by_segment(cur, &unescape_pointer(raw))?;
        }
        Some(cur)
    }

    /// Makes sibling names unique (`name`, `name#2`, ...) so every node has one pointer.
    /// Decoders call this once after building (lazy presenters per unfolded node).
    pub fn dedupe_names(&mut self) {
        for i in 0..self.nodes.len() {
            self.dedupe_children(i as NodeId);
        }
    }

    /// [`Tree::dedupe_names`] for the children of one node.
    pub fn dedupe_children(&mut self, id: NodeId) {
        let n = &self.nodes[id as usize];
        if n.is_list || n.children.len() < 2 {
            return;
        }
        // Most containers have no repeated name: check that without allocating per name.
        let mut names = std::collections::HashSet::with_capacity(n.children.len());
        if n.children.iter().all(|c| names.insert(self.nodes[*c as usize].name.as_str())) {
            return;
        }
        drop(names);
        let children = n.children.clone();
        let mut seen = std::collections::HashMap::new();
        // A generated `name#n` must not collide with a sibling that is really called so.
        let mut taken: std::collections::HashSet<String> =
            children.iter().map(|c| self.nodes[*c as usize].name.clone()).collect();
        for c in children {
            let name = self.nodes[c as usize].name.clone();
            let n = seen.entry(name.clone()).or_insert(0u32);
            *n += 1;
            if *n > 1 {
                let mut candidate = format!("{name}#{n}");
                while taken.contains(&candidate) {
                    *n += 1;
                    candidate = format!("{name}#{n}");
                }
                taken.insert(candidate.clone());
                self.nodes[c as usize].name = candidate;
            }
        }
    }

    /// The subtree under `id` as JSON: containers become objects (arrays for lists), leaves
    /// JSON scalars (bytes as `{"$bytes": "<base64>"}`, refs as `{"$ref": "<pointer>"}`).
    /// Iterative, so arbitrarily deep trees do not overflow the stack.
    pub fn to_json(&self, id: NodeId, max_depth: Option<usize>) -> serde_json::Value {
        use serde_json::{Map, Value as J};
        /// A container being filled, one per open level.
        enum Slot {
            Obj(Map<String, J>),
            Arr(Vec<J>),
        }
        impl Slot {
            fn new(n: &Node) -> Slot {
                if n.is_list { Slot::Arr(Vec::new()) } else { Slot::Obj(Map::new()) }
            }
            fn put(&mut self, name: &str, v: J) {
                match self {
                    Slot::Obj(m) => {
                        m.insert(name.to_string(), v);
                    }
                    Slot::Arr(a) => a.push(v),
                }
            }
            fn finish(self) -> J {
                match self {
                    Slot::Obj(m) => J::Object(m),
                    Slot::Arr(a) => J::Array(a),
                }
            }
        }
        struct Frame {
            id: NodeId,
            depth: usize,
            next: usize,
            slot: Slot,
        }
        let leaf = |n: &Node| -> J {
            match &n.value {
                Value::Ref(target) => {
                    let mut m = Map::new();
                    m.insert("$ref".into(), J::String(self.pointer(*target)));
                    J::Object(m)
                }
                v => v.to_json(),
            }
        };
        let n = self.node(id);
        if !n.value.is_container() {
            return leaf(n);
        }
        let mut stack = vec![Frame { id, depth: 0, next: 0, slot: Slot::new(n) }];
        while let Some(top) = stack.last_mut() {
            let node = self.node(top.id);
            if let Some(&cid) = node.children.get(top.next) {
                top.next += 1;
                let child = self.node(cid);
                let cut = max_depth.is_some_and(|d| top.depth + 1 >= d);
                if child.value.is_container() && !cut {
                    let depth = top.depth + 1;
                    stack.push(Frame { id: cid, depth, next: 0, slot: Slot::new(child) });
                    continue;
                }
                let value = if child.value.is_container() {
                    J::String(format!("{} ({} children)", child.ty, self.child_count(cid)))
                } else {
                    leaf(child)
                };
                top.slot.put(&child.name, value);
            } else {
                let done = stack.pop().map(|f| f.slot.finish()).unwrap_or(J::Null);
                match stack.last_mut() {
                    Some(parent) => parent.slot.put(&node.name, done),
                    None => return done,
                }
            }
        }
        J::Null
    }

    /// Nodes (never the root) whose name or leaf value contains `query`, case-insensitively,
    /// in depth-first order. Shared by the document search and `localstate find`.
    pub fn find(&self, query: &str) -> Vec<NodeId> {
        let needle = query.to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        self.descendants(Self::ROOT)
            .into_iter()
            .skip(1)
            .filter(|id| {
                let n = self.node(*id);
                n.name.to_lowercase().contains(&needle)
                    || (!n.value.is_container()
                        && n.value.search_text().to_lowercase().contains(&needle))
            })
            .collect()
    }

    /// Depth-first order of all node ids under `id` (iterative).
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.node(n).children.iter().rev());
        }
        out
    }
}

impl Tree {
    /// Nodes of `self` that are new or whose value differs from the node at the same place in
    /// `old` (matched by name, lists by index). Iterative; used to highlight reload changes.
    pub fn changed_since(&self, old: &Tree) -> Vec<NodeId> {
        let mut changed = Vec::new();
        if self.is_empty() || old.is_empty() {
            return changed;
        }
        let mut stack: Vec<(NodeId, NodeId)> = vec![(Self::ROOT, Self::ROOT)];
        while let Some((new_id, old_id)) = stack.pop() {
            let (n, o) = (self.node(new_id), old.node(old_id));
            if n.value != o.value || n.ty != o.ty {
                changed.push(new_id);
            }
            let by_name: std::collections::HashMap<&str, NodeId> = if n.is_list {
                Default::default()
            } else {
                o.children.iter().map(|c| (old.node(*c).name.as_str(), *c)).collect()
            };
            for (i, c) in n.children.iter().enumerate() {
                let twin = if n.is_list {
                    o.children.get(i).copied()
                } else {
                    by_name.get(self.node(*c).name.as_str()).copied()
                };
                match twin {
                    Some(t) => stack.push((*c, t)),
                    None => changed.extend(self.descendants(*c)),
                }
            }
        }
        changed
    }
}

/// Escapes one JSON Pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer`] on one JSON Pointer segment.
pub fn unescape_pointer(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

/// An account/region pair a file holds state for (found inside the file).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    /// The 12-digit AWS account id.
    pub account: String,
    /// `None` for account-wide / global state.
    pub region: Option<String>,
}

/// One resource: what a LocalStack user calls their state (a queue, a bucket, a message, a
/// table item...), with where it comes from.
#[derive(Clone, Debug, Default)]
pub struct Resource {
    /// LocalStack's service id (`sqs`, `s3`...); empty when the file says nothing of it.
    pub service: String,
    /// Resource type, singular: `queue`, `message`, `bucket`, `table`, `log event`.
    pub kind: String,
    /// Resource name (queue name, bucket name, object key, table name...).
    pub name: String,
    /// Its ARN, where the state records one.
    pub arn: Option<String>,
    /// Account id owning the resource, when known.
    pub account: Option<String>,
    /// Region of the resource; `None` when unknown or global.
    pub region: Option<String>,
    /// The class of the node it was read from (`localstack.services.sqs.models.FifoQueue`).
    pub class: String,
    /// Its scalar fields, typed, as the tree holds them.
    pub fields: Vec<(String, Value)>,
    /// Short facts a format adds, e.g. `("key", "pk (S) + sk (N)")`.
    pub details: Vec<(String, String)>,
    /// The tree node holding this resource, when there is one.
    pub node: Option<NodeId>,
    /// The row holding this resource, for resources read from a [`RowSource`].
    pub row: Option<RowRef>,
    /// The collections nested in it (a queue's messages, a table's items), counted.
    pub collections: Vec<Collection>,
    /// What a user should know about how it was found (a profiled field of an unexpected
    /// shape, found by discovery instead).
    pub notes: Vec<String>,
}

impl Resource {
    /// The field called `name`, if the resource has it.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The nested collection of kind `kind`, if any.
    pub fn collection(&self, kind: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.kind == kind)
    }
}

/// A row of one of a document's [`Document::tables`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef {
    /// Index into [`Document::tables`].
    pub table: usize,
    /// The row's [`Row::id`].
    pub id: i64,
}

/// Resources nested in another one, of one kind: counted when found, listed a page at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    /// Their kind, singular (`message`, `object`, `item`).
    pub kind: String,
    /// How many there are.
    pub count: u64,
    /// Where they are (a queue's messages are in three parts: visible, in flight, delayed).
    pub parts: Vec<Part>,
}

impl Collection {
    /// Adds `count` items at `part` (items linked from one field gather in one part).
    pub fn add(&mut self, count: u64, part: Part) {
        self.count += count;
        match (self.parts.last_mut(), part) {
            (Some(Part::Items { label, items }), Part::Items { label: l, items: more })
                if *label == l =>
            {
                items.extend(more)
            }
            (_, part) => self.parts.push(part),
        }
    }
}

/// Where the items of a [`Collection`] are.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// The entries of a tree node (with `flatten`, the entries of its entries).
    Nodes {
        /// The field holding them, as a user knows it (`visible`, `inflight`).
        label: String,
        /// The container node.
        holder: NodeId,
        /// A dict of collections (subnets per availability zone).
        flatten: bool,
    },
    /// These nodes (resources kept elsewhere in the store that belong to this one: an SNS
    /// topic's subscriptions, a state machine's executions).
    Items {
        /// The field they are kept in.
        label: String,
        /// Their nodes.
        items: Vec<NodeId>,
    },
    /// The rows of one of the document's tables.
    Rows {
        /// Index into [`Document::tables`].
        table: usize,
    },
}

/// What a document holds, in domain terms.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// One line, e.g. `SQS · 3 queues · 28 messages`.
    pub headline: String,
    /// The resources found, in file order.
    pub resources: Vec<Resource>,
    /// What did not look as the service's profile expects (listed by discovery instead).
    pub notes: Vec<String>,
}

/// A page of rows from a [`RowSource`].
#[derive(Clone, Debug, Default)]
pub struct Row {
    /// Stable id of the row inside its source (SQLite rowid, record index).
    pub id: i64,
    /// One display string per column.
    pub cells: Vec<String>,
    /// The full row decoded (typed attributes, decoded record data), for the detail pane.
    pub detail: Tree,
}

/// Filters a [`RowSource`] understands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowFilter {
    /// Rows whose key (hash key / partition key / first column) starts with this.
    pub key_prefix: Option<String>,
    /// Rows whose full text contains this.
    pub text: Option<String>,
}

/// Tabular content read page by page (never all at once).
pub trait RowSource: Send + Sync {
    /// Name shown in the UI (table name, `records of <stream>`...).
    fn name(&self) -> &str;
    /// Column headers, one per cell of a [`Row`].
    fn columns(&self) -> Vec<String>;
    /// Number of rows that match `filter`.
    fn count(&self, filter: &RowFilter) -> crate::Result<u64>;
    /// Up to `limit` rows matching `filter`, after skipping the first `offset` of them.
    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>>;

    /// The row whose [`Row::id`] is `id`, if any (for editing a cell addressed by row id).
    /// The default walks the pages; sources with an index override it.
    fn row(&self, id: i64) -> crate::Result<Option<Row>> {
        const PAGE: usize = 1000;
        let mut offset = 0u64;
        loop {
            let page = self.page(&RowFilter::default(), offset, PAGE)?;
            let len = page.len();
            if let Some(row) = page.into_iter().find(|r| r.id == id) {
                return Ok(Some(row));
            }
            if len < PAGE {
                return Ok(None);
            }
            offset += len as u64;
        }
    }
}

/// A decoded file.
#[derive(Clone, Default)]
pub struct Document {
    /// Format name shown to the user (`pickle`, `DynamoDB Local`, `kinesis-mock`, ...).
    pub format: String,
    /// The decoded content as a browsable tree.
    pub tree: Tree,
    /// The resources the file holds, in domain terms.
    pub summary: Summary,
    /// Paged tabular content (SQLite tables, DynamoDB items, Kinesis records), if any.
    pub tables: Vec<Arc<dyn RowSource>>,
    /// Account/region pairs the file holds state for.
    pub scopes: Vec<Scope>,
    /// Non-fatal problems met while decoding (shown, never hidden).
    pub warnings: Vec<String>,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("format", &self.format)
            .field("nodes", &self.tree.len())
            .field("summary", &self.summary.headline)
            .field("tables", &self.tables.iter().map(|t| t.name().to_string()).collect::<Vec<_>>())
            .field("scopes", &self.scopes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tree {
        let mut t = Tree::new("root", "dict");
        let q = t.push_container(0, "queues", "dict", false);
        let a = t.push_container(q, "a/b", "Queue", false);
        t.push_leaf(
            a,
            "VisibilityTimeout",
            "str",
            Value::Str("30".into()),
            Some(Origin::PickleOp(7)),
        );
        let l = t.push_container(0, "list", "list", true);
        t.push(l, "0", "int", Value::Int(1));
        t.push(l, "1", "ref", Value::Ref(a));
        t
    }

    #[test]
    fn pointers_round_trip_with_escapes_and_lists() {
        let t = sample();
        for id in 0..t.len() as NodeId {
            let p = t.pointer(id);
            assert_eq!(t.resolve(&p), Some(id), "pointer {p}");
        }
        assert_eq!(t.pointer(3), "/queues/a~1b/VisibilityTimeout");
        assert_eq!(t.resolve("/list/1"), Some(6));
        assert_eq!(t.resolve("/nope"), None);
    }

    #[test]
    fn json_rendering_keeps_structure_and_refs() {
        let t = sample();
        let j = t.to_json(0, None);
        assert_eq!(j["queues"]["a/b"]["VisibilityTimeout"], "30");
        assert_eq!(j["list"][0], 1);
        assert_eq!(j["list"][1]["$ref"], "/queues/a~1b");
        let shallow = t.to_json(0, Some(1));
        assert!(shallow["queues"].as_str().unwrap().contains("1 children"));
    }

    #[test]
    fn deep_tree_renders_without_recursion() {
        let mut t = Tree::new("root", "list");
        let mut cur = 0;
        for _ in 0..200_000 {
            cur = t.push_container(cur, "x", "list", false);
        }
        let j = t.to_json(0, None);
        assert!(j.is_object());
        std::mem::forget(j); // dropping a 200k-deep serde_json value recurses
    }

    #[test]
    fn changed_since_finds_edited_and_new_nodes() {
        let old = sample();
        let mut new = sample();
        new.node_mut(3).value = Value::Str("45".into());
        let extra = new.push(0, "extra", "int", Value::Int(5));
        assert_eq!(new.changed_since(&old), vec![extra, 3]);
        assert!(old.changed_since(&old).is_empty());
    }

    #[test]
    fn dedupe_makes_names_unique() {
        let mut t = Tree::new("root", "dict");
        t.push(0, "1", "int", Value::Int(1));
        t.push(0, "1", "str", Value::Int(2));
        t.dedupe_names();
        assert_eq!(t.node(2).name, "1#2");
        assert_eq!(t.resolve("/1#2"), Some(2));
        // A sibling really named `a#2` keeps its name; the repeated `a` gets `a#3`.
        let mut t = Tree::new("root", "dict");
        for name in ["a#2", "a", "a"] {
            t.push(0, name, "int", Value::Int(0));
        }
        t.dedupe_names();
        let names: Vec<&str> =
            t.node(0).children.iter().map(|c| t.node(*c).name.as_str()).collect();
        assert_eq!(names, ["a#2", "a", "a#3"]);
        for id in 0..t.len() as NodeId {
            assert_eq!(t.resolve(&t.pointer(id)), Some(id));
        }
    }
}
