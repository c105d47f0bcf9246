//! The writer's schema of an Avro file (the JSON in its `avro.schema` header) compiled into a
//! flat arena the value decoder walks, iteratively: a schema nested to any depth or naming
//! itself (`py-avro-schema` writes forward references for recursive classes) never recurses.
//!
//! Kept beside the Avro types: the logical types (standard ones, LocalStack's `json`), and
//! py-avro-schema's `TDMissingMarker` string branch, which marks a TypedDict key that is absent.

use std::collections::HashMap;

use crate::formats::json::parse::{J, JId, JsonDoc, parse};

use super::AvroError;

/// Index of a schema in [`Schemas`].
pub type SchemaId = u32;

/// How deeply a schema's JSON may nest (objects and arrays); deeper ones are refused.
pub const MAX_SCHEMA_DEPTH: usize = 256;

/// What a schema is.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `null`: no bytes.
    Null,
    /// `boolean`: one byte.
    Boolean,
    /// `int`: a zig-zag varint.
    Int,
    /// `long`: a zig-zag varint.
    Long,
    /// `float`: 4 bytes little-endian.
    Float,
    /// `double`: 8 bytes little-endian.
    Double,
    /// `bytes`: a length, then the bytes.
    Bytes,
    /// `string`: a length, then UTF-8.
    String,
    /// An array of items of the schema.
    Array(SchemaId),
    /// A map from strings to values of the schema.
    Map(SchemaId),
    /// One of the branches, by index.
    Union(Vec<SchemaId>),
    /// Fields in order.
    Record(Vec<Field>),
    /// One of the symbols, by index.
    Enum(Vec<String>),
    /// Exactly `size` bytes.
    Fixed(usize),
    /// A reference by name, resolved once every name is known (never left after compiling).
    Named(Vec<String>),
}

/// A logical type (how the underlying value is to be read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Logical {
    /// None: the plain type.
    None,
    /// JSON text (py-avro-schema's `logicalType: json`, on bytes or string).
    Json,
    /// A decimal with `scale` digits after the point (on bytes or fixed).
    Decimal {
        /// Digits after the point.
        scale: u32,
    },
    /// A UUID string.
    Uuid,
    /// Days since the epoch.
    Date,
    /// Milliseconds after midnight.
    TimeMillis,
    /// Microseconds after midnight.
    TimeMicros,
    /// Milliseconds since the epoch, UTC (`local`: no time zone).
    TimestampMillis {
        /// A `local-` timestamp (no time zone).
        local: bool,
    },
    /// Microseconds since the epoch, UTC (`local`: no time zone).
    TimestampMicros {
        /// A `local-` timestamp (no time zone).
        local: bool,
    },
    /// Nanoseconds since the epoch, UTC (`local`: no time zone).
    TimestampNanos {
        /// A `local-` timestamp (no time zone).
        local: bool,
    },
    /// `fixed(12)`: months, days, milliseconds.
    Duration,
    /// py-avro-schema's `TDMissingMarker` string: the TypedDict key is absent when it holds
    /// `__td_missing__` (an optional `str` key's value shares the branch).
    Missing,
}

/// A record's field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its schema.
    pub schema: SchemaId,
}

/// One schema of the arena.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    /// What it is.
    pub kind: Kind,
    /// Its logical type.
    pub logical: Logical,
    /// The full name of a record, enum or fixed.
    pub name: Option<String>,
}

/// A compiled schema: the arena and its top.
#[derive(Clone, Debug)]
pub struct Schemas {
    nodes: Vec<Schema>,
    /// The top-level schema (what each datum of the file is).
    pub root: SchemaId,
}

impl Schemas {
    /// The schema `id`.
    pub fn get(&self, id: SchemaId) -> &Schema {
        &self.nodes[id as usize]
    }

    /// Number of schemas in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the arena is empty (never, once compiled).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The fewest bytes a value of `id` takes (0 when it may take none), to check declared
    /// item counts against the bytes left. Records and references count as 0 (cheap and
    /// safe: a lower bound).
    pub fn min_bytes(&self, id: SchemaId) -> usize {
        match &self.get(id).kind {
            Kind::Null | Kind::Record(_) | Kind::Named(_) => 0,
            Kind::Float => 4,
            Kind::Double => 8,
            Kind::Fixed(n) => *n,
            _ => 1,
        }
    }
}

/// Parses and compiles the schema JSON of a file's header.
pub fn compile(json: &[u8]) -> Result<Schemas, AvroError> {
    let doc = parse(json).map_err(|e| AvroError::Schema(format!("not JSON: {e}")))?;
    check_depth(&doc)?;
    Compiler { doc: &doc, nodes: Vec::new(), names: HashMap::new() }.run()
}

/// Refuses a schema nested deeper than [`MAX_SCHEMA_DEPTH`] (measured iteratively).
fn check_depth(doc: &JsonDoc) -> Result<(), AvroError> {
    let mut stack = vec![(JsonDoc::ROOT, 1usize)];
    while let Some((id, depth)) = stack.pop() {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(AvroError::Limit {
                limit: "MAX_SCHEMA_DEPTH",
                max: MAX_SCHEMA_DEPTH as u64,
                offset: None,
            });
        }
        match doc.get(id) {
            J::Arr(items) => stack.extend(items.iter().map(|c| (*c, depth + 1))),
            J::Obj(members) => stack.extend(members.iter().map(|(_, c)| (*c, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

struct Compiler<'a> {
    doc: &'a JsonDoc,
    nodes: Vec<Schema>,
    names: HashMap<String, SchemaId>,
}

fn primitive(name: &str) -> Option<Kind> {
    Some(match name {
        "null" => Kind::Null,
        "boolean" => Kind::Boolean,
        "int" => Kind::Int,
        "long" => Kind::Long,
        "float" => Kind::Float,
        "double" => Kind::Double,
        "bytes" => Kind::Bytes,
        "string" => Kind::String,
        _ => return None,
    })
}

/// A name's full name in `namespace` (a dotted name is already full).
fn full_name(name: &str, namespace: &str) -> String {
    if name.contains('.') || namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

impl Compiler<'_> {
    fn bad(&self, what: impl Into<String>) -> AvroError {
        AvroError::Schema(what.into())
    }

    fn alloc(&mut self) -> SchemaId {
        self.nodes.push(Schema { kind: Kind::Null, logical: Logical::None, name: None });
        self.nodes.len() as SchemaId - 1
    }

    fn str_member(&self, id: JId, key: &str) -> Option<&str> {
        self.doc.member(id, key).and_then(|v| self.doc.as_str(v))
    }

    fn run(mut self) -> Result<Schemas, AvroError> {
        // (JSON value, enclosing namespace, arena slot to fill)
        let root = self.alloc();
        let mut work = vec![(JsonDoc::ROOT, String::new(), root)];
        while let Some((json, ns, slot)) = work.pop() {
            let Some(schema) = self.one(json, &ns, slot, &mut work)? else { continue };
            if let Some(name) = &schema.name
                && self.names.insert(name.clone(), slot).is_some()
            {
                return Err(self.bad(format!("the name {name} is defined twice")));
            }
            self.nodes[slot as usize] = schema;
        }
        self.resolve()?;
        Ok(Schemas { nodes: self.nodes, root })
    }

    /// Compiles one JSON schema into a [`Schema`], queueing its parts into `work` (in reverse,
    /// so they are compiled in document order, as names must be defined).
    fn one(
        &mut self,
        json: JId,
        ns: &str,
        slot: SchemaId,
        work: &mut Vec<(JId, String, SchemaId)>,
    ) -> Result<Option<Schema>, AvroError> {
        let plain = |kind| Schema { kind, logical: Logical::None, name: None };
        match self.doc.get(json) {
            J::Str(name) => Ok(Some(match primitive(name) {
                Some(k) => plain(k),
                None => plain(Kind::Named(vec![full_name(name, ns), name.clone()])),
            })),
            J::Arr(branches) => {
                let ids: Vec<SchemaId> = branches.iter().map(|_| self.alloc()).collect();
                for (b, id) in branches.iter().zip(&ids).rev() {
                    work.push((*b, ns.to_string(), *id));
                }
                Ok(Some(plain(Kind::Union(ids))))
            }
            J::Obj(_) => self.complex(json, ns, slot, work),
            other => Err(self.bad(format!("a schema cannot be {other:?}"))),
        }
    }

    fn complex(
        &mut self,
        json: JId,
        ns: &str,
        slot: SchemaId,
        work: &mut Vec<(JId, String, SchemaId)>,
    ) -> Result<Option<Schema>, AvroError> {
        let Some(ty_id) = self.doc.member(json, "type") else {
            return Err(self.bad("a schema object without \"type\""));
        };
        let logical = self.logical(json);
        let ty = match self.doc.get(ty_id) {
            J::Str(s) => s.clone(),
            // `{"type": {...}}` or `{"type": [...]}`: the nested schema fills this slot.
            _ => {
                work.push((ty_id, ns.to_string(), slot));
                return Ok(None);
            }
        };
        let named = |c: &Self| -> Result<(String, String), AvroError> {
            let name = c
                .str_member(json, "name")
                .ok_or_else(|| c.bad(format!("a {ty} without a name")))?;
            let space = c.str_member(json, "namespace").unwrap_or(ns);
            let full = full_name(name, space);
            let inner_ns = full.rsplit_once('.').map(|(n, _)| n.to_string()).unwrap_or_default();
            Ok((full, inner_ns))
        };
        let kind = match ty.as_str() {
            "record" | "error" => {
                let (full, inner_ns) = named(self)?;
                let Some(J::Arr(fields)) = self.doc.member(json, "fields").map(|f| self.doc.get(f))
                else {
                    return Err(self.bad(format!("record {full} without a fields array")));
                };
                let mut out = Vec::with_capacity(fields.len());
                let mut queued = Vec::with_capacity(fields.len());
                for f in fields {
                    let name = self
                        .str_member(*f, "name")
                        .ok_or_else(|| self.bad(format!("a field of {full} without a name")))?
                        .to_string();
                    let fty = self
                        .doc
                        .member(*f, "type")
                        .ok_or_else(|| self.bad(format!("field {full}.{name} without a type")))?;
                    let slot = self.alloc();
                    queued.push((fty, inner_ns.clone(), slot));
                    out.push(Field { name, schema: slot });
                }
                work.extend(queued.into_iter().rev());
                return Ok(Some(Schema { kind: Kind::Record(out), logical, name: Some(full) }));
            }
            "enum" => {
                let (full, _) = named(self)?;
                let Some(J::Arr(symbols)) =
                    self.doc.member(json, "symbols").map(|f| self.doc.get(f))
                else {
                    return Err(self.bad(format!("enum {full} without symbols")));
                };
                let symbols =
                    symbols.iter().map(|s| self.doc.as_str(*s).unwrap_or("").to_string()).collect();
                return Ok(Some(Schema { kind: Kind::Enum(symbols), logical, name: Some(full) }));
            }
            "fixed" => {
                let (full, _) = named(self)?;
                let size = self
                    .doc
                    .member(json, "size")
                    .and_then(|s| match self.doc.get(s) {
                        J::Num(n) => n.parse::<usize>().ok(),
                        _ => None,
                    })
                    .ok_or_else(|| self.bad(format!("fixed {full} without a size")))?;
                return Ok(Some(Schema { kind: Kind::Fixed(size), logical, name: Some(full) }));
            }
            "array" | "map" => {
                let key = if ty == "array" { "items" } else { "values" };
                let inner = self
                    .doc
                    .member(json, key)
                    .ok_or_else(|| self.bad(format!("{ty} without {key}")))?;
                let slot = self.alloc();
                work.push((inner, ns.to_string(), slot));
                if ty == "array" { Kind::Array(slot) } else { Kind::Map(slot) }
            }
            other => match primitive(other) {
                Some(k) => k,
                None => Kind::Named(vec![full_name(other, ns), other.to_string()]),
            },
        };
        Ok(Some(Schema { kind, logical, name: None }))
    }

    fn logical(&self, json: JId) -> Logical {
        // `py_avro_schema._schemas.TDMissingMarker` in localstack-ext's schemas,
        // `py_avro_schema.TDMissingMarker` from localstack-py-avro-schema 3.9.16.
        if self.str_member(json, "namedString").is_some_and(|n| n.ends_with(".TDMissingMarker")) {
            return Logical::Missing;
        }
        let local = |s: &str| s.starts_with("local-");
        match self.str_member(json, "logicalType") {
            Some("json") => Logical::Json,
            Some("decimal") => Logical::Decimal {
                scale: self
                    .doc
                    .member(json, "scale")
                    .and_then(|s| match self.doc.get(s) {
                        J::Num(n) => n.parse().ok(),
                        _ => None,
                    })
                    .unwrap_or(0),
            },
            Some("uuid") => Logical::Uuid,
            Some("date") => Logical::Date,
            Some("time-millis") => Logical::TimeMillis,
            Some("time-micros") => Logical::TimeMicros,
            Some(t @ ("timestamp-millis" | "local-timestamp-millis")) => {
                Logical::TimestampMillis { local: local(t) }
            }
            Some(t @ ("timestamp-micros" | "local-timestamp-micros")) => {
                Logical::TimestampMicros { local: local(t) }
            }
            Some(t @ ("timestamp-nanos" | "local-timestamp-nanos")) => {
                Logical::TimestampNanos { local: local(t) }
            }
            Some("duration") => Logical::Duration,
            _ => Logical::None,
        }
    }

    /// Replaces every reference by name with the named schema (copying its kind, so the
    /// decoder never follows a reference), keeping the reference's own logical type.
    fn resolve(&mut self) -> Result<(), AvroError> {
        for i in 0..self.nodes.len() {
            // A chain of references (`{"type": "Name"}` nested) ends within the arena's size.
            let mut hops = 0;
            while let Kind::Named(candidates) = &self.nodes[i].kind {
                let Some(target) = candidates.iter().find_map(|c| self.names.get(c)).copied()
                else {
                    let name = candidates.last().cloned().unwrap_or_default();
                    return Err(self.bad(format!("unknown type {name}")));
                };
                hops += 1;
                if hops > self.nodes.len() {
                    return Err(self.bad("a type that is only a reference to itself"));
                }
                let t = self.nodes[target as usize].clone();
                let logical = match self.nodes[i].logical {
                    Logical::None => t.logical,
                    l => l,
                };
                self.nodes[i] = Schema { logical, ..t };
            }
        }
        Ok(())
    }
}
