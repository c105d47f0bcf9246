//! Where a file's bytes are: a file on disk, or a member of a snapshot / Cloud Pod archive.
//!
//! A member is named by the path `ARCHIVE!/MEMBER` (`pod.zip!/api_states/000000000000/sqs/
//! us-east-1/store.state.avro`): the volume scan gives archive entries such paths, the CLI
//! takes them, and [`crate::formats::open`] / [`crate::formats::sniff`] accept them as they
//! accept file paths. [`Location::of`] tells the two apart; [`Location::read`] reads either
//! within the same bounds ([`crate::files::max_bytes`] and, for members, the archive limits of
//! [`crate::archive`]). Nothing is ever extracted: a member is read into memory.

use std::path::{Path, PathBuf};

use crate::error::Result;

/// What separates an archive's path from a member's name in a path (`pod.zip!/metadata.yaml`).
pub const MEMBER_SEPARATOR: &str = "!/";

/// Where a file's bytes are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// A file on disk.
    File(PathBuf),
    /// A member of a zip archive (read-only, decompressed into memory when read).
    Member {
        /// The archive file.
        archive: PathBuf,
        /// The member's name in the archive (`/`-separated, as its central directory says).
        name: String,
    },
}

impl Location {
    /// The location `path` names: a member when a prefix of it ending before a `!/` is an
    /// existing regular file (and the whole path is not a file itself), else the file.
    pub fn of(path: &Path) -> Location {
        let bytes = path.as_os_str().as_encoded_bytes();
        if memchr::memmem::find(bytes, MEMBER_SEPARATOR.as_bytes()).is_none() || path.is_file() {
            return Location::File(path.to_path_buf());
        }
        let text = path.to_string_lossy();
        for (i, _) in text.match_indices(MEMBER_SEPARATOR) {
            let archive = Path::new(&text[..i]);
            if archive.is_file() {
                let name = text[i + MEMBER_SEPARATOR.len()..].trim_end_matches('/');
                return Location::member(archive, name);
            }
        }
        Location::File(path.to_path_buf())
    }

    /// The member `name` of `archive`.
    pub fn member(archive: &Path, name: &str) -> Location {
        Location::Member { archive: archive.to_path_buf(), name: name.to_string() }
    }

    /// The path that names this location (`ARCHIVE!/MEMBER` for a member): what the volume
    /// tree, messages and the CLI show, and what [`Location::of`] parses back.
    pub fn path(&self) -> PathBuf {
        match self {
            Location::File(p) => p.clone(),
            Location::Member { archive, name } => {
                let mut s = archive.clone().into_os_string();
                s.push(MEMBER_SEPARATOR);
                s.push(name);
                PathBuf::from(s)
            }
        }
    }

    /// Whether this is an archive member (read-only).
    pub fn is_member(&self) -> bool {
        matches!(self, Location::Member { .. })
    }

    /// The archive holding a member (`None` for a file).
    pub fn archive(&self) -> Option<&Path> {
        match self {
            Location::File(_) => None,
            Location::Member { archive, .. } => Some(archive),
        }
    }

    /// All the bytes, within [`crate::files::max_bytes`] (and the archive limits for a member).
    pub fn read(&self) -> Result<Vec<u8>> {
        self.read_limited(crate::files::max_bytes())
    }

    /// All the bytes of a file or member of at most `max` bytes.
    pub fn read_limited(&self, max: u64) -> Result<Vec<u8>> {
        match self {
            Location::File(p) => crate::files::read_limited(p, max),
            Location::Member { archive, name } => {
                crate::archive::Archive::cached(archive)?.read_limited(name, max)
            }
        }
    }

    /// Up to `buf.len()` first bytes (nothing when they cannot be read), for sniffing.
    pub fn head(&self, buf: &mut [u8]) -> usize {
        match self {
            Location::File(p) => crate::files::head(p, buf),
            Location::Member { archive, name } => crate::archive::Archive::cached(archive)
                .and_then(|a| a.head(name, buf))
                .unwrap_or(0),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.path().display().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_path_names_the_archive_file_and_the_member() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("pod.zip");
        std::fs::write(&zip, b"PK\x05\x06").unwrap();
        let member = Location::of(&dir.path().join("pod.zip!/api_states/sqs/store.state"));
        assert_eq!(member, Location::member(&zip, "api_states/sqs/store.state"));
        assert_eq!(member.path(), dir.path().join("pod.zip!/api_states/sqs/store.state"));
        assert_eq!(member.archive(), Some(zip.as_path()));
        // No archive before the `!/`, or a real file of that name: a plain path.
        let plain = dir.path().join("nothing.zip!/x");
        assert_eq!(Location::of(&plain), Location::File(plain.clone()));
        std::fs::create_dir(dir.path().join("odd!")).unwrap();
        std::fs::write(dir.path().join("odd!/file"), b"").unwrap();
        let real = dir.path().join("odd!/file");
        assert_eq!(Location::of(&real), Location::File(real.clone()));
    }
}
