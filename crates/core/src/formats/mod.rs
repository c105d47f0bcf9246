//! Pure decoders (no egui): each turns a file into a [`Document`] of the shared model.
//!
//! [`open`] dispatches on the [`EntryKind`] the volume scan assigned; [`sniff`] decides the
//! kind of a lone file from its name and first bytes (for `localstate show FILE`).

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
pub mod summary;
pub mod timefmt;

use std::path::Path;

use crate::model::Document;
use crate::volume::EntryKind;

/// Decodes `path` as `kind`. Errors say what is wrong with the file, never panic.
pub fn open(path: &Path, kind: EntryKind) -> anyhow::Result<Document> {
    match kind {
        EntryKind::Pickle => pickle::open_file(path),
        EntryKind::DynamodbSqlite => dynamodb::open(path),
        EntryKind::Sqlite => sqlite::open(path),
        EntryKind::KinesisJson => kinesis::open(&read(path)?),
        EntryKind::Jsonpickle => jsonpickle::open(&read(path)?),
        EntryKind::Json => json::open(&read(path)?),
        EntryKind::ReplayLog => replay::open(path),
        EntryKind::Asset | EntryKind::Unknown => {
            anyhow::bail!("{} is not a format localstate decodes (kind: {kind})", path.display())
        }
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// Guesses the kind of a file from its name and first bytes; an SQLite file is a DynamoDB
/// Local database when its tables say so, whatever its name and directory.
pub fn sniff(path: &Path) -> EntryKind {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    match EntryKind::sniff(path, &head[..n]) {
        EntryKind::Sqlite if dynamodb::is_dynamodb_local(path) => EntryKind::DynamodbSqlite,
        kind => kind,
    }
}
