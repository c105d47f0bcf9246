//! Where each scalar of a block is, for editing: every primitive value decoded gets the next
//! leaf number of its block ([`crate::model::Origin::Avro`]), the editable ones carry it as
//! their source, and the one an edit looks for has its bytes' range recorded.
//!
//! Only values that can be written back from what is shown get a source: plain booleans,
//! numbers, strings, bytes, fixed, enums, UUIDs, dates, timestamps and decimals (and a union's
//! null, so that changing it is refused with the reason), and the scalars inside embedded
//! JSON (`json` values: numbered by their index in the text, see `build`). Durations, times
//! of day, map keys and the py-avro-schema bookkeeping (`__id`, `_runtime_type`, wrappers)
//! get none.

use std::ops::Range;

use crate::formats::pyobj::{ObjId, PyObj, Src};

use super::build::{Builder, Slot};
use super::schema::{Kind, Logical, SchemaId, Schemas};

/// The numbering of one block's scalars.
#[derive(Debug, Default)]
pub struct Places {
    /// Index of the block being decoded.
    block: u32,
    /// File-wide number of its first leaf.
    first: u32,
    /// Scalars decoded so far in it.
    leaves: u32,
    /// The leaf whose bytes are wanted.
    find: Option<u32>,
    /// Where it was found.
    found: Option<Found>,
}

/// The bytes of one scalar inside a block's (decompressed) data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// From the union branch index (if any) to the end of the value.
    pub bytes: Range<usize>,
    /// Where the value itself begins (after the union branch index).
    pub value_start: usize,
    /// The schema the field declares (a union, or the value's own).
    pub declared: SchemaId,
    /// The value's schema (the union's branch).
    pub schema: SchemaId,
    /// The graph objects decoding the value made.
    pub objects: Range<ObjId>,
}

/// Where a value begins: its declared schema and the positions of its union index and of
/// the value, and the first object it makes.
pub struct Start {
    /// The declared schema.
    pub declared: SchemaId,
    /// The resolved schema.
    pub schema: SchemaId,
    /// Position of the union index (or of the value when there is none).
    pub at: usize,
    /// Position of the value.
    pub value_at: usize,
    /// The first object id the value may make.
    pub first: ObjId,
}

impl Builder<'_> {
    /// Starts numbering the scalars of block `block`.
    pub fn start_block(&mut self, block: u32) {
        self.places.first = self.places.first.saturating_add(self.places.leaves);
        self.places.block = block;
        self.places.leaves = 0;
        self.graph.start_avro_block(self.places.first);
    }

    /// The block being decoded and the number its next scalar gets.
    pub fn next_leaf(&self) -> (u32, u32) {
        (self.places.block, self.places.leaves)
    }

    /// Records where leaf `leaf` of the blocks decoded next is.
    pub fn find_leaf(&mut self, leaf: u32) {
        self.places.find = Some(leaf);
    }

    /// The bytes of the leaf asked for by [`Builder::find_leaf`], once decoded.
    pub fn found(&self) -> Option<&Found> {
        self.places.found.as_ref()
    }

    /// Numbers a scalar that has been decoded (from `start` to `end`), tagging it if editable.
    pub(super) fn place_scalar(&mut self, slot: Slot, start: Start, end: usize) {
        let leaf = self.places.leaves;
        self.places.leaves = leaf.saturating_add(1);
        if let Slot::Obj(id) = slot
            && editable(self.schemas, start.declared, start.schema)
        {
            let shown = self.shown_object(id);
            self.graph.set_src(shown, Src::Avro { block: self.places.block, leaf });
        }
        if self.places.find == Some(leaf) {
            self.places.found = Some(Found {
                bytes: start.at..end,
                value_start: start.value_at,
                declared: start.declared,
                schema: start.schema,
                objects: start.first..self.graph.len() as ObjId,
            });
        }
    }

    /// The object whose source the tree shows: a logical value's text, else the value.
    fn shown_object(&self, id: ObjId) -> ObjId {
        match self.graph.get(id) {
            PyObj::Object(o) => o.args.first().copied().unwrap_or(id),
            _ => id,
        }
    }
}

/// Whether a value of `schema` (declared as `declared`) is stored as it is shown.
fn editable(schemas: &Schemas, declared: SchemaId, schema: SchemaId) -> bool {
    let s = schemas.get(schema);
    match (&s.kind, s.logical) {
        (Kind::Null, _) => declared != schema,
        (Kind::Boolean | Kind::Float | Kind::Double | Kind::Enum(_), _) => true,
        (Kind::Int | Kind::Long, l) => is_time(l) || l == Logical::None,
        (Kind::String, l) => matches!(l, Logical::None | Logical::Uuid),
        (Kind::Bytes | Kind::Fixed(_), l) => matches!(l, Logical::None | Logical::Decimal { .. }),
        _ => false,
    }
}

/// Whether a logical type on an int or long is a date or timestamp (edited as ISO text).
pub fn is_time(l: Logical) -> bool {
    matches!(
        l,
        Logical::Date
            | Logical::TimestampMillis { .. }
            | Logical::TimestampMicros { .. }
            | Logical::TimestampNanos { .. }
    )
}
