//! Pictures: which image format bytes are (by their signature; SVG by its root element), the
//! pixel size their header gives, and a `data:` URI for copying.

use base64::Engine;

use super::{Content, ImageKind, Result, ViewError};

/// The raster format whose signature `bytes` start with.
pub fn raster_kind(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else {
        None
    }
}

/// The picture view of `bytes` shown as `kind`.
pub fn render(kind: ImageKind, bytes: Vec<u8>) -> Result<Content> {
    let matches = match kind {
        ImageKind::Svg => super::xml::root_name(&bytes).is_some_and(|n| is_svg_root(&n)),
        raster => raster_kind(&bytes) == Some(raster),
    };
    if !matches {
        return Err(ViewError(format!("not a {} image", kind.name())));
    }
    let size = match kind {
        ImageKind::Png => png_size(&bytes),
        ImageKind::Gif => gif_size(&bytes),
        ImageKind::Jpeg => jpeg_size(&bytes),
        ImageKind::Svg => None,
    };
    Ok(Content::Image { kind, bytes, size })
}

/// Whether an XML root element name is SVG's (`svg`, `svg:svg`).
pub fn is_svg_root(name: &str) -> bool {
    name.rsplit(':').next() == Some("svg")
}

/// `data:image/png;base64,…`.
pub fn data_uri(kind: ImageKind, bytes: &[u8]) -> String {
    format!(
        "data:{};base64,{}",
        kind.mime(),
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?)))
}

/// The IHDR chunk, right after the signature.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// The logical screen descriptor, right after the signature.
fn gif_size(b: &[u8]) -> Option<(u32, u32)> {
    Some((le16(b, 6)?, le16(b, 8)?))
}

/// The first start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC), segments walked in order.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = be16(b, i + 2)? as usize;
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return Some((be16(b, i + 7)?, be16(b, i + 5)?));
        }
        if marker == 0xDA || len < 2 {
            return None; // scan data before any frame header
        }
        i += 2 + len;
    }
    None
}
