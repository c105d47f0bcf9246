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
    /// An opcode's argument runs past the end of the bytes.
    #[error("pickle truncated at byte {offset}: {op} needs {need} more byte(s), {left} left")]
    Truncated {
        /// Position of the opcode.
        offset: usize,
        /// Name of the opcode.
        op: &'static str,
        /// Bytes still needed (1 for a text line without its newline).
        need: u64,
        /// Bytes that were left.
        left: usize,
    },
    /// A byte that is no opcode of any protocol, where an opcode was expected.
    #[error("unknown opcode 0x{byte:02x} at byte {offset}")]
    UnknownOpcode {
        /// The byte read.
        byte: u8,
        /// Its position.
        offset: usize,
    },
    /// A [`Limits`] bound was exceeded.
    #[error("limit {limit} exceeded at byte {offset}: {value} > {max}")]
    Limit {
        /// Name of the [`Limits`] field (`max_ops`, `max_stack`...).
        limit: &'static str,
        /// The value that was reached.
        value: u64,
        /// The bound in effect.
        max: u64,
        /// Position of the opcode that exceeded it (0 for `max_file_size`).
        offset: usize,
    },
    /// An opcode that cannot run here (bad argument, wrong stack content, missing memo entry...).
    #[error("{op} at byte {offset}: {problem}")]
    Invalid {
        /// Name of the opcode.
        op: &'static str,
        /// Position of the opcode.
        offset: usize,
        /// What is wrong.
        problem: String,
    },
    /// The bytes ended before a `STOP` opcode.
    #[error("pickle ended at byte {offset} without STOP")]
    NoStop {
        /// Where the bytes ended.
        offset: usize,
    },
    /// The object graph nests deeper than the presentation's depth limit.
    #[error(transparent)]
    TooDeep(#[from] crate::formats::depth::TooDeep),
    /// An edit of a pickled scalar was refused (why is in the text).
    #[error("edit refused: {0}")]
    Edit(String),
}

impl PickleError {
    /// A [`PickleError::Invalid`] for opcode `op` at byte `offset`.
    pub fn invalid(op: &'static str, offset: usize, problem: impl Into<String>) -> Self {
        PickleError::Invalid { op, offset, problem: problem.into() }
    }
}

/// Fails with [`PickleError::Limit`] when `value` exceeds `max`.
pub fn check(limit: &'static str, value: u64, max: u64, offset: usize) -> Result<(), PickleError> {
    if value > max { Err(PickleError::Limit { limit, value, max, offset }) } else { Ok(()) }
}
