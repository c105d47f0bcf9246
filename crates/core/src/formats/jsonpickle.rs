//! jsonpickle JSON as written by localstack-persist (`store.json`, `backend.json`:
//! `{"v":1,"data":…}`) → the same Python object [`Graph`] the pickle VM builds, so that a
//! `store.json` and a `store.pkl` of the same state are presented identically.
//!
//! Tags follow jsonpickle's unpickler: `py/object` (with `py/newargs`, `py/newargsex`,
//! `py/initargs`, `py/state`, `py/seq`, fields, `__dict__` for dict subclasses, handler
//! `__reduce__` for datetimes), `py/reduce`, `py/tuple`, `py/set`, `py/id` (0-based index in
//! the order jsonpickle registers objects: lists, dicts, objects, reduces, reprs),
//! `py/iterator`, `py/b64`, `py/b85`, `py/bytes` (quoted-printable), `py/type`,
//! `py/function`, `py/repr` (never evaluated), `py/ref`. Scalars carry `Src::Json` with
//! their pointer in the raw file. Nothing is imported or evaluated.

use crate::error::Context;
use std::collections::HashMap;
use std::path::Path;

use base64::Engine;

use crate::formats::json::parse::{self, J, JId, JsonDoc};
use crate::formats::pyobj::{Construct, Graph, ObjId, PyObj, PyValue, Src};
use crate::formats::{Editing, Evidence, Format, json_like, read};
use crate::kind::EntryKind;
use crate::model::{Document, escape_pointer};

/// Nesting deeper than this is refused (the reader recurses on a thread with a large stack).
const MAX_DEPTH: usize = 20_000;
const STACK_BYTES: usize = 512 * 1024 * 1024;

/// Decodes a jsonpickle file and presents it exactly like a pickle of the same state.
impl EntryKind {
    /// jsonpickle JSON written by localstack-persist.
    pub const JSONPICKLE: EntryKind = EntryKind::new("jsonpickle");
}

/// jsonpickle JSON (localstack-persist's `store.json`).
pub struct JsonpickleFormat;

impl Format for JsonpickleFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::JSONPICKLE
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        let text = String::from_utf8_lossy(head);
        let tagged =
            text.contains("\"py/") || (text.starts_with("{\"v\":") && text.contains("\"data\""));
        (json_like(path, head) && tagged).then_some(Evidence::Content)
    }

    fn open(&self, path: &Path) -> crate::Result<Document> {
        open(&read(path)?)
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(crate::formats::json::rewrite::rewrite)
    }
}

/// Decodes jsonpickle text.
pub fn open(bytes: &[u8]) -> crate::Result<Document> {
    let (graph, warnings) = read_graph(bytes)?;
    let max_nodes = crate::formats::pickle::Limits::default().max_nodes;
    let mut doc = crate::formats::present::document(graph, "jsonpickle", max_nodes)?;
    doc.warnings.extend(warnings);
    Ok(doc)
}

/// Parses the file and builds the object graph; also returns non-fatal warnings.
pub fn read_graph(bytes: &[u8]) -> crate::Result<(Graph, Vec<String>)> {
    let doc = parse::parse(bytes).context("jsonpickle")?;
    let (data, data_ptr) = match (doc.member(JsonDoc::ROOT, "v"), doc.member(JsonDoc::ROOT, "data"))
    {
        (Some(_), Some(d)) => (d, "/data".to_string()),
        _ => (JsonDoc::ROOT, String::new()),
    };
    let mut warnings = Vec::new();
    if let Some(v) = doc.member(JsonDoc::ROOT, "v")
        && doc.get(v) != &J::Num("1".into())
    {
        warnings.push(format!("unknown localstack-persist format version {}", doc.to_compact(v)));
    }
    // Deeply nested input recurses; give it a stack sized for MAX_DEPTH.
    let handle = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || -> crate::Result<(Graph, Vec<String>)> {
            let mut b = Builder {
                doc: &doc,
                graph: Graph::default(),
                registry: Vec::new(),
                built: HashMap::new(),
                by_path: HashMap::new(),
                warnings,
            };
            b.register(data, 0)?;
            let root = b.build(data, &data_ptr, 0)?;
            b.graph.root = root;
            Ok((b.graph, b.warnings))
        })
        .context("cannot start the jsonpickle reader")?;
    handle.join().map_err(|_| crate::err!("jsonpickle reader failed"))?
}

/// jsonpickle's tag precedence (`Unpickler._restore_tags`).
const TAGS: [&str; 13] = [
    "py/tuple",
    "py/set",
    "py/b64",
    "py/b85",
    "py/id",
    "py/iterator",
    "py/object",
    "py/type",
    "py/reduce",
    "py/function",
    "py/bytes",
    "py/ref",
    "py/repr",
];

/// Classes jsonpickle writes as dicts with items directly in the object.
const DICT_CLASSES: [&str; 3] =
    ["collections.OrderedDict", "collections.defaultdict", "collections.Counter"];

struct Builder<'a> {
    doc: &'a JsonDoc,
    graph: Graph,
    /// JSON values in the order jsonpickle registers objects (`py/id` indexes this).
    registry: Vec<JId>,
    /// Objects already built from a registrable JSON value.
    built: HashMap<JId, ObjId>,
    /// Raw pointer → JSON value, for the old `py/ref` tag.
    by_path: HashMap<String, JId>,
    warnings: Vec<String>,
}

fn tag_of(m: &[(String, JId)]) -> Option<&'static str> {
    TAGS.into_iter().find(|t| m.iter().any(|(k, _)| k == t))
}

fn get(m: &[(String, JId)], key: &str) -> Option<JId> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
}

impl Builder<'_> {
    fn depth_check(depth: usize) -> crate::Result<()> {
        if depth > MAX_DEPTH {
            crate::bail!("jsonpickle data nested deeper than {MAX_DEPTH} levels");
        }
        Ok(())
    }

    /// Pass 1: the registration order, exactly as jsonpickle's unpickler walks the data.
    fn register(&mut self, j: JId, depth: usize) -> crate::Result<()> {
        Self::depth_check(depth)?;
        let d = depth + 1;
        match self.doc.get(j) {
            J::Arr(items) => {
                self.registry.push(j);
                for i in items.clone() {
                    self.register(i, d)?;
                }
            }
            J::Obj(m) => {
                let m = m.clone();
                match tag_of(&m) {
                    None => {
                        self.registry.push(j);
                        for (_, v) in &m {
                            self.register(*v, d)?;
                        }
                    }
                    Some(t @ ("py/tuple" | "py/set")) => {
                        if let Some(J::Arr(items)) = get(&m, t).map(|v| self.doc.get(v)) {
                            for i in items.clone() {
                                self.register(i, d)?;
                            }
                        }
                    }
                    Some("py/iterator") => {
                        if let Some(v) = get(&m, "py/iterator") {
                            self.register(v, d)?;
                        }
                    }
                    Some("py/reduce") => {
                        self.registry.push(j);
                        if let Some(J::Arr(items)) = get(&m, "py/reduce").map(|v| self.doc.get(v)) {
                            for i in items.clone() {
                                self.register(i, d)?;
                            }
                        }
                    }
                    Some("py/repr") => self.registry.push(j),
                    Some("py/object") => {
                        self.registry.push(j);
                        for v in self.object_parts(&m).into_iter().flatten() {
                            self.register(v, d)?;
                        }
                    }
                    Some(_) => {}
                }
            }
            _ => {}
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

    fn add(&mut self, obj: PyValue, src: Src) -> ObjId {
        self.graph.add(obj, src)
    }

    /// Pass 2: the graph object for JSON value `j` (whose raw pointer is `ptr`).
    fn build(&mut self, j: JId, ptr: &str, depth: usize) -> crate::Result<ObjId> {
        Self::depth_check(depth)?;
        if let Some(id) = self.built.get(&j) {
            return Ok(*id);
        }
        self.by_path.entry(ptr.to_string()).or_insert(j);
        let d = depth + 1;
        let src = Src::Json(ptr.to_string());
        let id = match self.doc.get(j) {
            J::Null => self.add(PyValue::None, src),
            J::Bool(b) => self.add(PyValue::Bool(*b), src),
            J::Str(s) => self.add(PyValue::Str(s.clone()), src),
            J::Num(n) => {
                let obj = number(n);
                self.add(obj, src)
            }
            J::Arr(items) => {
                let items = items.clone();
                let id = self.placeholder(j, src);
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    out.push(self.build(*v, &format!("{ptr}/{i}"), d)?);
                }
                self.graph.set(id, PyValue::List(out));
                id
            }
            J::Obj(m) => {
                let m = m.clone();
                self.tagged(j, &m, ptr, d)?
            }
        };
        Ok(id)
    }

    /// Adds an empty object and records it as built before its children, so a child's
    /// `py/id` back to it (a cycle) resolves.
    fn placeholder(&mut self, j: JId, src: Src) -> ObjId {
        let id = self.add(PyValue::None, src);
        self.built.insert(j, id);
        id
    }

    fn tagged(&mut self, j: JId, m: &[(String, JId)], ptr: &str, d: usize) -> crate::Result<ObjId> {
        let tag = tag_of(m);
        let val = |t: &str| get(m, t).unwrap_or(j);
        let tptr = |t: &str| format!("{ptr}/{}", escape_pointer(t));
        Ok(match tag {
            None => {
                // `py/mod` (jsonpickle imports the module) stays a dict here; its position is
                // kept for the safety audit.
                let src = match get(m, "py/mod") {
                    Some(_) => Src::Json(ptr.to_string()),
                    None => Src::None,
                };
                let id = self.placeholder(j, src);
                let mut items = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let key = self.key(k);
                    items.push((key, self.build(*v, &format!("{ptr}/{}", escape_pointer(k)), d)?));
                }
                self.graph.set(id, PyValue::Dict(items));
                id
            }
            Some(t @ ("py/tuple" | "py/set")) => {
                let items = self.build_list_items(val(t), &tptr(t), d)?;
                let obj = if t == "py/tuple" { PyValue::Tuple(items) } else { PyValue::Set(items) };
                self.add(obj, Src::None)
            }
            Some("py/id") => {
                let idx = match self.doc.get(val("py/id")) {
                    J::Num(n) => n.parse::<usize>().ok(),
                    _ => None,
                };
                let target = idx.and_then(|i| self.registry.get(i).copied()).ok_or_else(|| {
                    crate::err!(
                        "jsonpickle: {} at {ptr} refers to no object ({} objects registered)",
                        self.doc.to_compact(j),
                        self.registry.len()
                    )
                })?;
                let target_ptr = self.pointer_hint(target);
                self.build(target, &target_ptr, d)?
            }
            Some("py/ref") => {
                let path = self.doc.as_str(val("py/ref")).unwrap_or_default().to_string();
                let target = self
                    .by_path
                    .get(&format!("/data{path}"))
                    .or_else(|| self.by_path.get(&path))
                    .copied();
                match target {
                    Some(t) => self.build(t, &path, d)?,
                    None => {
                        self.warnings.push(format!(
                            "py/ref {path} at {ptr} does not name an earlier object"
                        ));
                        self.add(PyValue::None, Src::Json(ptr.to_string()))
                    }
                }
            }
            Some("py/iterator") => self.build(val("py/iterator"), &tptr("py/iterator"), d)?,
            Some(t @ ("py/b64" | "py/b85" | "py/bytes")) => {
                let text = self.doc.as_str(val(t)).unwrap_or_default();
                let bytes = match t {
                    "py/b64" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .map_err(|e| e.to_string()),
                    "py/b85" => b85decode(text),
                    _ => Ok(quopri_decode(text)),
                }
                .with_context(|| format!("jsonpickle: bad {t} at {ptr}"))?;
                self.add(PyValue::Bytes(bytes), Src::Json(tptr(t)))
            }
            Some(t @ ("py/type" | "py/function")) => {
                let name = self.doc.as_str(val(t)).unwrap_or_default();
                // Where it was written is the safety audit's location (globals are not
                // leaves, so this makes nothing editable).
                self.global_at(name, Src::Json(ptr.to_string()))
            }
            Some("py/repr") => {
                // `module/expression`: shown, never evaluated.
                let id = self.placeholder(j, Src::Json(ptr.to_string()));
                let callable = self.global("jsonpickle.repr");
                let text = self.doc.as_str(val("py/repr")).unwrap_or_default().to_string();
                let arg = self.add(PyValue::Str(text), Src::Json(tptr("py/repr")));
                self.graph.set(id, object(Construct::Reduce, callable, vec![arg], None, None));
                id
            }
            Some("py/reduce") => self.reduce(j, val("py/reduce"), &tptr("py/reduce"), d)?,
            Some(_) => self.py_object(j, m, ptr, d)?,
        })
    }

    /// A best-effort raw pointer for a registered value (used when a `py/id` is built before
    /// the value's own position is reached).
    fn pointer_hint(&self, j: JId) -> String {
        self.by_path.iter().find(|(_, v)| **v == j).map(|(k, _)| k.clone()).unwrap_or_default()
    }

    fn build_list_items(&mut self, list: JId, ptr: &str, d: usize) -> crate::Result<Vec<ObjId>> {
        let J::Arr(items) = self.doc.get(list) else { return Ok(Vec::new()) };
        let items = items.clone();
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            out.push(self.build(*v, &format!("{ptr}/{i}"), d)?);
        }
        Ok(out)
    }

    /// `a.b.C` → `Global { module: "a.b", name: "C" }`.
    fn global(&mut self, dotted: &str) -> ObjId {
        self.global_at(dotted, Src::None)
    }

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

    /// `py/reduce: [callable, args, state, listitems, dictitems]`.
    fn reduce(&mut self, j: JId, list: JId, ptr: &str, d: usize) -> crate::Result<ObjId> {
        let id = self.placeholder(j, Src::Json(ptr.to_string()));
        let parts = match self.doc.get(list) {
            J::Arr(items) => items.clone(),
            _ => crate::bail!("jsonpickle: py/reduce at {ptr} is not a list"),
        };
        let mut built = Vec::with_capacity(parts.len());
        for (i, p) in parts.iter().enumerate() {
            built.push(if matches!(self.doc.get(*p), J::Null) {
                None
            } else {
                Some(self.build(*p, &format!("{ptr}/{i}"), d)?)
            });
        }
        let slot = |i: usize| built.get(i).copied().flatten();
        let callable =
            slot(0).ok_or_else(|| crate::err!("jsonpickle: py/reduce at {ptr} has no callable"))?;
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
        let mut obj = object(how, callable, args, None, slot(2));
        if let PyValue::Object { list_items: l, dict_items: d, .. } = &mut obj {
            *l = list_items;
            *d = dict_items;
        }
        self.graph.set(id, obj);
        Ok(id)
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

    /// `py/object`: a class instance built with `__new__` (or a handler's `__reduce__`).
    fn py_object(
        &mut self,
        j: JId,
        m: &[(String, JId)],
        ptr: &str,
        d: usize,
    ) -> crate::Result<ObjId> {
        let id = self.placeholder(j, Src::Json(ptr.to_string()));
        let class_name =
            self.doc.as_str(get(m, "py/object").unwrap_or(j)).unwrap_or_default().to_string();
        let cls = self.global(&class_name);
        let field_ptr = |k: &str| format!("{ptr}/{}", escape_pointer(k));

        // Handler form (datetime/date/time): `__reduce__: [type, [b64 bytes, more args…]]`.
        if let Some(J::Arr(r)) = get(m, "__reduce__").map(|v| self.doc.get(v)) {
            let r = r.clone();
            let rptr = field_ptr("__reduce__");
            let callable = match r.first() {
                Some(c) => self.build(*c, &format!("{rptr}/0"), d)?,
                None => cls,
            };
            let mut args = Vec::new();
            if let Some(J::Arr(a)) = r.get(1).map(|a| self.doc.get(*a)) {
                for (i, v) in a.clone().iter().enumerate() {
                    let p = format!("{rptr}/1/{i}");
                    if i == 0 {
                        let text = self.doc.as_str(*v).unwrap_or_default();
                        let bytes =
                            base64::engine::general_purpose::STANDARD.decode(text).map_err(
                                |e| crate::err!("jsonpickle: bad base64 in __reduce__ at {p}: {e}"),
                            )?;
                        args.push(self.add(PyValue::Bytes(bytes), Src::Json(p)));
                    } else {
                        args.push(self.build(*v, &p, d)?);
                    }
                }
            }
            self.graph.set(id, object(Construct::Reduce, callable, args, None, None));
            return Ok(id);
        }

        // Handler form (localstack-persist): `{"py/object": "datetime.datetime", "isoformat": …}`.
        if let Some(iso) = get(m, "isoformat").and_then(|v| self.doc.as_str(v))
            && let Some(obj) = self.iso_datetime(&class_name, cls, iso, &field_ptr("isoformat"))
        {
            self.graph.set(id, obj);
            return Ok(id);
        }

        let mut how = Construct::NewObj;
        let mut args = Vec::new();
        let mut kwargs = None;
        if let Some(f) = get(m, "default_factory") {
            how = Construct::Reduce;
            args.push(self.build(f, &field_ptr("default_factory"), d)?);
        }
        if let Some(ex) = get(m, "py/newargsex") {
            if let J::Arr(pair) = self.doc.get(ex) {
                let pair = pair.clone();
                if let Some(a) = pair.first() {
                    let a = self.build(*a, &format!("{}/0", field_ptr("py/newargsex")), d)?;
                    args.extend(self.sequence(a));
                }
                if let Some(k) = pair.get(1) {
                    kwargs =
                        Some(self.build(*k, &format!("{}/1", field_ptr("py/newargsex")), d)?);
                }
            }
        } else if let Some((t, a)) = get(m, "py/newargs")
            .map(|a| ("py/newargs", a))
            .or_else(|| get(m, "py/initargs").map(|a| ("py/initargs", a)))
        {
            if t == "py/initargs" {
                how = Construct::Reduce;
            }
            let a = self.build(a, &field_ptr(t), d)?;
            args.extend(self.sequence(a));
        }
        let is_dict = get(m, "__dict__").is_some()
            || get(m, "default_factory").is_some()
            || DICT_CLASSES.contains(&class_name.as_str());
        let mut fields = Vec::new();
        let mut dict_state = None;
        for (k, v) in m.iter().filter(|(k, _)| !k.starts_with("py/") && k != "default_factory") {
            let value = self.build(*v, &field_ptr(k), d)?;
            if is_dict && k == "__dict__" {
                dict_state = Some(value);
            } else {
                let key = self.key(k);
                fields.push((key, value));
            }
        }
        let list_items = match get(m, "py/seq") {
            Some(s) => self.build_list_items(s, &field_ptr("py/seq"), d)?,
            None => Vec::new(),
        };
        let explicit_state = match get(m, "py/state") {
            Some(s) => Some(self.build(s, &field_ptr("py/state"), d)?),
            None => None,
        };
        let (state, dict_items) = if is_dict {
            (explicit_state.or(dict_state), fields)
        } else {
            if explicit_state.is_some() && !fields.is_empty() {
                self.warnings.push(format!(
                    "{class_name} at {ptr} has both py/state and fields; fields shown as items"
                ));
                (explicit_state, fields)
            } else {
                let state = explicit_state.or_else(|| {
                    (!fields.is_empty()).then(|| self.add(PyValue::Dict(fields), Src::None))
                });
                (state, Vec::new())
            }
        };
        let mut obj = object(how, cls, args, kwargs, state);
        if let PyValue::Object { list_items: l, dict_items: d, .. } = &mut obj {
            *l = list_items;
            *d = dict_items;
        }
        self.graph.set(id, obj);
        Ok(id)
    }
}

impl Builder<'_> {
    /// An ISO text as the call a pickle makes for the same value:
    /// `datetime.datetime(<10 state bytes>[, timezone(timedelta(0, offset))])`, `datetime.date(<4 bytes>)`.
    fn iso_datetime(
        &mut self,
        class_name: &str,
        cls: ObjId,
        iso: &str,
        ptr: &str,
    ) -> Option<PyValue> {
        let (date, rest) = iso.split_at_checked(10)?;
        let mut d = date.split('-').map(|p| p.parse::<u32>().ok());
        let (y, mo, day) = (d.next()??, d.next()??, d.next()??);
        let mut bytes = vec![(y >> 8) as u8, (y & 255) as u8, mo as u8, day as u8];
        let mut tz = None;
        match class_name {
            "datetime.date" if rest.is_empty() => {}
            "datetime.datetime" => {
                let t = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
                let (clock, offset) = match t.find(['+', '-', 'Z']) {
                    Some(i) => (&t[..i], Some(&t[i..])),
                    None => (t, None),
                };
                let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
                let mut h = hms.split(':').map(|p| p.parse::<u32>().ok());
                let (hh, mm, ss) = (h.next()??, h.next()??, h.next().flatten().unwrap_or(0));
                let us: u32 =
                    if frac.is_empty() { 0 } else { format!("{frac:0<6}")[..6].parse().ok()? };
                bytes.extend([
                    hh as u8,
                    mm as u8,
                    ss as u8,
                    (us >> 16) as u8,
                    (us >> 8 & 255) as u8,
                    (us & 255) as u8,
                ]);
                if let Some(off) = offset {
                    let secs: i64 = if off == "Z" {
                        0
                    } else {
                        let sign = if off.starts_with('-') { -1 } else { 1 };
                        let (oh, om) = off[1..].split_once(':')?;
                        sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60)
                    };
                    let delta_cls = self.global("datetime.timedelta");
                    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
                    let delta_args = vec![
                        self.add(PyValue::Int(days), Src::None),
                        self.add(PyValue::Int(rem), Src::None),
                        self.add(PyValue::Int(0), Src::None),
                    ];
                    let delta = self.add(
                        object(Construct::Reduce, delta_cls, delta_args, None, None),
                        Src::None,
                    );
                    let tz_cls = self.global("datetime.timezone");
                    tz = Some(self.add(
                        object(Construct::Reduce, tz_cls, vec![delta], None, None),
                        Src::None,
                    ));
                }
            }
            _ => return None,
        }
        let mut args = vec![self.add(PyValue::Bytes(bytes), Src::Json(ptr.to_string()))];
        args.extend(tz);
        Some(object(Construct::Reduce, cls, args, None, None))
    }
}

fn object(
    how: Construct,
    callable: ObjId,
    args: Vec<ObjId>,
    kwargs: Option<ObjId>,
    state: Option<ObjId>,
) -> PyValue {
    PyValue::object(how, callable, args, kwargs, state)
}

/// A JSON number as Python would load it: int (arbitrary size) or float.
fn number(n: &str) -> PyValue {
    if let Ok(i) = n.parse::<i64>() {
        return PyValue::Int(i);
    }
    if n.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
        return PyValue::Long(n.to_string());
    }
    match n {
        "NaN" => PyValue::Float(f64::NAN),
        "Infinity" => PyValue::Float(f64::INFINITY),
        "-Infinity" => PyValue::Float(f64::NEG_INFINITY),
        _ => PyValue::Float(n.parse().unwrap_or(f64::NAN)),
    }
}

/// Python's `base64.b85decode` (RFC 1924 alphabet).
fn b85decode(text: &str) -> Result<Vec<u8>, String> {
    const ALPHABET: &[u8] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
    let mut lookup = [255u8; 256];
    for (i, c) in ALPHABET.iter().enumerate() {
        lookup[*c as usize] = i as u8;
    }
    let bytes = text.as_bytes();
    let pad = (5 - bytes.len() % 5) % 5;
    let mut out = Vec::with_capacity(bytes.len() / 5 * 4 + 4);
    let mut chunk = Vec::with_capacity(5);
    for c in bytes.iter().copied().chain(std::iter::repeat_n(b'~', pad)) {
        let v = lookup[c as usize];
        if v == 255 {
            return Err(format!("invalid base85 character {:?}", c as char));
        }
        chunk.push(u32::from(v));
        if chunk.len() == 5 {
            let acc = chunk
                .iter()
                .try_fold(0u32, |acc, v| acc.checked_mul(85).and_then(|a| a.checked_add(*v)))
                .ok_or("base85 group overflows")?;
            out.extend_from_slice(&acc.to_be_bytes());
            chunk.clear();
        }
    }
    out.truncate(out.len() - pad);
    Ok(out)
}

/// Quoted-printable decoding (`quopri.decodestring`), used by old jsonpickle `py/bytes`.
fn quopri_decode(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let Some(h) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(h);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::pyobj::Object;

    fn graph(json: &str) -> Graph {
        read_graph(json.as_bytes()).unwrap().0
    }

    #[test]
    fn ids_are_zero_based_in_registration_order_and_cycles_resolve() {
        // Registered: 0 root dict, 1 list "a", 2 object "o"; py/id 2 is "o" itself (a cycle).
        let g = graph(
            r#"{"v":1,"data":{"a":[1],"o":{"py/object":"m.C","self":{"py/id":2},"l":{"py/id":1}}}}"#,
        );
        let PyObj::Dict(items) = g.get(g.root) else { panic!() };
        let o = items[1][1];
        let Some(Object { callable, state: Some(state), how, .. }) = g.object(o) else {
            panic!("{:?}", g.get(o))
        };
        assert_eq!(how, Construct::NewObj);
        assert_eq!(g.global_name(callable), Some(("m", "C")));
        let PyObj::Dict(fields) = g.get(state) else { panic!() };
        assert_eq!(fields[0][1], o);
        assert_eq!(fields[1][1], items[0][1]);
        assert_eq!(
            g.src(match g.get(items[0][1]) {
                PyObj::List(l) => l[0],
                _ => panic!(),
            }),
            Src::Json("/data/a/0".into())
        );
    }

    #[test]
    fn reduce_tuple_set_bytes_and_dict_subclass() {
        let g = graph(
            r#"{"v":1,"data":{"py/object":"localstack.services.stores.AccountRegionBundle","000000000000":{"e":{"py/reduce":[{"py/type":"m.Color"},{"py/tuple":["red"]}]},"s":{"py/set":[1,2]},"b":{"py/b64":"AAE="},"q":{"py/bytes":"a=3Db"}},"__dict__":{"service_name":"sqs"}}}"#,
        );
        let Some(Object { dict_items, state: Some(state), .. }) = g.object(g.root) else {
            panic!()
        };
        assert_eq!(g.get(dict_items[0][0]), PyObj::Str("000000000000"));
        assert!(matches!(g.get(state), PyObj::Dict(d) if d.len() == 1));
        let PyObj::Dict(inner) = g.get(dict_items[0][1]) else { panic!() };
        let Some(Object { how: Construct::Reduce, callable, args, .. }) = g.object(inner[0][1])
        else {
            panic!()
        };
        assert_eq!(g.global_name(callable), Some(("m", "Color")));
        assert_eq!(g.get(args[0]), PyObj::Str("red"));
        assert!(matches!(g.get(inner[1][1]), PyObj::Set(s) if s.len() == 2));
        assert_eq!(g.get(inner[2][1]), PyObj::Bytes(&[0, 1]));
        assert_eq!(g.get(inner[3][1]), PyObj::Bytes(b"a=b"));
    }

    #[test]
    fn datetime_handler_and_newargs() {
        let g = graph(
            r#"{"v":1,"data":[{"py/object":"datetime.datetime","__reduce__":[{"py/type":"datetime.datetime"},["B+cIAxYXKAWbTQ=="]]},{"py/object":"m.Scope","py/newargs":{"py/tuple":["/x"]}}]}"#,
        );
        let PyObj::List(l) = g.get(g.root) else { panic!() };
        let Some(Object { how: Construct::Reduce, callable, args, .. }) = g.object(l[0]) else {
            panic!()
        };
        assert_eq!(g.global_name(callable), Some(("datetime", "datetime")));
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 231, 8, 3, 22, 23, 40, 5, 155, 77]));
        let Some(Object { how: Construct::NewObj, args, .. }) = g.object(l[1]) else { panic!() };
        assert_eq!(g.get(args[0]), PyObj::Str("/x"));
    }

    #[test]
    fn isoformat_datetimes_become_pickle_style_calls() {
        let g = graph(
            r#"[{"py/object":"datetime.datetime","isoformat":"2023-11-19T13:10:24.3375+01:30"},{"py/object":"datetime.date","isoformat":"2024-02-29"}]"#,
        );
        let PyObj::List(l) = g.get(g.root) else { panic!() };
        let Some(Object { how: Construct::Reduce, args, .. }) = g.object(l[0]) else {
            panic!("{:?}", g.get(l[0]))
        };
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 231, 11, 19, 13, 10, 24, 5, 38, 92]));
        let Some(Object { callable, args: tz_args, .. }) = g.object(args[1]) else { panic!() };
        assert_eq!(g.global_name(callable), Some(("datetime", "timezone")));
        let Some(Object { args: delta, .. }) = g.object(tz_args[0]) else { panic!() };
        assert_eq!(g.get(delta[1]), PyObj::Int(5400));
        let Some(Object { args, .. }) = g.object(l[1]) else { panic!() };
        assert_eq!(g.get(args[0]), PyObj::Bytes(&[7, 232, 2, 29]));
    }

    #[test]
    fn bad_references_and_json_are_errors() {
        let e = read_graph(br#"{"v":1,"data":{"a":{"py/id":9}}}"#).unwrap_err().to_string();
        assert!(e.contains("refers to no object"), "{e}");
        assert!(read_graph(b"{\"v\":1,").unwrap_err().to_string().contains("invalid JSON"));
        assert_eq!(b85decode("Xk~0{Zv").unwrap(), b"hello");
        assert_eq!(b85decode("Xk~0{Zy_Ne").unwrap(), b"hello!!!");
    }
}
