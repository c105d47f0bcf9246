//! Pickle engine: decodes any pickle (protocols 0–5, dill output included) without importing
//! or executing anything, presents it in the shared tree model and edits scalar leaves
//! loss-free.
//!
//! Pipeline: [`lexer`] (opcodes with byte spans) → [`vm`] (symbolic machine building a
//! [`crate::formats::pyobj::Graph`]) → `formats::present` (tree) → `resources::summary`.

pub mod edit;
mod encode;
pub mod lexer;
pub mod limits;
mod memo;
pub mod ops;
pub mod rewrite;
mod scalars;
pub mod vm;

use std::path::Path;
use std::sync::Arc;

use crate::error::Context;
use crate::formats::present::PresentError;
use crate::formats::{Editing, Evidence, Format, name_and_ext};
use crate::kind::EntryKind;
use crate::model::Document;

pub use edit::{references, replace_scalar};
pub use limits::{Limits, PickleError};

/// Strips localstack-persist's one-byte format marker (`p` pickle, `d` dill) before `PROTO`.
pub fn strip_marker(bytes: &[u8]) -> &[u8] {
    match bytes {
        [b'p' | b'd', 0x80, ..] => &bytes[1..],
        _ => bytes,
    }
}

/// Decodes a bare pickle into a presented document.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Document, PickleError> {
    present(vm::run(bytes, limits)?, limits)
}

/// Decodes the bytes of a `.state`, `.pkl` or bare pickle file (marker byte skipped), keeping
/// them as the graph's source instead of copying strings out of them.
pub fn decode_file_bytes(file: Vec<u8>, limits: &Limits) -> Result<Document, PickleError> {
    let start = file.len() - strip_marker(&file).len();
    present(vm::run_shared(Arc::new(file), start, limits)?, limits)
}

fn present(decoded: vm::Decoded, limits: &Limits) -> Result<Document, PickleError> {
    let format = format!("pickle (protocol {})", decoded.protocol);
    let end = decoded.end;
    let mut doc = crate::formats::present::document(decoded.graph, &format, limits.max_nodes)
        .map_err(|e| match e {
            PresentError::TooManyNodes(e) => PickleError::Limit {
                limit: "max_nodes",
                value: e.max as u64 + 1,
                max: e.max as u64,
                offset: end,
            },
            PresentError::TooDeep(e) => PickleError::TooDeep(e),
        })?;
    doc.warnings = decoded.warnings;
    Ok(doc)
}

/// Reads and decodes a `.state`, `.pkl` (marker byte skipped) or bare pickle file.
pub fn open_file(path: &Path) -> crate::Result<Document> {
    let bytes = crate::formats::read(path)?;
    decode_file_bytes(bytes, &Limits::default()).with_context(|| path.display())
}

impl EntryKind {
    /// A Python pickle (`*.state`, `*.pkl`, Pro v1 `backend_state`...).
    pub const PICKLE: EntryKind = EntryKind::new("pickle");
}

/// Python pickles, dill's included.
pub struct PickleFormat;

impl Format for PickleFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::PICKLE
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        // PROTO (protocol 2+), or localstack-persist's marker byte + PROTO.
        let proto = |h: &[u8]| h.len() >= 2 && h[0] == 0x80 && h[1] <= 5;
        if proto(head) || (matches!(head.first(), Some(b'p' | b'd')) && proto(&head[1..])) {
            return Some(Evidence::Signature);
        }
        let (name, ext) = name_and_ext(path);
        let named = matches!(ext, "state" | "pkl" | "pickle")
            || matches!(name, "backend_state" | "region_state" | "shared_state" | "store_state");
        named.then_some(Evidence::Name)
    }

    fn open_bytes(&self, name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        decode_file_bytes(bytes, &Limits::default()).with_context(|| name.display())
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(rewrite::rewrite)
    }
}
