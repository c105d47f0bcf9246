//! Avro binary data → the Python object graph (`formats::pyobj`), iteratively: an explicit
//! stack of open records, arrays and maps, so neither a deep schema nor a recursive one
//! (a value nesting as deep as its bytes allow) recurses. Declared counts and lengths are
//! checked against the bytes left before anything is allocated for them.

use crate::formats::pyobj::{Construct, ObjId, PyValue, Src};

use super::build::{Builder, MISSING_TEXT, Slot};
use super::cursor::Cursor;
use super::logical::{decimal_text, duration_text, time_text};
use super::places::Start;
use super::schema::{Kind, Logical, SchemaId};
use super::{AvroError, MAX_VALUE_DEPTH};

/// An open container value.
enum Frame {
    Record { schema: SchemaId, next: usize, values: Vec<Slot> },
    Array { item: SchemaId, left: u64, items: Vec<ObjId> },
    Map { value: SchemaId, left: u64, flat: Vec<ObjId>, key: Option<ObjId> },
}

/// What the top frame does next.
enum Next {
    Child(SchemaId),
    Done,
}

impl Builder<'_> {
    /// Decodes one datum of `schema` from `cur`.
    pub fn datum(&mut self, cur: &mut Cursor<'_>, schema: SchemaId) -> Result<ObjId, AvroError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut done = self.value(cur, schema, &mut stack)?;
        loop {
            if let Some(v) = done.take() {
                match stack.last_mut() {
                    None => return Ok(self.materialize(v)),
                    Some(Frame::Record { values, .. }) => values.push(v),
                    Some(Frame::Array { items, .. }) => {
                        let v = self.materialize(v);
                        items.push(v);
                    }
                    Some(Frame::Map { flat, key, .. }) => {
                        let k = key.take();
                        let v = self.materialize(v);
                        if let Some(k) = k {
                            flat.extend([k, v]);
                        }
                    }
                }
            }
            let Some(top) = stack.last_mut() else {
                return Err(cur.malformed("value decoder lost its place"));
            };
            match self.next(cur, top)? {
                Next::Child(s) => done = self.value(cur, s, &mut stack)?,
                Next::Done => {
                    if let Some(f) = stack.pop() {
                        done = Some(self.finish(f, cur)?);
                    }
                }
            }
        }
    }

    fn next(&mut self, cur: &mut Cursor<'_>, top: &mut Frame) -> Result<Next, AvroError> {
        let schemas = self.schemas;
        Ok(match top {
            Frame::Record { schema, next, .. } => match &schemas.get(*schema).kind {
                Kind::Record(fields) if *next < fields.len() => {
                    *next += 1;
                    Next::Child(fields[*next - 1].schema)
                }
                _ => Next::Done,
            },
            Frame::Array { item, left, .. } => {
                if *left == 0 {
                    *left = self.items_in_block(cur, schemas.min_bytes(*item))?;
                }
                if *left == 0 {
                    Next::Done
                } else {
                    *left -= 1;
                    Next::Child(*item)
                }
            }
            Frame::Map { value, left, key, .. } => {
                if *left == 0 {
                    *left = self.items_in_block(cur, 1 + schemas.min_bytes(*value))?;
                }
                if *left == 0 {
                    Next::Done
                } else {
                    *left -= 1;
                    let k = cur.string("map key")?;
                    *key = Some(self.key(k)?);
                    Next::Child(*value)
                }
            }
        })
    }

    /// The item count of the next array or map block, checked against the bytes left (each
    /// item takes at least `min` bytes; items that may take none are bounded by the object
    /// budget instead).
    fn items_in_block(&mut self, cur: &mut Cursor<'_>, min: usize) -> Result<u64, AvroError> {
        let at = cur.offset();
        let n = cur.block_count("array or map block count")?;
        let fits = match min {
            0 => n <= self.budget_left() as u64,
            m => n <= (cur.remaining() / m) as u64,
        };
        if !fits {
            return Err(AvroError::Malformed {
                offset: at,
                what: format!(
                    "a block of {n} items does not fit in the {} bytes left",
                    cur.remaining()
                ),
            });
        }
        Ok(n)
    }

    /// Starts a value of the declared `schema`: its union branch is read, a scalar is returned
    /// at once (and numbered, see `places`), a container is pushed on `stack`.
    fn value(
        &mut self,
        cur: &mut Cursor<'_>,
        schema: SchemaId,
        stack: &mut Vec<Frame>,
    ) -> Result<Option<Slot>, AvroError> {
        let at = cur.pos();
        let resolved = self.resolve(cur, schema)?;
        let start = Start {
            declared: schema,
            schema: resolved,
            at,
            value_at: cur.pos(),
            first: self.graph.len() as ObjId,
        };
        let slot = self.begin(cur, resolved, stack)?;
        if let Some(slot) = slot {
            self.place_scalar(slot, start, cur.pos());
        }
        Ok(slot)
    }

    /// The branch a union value takes (reading its index), or `schema` itself.
    fn resolve(&self, cur: &mut Cursor<'_>, schema: SchemaId) -> Result<SchemaId, AvroError> {
        let schemas = self.schemas;
        let mut s = schema;
        let mut hops = 0;
        while let Kind::Union(branches) = &schemas.get(s).kind {
            let at = cur.offset();
            let i = cur.long("union branch")?;
            s = *usize::try_from(i).ok().and_then(|i| branches.get(i)).ok_or_else(|| {
                AvroError::Malformed {
                    offset: at,
                    what: format!("union branch {i} of {}", branches.len()),
                }
            })?;
            hops += 1;
            if hops > schemas.len() {
                return Err(cur.malformed("unions nested in unions"));
            }
        }
        Ok(s)
    }

    /// Starts a value of a resolved (non-union) schema `s`: a scalar is returned at once, a
    /// container is pushed on `stack`.
    fn begin(
        &mut self,
        cur: &mut Cursor<'_>,
        s: SchemaId,
        stack: &mut Vec<Frame>,
    ) -> Result<Option<Slot>, AvroError> {
        let schemas = self.schemas;
        let sch = schemas.get(s);
        let logical = sch.logical;
        let value = match &sch.kind {
            Kind::Null => PyValue::None,
            Kind::Boolean => match cur.take(1, "boolean")?[0] {
                0 => PyValue::Bool(false),
                1 => PyValue::Bool(true),
                b => return Err(cur.malformed(format!("boolean byte {b}"))),
            },
            Kind::Int => {
                let v = i64::from(cur.int("int")?);
                return self.number(logical, v).map(Some);
            }
            Kind::Long => {
                let v = cur.long("long")?;
                return self.number(logical, v).map(Some);
            }
            Kind::Float => {
                let b = cur.take(4, "float")?;
                PyValue::Float(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            }
            Kind::Double => {
                let b = cur.take(8, "double")?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                PyValue::Float(f64::from_le_bytes(a))
            }
            Kind::Bytes => {
                let at = cur.offset();
                let b = cur.bytes("bytes")?;
                return self.byte_value(logical, b, at).map(Some);
            }
            Kind::Fixed(n) => {
                let at = cur.offset();
                let b = cur.take(*n, "fixed")?;
                return self.byte_value(logical, b, at).map(Some);
            }
            Kind::String => {
                let at = cur.offset();
                let t = cur.string("string")?;
                return match logical {
                    // py-avro-schema writes an optional `str` key's value in the marker's
                    // branch too (`["null", marker]`): only the marker's text is absent.
                    Logical::Missing if t == MISSING_TEXT => Ok(Some(Slot::Missing)),
                    Logical::Json => self.json(t.as_bytes(), true, at).map(Some),
                    Logical::Uuid => self.text("uuid", t).map(|o| Some(Slot::Obj(o))),
                    _ => self.add(PyValue::Str(t.into())).map(|o| Some(Slot::Obj(o))),
                };
            }
            Kind::Enum(symbols) => {
                let at = cur.offset();
                let i = cur.long("enum index")?;
                let sym =
                    usize::try_from(i).ok().and_then(|i| symbols.get(i)).ok_or_else(|| {
                        AvroError::Malformed {
                            offset: at,
                            what: format!("enum index {i} of {}", symbols.len()),
                        }
                    })?;
                PyValue::Str(sym.clone())
            }
            Kind::Record(fields) => {
                if stack.len() >= MAX_VALUE_DEPTH {
                    return Err(depth_error(cur));
                }
                stack.push(Frame::Record {
                    schema: s,
                    next: 0,
                    values: Vec::with_capacity(fields.len()),
                });
                return Ok(None);
            }
            Kind::Array(item) => {
                if stack.len() >= MAX_VALUE_DEPTH {
                    return Err(depth_error(cur));
                }
                stack.push(Frame::Array { item: *item, left: 0, items: Vec::new() });
                return Ok(None);
            }
            Kind::Map(value) => {
                if stack.len() >= MAX_VALUE_DEPTH {
                    return Err(depth_error(cur));
                }
                stack.push(Frame::Map { value: *value, left: 0, flat: Vec::new(), key: None });
                return Ok(None);
            }
            Kind::Named(_) | Kind::Union(_) => {
                return Err(cur.malformed("unresolved schema reference"));
            }
        };
        self.add(value).map(|o| Some(Slot::Obj(o)))
    }

    fn number(&mut self, logical: Logical, v: i64) -> Result<Slot, AvroError> {
        Ok(Slot::Obj(match time_text(logical, v) {
            Some((ty, text)) => self.text(ty, &text)?,
            None => self.add(PyValue::Int(v))?,
        }))
    }

    fn byte_value(&mut self, logical: Logical, b: &[u8], at: u64) -> Result<Slot, AvroError> {
        Ok(Slot::Obj(match logical {
            Logical::Json => return self.json(b, false, at),
            Logical::Decimal { scale } => match decimal_text(b, scale) {
                Some(t) => {
                    let class = self.global("decimal.Decimal")?;
                    let text = self.add(PyValue::Str(t))?;
                    self.add(PyValue::object(Construct::Reduce, class, vec![text], None, None))?
                }
                None => self.add(PyValue::Bytes(b.to_vec()))?,
            },
            Logical::Duration => match duration_text(b) {
                Some(t) => self.text("duration", &t)?,
                None => self.add(PyValue::Bytes(b.to_vec()))?,
            },
            _ => self.add(PyValue::Bytes(b.to_vec()))?,
        }))
    }

    fn finish(&mut self, frame: Frame, cur: &Cursor<'_>) -> Result<Slot, AvroError> {
        self.charge(1)?;
        Ok(Slot::Obj(match frame {
            Frame::Array { items, .. } => self.graph.add_list(&items, Src::None),
            Frame::Map { flat, .. } => self.graph.add_dict_flat(&flat, Src::None),
            Frame::Record { schema, values, .. } => return self.record(schema, values, cur),
        }))
    }
}

fn depth_error(cur: &Cursor<'_>) -> AvroError {
    AvroError::Limit {
        limit: "MAX_VALUE_DEPTH",
        max: MAX_VALUE_DEPTH as u64,
        offset: Some(cur.offset()),
    }
}
