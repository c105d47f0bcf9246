//! Editing: pending edits with undo/redo, and a save pipeline that never leaves a torn file.
//!
//! What the user types becomes a typed value in [`crate::input`]; each format re-encodes its
//! own leaves (its [`crate::formats::Editing`]); this module does the rest:
//! - [`fingerprint`], [`atomic`]: conflict detection and crash-safe replacement with `.bak`;
//! - [`interlock`]: no saving under a running LocalStack (it would overwrite the edit);
//! - [`session`]: [`EditSession`] — pending edits with undo/redo and `save`;
//! - [`journal`]: the pending edits written down after each change, restored after a crash.

pub mod atomic;
pub mod fingerprint;
pub mod interlock;
pub mod journal;
pub mod session;

pub use crate::input::parse_value;
pub use fingerprint::Fingerprint;
pub use journal::Journal;
pub use session::{Edit, EditSession, Place, SaveOptions, Saved};
