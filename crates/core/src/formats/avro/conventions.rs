//! py-avro-schema's conventions (as LocalStack writes its stores), made readable:
//!
//! - a `{__id, __data}` record wraps a list or dict: it collapses into that container;
//! - `__id` is the object's identity: a further record with the same `__id` is the object
//!   already decoded (shown as a shared reference, like a pickle's memo);
//! - `_runtime_type` names the value's class (else the record's full name does), so a record
//!   is an object of that class with its fields as state, found by class like a pickle's;
//! - a field holding the `TDMissingMarker` branch is an absent TypedDict key: not shown.

use crate::formats::pyobj::{Construct, PyObj, PyValue, Src};

use super::AvroError;
use super::build::{Builder, Slot};
use super::cursor::Cursor;
use super::schema::{Kind, SchemaId};

/// Name of the identity field.
pub const ID: &str = "__id";
/// Name of a wrapper's content field.
pub const DATA: &str = "__data";
/// Name of the class field.
pub const RUNTIME_TYPE: &str = "_runtime_type";

/// Whether a record's fields are exactly a wrapper's.
pub fn is_wrapper(names: &[&str]) -> bool {
    matches!(names, [ID, DATA] | [DATA, ID])
}

impl Builder<'_> {
    /// The object for a finished record of `schema` with field `values`.
    pub(super) fn record(
        &mut self,
        schema: SchemaId,
        values: Vec<Slot>,
        cur: &Cursor<'_>,
    ) -> Result<Slot, AvroError> {
        let schemas = self.schemas;
        let sch = schemas.get(schema);
        let Kind::Record(fields) = &sch.kind else {
            return Err(cur.malformed("record frame of a non-record schema"));
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let mut id = None;
        let mut class = sch.name.clone().unwrap_or_else(|| "record".into());
        let mut flat = Vec::with_capacity(values.len() * 2);
        let mut data = None;
        let wrapper = is_wrapper(&names);
        for (name, v) in names.iter().zip(values) {
            let Slot::Obj(v) = v else { continue };
            match (*name, self.graph.get(v)) {
                (ID, PyObj::Int(i)) => id = Some(i),
                (ID, PyObj::None) => {}
                (DATA, _) if wrapper => data = Some(v),
                (RUNTIME_TYPE, PyObj::Str(t)) => class = t.to_string(),
                (RUNTIME_TYPE, PyObj::None) => {}
                _ => {
                    let k = self.key(name)?;
                    flat.extend([k, v]);
                }
            }
        }
        if let Some(prev) = id.and_then(|i| self.shared.get(&i)) {
            return Ok(Slot::Obj(*prev));
        }
        let obj = match data {
            Some(d) => d,
            None => {
                self.charge(2)?;
                let callable = self.global(&class)?;
                let state = self.graph.add_dict_flat(&flat, Src::None);
                self.graph.add(
                    PyValue::object(Construct::NewObj, callable, vec![], None, Some(state)),
                    Src::None,
                )
            }
        };
        if let Some(i) = id {
            self.shared.insert(i, obj);
        }
        Ok(Slot::Obj(obj))
    }
}
