//! Resource limits of the pickle engine and the errors it reports.
//!
//! Every limit has a default generous enough for real LocalStack stores (a 100 MB SQS store has
//! tens of millions of opcodes) and small enough that hostile input fails fast with an error
//! naming the limit instead of exhausting memory or time.

use thiserror::Error;

/// Configurable bounds on what one decode may consume.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest pickle accepted, in bytes.
    pub max_file_size: u64,
    /// Most opcodes executed.
    pub max_ops: u64,
    /// Deepest value stack (also bounds MARK nesting).
    pub max_stack: usize,
    /// Most memo entries.
    pub max_memo: usize,
    /// Most objects in the decoded graph and nodes in the presented tree.
    pub max_nodes: usize,
    /// Longest `LONG`/`LONG1`/`LONG4` integer payload, in bytes (decimal conversion is quadratic).
    pub max_long_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 4 << 30,
            max_ops: 500_000_000,
            max_stack: 4_000_000,
            max_memo: 100_000_000,
            max_nodes: 200_000_000,
            max_long_bytes: 16 * 1024,
        }
    }
}

/// Why a pickle could not be decoded or edited. Offsets are byte positions in the pickle
/// (after any localstack-persist marker byte).
#[derive(Debug, Error, PartialEq)]
pub enum PickleError {
    #[error("pickle truncated at byte {offset}: {op} needs {need} more byte(s), {left} left")]
    Truncated { offset: usize, op: &'static str, need: u64, left: usize },
    #[error("unknown opcode 0x{byte:02x} at byte {offset}")]
    UnknownOpcode { byte: u8, offset: usize },
    #[error("limit {limit} exceeded at byte {offset}: {value} > {max}")]
    Limit { limit: &'static str, value: u64, max: u64, offset: usize },
    #[error("{op} at byte {offset}: {problem}")]
    Invalid { op: &'static str, offset: usize, problem: String },
    #[error("pickle ended at byte {offset} without STOP")]
    NoStop { offset: usize },
    #[error("edit refused: {0}")]
    Edit(String),
}

impl PickleError {
    pub fn invalid(op: &'static str, offset: usize, problem: impl Into<String>) -> Self {
        PickleError::Invalid { op, offset, problem: problem.into() }
    }
}

/// Fails with [`PickleError::Limit`] when `value` exceeds `max`.
pub fn check(limit: &'static str, value: u64, max: u64, offset: usize) -> Result<(), PickleError> {
    if value > max { Err(PickleError::Limit { limit, value, max, offset }) } else { Ok(()) }
}
