//! Python object graph → presentation tree, shared by the pickle VM and the jsonpickle reader
//! so both formats of the same state look the same.
//!
//! Rules: scalars become editable leaves (their [`Src`] becomes the leaf's [`Origin`]);
//! containers become containers; a further occurrence of an already shown container (shared
//! reference or cycle) becomes a [`Value::Ref`] leaf; constructed objects are shown by class
//! with their state as fields (`attr_x` shown as `x`); dict subclasses (LocalStack
//! `AccountRegionBundle`/`RegionBundle`, moto `BackendDict`/`AccountSpecificBackend`) show their
//! items, so accounts and regions are levels of the tree. Known constructions (datetime, enum,
//! deque, dill functions and locks...) are rendered by `known`.
//!
//! Presentation is lazy (`lazy`): a container's children are presented when it is unfolded.
//! Small graphs are unfolded completely right away; big ones (a 100 MB store holds ten million
//! objects) keep their deferred nodes and the GUI unfolds what the user opens. Which occurrence
//! of a shared object is shown in full is fixed beforehand (`canon`: the first in depth-first
//! order), so the tree — and every pointer — is the same whatever is unfolded first.
//!
//! Depth: a graph whose presentation would nest deeper than
//! [`MAX_DEPTH`](crate::formats::depth::MAX_DEPTH) objects is refused ([`PresentError::TooDeep`],
//! "pickle object graph nested deeper than 20000 levels"), like JSON and jsonpickle text
//! nested that deep: no real state comes near it, and a tree that deep is no use to read
//! (a collapsed "deeper than N levels" node would hide the same data while claiming to show
//! it). Every walk (the canonical-order pass, unfolding, revealing a shared object's place)
//! is iterative and linear in the graph, in depth as in sibling count.

mod canon;
mod embedded;
mod known;
mod lazy;
mod pytime;

use thiserror::Error;

use crate::formats::depth::TooDeep;
use crate::formats::pyobj::{Graph, ObjId, Object, PyObj, Src};
use crate::model::{Document, Origin, Tree, Value, bytes_preview, format_float, lazy_threshold};

/// Strings and bytes up to this length are repeated inline at every reference; longer ones are
/// shown once and referenced, so a memoized blob referenced a million times stays small.
/// A string's sharing means nothing to Python (it is immutable), and jsonpickle never shares
/// one, so the limit is high enough for the ids, names and ARNs that pickles share: a
/// `store.pkl` and its `store.json` twin then read the same.
const INLINE_SCALAR_BYTES: usize = 256;

/// The presented tree would exceed the node limit.
#[derive(Debug, Error, PartialEq)]
#[error("limit max_nodes exceeded while presenting: more than {max} tree nodes")]
pub struct TooManyNodes {
    /// The node limit that was exceeded
    /// ([`Limits::max_nodes`](crate::formats::pickle::Limits::max_nodes)).
    pub max: usize,
}

/// Why a graph could not be presented.
#[derive(Debug, Error, PartialEq)]
pub enum PresentError {
    /// The tree would exceed the node limit.
    #[error(transparent)]
    TooManyNodes(#[from] TooManyNodes),
    /// The graph nests deeper than the depth limit.
    #[error(transparent)]
    TooDeep(#[from] TooDeep),
}

/// The name of a child slot, rendered only when the slot is presented.
#[derive(Clone)]
pub(crate) enum Name {
    Fixed(&'static str),
    /// A dict key (`strip_attr`: LocalStack's `attr_x` fields shown as `x`).
    Key {
        id: ObjId,
        strip_attr: bool,
    },
    Index(usize),
    /// A member name of embedded JSON object `obj`: the key of its value `value`.
    JsonKey {
        obj: ObjId,
        value: u32,
    },
}

/// What to show for one child slot.
#[derive(Clone)]
pub(crate) enum Item {
    Obj(ObjId),
    /// A synthetic container (`__args__`, `__dict__`...) of objects.
    Group {
        ty: &'static str,
        list: bool,
        items: Vec<(Name, Item)>,
    },
    /// Value `value` of the embedded JSON object `obj`.
    Json {
        obj: ObjId,
        value: u32,
    },
}

impl Item {
    /// Slots this item takes in its viewer's numbering (a group: itself and its items).
    fn slots(&self) -> u32 {
        match self {
            Item::Obj(_) | Item::Json { .. } => 1,
            Item::Group { items, .. } => 1 + items.iter().map(|(_, i)| i.slots()).sum::<u32>(),
        }
    }
}

/// How one object is shown.
pub(crate) enum View {
    Leaf { ty: String, value: Value, origin: Option<Origin> },
    Container { ty: String, list: bool, children: Vec<(Name, Item)> },
}

/// Whether a string or bytes value of `len` bytes is too long to repeat inline.
fn long(len: usize) -> bool {
    len > INLINE_SCALAR_BYTES
}

/// Whether a view is shown once and referenced elsewhere: a container with content, a long
/// string or bytes.
pub(crate) fn shown_once(view: &View) -> bool {
    match view {
        View::Leaf { value: Value::Str(s), .. } => long(s.len()),
        View::Leaf { value: Value::Bytes(b), .. } => long(b.len()),
        View::Leaf { .. } => false,
        View::Container { children, .. } => !children.is_empty(),
    }
}

/// Builds the full [`Document`] (tree, scopes, summary) for a graph: completely presented for
/// small graphs, lazily for big ones.
pub fn document(graph: Graph, format: &str, max_nodes: usize) -> Result<Document, PresentError> {
    let big = (graph.len() + graph.json_values()).max(graph.references()) > lazy_threshold();
    let mut tree = lazy::present(graph)?;
    if big {
        tree.unfold_levels(2);
    } else {
        unfold_all_within(&mut tree, max_nodes)?;
    }
    let summary = crate::resources::summarize(&mut tree);
    let scopes = crate::resources::localstack::scopes(&tree);
    let warnings = summary.notes.clone();
    Ok(Document { format: format.into(), tree, summary, tables: Vec::new(), scopes, warnings })
}

/// Presents `graph` completely (names deduplicated, so every node has a pointer).
pub fn present(graph: Graph, max_nodes: usize) -> Result<Tree, PresentError> {
    let mut tree = lazy::present(graph)?;
    unfold_all_within(&mut tree, max_nodes)?;
    Ok(tree)
}

/// A lazy tree for `graph`: only the root is presented (what [`document`] does for big
/// graphs, at any size — for tests and tools).
pub fn present_lazy(graph: Graph) -> Result<Tree, TooDeep> {
    lazy::present(graph)
}

/// [`Tree::unfold_all`], refusing to grow past `max_nodes`.
fn unfold_all_within(tree: &mut Tree, max_nodes: usize) -> Result<(), TooManyNodes> {
    tree.unfold_all_within(max_nodes).then_some(()).ok_or(TooManyNodes { max: max_nodes })
}

/// Computes how objects are shown (shared by the presenter and the canonical-order pass).
pub(crate) struct Viewer<'g> {
    g: &'g Graph,
    /// Known constructions being viewed inside one another right now (a `Condition` views its
    /// lock, an enum member its value): bounded, so a hostile cycle (a Condition whose lock is
    /// itself) is shown as a plain object instead of recursing forever.
    nesting: std::cell::Cell<u8>,
}

/// How deeply known constructions may be viewed inside one another.
const MAX_KNOWN_NESTING: u8 = 8;

impl<'g> Viewer<'g> {
    pub(crate) fn new(g: &'g Graph) -> Self {
        Viewer { g, nesting: std::cell::Cell::new(0) }
    }

    /// Whether `id` is shown once and referenced elsewhere (containers with content, long
    /// strings and bytes), without building its view when the object alone tells.
    pub(crate) fn shared_once(&self, id: ObjId) -> bool {
        // Scalars by their size alone (their text is not read).
        if let Some(len) = self.g.scalar_len(id) {
            return long(len);
        }
        match self.g.get(id) {
            PyObj::Tuple(v) | PyObj::List(v) | PyObj::Set(v) | PyObj::FrozenSet(v) => !v.is_empty(),
            PyObj::Dict(v) => !v.is_empty(),
            PyObj::Object(_) | PyObj::Json(_) => shown_once(&self.view(id)),
            // A persistent id: every other kind is a scalar, answered above.
            _ => true,
        }
    }

    /// False only when `id` is certainly not shown once (a short scalar), from its tag alone.
    pub(crate) fn shared_once_maybe(&self, id: ObjId) -> bool {
        self.g.scalar_len(id).is_none_or(long)
    }

    /// The children `id` is shown with, if it is shown as a container (scalars are not
    /// rendered for this).
    pub(crate) fn children(&self, id: ObjId) -> Option<Vec<(Name, Item)>> {
        if self.g.scalar_len(id).is_some() {
            return None;
        }
        match self.view(id) {
            View::Container { children, .. } => Some(children),
            View::Leaf { .. } => None,
        }
    }

    /// The text of a slot name.
    pub(crate) fn name(&self, name: &Name) -> String {
        match name {
            Name::Fixed(s) => (*s).to_string(),
            Name::Index(i) => i.to_string(),
            Name::JsonKey { obj, value } => match self.g.get(*obj) {
                PyObj::Json(j) => embedded::key(j, *value),
                _ => String::new(),
            },
            Name::Key { id, strip_attr } => {
                let name = key_name(self.g, *id);
                match name.strip_prefix("attr_") {
                    Some(rest) if *strip_attr => rest.to_string(),
                    _ => name,
                }
            }
        }
    }

    pub(crate) fn view(&self, id: ObjId) -> View {
        let g = self.g;
        let leaf =
            |ty: &str, value: Value| View::Leaf { ty: ty.into(), value, origin: origin(g, id) };
        let seq = |ty: &str, items: &[ObjId]| View::Container {
            ty: ty.into(),
            list: true,
            children: indexed(items),
        };
        match g.get(id) {
            PyObj::None => leaf("NoneType", Value::Null),
            PyObj::Bool(b) => leaf("bool", Value::Bool(b)),
            PyObj::Int(i) => leaf("int", Value::Int(i)),
            PyObj::Long(s) => leaf("int", Value::BigInt(s.into())),
            PyObj::Float(f) => leaf("float", Value::Float(f)),
            PyObj::Str(s) => leaf("str", Value::Str(s.into())),
            PyObj::Bytes(b) => leaf("bytes", Value::Bytes(b.into())),
            PyObj::ByteArray(b) => leaf("bytearray", Value::Bytes(b.into())),
            PyObj::Global(n) => View::Leaf {
                ty: "global".into(),
                value: Value::Text(format!("{}.{}", n.module, n.name)),
                origin: None,
            },
            PyObj::Extension(code) => View::Leaf {
                ty: "extension".into(),
                value: Value::Text(format!("copyreg extension code {code}")),
                origin: None,
            },
            PyObj::OutOfBandBuffer(n) => View::Leaf {
                ty: "PickleBuffer".into(),
                value: Value::Text(format!("out-of-band buffer #{n}")),
                origin: None,
            },
            PyObj::PersistentId(pid) => View::Container {
                ty: "persistent_id".into(),
                list: false,
                children: vec![(Name::Fixed("id"), Item::Obj(pid))],
            },
            PyObj::Tuple(items) => seq("tuple", items),
            PyObj::List(items) => seq("list", items),
            PyObj::Set(items) => seq("set", items),
            PyObj::FrozenSet(items) => seq("frozenset", items),
            PyObj::Dict(pairs) => View::Container {
                ty: "dict".into(),
                list: false,
                children: self.keyed(pairs, false),
            },
            PyObj::Object(_) => self.object(id),
            PyObj::Json(j) => embedded::view(id, j, 0),
        }
    }

    /// Dict items as named children (`strip_attr`: LocalStack's `attr_x` fields shown as `x`).
    pub(crate) fn keyed(&self, pairs: &[[ObjId; 2]], strip_attr: bool) -> Vec<(Name, Item)> {
        pairs.iter().map(|&[k, v]| (Name::Key { id: k, strip_attr }, Item::Obj(v))).collect()
    }

    /// An object's state as fields: a dict (or the `(dict, slots)` pair) flattened, else one
    /// `__state__` child.
    pub(crate) fn state_fields(&self, state: ObjId, out: &mut Vec<(Name, Item)>) {
        match self.g.get(state) {
            PyObj::Dict(pairs) => out.extend(self.keyed(pairs, true)),
            PyObj::Tuple(parts)
                if parts.len() == 2
                    && parts
                        .iter()
                        .all(|p| matches!(self.g.get(*p), PyObj::Dict(_) | PyObj::None)) =>
            {
                for p in parts {
                    if let PyObj::Dict(pairs) = self.g.get(*p) {
                        out.extend(self.keyed(pairs, true));
                    }
                }
            }
            PyObj::None => {}
            _ => out.push((Name::Fixed("__state__"), Item::Obj(state))),
        }
    }

    fn object(&self, id: ObjId) -> View {
        let g = self.g;
        let Some(Object { callable, args, kwargs, state, list_items, dict_items, .. }) =
            g.object(id)
        else {
            return View::Leaf { ty: "object".into(), value: Value::Null, origin: None };
        };
        let (class, args) = known::class_and_args(g, callable, args);
        let depth = self.nesting.get();
        if depth < MAX_KNOWN_NESTING {
            self.nesting.set(depth + 1);
            let known = known::view(g, self, id, class, args);
            self.nesting.set(depth);
            if let Some(v) = known {
                return v;
            }
        }
        let ty = match class.and_then(|c| g.global_name(c)) {
            Some((m, n)) => format!("{m}.{n}"),
            None => "object".into(),
        };
        let mut children = Vec::new();
        if class.and_then(|c| g.global_name(c)).is_none() {
            children.push((Name::Fixed("__callable__"), Item::Obj(callable)));
        }
        if !dict_items.is_empty() || known::is_dict_like(&ty) {
            // A dict subclass: its items are the content, its attributes go under `__dict__`.
            children.extend(self.keyed(dict_items, false));
            let mut attrs = Vec::new();
            if let Some(s) = state {
                self.state_fields(s, &mut attrs);
            }
            if !attrs.is_empty() {
                children.push((
                    Name::Fixed("__dict__"),
                    Item::Group { ty: "dict", list: false, items: attrs },
                ));
            }
        } else if let Some(s) = state {
            self.state_fields(s, &mut children);
        }
        if !args.is_empty() {
            children.push((
                Name::Fixed("__args__"),
                Item::Group { ty: "tuple", list: true, items: indexed(args) },
            ));
        }
        if let Some(k) = kwargs {
            children.push((Name::Fixed("__kwargs__"), Item::Obj(k)));
        }
        if !list_items.is_empty() {
            children.push((
                Name::Fixed("__items__"),
                Item::Group { ty: "list", list: true, items: indexed(list_items) },
            ));
        }
        View::Container { ty, list: false, children }
    }
}

fn indexed(items: &[ObjId]) -> Vec<(Name, Item)> {
    items.iter().enumerate().map(|(i, id)| (Name::Index(i), Item::Obj(*id))).collect()
}

/// The editable origin of a scalar object.
pub(crate) fn origin(g: &Graph, id: ObjId) -> Option<Origin> {
    match g.src(id) {
        Src::PickleOp(i) => Some(Origin::PickleOp(i)),
        Src::Json(p) => Some(Origin::Json(p)),
        Src::Avro { block, leaf } => Some(Origin::Avro { block, leaf }),
        Src::None => None,
    }
}

/// Longest text a composite key (a tuple or frozenset of keys) is named by: past it, the
/// rest of its items is shown as `…`. A hostile pickle can make a million keys out of one
/// memoized tuple of a million items; without the cap, naming them would take the square.
const MAX_KEY_CHARS: usize = 1024;

/// The text a dict key is shown as (its node name). A plain key is its whole text; the
/// items of a composite key are cut at `MAX_KEY_CHARS`.
pub fn key_name(g: &Graph, id: ObjId) -> String {
    let mut out = String::new();
    key_text(g, id, 0, false, &mut out);
    out
}

/// Appends the text of key `id` to `out` (`depth`: how many keys it is inside of; `item`:
/// whether it is an item of a composite key, cut at the cap).
fn key_text(g: &Graph, id: ObjId, depth: u8, item: bool, out: &mut String) {
    let text = match g.get(id) {
        PyObj::Str(s) => std::borrow::Cow::Borrowed(s),
        PyObj::Int(i) => i.to_string().into(),
        PyObj::Long(s) => s.into(),
        PyObj::Bool(b) => if b { "True" } else { "False" }.into(),
        PyObj::None => "None".into(),
        PyObj::Float(f) => format_float(f).into(),
        PyObj::Bytes(b) | PyObj::ByteArray(b) => bytes_preview(b).into(),
        PyObj::Global(n) => format!("{}.{}", n.module, n.name).into(),
        PyObj::Tuple(items) | PyObj::FrozenSet(items) if depth < 4 => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if out.len() > MAX_KEY_CHARS {
                    out.push('…');
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                key_text(g, *item, depth + 1, true, out);
            }
            out.push(')');
            return;
        }
        PyObj::Object(o) => match known::enum_value(g, id) {
            Some(v) if depth < 4 => return key_text(g, v, depth + 1, item, out),
            // A str subclass made from its text (CloudFormation's `Scope("/Resources/…")`),
            // named by that text as its jsonpickle twin names it.
            _ => match o.args {
                [arg] if matches!(g.get(*arg), PyObj::Str(_)) => {
                    return key_text(g, *arg, depth + 1, item, out);
                }
                _ => format!("object#{id}").into(),
            },
        },
        _ => format!("key#{id}").into(),
    };
    if !item {
        out.push_str(&text);
    } else {
        // An item of a composite key: cut at the cap too (on a character boundary).
        let room = (MAX_KEY_CHARS + 1).saturating_sub(out.len());
        match text.char_indices().nth(room) {
            Some((cut, _)) => {
                out.push_str(&text[..cut]);
                out.push('…');
            }
            None => out.push_str(&text),
        }
    }
}
