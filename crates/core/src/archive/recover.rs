//! A zip without its central directory (a download or copy cut short): its members are
//! recovered from their local file headers, in order from the start, up to the first one that
//! is incomplete or cannot be walked past (sizes in a data descriptor or zip64), so what was
//! written before the cut stays browsable. Python's `zipfile` — what LocalStack writes
//! snapshots with — puts the sizes in the local header when it writes to a file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use super::{Member, Place, dos_time_secs};

/// Local file header signature and its fixed size.
const LOCAL: &[u8; 4] = b"PK\x03\x04";
const LOCAL_LEN: usize = 30;

/// Method ids of stored and deflated data, the two read.
pub(super) const STORED: u16 = 0;
pub(super) const DEFLATED: u16 = 8;

/// The members whose header and data lie wholly within the file's `len` bytes, at most `max`;
/// and why the walk stopped before the end, if it did.
pub(super) fn members(file: &mut File, len: u64, max: usize) -> io::Result<(Vec<Member>, String)> {
    let mut out = Vec::new();
    let mut at = 0u64;
    let why = loop {
        if out.len() >= max {
            break format!("more than {max} entries: the rest is not listed");
        }
        let mut h = [0u8; LOCAL_LEN];
        file.seek(SeekFrom::Start(at))?;
        if at + LOCAL_LEN as u64 > len || file.read_exact(&mut h).is_err() || &h[..4] != LOCAL {
            break format!("no complete entry after byte {at}");
        }
        let u16_at = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        let (flags, method, time, date) = (u16_at(6), u16_at(8), u16_at(10), u16_at(12));
        let (crc, compressed, size) = (u32_at(14), u32_at(18), u32_at(22));
        let (name_len, extra_len) = (u64::from(u16_at(26)), u64::from(u16_at(28)));
        if flags & 0x08 != 0 || compressed == u32::MAX || size == u32::MAX {
            break format!(
                "the entry at byte {at} keeps its sizes elsewhere (data descriptor or zip64)"
            );
        }
        let data = at + LOCAL_LEN as u64 + name_len + extra_len;
        let end = data + u64::from(compressed);
        if end > len {
            break format!("the entry at byte {at} is cut off");
        }
        let mut name = vec![0u8; name_len as usize];
        file.read_exact(&mut name)?;
        let name = String::from_utf8_lossy(&name).into_owned();
        if !name.ends_with('/') {
            out.push(Member {
                name,
                size: u64::from(size),
                compressed: u64::from(compressed),
                encrypted: flags & 0x01 != 0,
                method: match method {
                    STORED => "Stored".into(),
                    DEFLATED => "Deflated".into(),
                    m => format!("method {m}"),
                },
                method_supported: matches!(method, STORED | DEFLATED),
                mtime: zip::DateTime::try_from_msdos(date, time).ok().and_then(dos_time_secs),
                place: Place::Data { offset: data, method, crc },
            });
        }
        at = end;
    };
    Ok((out, why))
}
