//! What an archive may make localstate read: bounds that keep a zip bomb (a member declaring
//! or inflating to far more than it holds), a huge central directory, or a member localstate
//! cannot read from turning into memory exhaustion or a confusing error. Each error names the
//! limit it hit.

use std::path::Path;

use super::Member;
use crate::error::Result;

/// Most entries listed from one archive (the same bound as a directory scan's file count).
pub const MAX_ENTRIES: usize = 500_000;

/// Highest uncompressed : compressed ratio read. Deflate cannot exceed about 1032:1 (a run of
/// one byte), so a member declaring more is not deflate data a LocalStack wrote.
pub const MAX_RATIO: u64 = 1_100;

/// Members smaller than this are read whatever their ratio (an empty file has no ratio).
pub const RATIO_FLOOR: u64 = 1 << 20;

/// Refuses member `m` of `archive` unless it can be read in full within `max` bytes.
pub fn check_member(archive: &Path, m: &Member, max: u64) -> Result<()> {
    let at = || format!("{}: {}", archive.display(), m.name);
    if m.encrypted {
        crate::bail!(
            "{} is encrypted (zip encryption); localstate does not decrypt archives — the other members stay browsable",
            at()
        );
    }
    if !m.method_supported {
        crate::bail!(
            "{} is compressed with {}, which localstate cannot decompress (it reads stored and deflate members)",
            at(),
            m.method
        );
    }
    if m.size > max {
        crate::bail!(
            "{} declares {} bytes, over the limit of {max} bytes per file (LOCALSTATE_MAX_FILE_BYTES)",
            at(),
            m.size
        );
    }
    if m.size > RATIO_FLOOR && m.size / m.compressed.max(1) > MAX_RATIO {
        crate::bail!(
            "{} declares {} bytes from {} compressed bytes, a ratio over the limit of {MAX_RATIO}:1 (a zip bomb?); not read",
            at(),
            m.size,
            m.compressed
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(size: u64, compressed: u64) -> Member {
        Member {
            name: "assets/s3/x".into(),
            size,
            compressed,
            encrypted: false,
            method: "Deflated".into(),
            method_supported: true,
            mtime: None,
            place: super::super::Place::Index(0),
        }
    }

    #[test]
    fn each_refusal_names_its_limit() {
        let a = Path::new("pod.zip");
        assert!(check_member(a, &member(10, 5), 100).is_ok());
        let e = check_member(a, &member(200, 100), 100).unwrap_err().to_string();
        assert!(
            e.contains("over the limit of 100 bytes per file (LOCALSTATE_MAX_FILE_BYTES)"),
            "{e}"
        );
        let e = check_member(a, &member(10 << 30, 1 << 20), u64::MAX).unwrap_err().to_string();
        assert!(e.contains("ratio over the limit of 1100:1"), "{e}");
        let mut enc = member(10, 5);
        enc.encrypted = true;
        let e = check_member(a, &enc, 100).unwrap_err().to_string();
        assert!(e.contains("pod.zip: assets/s3/x is encrypted"), "{e}");
    }
}
