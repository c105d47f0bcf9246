//! The one nesting limit of every decoder and presenter: data nested deeper than
//! [`MAX_DEPTH`] levels is refused with [`TooDeep`], which names the limit.
//!
//! No LocalStack state comes near it (stores nest a few dozen levels); a file past it is
//! hostile or broken, and a tree that deep could not be read by anyone anyway. Every walk
//! below the limit is iterative (explicit stacks), so the limit is about useful output and
//! bounded work, not about the thread's stack.

use thiserror::Error;

/// Nesting deeper than this many levels is refused (JSON parsing, jsonpickle, presentation
/// of a pickle's object graph).
pub const MAX_DEPTH: usize = 20_000;

/// Data nested deeper than [`MAX_DEPTH`] levels.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
#[error("{what} nested deeper than {max} levels")]
pub struct TooDeep {
    /// What was nested too deeply (`jsonpickle data`, `pickle object graph`).
    pub what: &'static str,
    /// The limit that was exceeded ([`MAX_DEPTH`]).
    pub max: usize,
}

impl TooDeep {
    /// `what` nested deeper than [`MAX_DEPTH`].
    pub fn new(what: &'static str) -> TooDeep {
        TooDeep { what, max: MAX_DEPTH }
    }
}
