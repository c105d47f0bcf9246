//! Snapshot and Cloud Pod archives (`localstack state export`, Cloud Pods, lstk `.snapshot`
//! files: all zips), read in place and read-only.
//!
//! [`Archive::open`] reads only the zip's central directory: every member's name, sizes,
//! compression method and encryption flag ([`Member`]), without decompressing anything.
//! [`Archive::read`] decompresses one member into memory within the [`limits`]; nothing is
//! ever written to disk, and member names are only labels (never joined to a directory), so
//! `../` in a name cannot reach anything. [`metadata`] parses the pod's `metadata.yaml`. A zip
//! cut short (no central directory) is read from its local headers (`recover`) up to the cut.

pub mod limits;
pub mod metadata;
mod recover;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::{Error, Result};
use limits::{MAX_ENTRIES, check_member};

/// The first bytes of a zip: a local file header, or the end record of an empty archive.
const ZIP_MAGIC: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];

/// Whether the regular file at `path` is a zip archive (by its first bytes).
pub fn is_archive(path: &Path) -> bool {
    let mut head = [0u8; 4];
    crate::files::head(path, &mut head) == 4 && ZIP_MAGIC.iter().any(|m| head.starts_with(m))
}

/// One file of an archive, as its central directory describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The name as stored (`/`-separated; never used as a path on disk).
    pub name: String,
    /// Uncompressed size the archive declares.
    pub size: u64,
    /// Size of the compressed data.
    pub compressed: u64,
    /// Encrypted (zip's traditional or AES encryption flag): its bytes cannot be read.
    pub encrypted: bool,
    /// The compression method's name (`Stored`, `Deflated`, …).
    pub method: String,
    /// Whether localstate can decompress that method (stored and deflate).
    pub method_supported: bool,
    /// Modification time the archive records (seconds since the Unix epoch, read as UTC).
    pub mtime: Option<u64>,
    /// Where its data is.
    place: Place,
}

/// Where a member's data is: an entry of the central directory, or (for a zip cut short)
/// the data after a local header.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    Index(usize),
    Data { offset: u64, method: u16, crc: u32 },
}

/// How members are read: through the zip crate, or (no central directory) straight from the
/// file at their local headers.
enum Reader {
    Zip(Mutex<ZipArchive<File>>),
    Local(Mutex<File>),
}

/// An open zip archive: its members, and one read handle shared by every read.
pub struct Archive {
    path: PathBuf,
    stamp: (u64, Option<SystemTime>),
    members: Vec<Member>,
    /// Problems found in the central directory (entry cap, duplicate names, truncation).
    problems: Vec<String>,
    reader: Reader,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("path", &self.path)
            .field("members", &self.members.len())
            .finish()
    }
}

impl Archive {
    /// Opens `path` and reads its central directory (no member is decompressed).
    pub fn open(path: &Path) -> Result<Archive> {
        let meta = crate::files::regular_file(path, u64::MAX)?;
        let file = File::open(path).map_err(|e| Error::io("open", path, e))?;
        let stamp = (meta.len(), meta.modified().ok());
        let zip = match ZipArchive::new(file) {
            Ok(zip) => zip,
            Err(e) => return Archive::recover(path, stamp, describe(path, None, e)),
        };
        let mut problems = Vec::new();
        let mut members = Vec::new();
        for index in 0..zip.len() {
            if members.len() >= MAX_ENTRIES {
                problems.push(format!(
                    "{} holds {} entries, over the limit of {MAX_ENTRIES}: the rest is not listed",
                    path.display(),
                    zip.len()
                ));
                break;
            }
            let e = zip.by_index_data(index).map_err(|e| describe(path, None, e))?;
            if e.is_dir() {
                continue;
            }
            let method = e.compression();
            members.push(Member {
                name: String::from_utf8_lossy(e.name_raw()).into_owned(),
                size: e.size(),
                compressed: e.compressed_size(),
                encrypted: e.encrypted(),
                method: method.to_string(),
                method_supported: zip::SUPPORTED_COMPRESSION_METHODS.contains(&method),
                mtime: e.last_modified().and_then(dos_time_secs),
                place: Place::Index(index),
            });
        }
        if zip.has_duplicate_names() {
            problems.push(format!(
                "{} names some members twice; only one of each name is listed",
                path.display()
            ));
        }
        Ok(Archive {
            path: path.to_path_buf(),
            stamp,
            members,
            problems,
            reader: Reader::Zip(Mutex::new(zip)),
        })
    }

    /// A zip whose central directory cannot be read: the members its local headers give, up
    /// to where it was cut, when it has any (else `error`, the central directory's).
    fn recover(path: &Path, stamp: (u64, Option<SystemTime>), error: Error) -> Result<Archive> {
        let mut file = File::open(path).map_err(|e| Error::io("open", path, e))?;
        let (members, why) = recover::members(&mut file, stamp.0, MAX_ENTRIES)
            .map_err(|e| Error::io("read", path, e))?;
        if members.is_empty() {
            return Err(error);
        }
        let problems = vec![format!(
            "{error}; {} read from their local headers, up to where the file ends ({why}); later members are lost",
            crate::text::plural("member", members.len())
        )];
        Ok(Archive {
            path: path.to_path_buf(),
            stamp,
            members,
            problems,
            reader: Reader::Local(Mutex::new(file)),
        })
    }

    /// Runs `read` on the decompressed data of `m` (the zip crate checks the CRC-32 of a
    /// central-directory member at its end; a recovered member is checked by the caller).
    fn with_data<T>(
        &self,
        m: &Member,
        read: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
    ) -> Result<std::io::Result<T>> {
        match (&self.reader, &m.place) {
            (Reader::Zip(zip), Place::Index(i)) => {
                let mut zip = zip.lock().unwrap_or_else(|p| p.into_inner());
                let mut file =
                    zip.by_index(*i).map_err(|e| describe(&self.path, Some(&m.name), e))?;
                Ok(read(&mut file))
            }
            (Reader::Local(file), Place::Data { offset, method, .. }) => {
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                file.seek(SeekFrom::Start(*offset))
                    .map_err(|e| Error::io("read", &self.path, e))?;
                let mut raw = (&mut *file).take(m.compressed);
                Ok(if *method == recover::DEFLATED {
                    read(&mut flate2::read::DeflateDecoder::new(raw))
                } else {
                    read(&mut raw)
                })
            }
            _ => Err(crate::err!("{}: {}: no data", self.path.display(), m.name)),
        }
    }

    /// The archive at `path`, reusing the last one opened while the file is unchanged (size
    /// and modification time), so reading many members parses the central directory once.
    pub fn cached(path: &Path) -> Result<Arc<Archive>> {
        static LAST: Mutex<Option<Arc<Archive>>> = Mutex::new(None);
        let meta = crate::files::regular_file(path, u64::MAX)?;
        let stamp = (meta.len(), meta.modified().ok());
        let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = last.as_ref().filter(|a| a.path == path && a.stamp == stamp) {
            return Ok(a.clone());
        }
        let opened = Arc::new(Archive::open(path)?);
        *last = Some(opened.clone());
        Ok(opened)
    }

    /// The archive file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its files (directory entries left out), in central-directory order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// What the central directory had wrong (too many entries, duplicate names).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The member called `name`.
    pub fn member(&self, name: &str) -> Result<&Member> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| crate::err!("{} has no member {name:?}", self.path.display()))
    }

    /// The bytes of member `name`, within [`crate::files::max_bytes`] and the ratio limit.
    pub fn read(&self, name: &str) -> Result<Vec<u8>> {
        self.read_limited(name, crate::files::max_bytes())
    }

    /// The bytes of member `name` if it declares at most `max` bytes (and inflates to exactly
    /// what it declares, with the right CRC-32).
    pub fn read_limited(&self, name: &str, max: u64) -> Result<Vec<u8>> {
        let m = self.member(name)?;
        check_member(&self.path, m, max)?;
        let mut bytes = Vec::with_capacity(m.size as usize);
        let read = self.with_data(m, |data| data.take(m.size + 1).read_to_end(&mut bytes))?;
        let too_big = || {
            crate::err!(
                "{}: {name} inflates to more than the {} bytes its central directory declares (corrupt, or a zip bomb); not read",
                self.path.display(),
                m.size
            )
        };
        match read {
            // The zip crate stops a member at its declared size too.
            Err(e) if e.to_string().contains("larger than its declared") => Err(too_big()),
            Err(e) => Err(describe(&self.path, Some(name), ZipError::Io(e))),
            Ok(_) if bytes.len() as u64 > m.size => Err(too_big()),
            Ok(n) if n as u64 != m.size => Err(crate::err!(
                "{}: {name} inflates to {n} bytes, not the {} its central directory declares (corrupt)",
                self.path.display(),
                m.size
            )),
            Ok(_) => match m.place {
                Place::Data { crc, .. } if crc32fast::hash(&bytes) != crc => Err(crate::err!(
                    "{}: {name}: CRC-32 mismatch: the member is corrupt",
                    self.path.display()
                )),
                _ => Ok(bytes),
            },
        }
    }

    /// Up to `buf.len()` first bytes of member `name` (only as much is decompressed).
    pub fn head(&self, name: &str, buf: &mut [u8]) -> Result<usize> {
        let m = self.member(name)?;
        check_member(&self.path, m, crate::files::max_bytes())?;
        let read = self.with_data(m, |data| {
            let mut n = 0;
            while n < buf.len() {
                match data.read(&mut buf[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })?;
        read.map_err(|e| describe(&self.path, Some(name), ZipError::Io(e)))
    }
}

/// A zip error said in terms of the archive (and member).
fn describe(archive: &Path, member: Option<&str>, e: ZipError) -> Error {
    let a = archive.display();
    let at = member.map_or_else(|| a.to_string(), |m| format!("{a}: {m}"));
    let what = match &e {
        ZipError::InvalidArchive(why) if why.contains("EOCD") || why.contains("end of central") => {
            format!(
                "{a} is not a readable zip archive: its end-of-central-directory record is missing (the file is truncated, or not a zip) ({why})"
            )
        }
        ZipError::InvalidArchive(why) => format!("{at}: invalid zip archive: {why}"),
        ZipError::UnsupportedArchive(why) => format!("{at}: unsupported zip feature: {why}"),
        ZipError::CompressionMethodNotSupported(m) => {
            format!("{at}: compressed with method {m}, which localstate cannot decompress")
        }
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("{at}: the compressed data ends early (the archive is truncated)")
        }
        ZipError::Io(io) if io.to_string().to_lowercase().contains("checksum") => {
            format!("{at}: CRC-32 mismatch: the member is corrupt ({io})")
        }
        ZipError::Io(io) => format!("{at}: cannot read: {io}"),
        other => format!("{at}: {other}"),
    };
    Error::msg(what)
}

/// A zip (MS-DOS) timestamp as seconds since the Unix epoch, taken as UTC.
fn dos_time_secs(t: zip::DateTime) -> Option<u64> {
    let (y, m, d) = (i64::from(t.year()), i64::from(t.month()), i64::from(t.day()));
    // Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400
        + i64::from(t.hour()) * 3600
        + i64::from(t.minute()) * 60
        + i64::from(t.second());
    u64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_times_convert_to_unix_seconds() {
        let t = zip::DateTime::from_date_and_time(2026, 3, 1, 12, 30, 10).unwrap();
        assert_eq!(dos_time_secs(t), Some(1_772_368_210));
        let t = zip::DateTime::from_date_and_time(1980, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(dos_time_secs(t), Some(315_532_800));
    }
}
