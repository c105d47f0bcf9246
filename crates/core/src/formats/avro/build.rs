//! The graph under construction while Avro values are decoded: the object budget, cached
//! class names and keys, the objects already seen by `__id`, and the synthetic objects that
//! make logical values and embedded JSON readable. Big JSON texts (a queue's messages) are
//! checked and indexed once the walk is done, on every core at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::formats::json::parse::ParseError;
use crate::formats::json::tape::Tape;
use crate::formats::pyobj::{Construct, EmbeddedJson, Graph, ObjId, PyValue, SharedBytes, Src};

use super::AvroError;
use super::schema::Schemas;

/// A decoded value, or py-avro-schema's marker for an absent TypedDict key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// An object of the graph.
    Obj(ObjId),
    /// `__td_missing__`: the field is not shown.
    Missing,
}

/// The marker's text, shown where a missing marker is not a record field.
pub const MISSING_TEXT: &str = "__td_missing__";

/// Builds the graph of one file.
pub struct Builder<'s> {
    pub(super) schemas: &'s Schemas,
    pub(super) graph: Graph,
    max_objects: usize,
    globals: HashMap<String, ObjId>,
    keys: HashMap<String, ObjId>,
    /// Objects by their `__id`: a further occurrence is the same object.
    pub(super) shared: HashMap<i64, ObjId>,
    /// Non-fatal findings (embedded JSON that does not parse...).
    warnings: Vec<String>,
    /// Findings past [`MAX_WARNINGS`].
    unwarned: usize,
    /// Where the scalars are (for edits).
    pub(super) places: super::places::Places,
    /// The bytes being decoded (the file, or the block decompressed), which JSON texts are
    /// kept as spans of.
    pub(super) buffer: Arc<Vec<u8>>,
    /// Big JSON texts not indexed yet, their objects placeholders until then.
    deferred: Vec<JsonText>,
}

/// A `json` value's text, and the placeholder object it becomes.
struct JsonText {
    id: ObjId,
    text: SharedBytes,
    /// Whether the schema says it is a string (else bytes).
    as_str: bool,
    /// Where it is in the file (for the warning when it does not parse).
    offset: u64,
    /// The Avro leaf holding it.
    leaf: (u32, u32),
}

/// Size from which a JSON text is indexed after the walk, beside the other big ones.
const DEFERRED_JSON_BYTES: usize = 1 << 20;

/// How many warnings a document keeps.
const MAX_WARNINGS: usize = 20;

impl<'s> Builder<'s> {
    /// An empty graph for values of `schemas`, holding at most `max_objects` objects.
    pub fn new(schemas: &'s Schemas, max_objects: usize) -> Self {
        Builder {
            schemas,
            graph: Graph::default(),
            max_objects,
            globals: HashMap::new(),
            keys: HashMap::new(),
            shared: HashMap::new(),
            warnings: Vec::new(),
            unwarned: 0,
            places: Default::default(),
            buffer: Arc::default(),
            deferred: Vec::new(),
        }
    }

    /// The graph built, with `root` as its top (its big JSON texts indexed now), and the
    /// warnings.
    pub fn into_graph(mut self, root: ObjId) -> (Graph, Vec<String>) {
        self.index_deferred();
        let warnings = self.take_warnings();
        self.graph.root = root;
        self.graph.unshare_small_json_texts();
        (self.graph, warnings)
    }

    /// Indexes the big JSON texts left for after the walk, all at once, into their
    /// placeholders.
    pub fn index_deferred(&mut self) {
        let deferred = std::mem::take(&mut self.deferred);
        let tapes = index_all(&deferred.iter().map(|j| &*j.text).collect::<Vec<_>>());
        for (json, tape) in deferred.into_iter().zip(tapes) {
            self.place_json(json, tape);
        }
    }

    /// Records a non-fatal finding (the first [`MAX_WARNINGS`], then how many more there were).
    pub fn warn(&mut self, w: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(w);
        } else {
            self.unwarned += 1;
        }
    }

    /// The warnings, with how many were left out.
    fn take_warnings(&mut self) -> Vec<String> {
        let mut w = std::mem::take(&mut self.warnings);
        if self.unwarned > 0 {
            w.push(format!("… and {} more such warnings", self.unwarned));
        }
        w
    }

    /// How many more objects may be added.
    pub fn budget_left(&self) -> usize {
        self.max_objects.saturating_sub(self.graph.len())
    }

    /// Checks that `n` more objects fit the budget.
    pub fn charge(&self, n: usize) -> Result<(), AvroError> {
        if n > self.budget_left() {
            return Err(AvroError::Limit {
                limit: "max_nodes",
                max: self.max_objects as u64,
                offset: None,
            });
        }
        Ok(())
    }

    /// Adds an object (within the budget).
    pub fn add(&mut self, v: PyValue) -> Result<ObjId, AvroError> {
        self.charge(1)?;
        Ok(self.graph.add(v, Src::None))
    }

    /// A string key (one object per distinct text).
    pub fn key(&mut self, k: &str) -> Result<ObjId, AvroError> {
        if let Some(id) = self.keys.get(k) {
            return Ok(*id);
        }
        let id = self.add(PyValue::Str(k.into()))?;
        self.keys.insert(k.into(), id);
        Ok(id)
    }

    /// The class `module.Name` (one object per distinct name).
    pub fn global(&mut self, full: &str) -> Result<ObjId, AvroError> {
        if let Some(id) = self.globals.get(full) {
            return Ok(*id);
        }
        let (module, name) = full.rsplit_once('.').unwrap_or(("builtins", full));
        let id = self.add(PyValue::global(module, name))?;
        self.globals.insert(full.into(), id);
        Ok(id)
    }

    /// A value shown as `text` with type `ty` (timestamps, dates, UUIDs): an `avro.<ty>`
    /// construction that the presentation renders as text.
    pub fn text(&mut self, ty: &str, text: &str) -> Result<ObjId, AvroError> {
        let class = self.global(&format!("avro.{ty}"))?;
        let arg = self.add(PyValue::Str(text.into()))?;
        self.add(PyValue::object(Construct::Reduce, class, vec![arg], None, None))
    }

    /// A slot as an object (the missing marker where it is not a field becomes its text).
    pub fn materialize(&mut self, slot: Slot) -> ObjId {
        match slot {
            Slot::Obj(id) => id,
            Slot::Missing => self.graph.add(PyValue::Str(MISSING_TEXT.into()), Src::None),
        }
    }

    /// JSON text (the `json` logical type) as one object, checked and indexed, presented
    /// member by member (a queue's messages are one such text); a value that does not parse
    /// stays what the schema says it is (bytes, or a string when `as_str`), with a warning.
    /// A big text is indexed by [`Builder::into_graph`], beside the other big ones.
    pub fn json(&mut self, raw: &[u8], as_str: bool, offset: u64) -> Result<Slot, AvroError> {
        self.charge(1)?;
        let json = JsonText {
            id: self.graph.add(PyValue::None, Src::None),
            text: SharedBytes::within(&self.buffer, raw),
            as_str,
            offset,
            // Its scalars are edited through this leaf (the number it gets next).
            leaf: self.next_leaf(),
        };
        let id = json.id;
        match raw.len() >= DEFERRED_JSON_BYTES {
            true => self.deferred.push(json),
            false => self.place_json(json, Tape::build(raw)),
        }
        Ok(Slot::Obj(id))
    }

    /// Makes a JSON text's placeholder the text indexed by `tape`, or what the schema says it
    /// is when it does not parse.
    fn place_json(&mut self, json: JsonText, tape: Result<Tape, ParseError>) {
        let JsonText { id, text, as_str, offset, leaf } = json;
        match tape {
            Ok(tape) => self.graph.set_json(id, EmbeddedJson { text, tape, avro: Some(leaf) }),
            Err(e) => {
                self.warn(format!("JSON value at byte {offset} does not parse: {e}"));
                self.graph.set(
                    id,
                    match as_str {
                        true => PyValue::Str(String::from_utf8_lossy(&text).into_owned()),
                        false => PyValue::Bytes(text.to_vec()),
                    },
                );
            }
        }
    }
}

/// Checks and indexes `texts` on as many threads as there are cores (at most one a text).
fn index_all(texts: &[&[u8]]) -> Vec<Result<Tape, ParseError>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(texts.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(text) = texts.get(i) else { return done };
            done.push((i, Tape::build(text)));
        }
    };
    let mut done = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            done.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, tape)| tape).collect()
}
