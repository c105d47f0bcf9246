//! Hex dumps: [`HEX_ROW_BYTES`] bytes per row as offset, hex pairs and printable ASCII, made
//! one row at a time so a viewer formats only the rows on screen.

use std::fmt::Write;

/// Bytes shown on one hex row.
pub const HEX_ROW_BYTES: usize = 16;

/// How many rows the dump of `len` bytes has (one, empty, for no bytes).
pub fn hex_row_count(len: usize) -> usize {
    len.div_ceil(HEX_ROW_BYTES).max(1)
}

/// Row `row` of the dump of `bytes`: `00000010  89 50 4e 47 … 0a  |.PNG....|`.
pub fn hex_row(bytes: &[u8], row: usize) -> String {
    let start = row.saturating_mul(HEX_ROW_BYTES).min(bytes.len());
    let chunk = &bytes[start..(start + HEX_ROW_BYTES).min(bytes.len())];
    let mut out = String::with_capacity(80);
    let _ = write!(out, "{start:08x} ");
    for i in 0..HEX_ROW_BYTES {
        if i == HEX_ROW_BYTES / 2 {
            out.push(' ');
        }
        match chunk.get(i) {
            Some(b) => {
                let _ = write!(out, " {b:02x}");
            }
            None => out.push_str("   "),
        }
    }
    out.push_str("  |");
    out.extend(
        chunk.iter().map(|b| if b.is_ascii_graphic() || *b == b' ' { *b as char } else { '.' }),
    );
    out.push('|');
    out
}

/// The bytes as lowercase hex digits, no separators (what copying a hex view gives).
pub fn plain(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}
