//! The graph under construction while Avro values are decoded: the object budget, cached
//! class names and keys, the objects already seen by `__id`, and the synthetic objects that
//! make logical values and embedded JSON readable.

use std::collections::HashMap;
use std::sync::Arc;

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
}

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
        }
    }

    /// The graph built, with `root` as its top.
    pub fn into_graph(mut self, root: ObjId) -> Graph {
        self.graph.root = root;
        self.graph.unshare_small_json_texts();
        self.graph
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
    pub fn take_warnings(&mut self) -> Vec<String> {
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
    /// stays what the schema says it is (bytes, or a string when `text` is one), with a
    /// warning.
    pub fn json(&mut self, raw: &[u8], text: bool, offset: u64) -> Result<Slot, AvroError> {
        let tape = match Tape::build(raw) {
            Ok(t) => t,
            Err(e) => {
                self.warn(format!("JSON value at byte {offset} does not parse: {e}"));
                let v = match text {
                    true => PyValue::Str(String::from_utf8_lossy(raw).into_owned()),
                    false => PyValue::Bytes(raw.to_vec()),
                };
                return self.add(v).map(Slot::Obj);
            }
        };
        self.charge(1)?;
        // Its scalars are edited through this leaf (the number it gets next).
        let avro = Some(self.next_leaf());
        Ok(Slot::Obj(self.graph.add_json(EmbeddedJson {
            text: SharedBytes::within(&self.buffer, raw),
            tape,
            avro,
        })))
    }
}
