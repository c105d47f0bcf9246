//! The edit journal: the pending edits of an open file, written down (crash-safely, as JSON)
//! after every change, so that a crash or `kill -9` of the app loses no edit. It records the
//! file's SHA-256 as it was decoded: edits are restored only onto the very same bytes (their
//! origins are positions in that content), never onto a file that changed meanwhile.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic;
use super::session::{Edit, EditSession};
use crate::bail;
use crate::error::{Context, Result};
use crate::kind::EntryKind;

/// Largest journal read back (a journal holds typed-in values, not file content).
const MAX_JOURNAL_BYTES: u64 = 64 << 20;

/// The pending edits of one file, as written to the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// The volume that was open (reopened before the file when edits are restored).
    pub volume: PathBuf,
    /// The edited file.
    pub path: PathBuf,
    /// Its kind's id (`pickle`, `json`, …).
    pub kind: String,
    /// SHA-256 (hex) of the file's content the edits were made on.
    pub sha256: String,
    /// The pending edits, oldest first.
    pub edits: Vec<Edit>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Journal {
    /// The journal of `session`'s pending edits (made in `volume`).
    pub fn of(session: &EditSession, volume: &Path) -> Journal {
        Journal {
            volume: volume.to_path_buf(),
            path: session.path().to_path_buf(),
            kind: session.kind().label().to_string(),
            sha256: hex(&session.fingerprint().sha256),
            edits: session.pending(),
        }
    }

    /// The file's kind, if a format of this build still has it.
    pub fn entry_kind(&self) -> Option<EntryKind> {
        crate::formats::FORMATS.iter().map(|f| f.kind()).find(|k| k.label() == self.kind)
    }

    /// Writes the journal to `file` crash-safely (temp file, fsync, rename).
    pub fn write(&self, file: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .with_context(|| format!("cannot encode the edit journal {}", file.display()))?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        atomic::write(file, &json)
    }

    /// The journal in `file`, `None` when there is none.
    pub fn read(file: &Path) -> Result<Option<Journal>> {
        if !file.exists() {
            return Ok(None);
        }
        let bytes = crate::files::read_limited(file, MAX_JOURNAL_BYTES)?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is not an edit journal", file.display()))
    }

    /// Stages the journal's edits in `session`, a fresh session of the same file; refuses
    /// when the file is not the content the edits were made on. Returns how many.
    pub fn restore_into(&self, session: &mut EditSession) -> Result<usize> {
        if session.path() != self.path {
            bail!("the journal is for {}, not {}", self.path.display(), session.path().display());
        }
        if hex(&session.fingerprint().sha256) != self.sha256 {
            bail!(
                "{} changed since the edits were made; they were not restored",
                self.path.display()
            );
        }
        for e in &self.edits {
            session.stage(e.clone())?;
        }
        Ok(self.edits.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Place;

    /// A JSON file with one edit pending, and its session.
    fn edited(dir: &Path) -> (PathBuf, EditSession) {
        let file = dir.join("startup_info.json");
        std::fs::write(&file, b"{\"name\": \"old\", \"n\": 1}").unwrap();
        let (mut session, doc) = EditSession::open(&file, EntryKind::JSON).unwrap();
        let id = doc.tree.resolve("/name").unwrap();
        let place = Place::Tree { pointer: "/name".into() };
        session.edit_leaf(&doc.tree, id, place, "new ✓", None).unwrap();
        (file, session)
    }

    #[test]
    fn a_journal_round_trips_and_restores_onto_the_same_content_only() {
        let dir = tempfile::tempdir().unwrap();
        let (file, session) = edited(dir.path());
        let journal_file = dir.path().join("data/unsaved-edits.json");
        let journal = Journal::of(&session, dir.path());
        journal.write(&journal_file).unwrap();
        let read = Journal::read(&journal_file).unwrap().unwrap();
        assert_eq!(read, journal);
        assert_eq!(read.entry_kind(), Some(EntryKind::JSON));

        let (mut fresh, _) = EditSession::open(&file, EntryKind::JSON).unwrap();
        assert_eq!(read.restore_into(&mut fresh).unwrap(), 1);
        assert_eq!(fresh.pending(), session.pending());
        assert_eq!(fresh.pending()[0].new, crate::model::Value::Str("new ✓".into()));

        std::fs::write(&file, b"{\"name\": \"changed\", \"n\": 1}").unwrap();
        let (mut other, _) = EditSession::open(&file, EntryKind::JSON).unwrap();
        let e = read.restore_into(&mut other).unwrap_err().to_string();
        assert!(e.contains("changed since the edits were made"), "{e}");
        assert_eq!(other.pending_count(), 0);
    }

    #[test]
    fn no_journal_is_none_and_a_broken_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Journal::read(&dir.path().join("none.json")).unwrap(), None);
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\"volume\": 1").unwrap();
        let e = Journal::read(&bad).unwrap_err().to_string();
        assert!(e.contains("is not an edit journal"), "{e}");
    }
}
