//! Pickle scalar edits through the pickle engine ([`crate::formats::pickle`]): one opcode
//! re-encoded, every other byte kept, the result re-decoded and compared by the engine.
//!
//! A value the pickle memoizes and reuses (e.g. the default `"30"` every SQS queue shares) is
//! one object: changing it changes every place that uses it, so that needs `allow_shared`.

use crate::bail;
use crate::error::Result;

use crate::formats::LeafEdit;
use crate::formats::pickle::{Limits, references, replace_scalar};
use crate::model::{Origin, Value};

/// [`crate::formats::Editing::Bytes`] for pickles: leaves pushed by an opcode.
pub fn rewrite(bytes: &[u8], e: &LeafEdit<'_>) -> Result<Vec<u8>> {
    match e.origin {
        Origin::PickleOp(op) => apply(bytes, *op, e.new, e.allow_shared),
        other => bail!("a pickle has no leaf with origin {other:?}"),
    }
}

/// Returns the pickle `bytes` (marker byte included, if any) with the scalar pushed by opcode
/// `op` replaced by `new`.
pub fn apply(bytes: &[u8], op: u32, new: &Value, allow_shared: bool) -> Result<Vec<u8>> {
    let limits = Limits::default();
    let places = references(bytes, op, &limits)?;
    if places > 1 && !allow_shared {
        bail!(
            "this value is one pickled object shared by {places} places (the pickle memoizes it); changing it \
             changes all of them. Pass --shared (in the GUI: confirm) to change it everywhere"
        );
    }
    Ok(replace_scalar(bytes, op, new, &limits)?)
}
