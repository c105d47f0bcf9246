//! What a file looked like when it was read (size, modification time, SHA-256), to refuse a
//! save when something else changed it on disk in the meantime.

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use crate::error::{Context, Error, Result};
use sha2::{Digest, Sha256};

/// Size, modification time and SHA-256 of a file as it was read, to detect a change on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// File size in bytes when read.
    pub size: u64,
    /// Modification time when read (`None` where the platform does not report one).
    pub mtime: Option<SystemTime>,
    /// SHA-256 of the file's content when read.
    pub sha256: [u8; 32],
}

impl Fingerprint {
    /// Reads the file once and fingerprints it.
    pub fn of_file(path: &Path) -> Result<Fingerprint> {
        let mut f = crate::files::open(path)?;
        let meta = f.metadata().with_context(|| format!("cannot stat {}", path.display()))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf).with_context(|| format!("cannot read {}", path.display()))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            hasher.update(&buf[..n]);
        }
        Ok(Fingerprint { size, mtime: meta.modified().ok(), sha256: hasher.finalize().into() })
    }

    /// The fingerprint of bytes read from `path` (size and mtime from a stat taken before the read).
    pub fn of_bytes(bytes: &[u8], mtime: Option<SystemTime>) -> Fingerprint {
        Fingerprint { size: bytes.len() as u64, mtime, sha256: Sha256::digest(bytes).into() }
    }

    /// Only size and mtime (cheap): did the file obviously change since `self`?
    pub fn stat_matches(&self, path: &Path) -> Result<bool> {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot stat {}", path.display()))?;
        Ok(meta.len() == self.size && meta.modified().ok() == self.mtime)
    }

    /// Refuses unless the file still has this fingerprint (size, mtime and content hash).
    pub fn check(&self, path: &Path) -> Result<()> {
        let now = Fingerprint::of_file(path)?;
        if now != *self {
            let what = if now.size != self.size {
                format!("its size changed from {} to {} bytes", self.size, now.size)
            } else if now.sha256 != self.sha256 {
                "its content changed".to_string()
            } else {
                "its modification time changed".to_string()
            };
            return Err(Error::Conflict(format!(
                "{} changed on disk since it was read ({what}); reload it and make the edit again \
                 (or save with --force to overwrite the other change)",
                path.display()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_content_size_and_mtime_changes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"hello").unwrap();
        let fp = Fingerprint::of_file(&p).unwrap();
        assert_eq!(
            fp,
            Fingerprint::of_bytes(b"hello", std::fs::metadata(&p).unwrap().modified().ok())
        );
        fp.check(&p).unwrap();
        std::fs::write(&p, b"jello").unwrap();
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(fp.mtime.unwrap()).unwrap();
        assert!(fp.check(&p).unwrap_err().to_string().contains("content changed"));
        std::fs::write(&p, b"hello!").unwrap();
        assert!(fp.check(&p).unwrap_err().to_string().contains("size changed"));
        std::fs::write(&p, b"hello").unwrap();
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(fp.mtime.unwrap() + std::time::Duration::from_secs(5)).unwrap();
        assert!(fp.check(&p).unwrap_err().to_string().contains("modification time"));
        assert!(!fp.stat_matches(&p).unwrap());
    }
}
