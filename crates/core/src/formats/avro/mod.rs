//! Avro object container files, as LocalStack (v2026.03 on) writes each store
//! (`store.state.avro`, moto's `backend.state.avro`): decoded generically from the writer's
//! schema embedded in the file (the Avro standard alone; nothing of LocalStack's encoder),
//! then presented like a pickle of the same store, with py-avro-schema's conventions made
//! readable (`conventions`).
//!
//! Pipeline: [`container`] (header, blocks, codecs) → [`schema`] (the writer's schema, compiled)
//! → `decode` (values into a [`crate::formats::pyobj::Graph`]) → `formats::present` (tree,
//! lazily past the lazy threshold) → scopes from the store's `_account_id` / `_region_name`.

mod build;
pub mod codec;
pub mod container;
pub mod conventions;
mod cursor;
mod decode;
mod edit;
mod logical;
mod places;
pub mod schema;
pub mod schemadir;
pub mod written;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use thiserror::Error;

use crate::error::Context;
use crate::formats::{Editing, Evidence, Format, name_and_ext};
use crate::kind::EntryKind;
use crate::model::{Document, Scope, Tree, Value};
use crate::resources::localstack::region_scope;

use build::Builder;
use container::{Container, MAGIC};
use cursor::Cursor;

use crate::formats::pyobj::ObjId;

/// How deeply values may nest (records, arrays and maps inside one another).
pub const MAX_VALUE_DEPTH: usize = 10_000;

/// The most bytes one block may decompress to.
pub const MAX_BLOCK_BYTES: usize = 1 << 30;

/// An Avro file that cannot be decoded, with the byte offset where that was found.
#[derive(Debug, Error, PartialEq)]
pub enum AvroError {
    /// The file does not start with the container magic.
    #[error("not an Avro object container file (no Obj\\x01 header)")]
    NotContainer,
    /// The data ends before what it declares.
    #[error("truncated Avro data at byte {offset}: {what} goes past the end")]
    Truncated {
        /// Where the value began.
        offset: u64,
        /// What was being read.
        what: &'static str,
    },
    /// Bytes that are not what the schema says.
    #[error("malformed Avro data at byte {offset}: {what}")]
    Malformed {
        /// Where (inside a compressed block: the block's offset).
        offset: u64,
        /// What is wrong.
        what: String,
    },
    /// Raw datums (no container header) without a schema for them: what was looked for where.
    #[error("{0}")]
    NoSchema(String),
    /// The writer's schema is not a valid Avro schema.
    #[error("bad Avro schema: {0}")]
    Schema(String),
    /// A codec the Avro specification (and apache-avro) does not define.
    #[error(
        "unknown Avro codec {0:?} (localstate reads null, deflate, snappy, zstandard, bzip2 and xz)"
    )]
    Codec(String),
    /// A limit on hostile input.
    #[error("limit {limit} exceeded (at most {max}){}", offset.map(|o| format!(" at byte {o}")).unwrap_or_default())]
    Limit {
        /// The limit's name.
        limit: &'static str,
        /// Its value.
        max: u64,
        /// Where, if known.
        offset: Option<u64>,
    },
}

impl EntryKind {
    /// An Avro object container file (LocalStack's `*.state.avro` stores).
    pub const AVRO: EntryKind = EntryKind::new("avro");
}

/// Avro object container files.
pub struct AvroFormat;

impl Format for AvroFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::AVRO
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        if head.starts_with(MAGIC) {
            return Some(Evidence::Signature);
        }
        (name_and_ext(path).1 == "avro").then_some(Evidence::Name)
    }

    fn open_bytes(&self, name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        if !bytes.starts_with(MAGIC) {
            return schemadir::decode_raw(name, &bytes).with_context(|| name.display());
        }
        decode_owned(bytes).with_context(|| name.display())
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(edit::rewrite)
    }
}

/// Decodes the bytes of an Avro object container file.
pub fn decode(bytes: &[u8]) -> Result<Document, crate::Error> {
    decode_owned(bytes.to_vec())
}

/// Decodes an Avro object container file, keeping its JSON values as spans of its bytes
/// (or of the blocks decompressed) rather than copies.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Document, crate::Error> {
    let bytes = Arc::new(bytes);
    let max_nodes = crate::formats::pickle::Limits::default().max_nodes;
    let mut file = Container::open(&bytes)?;
    let schemas = file.schema.clone();
    let mut b = Builder::new(&schemas, max_nodes);
    let mut data = Vec::new();
    let mut index = 0u32;
    while let Some(mut block) = file.next_block()? {
        b.start_block(index);
        index = index.saturating_add(1);
        b.buffer = match &mut block.data {
            Cow::Owned(decompressed) => Arc::new(std::mem::take(decompressed)),
            Cow::Borrowed(_) => Arc::clone(&bytes),
        };
        let buffer = Arc::clone(&b.buffer);
        let block_bytes = if block.raw { &block.data[..] } else { &buffer[..] };
        data.extend(block_data(&mut b, &block, block_bytes)?);
    }
    let written = written::localstack_version(&file.meta)
        .map(|(key, v)| format!("; written by LocalStack {v} (from the Avro header key {key})"))
        .unwrap_or_default();
    let format = format!("Avro ({} codec, {} data{written})", file.codec_name, data.len());
    document(b, &data, format, max_nodes)
}

/// The document of decoded data: one datum is the root, several a list of them.
fn document(
    mut b: Builder<'_>,
    data: &[ObjId],
    format: String,
    max_nodes: usize,
) -> Result<Document, crate::Error> {
    let root = match data {
        [one] => *one,
        many => {
            b.charge(1)?;
            b.graph.add_list(many, crate::formats::pyobj::Src::None)
        }
    };
    let (graph, warnings) = b.into_graph(root);
    let mut doc = crate::formats::present::document(graph, &format, max_nodes)?;
    doc.warnings = warnings;
    scope_stores(&mut doc);
    Ok(doc)
}

/// Decodes the data of one block (numbering its scalars as block `b`'s current block).
fn block_data(
    b: &mut Builder<'_>,
    block: &container::Block<'_>,
    bytes: &[u8],
) -> Result<Vec<ObjId>, AvroError> {
    let schemas = b.schemas;
    // Each datum takes at least `min` bytes; data that may take none are bounded by the
    // object budget.
    let fits = match schemas.min_bytes(schemas.root) {
        0 => block.count <= b.budget_left() as u64,
        min => block.count <= (bytes.len() / min) as u64,
    };
    if !fits {
        return Err(AvroError::Malformed {
            offset: block.offset,
            what: format!("a block of {} data in {} bytes", block.count, bytes.len()),
        });
    }
    let mut cur = Cursor::new(bytes, block.offset, block.raw);
    let mut data = Vec::with_capacity(block.count as usize);
    for _ in 0..block.count {
        data.push(b.datum(&mut cur, schemas.root)?);
    }
    if cur.remaining() > 0 {
        return Err(AvroError::Malformed {
            offset: cur.offset(),
            what: format!("{} bytes left after the block's {} data", cur.remaining(), block.count),
        });
    }
    Ok(data)
}

/// Account and region of the stores in the file, from their `_account_id` / `_region_name`
/// fields (a file holds one store of one account and region), given to resources found
/// without one.
fn scope_stores(doc: &mut Document) {
    let tree = &mut doc.tree;
    let mut scopes = Vec::new();
    let mut ids: Vec<u32> = vec![Tree::ROOT];
    if tree.node(Tree::ROOT).is_list {
        tree.unfold(Tree::ROOT);
        ids = tree.node(Tree::ROOT).children.clone();
    }
    for id in ids {
        tree.unfold(id);
        let field = |tree: &Tree, name: &str| {
            tree.node(id).children.iter().find_map(|c| match &tree.node(*c) {
                n if n.name == name => match &n.value {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                },
                _ => None,
            })
        };
        if let Some(account) = field(tree, "_account_id") {
            let region = field(tree, "_region_name").and_then(|r| region_scope(&r));
            scopes.push(Scope { account, region });
        }
    }
    if let [only] = scopes.as_slice() {
        for r in &mut doc.summary.resources {
            r.account.get_or_insert_with(|| only.account.clone());
            if r.region.is_none() {
                r.region.clone_from(&only.region);
            }
        }
    }
    scopes.sort();
    scopes.dedup();
    doc.scopes = scopes;
}
