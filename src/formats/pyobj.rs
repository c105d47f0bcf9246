//! The Python object graph both Python-state decoders build: the pickle VM
//! (`formats::pickle`) and the jsonpickle reader (`formats::jsonpickle`) produce a [`Graph`],
//! and one presentation (`formats::present`) turns it into the shared tree model. That is why a
//! `store.pkl` and a `store.json` of the same state look the same.
//!
//! Nothing here is ever imported or executed: globals are names, calls are structured nodes.

/// Index of an object in a [`Graph`].
pub type ObjId = u32;

/// Where a scalar came from, for loss-free editing: pickle op index or raw-JSON pointer.
#[derive(Clone, Debug, PartialEq)]
pub enum Src {
    None,
    PickleOp(u32),
    Json(String),
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

/// One Python value.
#[derive(Clone, Debug, PartialEq)]
pub enum PyObj {
    None,
    Bool(bool),
    Int(i64),
    /// Integer beyond i64, as decimal text.
    Long(String),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    ByteArray(Vec<u8>),
    Tuple(Vec<ObjId>),
    List(Vec<ObjId>),
    Dict(Vec<(ObjId, ObjId)>),
    Set(Vec<ObjId>),
    FrozenSet(Vec<ObjId>),
    /// `module.name`, never resolved.
    Global(Box<Global>),
    /// A constructed object (boxed: there are few, and every other value stays 32 bytes).
    Object(Box<Object>),
    /// `PERSID` / `BINPERSID`: a reference to something outside the pickle.
    PersistentId(ObjId),
    /// `EXT1/2/4`: an extension-registry code.
    Extension(u32),
    /// Protocol-5 out-of-band buffer (`NEXT_BUFFER`), by position.
    OutOfBandBuffer(u32),
}

/// A global name: `module.name`.
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    pub module: String,
    pub name: String,
}

/// A constructed object: `callable(args, kwargs)` then `__setstate__(state)`, plus items
/// appended (`APPENDS`) or set (`SETITEMS`) on it after construction.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub how: Construct,
    pub callable: ObjId,
    pub args: Vec<ObjId>,
    pub kwargs: Option<ObjId>,
    pub state: Option<ObjId>,
    pub list_items: Vec<ObjId>,
    pub dict_items: Vec<(ObjId, ObjId)>,
}

impl PyObj {
    /// `module.name` as a global value.
    pub fn global(module: impl Into<String>, name: impl Into<String>) -> PyObj {
        PyObj::Global(Box::new(Global { module: module.into(), name: name.into() }))
    }

    /// A constructed object without items or state.
    pub fn object(how: Construct, callable: ObjId, args: Vec<ObjId>, kwargs: Option<ObjId>, state: Option<ObjId>) -> PyObj {
        PyObj::Object(Box::new(Object { how, callable, args, kwargs, state, list_items: Vec::new(), dict_items: Vec::new() }))
    }
}

/// An arena of Python objects with a root, plus each object's source.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub objs: Vec<PyObj>,
    /// Per object, 4 bytes: [`NO_SRC`], a pickle op index, or [`JSON_SRC`] | an index into
    /// `json_srcs` (a 10-million-object store should not pay 32 bytes per object for this).
    srcs: Vec<u32>,
    json_srcs: Vec<String>,
    pub root: ObjId,
}

const NO_SRC: u32 = u32::MAX;
const JSON_SRC: u32 = 1 << 31;

impl Graph {
    pub fn add(&mut self, obj: PyObj, src: Src) -> ObjId {
        let id = self.objs.len() as ObjId;
        self.objs.push(obj);
        let packed = match src {
            Src::None => NO_SRC,
            Src::PickleOp(i) if i < JSON_SRC => i,
            Src::PickleOp(_) => NO_SRC,
            Src::Json(p) => {
                self.json_srcs.push(p);
                JSON_SRC | (self.json_srcs.len() as u32 - 1)
            }
        };
        self.srcs.push(packed);
        id
    }

    /// Reserves room for `n` more objects.
    pub fn reserve(&mut self, n: usize) {
        self.objs.reserve(n);
        self.srcs.reserve(n);
    }

    /// Where object `id` came from.
    pub fn src(&self, id: ObjId) -> Src {
        match self.srcs[id as usize] {
            NO_SRC => Src::None,
            s if s & JSON_SRC != 0 => Src::Json(self.json_srcs[(s & !JSON_SRC) as usize].clone()),
            op => Src::PickleOp(op),
        }
    }

    /// The pickle op that pushed object `id`, if it came from a pickle op.
    pub fn pickle_op(&self, id: ObjId) -> Option<u32> {
        let s = self.srcs[id as usize];
        (s & JSON_SRC == 0).then_some(s)
    }

    pub fn get(&self, id: ObjId) -> &PyObj {
        &self.objs[id as usize]
    }

    pub fn get_mut(&mut self, id: ObjId) -> &mut PyObj {
        &mut self.objs[id as usize]
    }

    /// The constructed object `id` is, if it is one.
    pub fn object(&self, id: ObjId) -> Option<&Object> {
        match self.get(id) {
            PyObj::Object(o) => Some(o),
            _ => None,
        }
    }

    /// `module.name` of a global (or of an object's class/callable when it is a global).
    pub fn global_name(&self, id: ObjId) -> Option<(&str, &str)> {
        match self.get(id) {
            PyObj::Global(g) => Some((&g.module, &g.name)),
            _ => None,
        }
    }
}
