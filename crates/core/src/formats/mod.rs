//! Pure decoders (no UI): each turns a file into a [`Document`] of the shared model, and
//! writes edited leaves back.
//!
//! Every format is one [`Format`] (its kind, how to recognise a file, how to open it, how its
//! edits are written) listed once in [`FORMATS`]. [`open`], [`sniff`], the volume scan and the
//! edit session all go through that list: adding a format is one new module plus one line
//! there.
//!
//! A format opens a file on disk ([`Format::open`]) or bytes already in memory
//! ([`Format::open_bytes`]: an archive member, see [`crate::source`]); [`open`] and [`sniff`]
//! take either kind of path and pick the right one.

pub mod avro;
pub mod depth;
pub mod dynamodb;
pub mod json;
pub mod jsonpickle;
pub mod kinesis;
pub mod pickle;
pub mod present;
pub mod pyobj;
pub mod replay;
pub mod search;
pub mod sqlite;
pub mod timefmt;

use std::path::Path;

use crate::error::{Error, Result};
use crate::kind::EntryKind;
use crate::model::{Document, Origin, Value};
use crate::source::Location;

/// Every format, in the order ties between equally strong evidence are decided.
pub static FORMATS: &[&dyn Format] = &[
    &dynamodb::DynamodbLocal,
    &replay::ReplayLogFormat,
    &pickle::PickleFormat,
    &jsonpickle::JsonpickleFormat,
    &avro::AvroFormat,
    &kinesis::KinesisMock,
    &json::JsonFormat,
    &sqlite::SqliteFormat,
];

/// How strongly a file looks like a format; the strongest wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Its name, extension or directory.
    Name,
    /// Markers in its first bytes (a jsonpickle `py/` key, kinesis-mock's `streams`).
    Content,
    /// The format's own signature (SQLite's header, a pickle's `PROTO`).
    Signature,
}

/// One changed leaf, as the format re-encodes it.
pub struct LeafEdit<'a> {
    /// Where the leaf's value lives in the file.
    pub origin: &'a Origin,
    /// The value as read from the file.
    pub old: &'a Value,
    /// The value to write.
    pub new: &'a Value,
    /// A pickled value shared by several places may change all of them.
    pub allow_shared: bool,
}

/// How a format's edits reach the file (the edit session does the safe-save around it).
pub enum Editing {
    /// Not editable.
    ReadOnly,
    /// The file's bytes with one leaf re-encoded; written as a whole new file.
    Bytes(fn(&[u8], &LeafEdit<'_>) -> Result<Vec<u8>>),
    /// Written in place, all edits in one verified transaction (SQLite).
    InPlace(fn(&Path, &[LeafEdit<'_>]) -> Result<()>),
}

/// A file format localstate decodes.
pub trait Format: Sync {
    /// The kind of the files it decodes.
    fn kind(&self) -> EntryKind;
    /// How strongly `path` with first bytes `head` (up to 512) looks like this format.
    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence>;
    /// Decodes the file. Errors say what is wrong with it, never panic. By default the whole
    /// file is read (within [`crate::files::max_bytes`]) and given to [`Format::open_bytes`].
    fn open(&self, path: &Path) -> Result<Document> {
        self.open_bytes(path, read(path)?)
    }
    /// Decodes a file's bytes held in memory (an archive member, never extracted to disk);
    /// `name` is its path (`ARCHIVE!/MEMBER` for a member), for messages. A format that
    /// decodes only from disk overrides [`Format::open`] and keeps this default, which says so.
    fn open_bytes(&self, name: &Path, bytes: Vec<u8>) -> Result<Document> {
        let _ = bytes;
        Err(Error::msg(format!(
            "{}: {} files are only decoded from disk, not from inside an archive",
            name.display(),
            self.kind()
        )))
    }
    /// How edits are written back.
    fn editing(&self) -> Editing {
        Editing::ReadOnly
    }
}

impl EntryKind {
    /// Whether a registered format decodes this kind.
    pub fn decodable(self) -> bool {
        format(self).is_some()
    }
}

/// The format that decodes `kind`, if any.
pub fn format(kind: EntryKind) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.kind() == kind)
}

/// Decodes `path` (a file, or an archive member `ARCHIVE!/MEMBER`) as `kind`.
pub fn open(path: &Path, kind: EntryKind) -> Result<Document> {
    match format(kind) {
        Some(f) => match Location::of(path) {
            Location::File(file) => f.open(&file),
            member => f.open_bytes(path, member.read()?),
        },
        None => Err(Error::msg(format!(
            "{} is not a format localstate decodes (kind: {kind})",
            path.display()
        ))),
    }
}

/// Decides the kind of a file (or archive member) from its name and first bytes (an SQLite
/// file is a DynamoDB Local database when its tables say so, whatever its name and directory).
pub fn sniff(path: &Path) -> EntryKind {
    let mut head = [0u8; 512];
    let n = Location::of(path).head(&mut head);
    sniff_head(path, &head[..n])
}

/// [`sniff`] for first bytes already read.
pub fn sniff_head(path: &Path, head: &[u8]) -> EntryKind {
    let mut best: Option<(Evidence, EntryKind)> = None;
    for f in FORMATS {
        if let Some(e) = f.sniff(path, head)
            && best.is_none_or(|(b, _)| e > b)
        {
            best = Some((e, f.kind()));
        }
    }
    best.map_or(EntryKind::UNKNOWN, |(_, kind)| kind)
}

/// Reads a whole file for a decoder that parses bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    crate::files::read(path)
}

/// The file's name and extension (empty when it has none), for `sniff`s.
pub(crate) fn name_and_ext(path: &Path) -> (&str, &str) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    (name, ext)
}

/// Whether a directory called `dir` is on the path.
pub(crate) fn under(path: &Path, dir: &str) -> bool {
    path.components().any(|c| c.as_os_str() == dir)
}

/// Whether the first bytes look like JSON text (an object or array) or the name ends `.json`.
pub(crate) fn json_like(path: &Path, head: &[u8]) -> bool {
    name_and_ext(path).1 == "json" || head.first().is_some_and(|b| *b == b'{' || *b == b'[')
}

/// SQLite's file header.
pub(crate) const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn kinesis_state_is_told_from_json_that_mentions_streams() {
        let real = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/kinesis/000000000000.json"
        ))
        .unwrap();
        let head = &real[..512];
        assert_eq!(sniff_head(Path::new("/tmp/000000000000.json"), head), EntryKind::KINESIS_JSON);
        // The same state pretty-printed is still kinesis-mock state.
        let pretty =
            serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&real).unwrap())
                .unwrap();
        assert_eq!(sniff_head(Path::new("/tmp/x.json"), &pretty[..512]), EntryKind::KINESIS_JSON);
        // A document that holds kinesis state further in is plain JSON.
        let wrapped = [b"{\"copies\":[".as_slice(), &real].concat();
        assert_eq!(sniff_head(Path::new("/tmp/big.json"), &wrapped[..512]), EntryKind::JSON);
    }

    #[test]
    fn signatures_beat_names_and_ties_go_by_list_order() {
        let pickle = [0x80, 0x04, 0x95];
        assert_eq!(sniff_head(Path::new("a.json"), &pickle), EntryKind::PICKLE);
        assert_eq!(sniff_head(Path::new("a.state"), b"{\"a\":1}"), EntryKind::PICKLE);
        assert_eq!(sniff_head(Path::new("a.db"), b"{\"a\":1}"), EntryKind::JSON);
        assert_eq!(sniff_head(Path::new("a.db"), b""), EntryKind::SQLITE);
        assert_eq!(
            sniff_head(Path::new("x/recorded_api_calls.json"), b"{}"),
            EntryKind::REPLAY_LOG
        );
        assert_eq!(
            sniff_head(Path::new("x/dynamodb/a.db"), SQLITE_HEADER),
            EntryKind::DYNAMODB_SQLITE
        );
        assert_eq!(sniff_head(Path::new("x/metrics.db"), SQLITE_HEADER), EntryKind::SQLITE);
        assert_eq!(sniff_head(Path::new("a.bin"), b"\x00\x01"), EntryKind::UNKNOWN);
        assert!(!EntryKind::ASSET.decodable() && !EntryKind::UNKNOWN.decodable());
        assert!(FORMATS.iter().all(|f| f.kind().decodable()));
    }
}
