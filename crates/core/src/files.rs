//! Opening state files safely: only regular files are read (a symlink is followed, but only to
//! a regular file), so a FIFO never blocks a decode and `/dev/zero` is never read until memory
//! runs out; and one decode reads at most [`max_bytes`].

use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Error, Result};

/// Bytes one decode may read unless `LOCALSTATE_MAX_FILE_BYTES` says otherwise: 16 GiB, well
/// above the biggest volumes measured (a 1.2 GB replay log, a 434 MB DynamoDB Local db).
pub const DEFAULT_MAX_BYTES: u64 = 16 << 30;

/// The size limit in effect ([`DEFAULT_MAX_BYTES`] unless the environment sets one).
pub fn max_bytes() -> u64 {
    static LIMIT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("LOCALSTATE_MAX_FILE_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_MAX_BYTES)
    })
}

/// What a path that is not a regular file is, for messages.
fn what_it_is(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

/// The metadata of `path` if it is (or links to) a regular file of at most `max` bytes.
pub fn regular_file(path: &Path, max: u64) -> Result<Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("open", path, e))?;
    if !meta.is_file() {
        return Err(Error::msg(format!(
            "{} is {}; only regular files are read",
            path.display(),
            what_it_is(&meta)
        )));
    }
    if meta.len() > max {
        return Err(Error::msg(format!(
            "{} is {} bytes, over the limit of {max} bytes per file (LOCALSTATE_MAX_FILE_BYTES)",
            path.display(),
            meta.len()
        )));
    }
    Ok(meta)
}

/// Opens a regular file for reading (see [`regular_file`]).
pub fn open(path: &Path) -> Result<File> {
    regular_file(path, max_bytes())?;
    File::open(path).map_err(|e| Error::io("open", path, e))
}

/// Reads a whole regular file of at most `max` bytes (a file that grows while it is read is
/// cut at the limit and refused).
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let meta = regular_file(path, max)?;
    let mut file = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut bytes = match meta.len() >= SPLIT_READ_BYTES {
        true => read_halves(&file, meta.len() as usize).unwrap_or_default(),
        false => Vec::with_capacity(meta.len() as usize),
    };
    // What the halves did not read: the file's growth since, or all of it if it shrank.
    let done = bytes.len() as u64;
    file.seek(SeekFrom::Start(done))
        .and_then(|_| file.take(max + 1 - done).read_to_end(&mut bytes))
        .map_err(|e| Error::io("read", path, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::msg(format!(
            "{} grew past the limit of {max} bytes while it was read",
            path.display()
        )));
    }
    Ok(bytes)
}

/// Size from which [`read_limited`] reads a file's two halves at once: the kernel's copy of a
/// big file is a third of opening it, and each core copies one half.
const SPLIT_READ_BYTES: u64 = 16 << 20;

/// The first `len` bytes of `file`, its halves read by two threads (`None` if it is shorter now).
fn read_halves(file: &File, len: usize) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0u8; len];
    let (low, high) = bytes.split_at_mut(len / 2);
    let read = std::thread::scope(|s| {
        let high = s.spawn(|| file.read_exact_at(high, (len / 2) as u64));
        file.read_exact_at(low, 0).is_ok() && high.join().is_ok_and(|r| r.is_ok())
    });
    read.then_some(bytes)
}

/// Reads a whole regular file within [`max_bytes`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_limited(path, max_bytes())
}

/// Up to `buf.len()` first bytes of a regular file (nothing for anything else), for sniffing.
pub fn head(path: &Path, buf: &mut [u8]) -> usize {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => File::open(path).and_then(|mut f| f.read(buf)).unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_directories_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.state");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read(&link).unwrap_err().to_string();
        assert!(e.contains("is a character device; only regular files are read"), "{e}");
        assert_eq!(head(&link, &mut [0u8; 16]), 0);
        let fifo = dir.path().join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        // Opening a FIFO for reading would block until a writer comes: never opened.
        let e = read(&fifo).unwrap_err().to_string();
        assert!(e.contains("is a FIFO"), "{e}");
        assert_eq!(head(&fifo, &mut [0u8; 16]), 0);
        assert!(read(dir.path()).unwrap_err().to_string().contains("is a directory"));
    }

    #[test]
    fn the_size_limit_is_named_and_a_symlink_to_a_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(&file, b"[1,2,3]").unwrap();
        let link = dir.path().join("b.json");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert_eq!(read_limited(&link, 7).unwrap(), b"[1,2,3]");
        let e = read_limited(&link, 6).unwrap_err().to_string();
        assert!(e.contains("7 bytes, over the limit of 6 bytes"), "{e}");
    }

    #[test]
    fn a_big_file_read_in_halves_keeps_its_bytes_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.state");
        let len = SPLIT_READ_BYTES as usize + 3;
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &bytes).unwrap();
        assert!(read_limited(&file, len as u64).unwrap() == bytes);
        assert!(read_halves(&File::open(&file).unwrap(), len + 1).is_none(), "shorter now");
        let e = read_limited(&file, len as u64 - 1).unwrap_err().to_string();
        assert!(e.contains("over the limit"), "{e}");
    }
}
