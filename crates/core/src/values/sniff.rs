//! Choosing views by content: signatures (gzip, zip, PNG/JPEG/GIF), text that parses (JSON
//! objects and arrays, XML documents, SVG), base64 or URL-encoded text that decodes to
//! something meaningful, and numbers in a plausible epoch range. Decoding layers are explored with a work list (never
//! recursion), at most [`MAX_STEPS`] deep.

use super::{ImageKind, Limits, MAX_STEPS, Show, Step, View, decode, image, json, time, xml, zip};

/// How good a candidate is; candidates are listed in this order, then in discovery order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// A view that understands the content: JSON, XML, a picture, an archive, a timestamp.
    Structured,
    /// Text found by decoding (`base64 → Text`).
    DecodedText,
    /// The value's own text.
    Text,
    /// Bytes found by decoding, as hex.
    DecodedHex,
    /// The value's own bytes, as hex.
    Hex,
    /// Valid UTF-8 that is not readable text (control characters).
    Unreadable,
}

/// The candidate views of a value's bytes, best first.
pub fn views(bytes: &[u8], limits: Limits) -> Vec<View> {
    views_of(bytes, &[], limits)
}

/// The candidate views of `bytes` reached through `steps`, best first (every view starts
/// with `steps`).
pub fn views_of(bytes: &[u8], steps: &[Step], limits: Limits) -> Vec<View> {
    let top = steps.len();
    let mut found: Vec<(Rank, View)> = Vec::new();
    let mut work: Vec<(Vec<Step>, Vec<u8>)> = vec![(steps.to_vec(), bytes.to_vec())];
    while let Some((steps, bytes)) = work.pop() {
        let decoded = steps.len() > top;
        let can_decode = steps.len() < MAX_STEPS;
        let mut deeper = None;
        if let Some(kind) = image::raster_kind(&bytes) {
            found.push((Rank::Structured, View::after(&steps, Show::Image(kind))));
        } else if zip::is_archive(&bytes) {
            found.push((Rank::Structured, View::after(&steps, Show::Zip)));
        } else if is_gzip(&bytes) {
            if can_decode && let Ok(out) = decode::gzip(&bytes, limits, &mut Vec::new()) {
                deeper = Some((Step::Gzip, out));
            }
        } else if let Ok(text) = std::str::from_utf8(&bytes) {
            let readable = is_readable(text);
            if let Some(epoch) = time::epoch_of(text.trim()) {
                found.push((Rank::Structured, View::after(&steps, Show::Timestamp(epoch))));
            }
            if json::container(&bytes).is_some() {
                found.push((Rank::Structured, View::after(&steps, Show::Json)));
            } else if let Some(root) = xml::root_name(&bytes) {
                if image::is_svg_root(&root) {
                    found
                        .push((Rank::Structured, View::after(&steps, Show::Image(ImageKind::Svg))));
                }
                found.push((Rank::Structured, View::after(&steps, Show::Xml)));
            } else if can_decode && looks_base64(text) {
                match decode::base64(text.as_bytes()) {
                    Ok(out) if is_meaningful(&out) => deeper = Some((Step::Base64, out)),
                    Ok(_) if is_canonical_base64(text) => {
                        let mut b64 = steps.clone();
                        b64.push(Step::Base64);
                        found.push((Rank::DecodedHex, View::after(&b64, Show::Hex)));
                    }
                    _ => {}
                }
            } else if can_decode && looks_percent_encoded(text) {
                let out = decode::percent(text.as_bytes());
                if is_meaningful(&out) {
                    deeper = Some((Step::Percent, out));
                }
            }
            let rank = match (readable, decoded) {
                (false, _) => Rank::Unreadable,
                (true, true) => Rank::DecodedText,
                (true, false) => Rank::Text,
            };
            found.push((rank, View::after(&steps, Show::Text)));
        }
        match deeper {
            Some((step, out)) => {
                let mut next = steps.clone();
                next.push(step);
                work.push((next, out));
                if !decoded {
                    found.push((Rank::Hex, View::after(&steps, Show::Hex)));
                }
            }
            None => {
                let rank = if decoded { Rank::DecodedHex } else { Rank::Hex };
                found.push((rank, View::after(&steps, Show::Hex)));
            }
        }
    }
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, view)| view).collect()
}

/// A gzip member header: magic and the deflate method.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1F, 0x8B, 0x08])
}

/// Text a person reads: no control characters but tabs and line breaks.
fn is_readable(text: &str) -> bool {
    !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Decoded bytes worth a view of their own: compressed, archived or a picture, or readable
/// text with letters in it.
fn is_meaningful(bytes: &[u8]) -> bool {
    image::raster_kind(bytes).is_some()
        || is_gzip(bytes)
        || zip::is_archive(bytes)
        || std::str::from_utf8(bytes)
            .is_ok_and(|t| is_readable(t) && t.chars().any(char::is_alphabetic))
}

/// URL-encoded text: no spaces, and at least two `%XX` escapes, which make up a good part of it
/// (a lone `100%25` in prose is not).
fn looks_percent_encoded(text: &str) -> bool {
    let b = text.as_bytes();
    let escapes = (0..b.len().saturating_sub(2))
        .filter(|&i| b[i] == b'%' && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
        .count();
    !text.contains(' ') && escapes >= 2 && escapes * 3 * 10 >= b.len()
}

/// At least 8 characters of one base64 alphabet (whitespace between allowed), padding only at
/// the end, and a length a base64 text can have.
fn looks_base64(text: &str) -> bool {
    let compact: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let body_len = compact.iter().rposition(|c| *c != b'=').map_or(0, |p| p + 1);
    let (body, padding) = compact.split_at(body_len);
    let standard = body.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'));
    let url = body.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'));
    body.len() >= 8 && padding.len() <= 2 && (standard || url) && compact.len() % 4 != 1
}

/// Base64 as encoders write it, unlikely to be a word or a number by chance: padded to a
/// multiple of 4, at least 12 characters, with upper and lower case letters and a digit or
/// symbol. Such text is offered as bytes even when they mean nothing (random keys, hashes).
fn is_canonical_base64(text: &str) -> bool {
    let t = text.trim();
    let has = |f: fn(&u8) -> bool| t.as_bytes().iter().any(f);
    t.len() >= 12
        && t.len().is_multiple_of(4)
        && has(u8::is_ascii_uppercase)
        && has(u8::is_ascii_lowercase)
        && has(|c| c.is_ascii_digit() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_'))
}
