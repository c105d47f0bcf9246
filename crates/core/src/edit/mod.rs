//! Editing: typed value input, per-format appliers that change only the edited bytes, and a
//! save pipeline that never leaves a torn file.
//!
//! - [`value`]: what the user typed → a [`crate::model::Value`] of the right type.
//! - [`json_span`] + [`json_text`]: JSON text edits (generic JSON, kinesis-mock, jsonpickle).
//! - [`dynamo_item`] + [`sqlite_cells`]: DynamoDB Local attributes and plain SQLite cells.
//! - [`pickle_ops`]: pickle scalars through the pickle engine.
//! - [`fingerprint`], [`atomic`]: conflict detection and crash-safe replacement with `.bak`.
//! - [`interlock`]: no saving under a running LocalStack (it would overwrite the edit).
//! - [`session`]: [`EditSession`] — pending edits with undo/redo and `save`.

pub mod atomic;
pub mod dynamo_item;
pub mod fingerprint;
pub mod interlock;
pub mod json_span;
pub mod json_text;
pub mod pickle_ops;
pub mod session;
pub mod sqlite_cells;
pub mod value;

pub use fingerprint::Fingerprint;
pub use session::{Edit, EditSession, Place, SaveOptions, Saved};
pub use value::parse_value;
