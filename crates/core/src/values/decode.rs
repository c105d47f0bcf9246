//! The decoding steps of a view — base64, URL encoding, gzip, a zip entry — each bounded by
//! [`Limits`]: a decompression stops after `max_output` bytes, and a stream that ends early
//! keeps what was decoded before the end, with a note.

use std::io::Read;

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::{Limits, Result, Step, ViewError};
use crate::text::human_size;

/// `bytes` through every step in turn, with the notes the steps made.
pub fn apply(bytes: &[u8], steps: &[Step], limits: Limits) -> Result<(Vec<u8>, Vec<String>)> {
    let mut notes = Vec::new();
    let mut cur = bytes.to_vec();
    for step in steps {
        cur = match step {
            Step::Base64 => base64(&cur)?,
            Step::Percent => percent(&cur),
            Step::Gzip => gzip(&cur, limits, &mut notes)?,
            Step::ZipEntry(i) => super::zip::entry(&cur, *i, limits, &mut notes)?,
        };
    }
    Ok((cur, notes))
}

const INDIFFERENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, INDIFFERENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, INDIFFERENT);

/// Base64 text decoded: whitespace (line breaks of MIME-style base64) is skipped, the URL-safe
/// alphabet is used when `-` or `_` occurs, padding may be there or not.
pub fn base64(text: &[u8]) -> Result<Vec<u8>> {
    let compact: Vec<u8> = text.iter().copied().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine =
        if compact.iter().any(|c| matches!(c, b'-' | b'_')) { &URL_SAFE } else { &STANDARD };
    engine.decode(&compact).map_err(|e| ViewError(format!("not valid base64: {e}")))
}

/// URL-encoded text decoded (`%XX` escapes; a `%` not followed by two hex digits stays).
pub fn percent(text: &[u8]) -> Vec<u8> {
    percent_encoding::percent_decode(text).collect()
}

/// Reads `reader` to its end or to `max` bytes; an error after some output keeps the output
/// (with a note naming `what` and the error), an error before any is returned.
pub fn read_capped(
    reader: impl Read,
    max: usize,
    what: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let read = reader.take(max as u64 + 1).read_to_end(&mut out);
    if let Err(e) = read {
        if out.is_empty() {
            return Err(ViewError(format!("cannot decode {what}: {e}")));
        }
        notes.push(format!(
            "{what} ends early ({e}): showing the {} decoded before",
            human_size(out.len() as u64)
        ));
    }
    if out.len() > max {
        out.truncate(max);
        notes.push(format!(
            "{what} decompresses to more than {}: only the first {} are shown",
            human_size(max as u64),
            human_size(max as u64)
        ));
    }
    Ok(out)
}

/// A gzip stream (every member) decompressed, at most `limits.max_output` bytes.
pub fn gzip(bytes: &[u8], limits: Limits, notes: &mut Vec<String>) -> Result<Vec<u8>> {
    read_capped(flate2::read::MultiGzDecoder::new(bytes), limits.max_output, "gzip data", notes)
}
