//! The jsonpickle reader's two passes: jsonpickle's registration order (what `py/id`
//! indexes), then the object graph. Both are iterative: registration is a plain depth-first
//! stack; building keeps one [`Frame`] per JSON value whose children are being built, each
//! with its [`Step`]s and what to make of the results ([`Job`]), at most
//! [`MAX_DEPTH`] frames deep. Raw pointers are made from a parent table only where a value
//! needs one (scalars, messages), so depth costs no pointer strings per level.

use std::collections::HashMap;

use base64::Engine;

use super::codec::{b85decode, number, quopri_decode};
use super::{DICT_CLASSES, TAGS};
use crate::error::Context;
use crate::formats::depth::{MAX_DEPTH, TooDeep};
use crate::formats::json::parse::{self, J, JId, JsonDoc};
use crate::formats::pyobj::{Construct, Graph, ObjId, PyObj, PyValue, Src};
use crate::model::{escape_pointer, unescape_pointer};

pub(super) struct Builder<'a> {
    doc: &'a JsonDoc,
    pub(super) graph: Graph,
    /// JSON values in the order jsonpickle registers objects (`py/id` indexes this).
    registry: Vec<JId>,
    /// Objects already built from a registrable JSON value.
    built: HashMap<JId, ObjId>,
    /// The container and member index of every JSON value (the root has none): raw
    /// pointers are made from it when needed, instead of carried along every level.
    parents: Vec<(JId, u32)>,
    /// JSON values whose building has started (the old `py/ref` tag names only those).
    visited: Vec<bool>,
    pub(super) warnings: Vec<String>,
}

/// No container (the root's entry in [`Builder::parents`]).
const NO_PARENT: JId = JId::MAX;

fn tag_of(m: &[(String, JId)]) -> Option<&'static str> {
    TAGS.into_iter().find(|t| m.iter().any(|(k, _)| k == t))
}

fn get(m: &[(String, JId)], key: &str) -> Option<JId> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
}

/// One step of a [`Frame`]: build a JSON value, or make one of the small objects its
/// construction needs between two children (so objects are added in reading order).
enum Step {
    Build(JId),
    /// A dict key (see [`Builder::key`]).
    Key(JId, u32),
    /// The base64 state bytes of a datetime handler's `__reduce__`.
    HandlerBytes(JId),
}

/// A JSON value whose children are being built; `done` receives one object per step.
struct Frame {
    job: Job,
    steps: std::vec::IntoIter<Step>,
    done: Vec<ObjId>,
}

impl Frame {
    fn new(job: Job, steps: Vec<Step>) -> Frame {
        Frame { job, done: Vec::with_capacity(steps.len()), steps: steps.into_iter() }
    }
}

/// What a [`Frame`] makes of its built children.
enum Job {
    /// A list (placeholder `0`): the children are its items.
    List(ObjId),
    /// A plain dict (placeholder `0`): the children are key, value, key, value….
    Dict(ObjId),
    /// `py/tuple` (`true`) or `py/set`: the children are its items.
    Seq(bool),
    /// `py/id`, `py/ref`, `py/iterator`: the one child is the object.
    Forward,
    /// `py/reduce` (placeholder `id`); `present[i]`: part `i` is not null (and was built).
    Reduce { id: ObjId, present: Vec<bool>, list: JId },
    /// A `py/object` with a handler's `__reduce__`: optional callable, then the arguments.
    Handler { id: ObjId, cls: ObjId, has_callable: bool },
    /// Any other `py/object`.
    Object(Box<ObjectJob>),
}

/// How a `py/object`'s built children are laid out (in [`Builder::object_steps`] order).
struct ObjectJob {
    id: ObjId,
    cls: ObjId,
    class_name: String,
    j: JId,
    factory: bool,
    args: Args,
    /// One per field: whether it is the `__dict__` of a dict subclass (no key is built then).
    fields: Vec<bool>,
    is_dict: bool,
    seq: usize,
    state: bool,
}

/// The constructor arguments of a `py/object`.
enum Args {
    None,
    /// `py/newargsex`: whether its positional and keyword parts are there.
    Ex {
        args: bool,
        kwargs: bool,
    },
    /// `py/newargs` or (`init`) `py/initargs`.
    Plain {
        init: bool,
    },
}

/// What building a value starts: an object already made, or a frame to run.
enum Started {
    Done(ObjId),
    Frame(Frame),
}

impl<'a> Builder<'a> {
    pub(super) fn new(doc: &'a JsonDoc, warnings: Vec<String>) -> Self {
        let mut parents = vec![(NO_PARENT, 0); doc.values.len()];
        for (id, v) in doc.values.iter().enumerate() {
            let mut link = |i: usize, c: JId| parents[c as usize] = (id as JId, i as u32);
            match v {
                J::Arr(items) => items.iter().enumerate().for_each(|(i, c)| link(i, *c)),
                J::Obj(m) => m.iter().enumerate().for_each(|(i, (_, c))| link(i, *c)),
                _ => {}
            }
        }
        Builder {
            doc,
            graph: Graph::default(),
            registry: Vec::new(),
            built: HashMap::new(),
            parents,
            visited: vec![false; doc.values.len()],
            warnings,
        }
    }

    fn too_deep() -> crate::Error {
        TooDeep::new("jsonpickle data").into()
    }

    /// The RFC 6901 pointer of a JSON value in the raw file.
    fn pointer(&self, j: JId) -> String {
        let mut segs = Vec::new();
        let mut cur = j;
        while let Some(&(parent, i)) = self.parents.get(cur as usize)
            && parent != NO_PARENT
        {
            segs.push(match self.doc.get(parent) {
                J::Obj(m) => escape_pointer(&m[i as usize].0),
                _ => i.to_string(),
            });
            cur = parent;
        }
        segs.iter().rev().map(|s| format!("/{s}")).collect()
    }

    /// The JSON value a raw pointer names, if any.
    fn resolve(&self, pointer: &str) -> Option<JId> {
        let mut cur = JsonDoc::ROOT;
        if pointer.is_empty() {
            return Some(cur);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let seg = unescape_pointer(raw);
            cur = match self.doc.get(cur) {
                J::Arr(items) => *items.get(seg.parse::<usize>().ok()?)?,
                J::Obj(_) => self.doc.member(cur, &seg)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    pub(super) fn src(&self, j: JId) -> Src {
        Src::Json(self.pointer(j))
    }

    /// Pass 1: the registration order, exactly as jsonpickle's unpickler walks the data
    /// (depth first, children in order; an explicit stack).
    pub(super) fn register(&mut self, root: JId) -> crate::Result<()> {
        let doc = self.doc;
        let mut stack = vec![(root, 0usize)];
        let mut kids: Vec<JId> = Vec::new();
        while let Some((j, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                return Err(Self::too_deep());
            }
            kids.clear();
            match doc.get(j) {
                J::Arr(items) => {
                    self.registry.push(j);
                    kids.extend(items);
                }
                J::Obj(m) => match tag_of(m) {
                    None => {
                        self.registry.push(j);
                        kids.extend(m.iter().map(|(_, v)| *v));
                    }
                    Some(t @ ("py/tuple" | "py/set")) => {
                        if let Some(J::Arr(items)) = get(m, t).map(|v| doc.get(v)) {
                            kids.extend(items);
                        }
                    }
                    Some("py/iterator") => kids.extend(get(m, "py/iterator")),
                    Some("py/reduce") => {
                        self.registry.push(j);
                        if let Some(J::Arr(items)) = get(m, "py/reduce").map(|v| doc.get(v)) {
                            kids.extend(items);
                        }
                    }
                    Some("py/repr") => self.registry.push(j),
                    Some("py/object") => {
                        self.registry.push(j);
                        kids.extend(self.object_parts(m).into_iter().flatten());
                    }
                    Some(_) => {}
                },
                _ => {}
            }
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
        Ok(())
    }

    /// The JSON values a `py/object` restores, in jsonpickle's order: default factory,
    /// constructor arguments, fields, `py/seq` items, `py/state`. A datetime-style handler
    /// (`__reduce__`) restores its class and the arguments after the first.
    fn object_parts(&self, m: &[(String, JId)]) -> [Vec<JId>; 5] {
        if let Some(J::Arr(r)) = get(m, "__reduce__").map(|v| self.doc.get(v)) {
            let mut rest = Vec::new();
            if let Some(J::Arr(args)) = r.get(1).map(|a| self.doc.get(*a)) {
                rest.extend(args.iter().skip(1));
            }
            return [
                r.first().copied().into_iter().collect(),
                rest,
                Vec::new(),
                Vec::new(),
                Vec::new(),
            ];
        }
        let factory: Vec<JId> = get(m, "default_factory").into_iter().collect();
        let mut args = Vec::new();
        if let Some(ex) = get(m, "py/newargsex") {
            if let J::Arr(pair) = self.doc.get(ex) {
                args.extend(pair.iter().take(2));
            }
        } else if let Some(a) = get(m, "py/newargs").or_else(|| get(m, "py/initargs")) {
            args.push(a);
        }
        let fields = m
            .iter()
            .filter(|(k, _)| !k.starts_with("py/") && k != "default_factory")
            .map(|(_, v)| *v)
            .collect();
        let seq = match get(m, "py/seq").map(|v| self.doc.get(v)) {
            Some(J::Arr(items)) => items.clone(),
            _ => Vec::new(),
        };
        [factory, args, fields, seq, get(m, "py/state").into_iter().collect()]
    }

    pub(super) fn add(&mut self, obj: PyValue, src: Src) -> ObjId {
        self.graph.add(obj, src)
    }

    /// Pass 2: the graph object for JSON value `root`. Iterative: one [`Frame`] per value
    /// being built, at most [`MAX_DEPTH`] of them.
    pub(super) fn build(&mut self, root: JId) -> crate::Result<ObjId> {
        let mut stack = match self.start(root)? {
            Started::Done(id) => return Ok(id),
            Started::Frame(f) => vec![f],
        };
        loop {
            let depth = stack.len();
            let Some(top) = stack.last_mut() else { break };
            match top.steps.next() {
                Some(Step::Build(c)) => {
                    if depth > MAX_DEPTH {
                        return Err(Self::too_deep());
                    }
                    match self.start(c)? {
                        Started::Done(id) => top.done.push(id),
                        Started::Frame(f) => stack.push(f),
                    }
                }
                Some(Step::Key(obj, i)) => {
                    let id = match self.doc.get(obj) {
                        J::Obj(m) => self.key(&m[i as usize].0),
                        _ => self.key(""),
                    };
                    top.done.push(id);
                }
                Some(Step::HandlerBytes(v)) => {
                    let text = self.doc.as_str(v).unwrap_or_default();
                    let bytes =
                        base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| {
                            let p = self.pointer(v);
                            crate::err!("jsonpickle: bad base64 in __reduce__ at {p}: {e}")
                        })?;
                    let id = self.add(PyValue::Bytes(bytes), self.src(v));
                    top.done.push(id);
                }
                None => {
                    let Some(frame) = stack.pop() else { break };
                    let id = self.finish(frame)?;
                    match stack.last_mut() {
                        Some(parent) => parent.done.push(id),
                        None => return Ok(id),
                    }
                }
            }
        }
        Err(crate::err!("jsonpickle: the reader ended without an object"))
    }

    /// Adds an empty object and records it as built before its children, so a child's
    /// `py/id` back to it (a cycle) resolves.
    fn placeholder(&mut self, j: JId, src: Src) -> ObjId {
        let id = self.add(PyValue::None, src);
        self.built.insert(j, id);
        id
    }

    /// Starts building JSON value `j`: scalars (and values built before) are done at once.
    fn start(&mut self, j: JId) -> crate::Result<Started> {
        if let Some(id) = self.built.get(&j) {
            return Ok(Started::Done(*id));
        }
        self.visited[j as usize] = true;
        let doc = self.doc;
        let done = |id| Ok(Started::Done(id));
        match doc.get(j) {
            J::Null => done(self.add(PyValue::None, self.src(j))),
            J::Bool(b) => done(self.add(PyValue::Bool(*b), self.src(j))),
            J::Str(s) => done(self.add(PyValue::Str(s.clone()), self.src(j))),
            J::Num(n) => done(self.add(number(n), self.src(j))),
            J::Arr(items) => {
                let id = self.placeholder(j, Src::None);
                let steps = items.iter().map(|c| Step::Build(*c)).collect();
                Ok(Started::Frame(Frame::new(Job::List(id), steps)))
            }
            J::Obj(m) => self.tagged(j, m),
        }
    }

    fn tagged(&mut self, j: JId, m: &[(String, JId)]) -> crate::Result<Started> {
        let doc = self.doc;
        let val = |t: &str| get(m, t).unwrap_or(j);
        let frame = |job, steps| Ok(Started::Frame(Frame::new(job, steps)));
        match tag_of(m) {
            None => {
                // `py/mod` (jsonpickle imports the module) stays a dict here; its place is kept
                // for the safety audit.
                let src = if get(m, "py/mod").is_some() { self.src(j) } else { Src::None };
                let id = self.placeholder(j, src);
                let steps = (0..m.len() as u32)
                    .flat_map(|i| [Step::Key(j, i), Step::Build(m[i as usize].1)])
                    .collect();
                frame(Job::Dict(id), steps)
            }
            Some(t @ ("py/tuple" | "py/set")) => {
                let steps = match doc.get(val(t)) {
                    J::Arr(items) => items.iter().map(|c| Step::Build(*c)).collect(),
                    _ => Vec::new(),
                };
                frame(Job::Seq(t == "py/tuple"), steps)
            }
            Some("py/id") => {
                let idx = match doc.get(val("py/id")) {
                    J::Num(n) => n.parse::<usize>().ok(),
                    _ => None,
                };
                let target = idx.and_then(|i| self.registry.get(i).copied()).ok_or_else(|| {
                    crate::err!(
                        "jsonpickle: {} at {} refers to no object ({} objects registered)",
                        doc.to_compact(j),
                        self.pointer(j),
                        self.registry.len()
                    )
                })?;
                frame(Job::Forward, vec![Step::Build(target)])
            }
            Some("py/ref") => {
                let path = doc.as_str(val("py/ref")).unwrap_or_default();
                let target = [format!("/data{path}"), path.to_string()]
                    .iter()
                    .filter_map(|p| self.resolve(p))
                    .find(|t| self.visited[*t as usize]);
                match target {
                    Some(t) => frame(Job::Forward, vec![Step::Build(t)]),
                    None => {
                        let ptr = self.pointer(j);
                        self.warnings.push(format!(
                            "py/ref {path} at {ptr} does not name an earlier object"
                        ));
                        Ok(Started::Done(self.add(PyValue::None, Src::Json(ptr))))
                    }
                }
            }
            Some("py/iterator") => frame(Job::Forward, vec![Step::Build(val("py/iterator"))]),
            Some(t @ ("py/b64" | "py/b85" | "py/bytes")) => {
                let text = doc.as_str(val(t)).unwrap_or_default();
                let bytes = match t {
                    "py/b64" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .map_err(|e| e.to_string()),
                    "py/b85" => b85decode(text),
                    _ => Ok(quopri_decode(text)),
                }
                .with_context(|| format!("jsonpickle: bad {t} at {}", self.pointer(j)))?;
                Ok(Started::Done(self.add(PyValue::Bytes(bytes), self.src(val(t)))))
            }
            Some(t @ ("py/type" | "py/function")) => {
                let name = doc.as_str(val(t)).unwrap_or_default();
                // Where it was written is the safety audit's location (globals are not
                // leaves, so this makes nothing editable).
                Ok(Started::Done(self.global_at(name, self.src(j))))
            }
            Some("py/repr") => {
                // `module/expression`: shown, never evaluated.
                let id = self.placeholder(j, self.src(j));
                let callable = self.global("jsonpickle.repr");
                let text = doc.as_str(val("py/repr")).unwrap_or_default().to_string();
                let arg = self.add(PyValue::Str(text), self.src(val("py/repr")));
                self.graph
                    .set(id, PyValue::object(Construct::Reduce, callable, vec![arg], None, None));
                Ok(Started::Done(id))
            }
            Some("py/reduce") => {
                // `py/reduce: [callable, args, state, listitems, dictitems]`.
                let list = val("py/reduce");
                let id = self.placeholder(j, self.src(list));
                let J::Arr(parts) = doc.get(list) else {
                    crate::bail!("jsonpickle: py/reduce at {} is not a list", self.pointer(list));
                };
                let present: Vec<bool> =
                    parts.iter().map(|p| !matches!(doc.get(*p), J::Null)).collect();
                let steps = parts
                    .iter()
                    .zip(&present)
                    .filter(|(_, here)| **here)
                    .map(|(p, _)| Step::Build(*p))
                    .collect();
                frame(Job::Reduce { id, present, list }, steps)
            }
            Some(_) => self.py_object(j, m),
        }
    }

    /// `py/object`: a class instance built with `__new__` (or a handler's `__reduce__`).
    fn py_object(&mut self, j: JId, m: &[(String, JId)]) -> crate::Result<Started> {
        let doc = self.doc;
        let id = self.placeholder(j, self.src(j));
        let class_name = doc.as_str(get(m, "py/object").unwrap_or(j)).unwrap_or_default();
        let cls = self.global(class_name);

        // Handler form (datetime/date/time): `__reduce__: [type, [b64 bytes, more args…]]`.
        if let Some(J::Arr(r)) = get(m, "__reduce__").map(|v| doc.get(v)) {
            let mut steps: Vec<Step> = r.first().map(|c| Step::Build(*c)).into_iter().collect();
            if let Some(J::Arr(a)) = r.get(1).map(|a| doc.get(*a)) {
                steps.extend(
                    a.iter().enumerate().map(|(i, v)| {
                        if i == 0 { Step::HandlerBytes(*v) } else { Step::Build(*v) }
                    }),
                );
            }
            let job = Job::Handler { id, cls, has_callable: !r.is_empty() };
            return Ok(Started::Frame(Frame::new(job, steps)));
        }

        // Handler form (localstack-persist): `{"py/object": "datetime.datetime", "isoformat": …}`.
        if let Some(iso_at) = get(m, "isoformat")
            && let Some(iso) = doc.as_str(iso_at)
            && let Some(obj) = self.iso_datetime(class_name, cls, iso, iso_at)
        {
            self.graph.set(id, obj);
            return Ok(Started::Done(id));
        }

        // Handler form (jsonpickle's UUIDHandler): `{"py/object": "uuid.UUID", "hex": …}`.
        if class_name == "uuid.UUID"
            && let Some(hex_at) = get(m, "hex")
            && let Some(obj) = doc.as_str(hex_at).and_then(|h| self.uuid(cls, h, hex_at))
        {
            self.graph.set(id, obj);
            return Ok(Started::Done(id));
        }

        let mut steps = Vec::new();
        let factory = get(m, "default_factory");
        steps.extend(factory.map(Step::Build));
        let args = if let Some(ex) = get(m, "py/newargsex") {
            match doc.get(ex) {
                J::Arr(pair) => {
                    steps.extend(pair.iter().take(2).map(|v| Step::Build(*v)));
                    Args::Ex { args: !pair.is_empty(), kwargs: pair.len() > 1 }
                }
                _ => Args::None,
            }
        } else if let Some((init, a)) = get(m, "py/newargs")
            .map(|a| (false, a))
            .or_else(|| get(m, "py/initargs").map(|a| (true, a)))
        {
            steps.push(Step::Build(a));
            Args::Plain { init }
        } else {
            Args::None
        };
        let is_dict =
            get(m, "__dict__").is_some() || factory.is_some() || DICT_CLASSES.contains(&class_name);
        let mut fields = Vec::new();
        for (i, (k, v)) in m.iter().enumerate() {
            if k.starts_with("py/") || k == "default_factory" {
                continue;
            }
            let dict_state = is_dict && k == "__dict__";
            steps.push(Step::Build(*v));
            if !dict_state {
                steps.push(Step::Key(j, i as u32));
            }
            fields.push(dict_state);
        }
        let mut seq = 0;
        if let Some(J::Arr(items)) = get(m, "py/seq").map(|s| doc.get(s)) {
            seq = items.len();
            steps.extend(items.iter().map(|c| Step::Build(*c)));
        }
        let state = get(m, "py/state");
        steps.extend(state.map(Step::Build));
        let job = ObjectJob {
            id,
            cls,
            class_name: class_name.to_string(),
            j,
            factory: factory.is_some(),
            args,
            fields,
            is_dict,
            seq,
            state: state.is_some(),
        };
        Ok(Started::Frame(Frame::new(Job::Object(Box::new(job)), steps)))
    }

    /// The object a frame makes of its built children.
    fn finish(&mut self, frame: Frame) -> crate::Result<ObjId> {
        let done = frame.done;
        Ok(match frame.job {
            Job::List(id) => {
                self.graph.set(id, PyValue::List(done));
                id
            }
            Job::Dict(id) => {
                let items = done.chunks_exact(2).map(|kv| (kv[0], kv[1])).collect();
                self.graph.set(id, PyValue::Dict(items));
                id
            }
            Job::Seq(tuple) => {
                let obj = if tuple { PyValue::Tuple(done) } else { PyValue::Set(done) };
                self.add(obj, Src::None)
            }
            Job::Forward => done.first().copied().ok_or_else(|| {
                crate::err!("jsonpickle: a reference was built without its object")
            })?,
            Job::Reduce { id, present, list } => self.finish_reduce(id, &present, &done, list)?,
            Job::Handler { id, cls, has_callable } => {
                let mut args = done;
                let callable = if has_callable && !args.is_empty() { args.remove(0) } else { cls };
                self.graph.set(id, PyValue::object(Construct::Reduce, callable, args, None, None));
                id
            }
            Job::Object(job) => self.finish_object(*job, done),
        })
    }

    fn finish_reduce(
        &mut self,
        id: ObjId,
        present: &[bool],
        done: &[ObjId],
        list: JId,
    ) -> crate::Result<ObjId> {
        let mut built = done.iter().copied();
        let slots: Vec<Option<ObjId>> =
            present.iter().map(|here| if *here { built.next() } else { None }).collect();
        let slot = |i: usize| slots.get(i).copied().flatten();
        let callable = slot(0).ok_or_else(|| {
            crate::err!("jsonpickle: py/reduce at {} has no callable", self.pointer(list))
        })?;
        let mut args = slot(1).map(|a| self.sequence(a)).unwrap_or_default();
        let mut how = Construct::Reduce;
        let mut callable = callable;
        let is_newobj = matches!(self.graph.global_name(callable), Some((_, "__newobj__")))
            || matches!(self.graph.get(callable), PyObj::Str(s) if s == "py/newobj");
        if is_newobj && !args.is_empty() {
            how = Construct::NewObj;
            callable = args.remove(0);
        }
        let list_items = slot(3).map(|a| self.sequence(a)).unwrap_or_default();
        let dict_items = slot(4).map(|a| self.pairs(a)).unwrap_or_default();
        let mut obj = PyValue::object(how, callable, args, None, slot(2));
        if let PyValue::Object { list_items: l, dict_items: d, .. } = &mut obj {
            *l = list_items;
            *d = dict_items;
        }
        self.graph.set(id, obj);
        Ok(id)
    }

    fn finish_object(&mut self, job: ObjectJob, done: Vec<ObjId>) -> ObjId {
        let mut next = done.into_iter();
        let mut how = Construct::NewObj;
        let mut args = Vec::new();
        let mut kwargs = None;
        if job.factory {
            how = Construct::Reduce;
            args.extend(next.next());
        }
        match job.args {
            Args::None => {}
            Args::Ex { args: a, kwargs: k } => {
                if a && let Some(a) = next.next() {
                    args.extend(self.sequence(a));
                }
                if k {
                    kwargs = next.next();
                }
            }
            Args::Plain { init } => {
                if init {
                    how = Construct::Reduce;
                }
                if let Some(a) = next.next() {
                    args.extend(self.sequence(a));
                }
            }
        }
        let mut fields = Vec::new();
        let mut dict_state = None;
        for is_dict_state in job.fields {
            let Some(value) = next.next() else { break };
            if is_dict_state {
                dict_state = Some(value);
            } else if let Some(key) = next.next() {
                fields.push((key, value));
            }
        }
        let list_items: Vec<ObjId> = next.by_ref().take(job.seq).collect();
        let explicit_state = if job.state { next.next() } else { None };
        let (state, dict_items) = if job.is_dict {
            (explicit_state.or(dict_state), fields)
        } else if explicit_state.is_some() && !fields.is_empty() {
            let ptr = self.pointer(job.j);
            self.warnings.push(format!(
                "{} at {ptr} has both py/state and fields; fields shown as items",
                job.class_name
            ));
            (explicit_state, fields)
        } else {
            let state = explicit_state.or_else(|| {
                (!fields.is_empty()).then(|| self.add(PyValue::Dict(fields), Src::None))
            });
            (state, Vec::new())
        };
        let mut obj = PyValue::object(how, job.cls, args, kwargs, state);
        if let PyValue::Object { list_items: l, dict_items: d, .. } = &mut obj {
            *l = list_items;
            *d = dict_items;
        }
        self.graph.set(job.id, obj);
        job.id
    }

    /// `a.b.C` → `Global { module: "a.b", name: "C" }`.
    pub(super) fn global(&mut self, dotted: &str) -> ObjId {
        self.global_at(dotted, Src::None)
    }

    /// A global named where it was written (`src`).
    fn global_at(&mut self, dotted: &str, src: Src) -> ObjId {
        let (module, name) = dotted.rsplit_once('.').unwrap_or(("builtins", dotted));
        self.add(PyValue::global(module, name), src)
    }

    /// A dict key: strings as they are; `json://…` keys (non-string keys) decoded when scalar.
    fn key(&mut self, k: &str) -> ObjId {
        if let Some(rest) = k.strip_prefix("json://")
            && let Ok(kd) = parse::parse(rest.as_bytes())
        {
            let obj = match kd.get(JsonDoc::ROOT) {
                J::Num(n) => Some(number(n)),
                J::Bool(b) => Some(PyValue::Bool(*b)),
                J::Null => Some(PyValue::None),
                J::Str(s) => Some(PyValue::Str(s.clone())),
                _ => None,
            };
            if let Some(obj) = obj {
                return self.add(obj, Src::None);
            }
        }
        self.add(PyValue::Str(k.to_string()), Src::None)
    }

    /// The elements of a built tuple/list/set (empty for anything else).
    fn sequence(&self, id: ObjId) -> Vec<ObjId> {
        match self.graph.get(id) {
            PyObj::Tuple(v) | PyObj::List(v) | PyObj::Set(v) | PyObj::FrozenSet(v) => v.to_vec(),
            _ => Vec::new(),
        }
    }

    /// `[[k, v], …]` pairs of a reduce's dict items.
    fn pairs(&self, id: ObjId) -> Vec<(ObjId, ObjId)> {
        self.sequence(id)
            .into_iter()
            .filter_map(|p| match self.sequence(p).as_slice() {
                [k, v] => Some((*k, *v)),
                _ => None,
            })
            .collect()
    }
}
