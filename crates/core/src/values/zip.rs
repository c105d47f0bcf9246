//! Zip archives (Lambda code packages, S3 objects): the central directory listed with sizes
//! and dates, without decompressing anything, and one entry decompressed on demand, bounded.

use std::io::Cursor;

use ::zip::ZipArchive;

use super::{Limits, Result, ViewError};
use crate::text::human_size;

/// Entries listed at most (the rest are counted in a note).
pub const MAX_ENTRIES: usize = 100_000;

/// An entry expanding more than this many times its compressed size is pointed out.
const BOMB_RATIO: u64 = 100;

/// One entry of a zip archive's central directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry {
    /// Its path in the archive (`index.py`, `lib/`).
    pub name: String,
    /// Uncompressed size in bytes (as the archive declares it).
    pub size: u64,
    /// Compressed size in bytes.
    pub compressed_size: u64,
    /// Last modification (`2024-11-30 20:53:20`, local time of the zipping machine).
    pub modified: Option<String>,
    /// A directory entry.
    pub is_dir: bool,
}

fn archive(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| ViewError(format!("not a zip archive: {e}")))
}

/// Whether `bytes` hold a readable zip archive (its central directory parses).
pub fn is_archive(bytes: &[u8]) -> bool {
    (bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) && archive(bytes).is_ok()
}

/// The entries of the archive, and notes (entries left out, zip-bomb-like ratios).
pub fn list(bytes: &[u8], limits: Limits) -> Result<(Vec<ZipEntry>, Vec<String>)> {
    let mut zip = archive(bytes)?;
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for i in 0..zip.len().min(MAX_ENTRIES) {
        let file =
            zip.by_index_raw(i).map_err(|e| ViewError(format!("zip entry {}: {e}", i + 1)))?;
        let name = file.name().map_or_else(|_| format!("(entry {})", i + 1), |n| n.into_owned());
        let (size, compressed_size) = (file.size(), file.compressed_size());
        if size > BOMB_RATIO * compressed_size.max(1) && size > 1 << 20 {
            notes.push(format!(
                "{name} expands {}× ({} from {}): opening it decodes at most the first {}",
                size / compressed_size.max(1),
                human_size(size),
                human_size(compressed_size),
                human_size(limits.max_output as u64),
            ));
        }
        let modified = file.last_modified().map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        });
        entries.push(ZipEntry { name, size, compressed_size, modified, is_dir: file.is_dir() });
    }
    if zip.len() > MAX_ENTRIES {
        notes.push(format!("{} more entries are not listed", zip.len() - MAX_ENTRIES));
    }
    Ok((entries, notes))
}

/// Entry `index` of the archive decompressed, at most `limits.max_output` bytes.
pub fn entry(
    bytes: &[u8],
    index: usize,
    limits: Limits,
    notes: &mut Vec<String>,
) -> Result<Vec<u8>> {
    let mut zip = archive(bytes)?;
    let file =
        zip.by_index(index).map_err(|e| ViewError(format!("zip entry {}: {e}", index + 1)))?;
    let what = format!(
        "zip entry {}",
        file.name().map_or_else(|_| (index + 1).to_string(), |n| n.into_owned())
    );
    super::decode::read_capped(file, limits.max_output, &what, notes)
}

/// One tab-separated line per entry: name, size, compressed size, modified.
pub fn listing_text(entries: &[ZipEntry]) -> String {
    let mut out = String::from("name\tsize\tcompressed\tmodified\n");
    for e in entries {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            e.name,
            e.size,
            e.compressed_size,
            e.modified.as_deref().unwrap_or("")
        ));
    }
    out
}
