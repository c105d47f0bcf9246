//! Pickle scalar edits through the pickle engine (`formats::pickle`): one opcode re-encoded,
//! every other byte kept, the result re-decoded by the engine.
//!
//! Placeholder until the engine lands on main: refuses with a clear message.

use anyhow::{Result, bail};

use crate::model::Value;

/// Returns the pickle `bytes` with the scalar pushed by opcode `op` replaced by `new`.
pub fn apply(_bytes: &[u8], op: u32, _new: &Value, _allow_shared: bool) -> Result<Vec<u8>> {
    bail!("editing pickles needs the pickle engine, which is not merged yet (opcode #{op})")
}
