//! The Python object graph both Python-state decoders build: the pickle VM
//! (`formats::pickle`) and the jsonpickle reader (`formats::jsonpickle`) produce a [`Graph`],
//! and one presentation (`formats::present`) turns it into the shared tree model. That is why a
//! `store.pkl` and a `store.json` of the same state look the same.
//!
//! Nothing here is ever imported or executed: globals are names, calls are structured nodes.
//!
//! The graph is compact because a 100 MB store holds ten million objects: an object is a
//! 1-byte tag, two `u32` words and a 4-byte source (13 bytes). Strings and bytes read from a
//! pickle are spans into the shared file bytes; container items live in one `u32` pool (a
//! container that grows after others were pooled moves to its own vector). Readers see an
//! object as a borrowed [`PyObj`]; writers add an owned [`PyValue`].

use std::sync::Arc;

use crate::formats::json::tape::Tape;

/// Index of an object in a [`Graph`].
pub type ObjId = u32;

/// Where a scalar came from, for loss-free editing: pickle op index, raw-JSON pointer or Avro
/// block and leaf.
#[derive(Clone, Debug, PartialEq)]
pub enum Src {
    /// No source: the value is not editable (containers, computed values, jsonpickle tags).
    None,
    /// Pickle: the index of the opcode that pushed the value.
    PickleOp(u32),
    /// jsonpickle: the RFC 6901 pointer of the value in the raw JSON file.
    Json(String),
    /// Avro: the `leaf`-th scalar of data block `block` (see [`crate::model::Origin::Avro`]).
    Avro {
        /// Index of the data block.
        block: u32,
        /// Index of the scalar in the block.
        leaf: u32,
    },
}

/// How an [`Object`] was constructed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Construct {
    /// `REDUCE` / `py/reduce`: `callable(*args)`.
    Reduce,
    /// `NEWOBJ` / `NEWOBJ_EX` / `py/object`: `cls.__new__(cls, *args, **kwargs)`.
    NewObj,
    /// Protocol 0/1 `INST` / `OBJ`.
    Inst,
}

/// One Python value as stored in a graph (borrowed from it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PyObj<'g> {
    /// Python `None`.
    None,
    /// Python `bool`.
    Bool(bool),
    /// Python `int` that fits i64.
    Int(i64),
    /// Integer beyond i64, as decimal text.
    Long(&'g str),
    /// Python `float`.
    Float(f64),
    /// Python `str`.
    Str(&'g str),
    /// Python `bytes`.
    Bytes(&'g [u8]),
    /// Python `bytearray`.
    ByteArray(&'g [u8]),
    /// Python `tuple`: its items.
    Tuple(&'g [ObjId]),
    /// Python `list`: its items.
    List(&'g [ObjId]),
    /// Key/value pairs in insertion order.
    Dict(&'g [[ObjId; 2]]),
    /// Python `set`: its members.
    Set(&'g [ObjId]),
    /// Python `frozenset`: its members.
    FrozenSet(&'g [ObjId]),
    /// `module.name`, never resolved.
    Global(Global<'g>),
    /// A constructed object.
    Object(Object<'g>),
    /// `PERSID` / `BINPERSID`: a reference to something outside the pickle.
    PersistentId(ObjId),
    /// `EXT1/2/4`: an extension-registry code.
    Extension(u32),
    /// Protocol-5 out-of-band buffer (`NEXT_BUFFER`), by position.
    OutOfBandBuffer(u32),
    /// JSON text held as one value (Avro's `json` logical type), presented member by member.
    Json(&'g EmbeddedJson),
}

/// Bytes read from a buffer (a file, a decompressed block), kept as a span of it rather than
/// copied out: a 100 MB store of JSON texts costs its bytes once.
#[derive(Clone, Debug)]
pub struct SharedBytes {
    buf: Arc<Vec<u8>>,
    span: std::ops::Range<usize>,
}

impl SharedBytes {
    /// `part` as a span of `buf` when it lies inside it, else a copy of it.
    pub fn within(buf: &Arc<Vec<u8>>, part: &[u8]) -> SharedBytes {
        let at = (part.as_ptr() as usize).checked_sub(buf.as_ptr() as usize);
        match at {
            Some(at) if at + part.len() <= buf.len() => {
                SharedBytes { buf: Arc::clone(buf), span: at..at + part.len() }
            }
            _ => SharedBytes::from(part),
        }
    }

    /// Whether these bytes keep alive a buffer mostly holding something else: `shared` is
    /// how many bytes of that buffer all the spans kept from it take.
    fn holds_little_of(&self, shared: usize) -> bool {
        shared < self.buf.len() / 2
    }
}

impl From<&[u8]> for SharedBytes {
    fn from(part: &[u8]) -> SharedBytes {
        SharedBytes { buf: Arc::new(part.to_vec()), span: 0..part.len() }
    }
}

impl std::ops::Deref for SharedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.buf.get(self.span.clone()).unwrap_or_default()
    }
}

/// JSON text held as one value: the text, checked and indexed ([`Tape`]); its values are
/// decoded only when they are presented.
#[derive(Debug)]
pub struct EmbeddedJson {
    /// The text.
    pub text: SharedBytes,
    /// Its index.
    pub tape: Tape,
    /// The Avro leaf holding it (block, leaf): its scalars are edited through it.
    pub avro: Option<(u32, u32)>,
}

impl PartialEq for EmbeddedJson {
    fn eq(&self, other: &Self) -> bool {
        *self.text == *other.text && self.avro == other.avro
    }
}

/// A global name: `module.name`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Global<'g> {
    /// Module part, e.g. `localstack.services.sqs.models`.
    pub module: &'g str,
    /// Name within the module, e.g. `SqsQueue`.
    pub name: &'g str,
}

/// A constructed object: `callable(args, kwargs)` then `__setstate__(state)`, plus items
/// appended (`APPENDS`) or set (`SETITEMS`) on it after construction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Object<'g> {
    /// Which construction opcode (or jsonpickle tag) built it.
    pub how: Construct,
    /// The class or callable called (usually a [`PyObj::Global`]).
    pub callable: ObjId,
    /// Positional arguments of the call.
    pub args: &'g [ObjId],
    /// Keyword arguments (`NEWOBJ_EX`), a dict object.
    pub kwargs: Option<ObjId>,
    /// State set after construction (`BUILD`, jsonpickle `py/state`), usually a dict.
    pub state: Option<ObjId>,
    /// Items appended after construction (`APPEND`/`APPENDS` on a list subclass).
    pub list_items: &'g [ObjId],
    /// Key/value pairs set after construction (`SETITEM`/`SETITEMS` on a dict subclass).
    pub dict_items: &'g [[ObjId; 2]],
}

/// An owned Python value, to add to a graph (or to compare an edited scalar with).
#[derive(Clone, Debug, PartialEq)]
pub enum PyValue {
    /// Python `None`.
    None,
    /// Python `bool`.
    Bool(bool),
    /// Python `int` that fits i64.
    Int(i64),
    /// Python `int` beyond i64, as decimal text.
    Long(String),
    /// Python `float`.
    Float(f64),
    /// Python `str`.
    Str(String),
    /// Python `bytes`.
    Bytes(Vec<u8>),
    /// Python `bytearray`.
    ByteArray(Vec<u8>),
    /// Python `tuple` of objects in the graph.
    Tuple(Vec<ObjId>),
    /// Python `list` of objects in the graph.
    List(Vec<ObjId>),
    /// Python `dict`: key/value pairs in insertion order.
    Dict(Vec<(ObjId, ObjId)>),
    /// Python `set` of objects in the graph.
    Set(Vec<ObjId>),
    /// Python `frozenset` of objects in the graph.
    FrozenSet(Vec<ObjId>),
    /// A global name `module.name`, never resolved.
    Global {
        /// Module part of the name.
        module: String,
        /// Name within the module.
        name: String,
    },
    /// A constructed object (see [`Object`]).
    Object {
        /// Which construction opcode (or jsonpickle tag) built it.
        how: Construct,
        /// The class or callable called.
        callable: ObjId,
        /// Positional arguments of the call.
        args: Vec<ObjId>,
        /// Keyword arguments (a dict object), if any.
        kwargs: Option<ObjId>,
        /// State set after construction (`BUILD` / `py/state`), if any.
        state: Option<ObjId>,
        /// Items appended after construction.
        list_items: Vec<ObjId>,
        /// Key/value pairs set after construction.
        dict_items: Vec<(ObjId, ObjId)>,
    },
    /// `PERSID` / `BINPERSID`: the persistent id object naming something outside the pickle.
    PersistentId(ObjId),
    /// `EXT1/2/4`: an extension-registry code.
    Extension(u32),
    /// Protocol-5 out-of-band buffer (`NEXT_BUFFER`), by position.
    OutOfBandBuffer(u32),
}

impl PyValue {
    /// `module.name` as a global value.
    pub fn global(module: impl Into<String>, name: impl Into<String>) -> PyValue {
        PyValue::Global { module: module.into(), name: name.into() }
    }

    /// A constructed object without items.
    pub fn object(
        how: Construct,
        callable: ObjId,
        args: Vec<ObjId>,
        kwargs: Option<ObjId>,
        state: Option<ObjId>,
    ) -> PyValue {
        PyValue::Object {
            how,
            callable,
            args,
            kwargs,
            state,
            list_items: Vec::new(),
            dict_items: Vec::new(),
        }
    }

    /// The value as a graph would show it, for scalars (containers refer to a graph).
    pub fn scalar(&self) -> Option<PyObj<'_>> {
        Some(match self {
            PyValue::None => PyObj::None,
            PyValue::Bool(b) => PyObj::Bool(*b),
            PyValue::Int(i) => PyObj::Int(*i),
            PyValue::Long(s) => PyObj::Long(s),
            PyValue::Float(f) => PyObj::Float(*f),
            PyValue::Str(s) => PyObj::Str(s),
            PyValue::Bytes(b) => PyObj::Bytes(b),
            PyValue::ByteArray(b) => PyObj::ByteArray(b),
            _ => return None,
        })
    }
}

/// What an object is; its two data words mean what the tag says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    None,
    /// `a`: 0 or 1.
    Bool,
    /// `a`, `b`: low and high halves.
    Int,
    /// `a`, `b`: the bits' halves.
    Float,
    /// Text and byte values: `a`, `b` = offset and length in the source bytes (`…Span`) or
    /// `a` = index into `owned` (`…Owned`).
    LongOwned,
    StrSpan,
    StrOwned,
    BytesSpan,
    BytesOwned,
    ByteArraySpan,
    ByteArrayOwned,
    /// Containers: `a`, `b` = a [`Seq`].
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    /// `a` = index into `globals`.
    Global,
    /// `a` = index into `objects`.
    Object,
    /// `a` = the id / code / buffer number.
    PersistentId,
    Extension,
    OutOfBandBuffer,
    /// `a` = index into `jsons`.
    Json,
}

/// A run of `u32` items: `len` items of the pool from `start`, or, when `len` is
/// [`Seq::GROWN`], the vector `grown[start]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Seq {
    start: u32,
    len: u32,
}

impl Seq {
    const GROWN: u32 = u32::MAX;
}

/// The record of a constructed object.
#[derive(Clone, Debug)]
struct ObjectRec {
    how: Construct,
    callable: ObjId,
    args: Seq,
    kwargs: Option<ObjId>,
    state: Option<ObjId>,
    list_items: Seq,
    dict_items: Seq,
}

/// An arena of Python objects with a root, plus each object's source.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    tags: Vec<Tag>,
    data: Vec<[u32; 2]>,
    /// Per object, 4 bytes: [`NO_SRC`], a pickle op index (in an Avro graph: a leaf number
    /// counted over the whole file), or [`JSON_SRC`] | an index into `json_srcs`.
    srcs: Vec<u32>,
    json_srcs: Vec<String>,
    /// An Avro graph's blocks: the file-wide number of each one's first leaf (so a leaf costs
    /// no more than a pickle op's 4 bytes).
    avro_blocks: Vec<u32>,
    /// Embedded JSON texts (`Tag::Json`).
    jsons: Vec<Arc<EmbeddedJson>>,
    /// The bytes `…Span` objects point into (the pickle file).
    source: Arc<Vec<u8>>,
    owned: Vec<Box<[u8]>>,
    pool: Vec<u32>,
    grown: Vec<Vec<u32>>,
    globals: Vec<(Box<str>, Box<str>)>,
    objects: Vec<ObjectRec>,
    /// The object the pickle (or jsonpickle document) returns: the top of the presented tree.
    pub root: ObjId,
}

const NO_SRC: u32 = u32::MAX;
const JSON_SRC: u32 = 1 << 31;

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

fn pairs(items: &[u32]) -> &[[ObjId; 2]] {
    items.as_chunks::<2>().0
}

/// Key/value pairs as the pool stores them: key, value, key, value…
fn flat(pairs: &[(ObjId, ObjId)]) -> Vec<u32> {
    pairs.iter().flat_map(|(k, v)| [*k, *v]).collect()
}

impl Graph {
    /// An empty graph whose span values point into `source`.
    pub fn with_source(source: Arc<Vec<u8>>) -> Graph {
        Graph { source, ..Graph::default() }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// Whether the graph holds no object.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// Number of references the containers hold (dict keys and values count one each): about
    /// the number of nodes a complete presentation makes, which a pickle that repeats one
    /// memoized object a million times makes far larger than [`Graph::len`].
    pub fn references(&self) -> usize {
        self.pool.len() + self.grown.iter().map(Vec::len).sum::<usize>()
    }

    /// Number of values the embedded JSON texts hold (each a node once presented).
    pub fn json_values(&self) -> usize {
        self.jsons.iter().map(|j| j.tape.len()).sum()
    }

    /// Reserves room for `n` more objects.
    pub fn reserve(&mut self, n: usize) {
        self.tags.reserve(n);
        self.data.reserve(n);
        self.srcs.reserve(n);
    }

    #[inline(always)]
    fn pack_src(&mut self, src: Src) -> u32 {
        match src {
            Src::None => NO_SRC,
            Src::PickleOp(i) if i < JSON_SRC => i,
            Src::PickleOp(_) => NO_SRC,
            Src::Json(p) => {
                self.json_srcs.push(p);
                JSON_SRC | (self.json_srcs.len() as u32 - 1)
            }
            Src::Avro { block, leaf } => self
                .avro_blocks
                .get(block as usize)
                .and_then(|first| first.checked_add(leaf))
                .filter(|n| *n < JSON_SRC)
                .unwrap_or(NO_SRC),
        }
    }

    #[inline(always)]
    fn push(&mut self, tag: Tag, data: [u32; 2], src: Src) -> ObjId {
        let id = self.tags.len() as ObjId;
        let src = self.pack_src(src);
        self.tags.push(tag);
        self.data.push(data);
        self.srcs.push(src);
        id
    }

    /// Adds an owned value.
    #[inline(always)]
    pub fn add(&mut self, value: PyValue, src: Src) -> ObjId {
        let (tag, data) = self.encode(value);
        self.push(tag, data, src)
    }

    /// Replaces object `id` (a placeholder filled in once its content is known).
    pub fn set(&mut self, id: ObjId, value: PyValue) {
        let (tag, data) = self.encode(value);
        self.tags[id as usize] = tag;
        self.data[id as usize] = data;
    }

    /// Adds a string or bytes value that is `len` bytes at `offset` of the source bytes
    /// (`as_str`: a string, already checked to be UTF-8).
    #[inline(always)]
    pub fn add_span(
        &mut self,
        as_str: bool,
        bytearray: bool,
        offset: usize,
        len: usize,
        src: Src,
    ) -> ObjId {
        let tag = match (as_str, bytearray) {
            (true, _) => Tag::StrSpan,
            (false, false) => Tag::BytesSpan,
            (false, true) => Tag::ByteArraySpan,
        };
        match (u32::try_from(offset), u32::try_from(len)) {
            (Ok(o), Ok(l))
                if offset.saturating_add(len) <= self.source.len()
                    && o.checked_add(l).is_some() =>
            {
                self.push(tag, [o, l], src)
            }
            _ => {
                let b = self
                    .source
                    .get(offset..offset.saturating_add(len))
                    .unwrap_or_default()
                    .to_vec();
                let v = match tag {
                    Tag::StrSpan => PyValue::Str(String::from_utf8_lossy(&b).into_owned()),
                    Tag::BytesSpan => PyValue::Bytes(b),
                    _ => PyValue::ByteArray(b),
                };
                self.add(v, src)
            }
        }
    }

    /// Adds a container of `tag` kind whose items are `items` (dict: flattened pairs).
    fn add_seq(&mut self, tag: Tag, items: &[u32], src: Src) -> ObjId {
        let (tag, data) = self.seq_data(tag, items);
        self.push(tag, data, src)
    }

    /// Adds a tuple of `items`.
    pub fn add_tuple(&mut self, items: &[ObjId], src: Src) -> ObjId {
        self.add_seq(Tag::Tuple, items, src)
    }

    /// Adds a list of `items`.
    pub fn add_list(&mut self, items: &[ObjId], src: Src) -> ObjId {
        self.add_seq(Tag::List, items, src)
    }

    /// Adds a frozenset of `items`.
    pub fn add_frozenset(&mut self, items: &[ObjId], src: Src) -> ObjId {
        self.add_seq(Tag::FrozenSet, items, src)
    }

    /// A dict from flattened key/value items (an even number).
    pub fn add_dict_flat(&mut self, items: &[ObjId], src: Src) -> ObjId {
        self.add_seq(Tag::Dict, items, src)
    }

    fn pool_seq(&mut self, items: &[u32]) -> Seq {
        let start = self.pool.len() as u32;
        self.pool.extend_from_slice(items);
        Seq { start, len: items.len() as u32 }
    }

    #[inline(always)]
    fn encode(&mut self, value: PyValue) -> (Tag, [u32; 2]) {
        let split = |v: u64| [v as u32, (v >> 32) as u32];
        match value {
            PyValue::None => (Tag::None, [0, 0]),
            PyValue::Bool(b) => (Tag::Bool, [b as u32, 0]),
            PyValue::Int(i) => (Tag::Int, split(i as u64)),
            PyValue::Float(f) => (Tag::Float, split(f.to_bits())),
            PyValue::Long(s) => (Tag::LongOwned, [self.own(s.into_bytes()), 0]),
            PyValue::Str(s) => (Tag::StrOwned, [self.own(s.into_bytes()), 0]),
            PyValue::Bytes(b) => (Tag::BytesOwned, [self.own(b), 0]),
            PyValue::ByteArray(b) => (Tag::ByteArrayOwned, [self.own(b), 0]),
            PyValue::Tuple(v) => self.seq_data(Tag::Tuple, &v),
            PyValue::List(v) => self.seq_data(Tag::List, &v),
            PyValue::Set(v) => self.seq_data(Tag::Set, &v),
            PyValue::FrozenSet(v) => self.seq_data(Tag::FrozenSet, &v),
            PyValue::Dict(pairs) => self.seq_data(Tag::Dict, &flat(&pairs)),
            PyValue::Global { module, name } => {
                self.globals.push((module.into(), name.into()));
                (Tag::Global, [self.globals.len() as u32 - 1, 0])
            }
            PyValue::Object { how, callable, args, kwargs, state, list_items, dict_items } => {
                let args = self.pool_seq(&args);
                let rec = self.add_object(how, callable, args, kwargs, state);
                self.objects[rec as usize].list_items = self.pool_seq(&list_items);
                self.objects[rec as usize].dict_items = self.pool_seq(&flat(&dict_items));
                (Tag::Object, [rec, 0])
            }
            PyValue::PersistentId(p) => (Tag::PersistentId, [p, 0]),
            PyValue::Extension(c) => (Tag::Extension, [c, 0]),
            PyValue::OutOfBandBuffer(n) => (Tag::OutOfBandBuffer, [n, 0]),
        }
    }

    fn own(&mut self, b: Vec<u8>) -> u32 {
        self.owned.push(b.into_boxed_slice());
        self.owned.len() as u32 - 1
    }

    fn seq_data(&mut self, tag: Tag, items: &[u32]) -> (Tag, [u32; 2]) {
        let s = self.pool_seq(items);
        (tag, [s.start, s.len])
    }

    fn add_object(
        &mut self,
        how: Construct,
        callable: ObjId,
        args: Seq,
        kwargs: Option<ObjId>,
        state: Option<ObjId>,
    ) -> u32 {
        self.objects.push(ObjectRec {
            how,
            callable,
            args,
            kwargs,
            state,
            list_items: Seq::default(),
            dict_items: Seq::default(),
        });
        self.objects.len() as u32 - 1
    }

    /// Adds `how`-constructed object whose arguments are the items of `args` if it is a
    /// tuple, else `args` itself (the items are shared with the tuple, not copied).
    pub fn add_call(
        &mut self,
        how: Construct,
        callable: ObjId,
        args: ObjId,
        kwargs: Option<ObjId>,
        src: Src,
    ) -> ObjId {
        let seq = match self.tags[args as usize] {
            Tag::Tuple => self.seq_of(args),
            _ => self.pool_seq(&[args]),
        };
        self.push_call(how, callable, seq, kwargs, src)
    }

    /// An object built from `args` given as ids.
    pub fn add_call_args(
        &mut self,
        how: Construct,
        callable: ObjId,
        args: &[ObjId],
        src: Src,
    ) -> ObjId {
        let seq = self.pool_seq(args);
        self.push_call(how, callable, seq, None, src)
    }

    fn push_call(
        &mut self,
        how: Construct,
        callable: ObjId,
        args: Seq,
        kwargs: Option<ObjId>,
        src: Src,
    ) -> ObjId {
        let rec = self.add_object(how, callable, args, kwargs, None);
        self.push(Tag::Object, [rec, 0], src)
    }

    fn seq_of(&self, id: ObjId) -> Seq {
        let [start, len] = self.data[id as usize];
        Seq { start, len }
    }

    fn items(&self, s: Seq) -> &[u32] {
        if s.len == Seq::GROWN {
            &self.grown[s.start as usize]
        } else {
            &self.pool[s.start as usize..(s.start + s.len) as usize]
        }
    }

    /// `s` with `items` appended: in place when it is last in the pool (or empty), else moved
    /// to its own vector.
    fn extended(&mut self, s: Seq, items: &[u32]) -> Seq {
        if s.len == Seq::GROWN {
            self.grown[s.start as usize].extend_from_slice(items);
            s
        } else if s.len == 0 {
            self.pool_seq(items)
        } else if (s.start + s.len) as usize == self.pool.len() {
            self.pool.extend_from_slice(items);
            Seq { start: s.start, len: s.len + items.len() as u32 }
        } else {
            let mut v = Vec::with_capacity((s.len as usize + items.len()).next_power_of_two());
            v.extend_from_slice(self.items(s));
            v.extend_from_slice(items);
            self.grown.push(v);
            Seq { start: self.grown.len() as u32 - 1, len: Seq::GROWN }
        }
    }

    /// `APPENDS`/`ADDITEMS` (`dict` false: items to a list, set or object) and `SETITEMS`
    /// (`dict` true: flattened key/value items to a dict or object). `Err` names what `id` is
    /// when it takes no such items.
    pub fn add_items(
        &mut self,
        id: ObjId,
        items: &[ObjId],
        dict: bool,
    ) -> Result<(), &'static str> {
        match (self.tags[id as usize], dict) {
            (Tag::List | Tag::Set | Tag::FrozenSet, false) | (Tag::Dict, true) => {
                let s = self.extended(self.seq_of(id), items);
                self.data[id as usize] = [s.start, s.len];
            }
            (Tag::Object, _) => {
                let rec = &self.objects[self.data[id as usize][0] as usize];
                let s = self.extended(if dict { rec.dict_items } else { rec.list_items }, items);
                let rec = &mut self.objects[self.data[id as usize][0] as usize];
                *(if dict { &mut rec.dict_items } else { &mut rec.list_items }) = s;
            }
            _ => return Err(self.kind(id)),
        }
        Ok(())
    }

    /// `BUILD`: sets an object's state. Anything else (a class or function global) is kept
    /// as the callable of a new object carrying the state, at the same id so references
    /// still reach it; the original moves to a new id.
    pub fn build(&mut self, id: ObjId, state: ObjId, src: Src) {
        if self.tags[id as usize] == Tag::Object {
            let rec = self.data[id as usize][0] as usize;
            self.objects[rec].state = Some(state);
            return;
        }
        let moved = self.push(self.tags[id as usize], self.data[id as usize], src);
        let rec = self.add_object(Construct::Reduce, moved, Seq::default(), None, Some(state));
        self.tags[id as usize] = Tag::Object;
        self.data[id as usize] = [rec, 0];
    }

    /// Sets where object `id` came from (a decoder that knows it only once the value is built).
    pub fn set_src(&mut self, id: ObjId, src: Src) {
        let packed = self.pack_src(src);
        if let Some(s) = self.srcs.get_mut(id as usize) {
            *s = packed;
        }
    }

    /// Where object `id` came from.
    pub fn src(&self, id: ObjId) -> Src {
        match self.srcs[id as usize] {
            NO_SRC => Src::None,
            s if s & JSON_SRC != 0 => Src::Json(self.json_srcs[(s & !JSON_SRC) as usize].clone()),
            n if !self.avro_blocks.is_empty() => {
                let block = self.avro_blocks.partition_point(|first| *first <= n).saturating_sub(1);
                let first = self.avro_blocks.get(block).copied().unwrap_or(0);
                Src::Avro { block: block as u32, leaf: n - first }
            }
            op => Src::PickleOp(op),
        }
    }

    /// The pickle op that pushed object `id`, if it came from a pickle op.
    pub fn pickle_op(&self, id: ObjId) -> Option<u32> {
        let s = self.srcs[id as usize];
        (s & JSON_SRC == 0 && self.avro_blocks.is_empty()).then_some(s)
    }

    /// Starts the next block of an Avro graph, whose first leaf has file-wide number `first`.
    pub fn start_avro_block(&mut self, first: u32) {
        self.avro_blocks.push(first);
    }

    /// Makes object `id` (a placeholder) an embedded JSON text: one object, presented member
    /// by member.
    pub fn set_json(&mut self, id: ObjId, json: EmbeddedJson) {
        self.jsons.push(Arc::new(json));
        self.tags[id as usize] = Tag::Json;
        self.data[id as usize] = [self.jsons.len() as u32 - 1, 0];
    }

    /// Copies out the JSON texts that are spans of a buffer they take less than half of, so
    /// the rest of it (a file holding a few small texts) is freed.
    pub fn unshare_small_json_texts(&mut self) {
        let mut shared: std::collections::HashMap<*const Vec<u8>, usize> = Default::default();
        for j in &self.jsons {
            *shared.entry(Arc::as_ptr(&j.text.buf)).or_default() += j.text.len();
        }
        for j in &mut self.jsons {
            let kept = shared.get(&Arc::as_ptr(&j.text.buf)).copied().unwrap_or(0);
            if let Some(j) = Arc::get_mut(j).filter(|j| j.text.holds_little_of(kept)) {
                j.text = SharedBytes::from(&*j.text);
            }
        }
    }

    fn span(&self, [offset, len]: [u32; 2]) -> &[u8] {
        self.source.get(offset as usize..(offset + len) as usize).unwrap_or_default()
    }

    /// Object `id` as a borrowed [`PyObj`] (panics if out of range).
    pub fn get(&self, id: ObjId) -> PyObj<'_> {
        let d = self.data[id as usize];
        let join = |[lo, hi]: [u32; 2]| lo as u64 | ((hi as u64) << 32);
        let owned = || &*self.owned[d[0] as usize];
        let seq = || self.items(Seq { start: d[0], len: d[1] });
        match self.tags[id as usize] {
            Tag::None => PyObj::None,
            Tag::Bool => PyObj::Bool(d[0] != 0),
            Tag::Int => PyObj::Int(join(d) as i64),
            Tag::Float => PyObj::Float(f64::from_bits(join(d))),
            Tag::LongOwned => PyObj::Long(text(owned())),
            Tag::StrSpan => PyObj::Str(text(self.span(d))),
            Tag::StrOwned => PyObj::Str(text(owned())),
            Tag::BytesSpan => PyObj::Bytes(self.span(d)),
            Tag::BytesOwned => PyObj::Bytes(owned()),
            Tag::ByteArraySpan => PyObj::ByteArray(self.span(d)),
            Tag::ByteArrayOwned => PyObj::ByteArray(owned()),
            Tag::Tuple => PyObj::Tuple(seq()),
            Tag::List => PyObj::List(seq()),
            Tag::Dict => PyObj::Dict(pairs(seq())),
            Tag::Set => PyObj::Set(seq()),
            Tag::FrozenSet => PyObj::FrozenSet(seq()),
            Tag::Global => {
                let (module, name) = &self.globals[d[0] as usize];
                PyObj::Global(Global { module, name })
            }
            Tag::Object => {
                let o = &self.objects[d[0] as usize];
                PyObj::Object(Object {
                    how: o.how,
                    callable: o.callable,
                    args: self.items(o.args),
                    kwargs: o.kwargs,
                    state: o.state,
                    list_items: self.items(o.list_items),
                    dict_items: pairs(self.items(o.dict_items)),
                })
            }
            Tag::PersistentId => PyObj::PersistentId(d[0]),
            Tag::Extension => PyObj::Extension(d[0]),
            Tag::OutOfBandBuffer => PyObj::OutOfBandBuffer(d[0]),
            Tag::Json => PyObj::Json(&self.jsons[d[0] as usize]),
        }
    }

    /// For a scalar, its size without reading it: the byte length of a string or bytes value,
    /// 0 for other scalars (numbers, None, globals...); `None` for containers and objects.
    pub fn scalar_len(&self, id: ObjId) -> Option<usize> {
        let [a, b] = self.data[id as usize];
        match self.tags[id as usize] {
            Tag::StrSpan | Tag::BytesSpan | Tag::ByteArraySpan => Some(b as usize),
            Tag::StrOwned | Tag::BytesOwned | Tag::ByteArrayOwned => {
                Some(self.owned[a as usize].len())
            }
            Tag::Tuple
            | Tag::List
            | Tag::Dict
            | Tag::Set
            | Tag::FrozenSet
            | Tag::Object
            | Tag::PersistentId
            | Tag::Json => None,
            Tag::None
            | Tag::Bool
            | Tag::Int
            | Tag::Float
            | Tag::LongOwned
            | Tag::Global
            | Tag::Extension
            | Tag::OutOfBandBuffer => Some(0),
        }
    }

    /// The constructed object `id` is, if it is one.
    pub fn object(&self, id: ObjId) -> Option<Object<'_>> {
        match self.get(id) {
            PyObj::Object(o) => Some(o),
            _ => None,
        }
    }

    /// `module.name` of a global (or of an object's class/callable when it is a global).
    pub fn global_name(&self, id: ObjId) -> Option<(&str, &str)> {
        match self.get(id) {
            PyObj::Global(g) => Some((g.module, g.name)),
            _ => None,
        }
    }

    /// What kind of value `id` is, for messages.
    pub fn kind(&self, id: ObjId) -> &'static str {
        match self.tags[id as usize] {
            Tag::None => "None",
            Tag::Bool => "bool",
            Tag::Int | Tag::LongOwned => "int",
            Tag::Float => "float",
            Tag::StrSpan | Tag::StrOwned => "str",
            Tag::BytesSpan | Tag::BytesOwned => "bytes",
            Tag::ByteArraySpan | Tag::ByteArrayOwned => "bytearray",
            Tag::Tuple => "tuple",
            Tag::List => "list",
            Tag::Dict => "dict",
            Tag::Set => "set",
            Tag::FrozenSet => "frozenset",
            Tag::Global => "global",
            Tag::Object => "object",
            Tag::PersistentId => "persistent id",
            Tag::Extension => "extension",
            Tag::OutOfBandBuffer => "buffer",
            Tag::Json => "json",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_texts_are_spans_of_their_buffer_unless_they_take_little_of_it() {
        let file = Arc::new(b"xx[1,2]yy{}zz".to_vec());
        let big = SharedBytes::within(&file, &file[2..7]);
        assert_eq!((&*big, Arc::ptr_eq(&big.buf, &file)), (&b"[1,2]"[..], true));
        let elsewhere = SharedBytes::within(&file, b"[3]");
        assert_eq!((&*elsewhere, Arc::ptr_eq(&elsewhere.buf, &file)), (&b"[3]"[..], false));

        let add_json = |g: &mut Graph, text: SharedBytes| {
            let id = g.add(PyValue::None, Src::None);
            g.set_json(id, EmbeddedJson { tape: Tape::build(&text).unwrap(), text, avro: None });
        };
        let mut g = Graph::default();
        add_json(&mut g, big);
        add_json(&mut g, SharedBytes::within(&file, &file[9..11]));
        // 7 of the 13 bytes are kept: both stay spans.
        g.unshare_small_json_texts();
        assert!(g.jsons.iter().all(|j| Arc::ptr_eq(&j.text.buf, &file)));

        let mut g = Graph::default();
        add_json(&mut g, SharedBytes::within(&file, &file[9..11]));
        g.unshare_small_json_texts();
        assert!(!Arc::ptr_eq(&g.jsons[0].text.buf, &file), "2 of 13 bytes: copied out");
        assert_eq!(&*g.jsons[0].text, b"{}");
    }

    #[test]
    fn containers_that_grow_late_keep_their_items_in_order() {
        let mut g = Graph::default();
        let a = g.add(PyValue::Int(1), Src::None);
        let b = g.add(PyValue::Int(2), Src::None);
        let outer = g.add(PyValue::List(Vec::new()), Src::None);
        let inner = g.add(PyValue::List(Vec::new()), Src::None);
        g.add_items(outer, &[a], false).unwrap();
        g.add_items(inner, &[b, b], false).unwrap();
        g.add_items(outer, &[inner, b], false).unwrap();
        g.add_items(inner, &[a], false).unwrap();
        assert_eq!(g.get(outer), PyObj::List(&[a, inner, b]));
        assert_eq!(g.get(inner), PyObj::List(&[b, b, a]));
        assert_eq!(g.add_items(a, &[b], false), Err("int"));
        assert_eq!(g.add_items(outer, &[a, b], true), Err("list"));
    }

    #[test]
    fn spans_and_owned_values_read_the_same() {
        let mut g = Graph::with_source(Arc::new(b"xxhello\xff".to_vec()));
        let s = g.add_span(true, false, 2, 5, Src::None);
        let o = g.add(PyValue::Str("hello".into()), Src::None);
        let b = g.add_span(false, false, 7, 1, Src::PickleOp(3));
        let out_of_range = g.add_span(false, true, 7, 9, Src::None);
        assert_eq!(g.get(s), g.get(o));
        assert_eq!(g.get(b), PyObj::Bytes(b"\xff"));
        assert_eq!(g.get(out_of_range), PyObj::ByteArray(b""));
        assert_eq!((g.src(b), g.pickle_op(b)), (Src::PickleOp(3), Some(3)));
        let big = g.add(PyValue::Int(-1 << 40), Src::None);
        assert_eq!(g.get(big), PyObj::Int(-1 << 40));
    }

    #[test]
    fn avro_leaves_are_numbered_per_block_in_four_bytes() {
        let mut g = Graph::default();
        g.start_avro_block(0);
        let a = g.add(PyValue::Int(1), Src::Avro { block: 0, leaf: 2 });
        g.start_avro_block(3);
        g.start_avro_block(3); // an empty block
        let b = g.add(PyValue::Int(2), Src::None);
        g.set_src(b, Src::Avro { block: 2, leaf: 0 });
        assert_eq!(g.src(a), Src::Avro { block: 0, leaf: 2 });
        assert_eq!((g.src(b), g.pickle_op(b)), (Src::Avro { block: 2, leaf: 0 }, None));
        // A block the graph does not have: no source.
        let c = g.add(PyValue::Int(3), Src::Avro { block: 9, leaf: 0 });
        assert_eq!(g.src(c), Src::None);
    }
}
