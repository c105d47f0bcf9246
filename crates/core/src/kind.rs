//! What kind of file an entry is: a format's id (`pickle`, `dynamodb-sqlite`, …), or one of
//! the two kinds no format decodes (`asset`, `unknown`).
//!
//! Each format declares its kind next to its decoder (`impl EntryKind { pub const PICKLE … }`
//! in its own module) and registers itself in [`crate::formats::FORMATS`]; this module only
//! holds the type, so `volume` and `formats` both use it without depending on each other.

use serde::Serialize;

/// A file's kind, named by the id that `ls --json` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct EntryKind(&'static str);

impl EntryKind {
    /// A file a service keeps as-is (S3 object bodies, ...).
    pub const ASSET: EntryKind = EntryKind("asset");
    /// A file no format recognises.
    pub const UNKNOWN: EntryKind = EntryKind("unknown");

    /// A kind named `id` (formats declare theirs with it).
    pub const fn new(id: &'static str) -> EntryKind {
        EntryKind(id)
    }

    /// The id, e.g. `pickle`.
    pub fn label(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
