//! Value viewers: how a string, bytes or number held by a leaf is best looked at — JSON, XML,
//! base64, gzip, zip archives, images, epoch timestamps, text, hex — chosen by its content,
//! and the decoded form each viewer draws (no UI here: the GUI draws a [`Rendered`]).
//!
//! [`views`] lists a value's candidate [`View`]s, best first. A view is a chain of decoding
//! [`Step`]s (base64, gzip, one entry of a zip archive) ending in a [`Show`], so a base64 string
//! holding gzipped JSON is viewed as `base64 → gzip → JSON`. [`render`] decodes the value
//! through a view into a [`Rendered`]; [`copy_text`] is what copying it gives, the decoded value.
//!
//! Everything is bounded: decompression stops at [`Limits::max_output`] bytes and says so in
//! [`Rendered::notes`], JSON and XML are read iteratively with the decoders' depth limit
//! ([`crate::formats::depth`]), and bad input is an error or a note, never a panic.

mod decode;
mod hex;
mod image;
mod json;
mod lines;
mod sniff;
mod time;
mod xml;
mod zip;

use std::fmt;

use crate::model::{Tree, Value};

pub use hex::{HEX_ROW_BYTES, hex_row, hex_row_count};
pub use lines::{Lines, MAX_ROW_CHARS};
pub use time::{Epoch, Timestamp, timestamp_of};
pub use zip::ZipEntry;

/// Decompressed output is cut at this many bytes unless [`Limits`] say otherwise (64 MiB).
pub const MAX_OUTPUT: usize = 64 << 20;

/// Decoding steps in one view at most (`base64 → gzip → zip entry → …`).
pub const MAX_STEPS: usize = 4;

/// How much decoding may produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one decompression step may output; the rest is not decoded (a note says so).
    pub max_output: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_output: MAX_OUTPUT }
    }
}

/// A decoding step: bytes in, bytes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Base64 text (standard or URL-safe alphabet, padded or not, line breaks allowed).
    Base64,
    /// URL-encoded text (`%7B%22Version%22…`: IAM's policy documents).
    Percent,
    /// A gzip stream (all members).
    Gzip,
    /// The entry with this index of a zip archive, decompressed.
    ZipEntry(usize),
}

/// The image formats shown as pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// SVG (XML whose root element is `svg`).
    Svg,
}

impl ImageKind {
    /// The format's name (`PNG`).
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Gif => "GIF",
            ImageKind::Svg => "SVG",
        }
    }

    /// The MIME type (`image/png`).
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Svg => "image/svg+xml",
        }
    }
}

/// How the decoded bytes are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Show {
    /// A JSON object or array: a foldable tree and pretty text.
    Json,
    /// An XML document, pretty-printed.
    Xml,
    /// UTF-8 text with line numbers.
    Text,
    /// A hex dump.
    Hex,
    /// A picture.
    Image(ImageKind),
    /// The entries of a zip archive with their sizes.
    Zip,
    /// An epoch timestamp as a date.
    Timestamp(Epoch),
}

impl Show {
    fn name(self) -> &'static str {
        match self {
            Show::Json => "JSON",
            Show::Xml => "XML",
            Show::Text => "Text",
            Show::Hex => "Hex",
            Show::Image(kind) => kind.name(),
            Show::Zip => "Zip archive",
            Show::Timestamp(Epoch::Seconds) => "Timestamp (seconds)",
            Show::Timestamp(Epoch::Millis) => "Timestamp (milliseconds)",
        }
    }
}

/// One way to look at a value: decoding steps, then how the result is shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct View {
    /// Applied in order to the value's bytes.
    pub steps: Vec<Step>,
    /// How the last step's output is shown.
    pub show: Show,
}

impl View {
    /// A view of the value itself, without decoding.
    pub fn plain(show: Show) -> View {
        View { steps: Vec::new(), show }
    }

    fn after(steps: &[Step], show: Show) -> View {
        View { steps: steps.to_vec(), show }
    }
}

/// `JSON`, `base64 → gzip → JSON`, `zip entry 3 → Text`.
impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            match step {
                Step::Base64 => f.write_str("base64 → ")?,
                Step::Percent => f.write_str("URL-encoded → ")?,
                Step::Gzip => f.write_str("gzip → ")?,
                Step::ZipEntry(i) => write!(f, "zip entry {} → ", i + 1)?,
            }
        }
        f.write_str(self.show.name())
    }
}

/// Why a value cannot be shown through a view (invalid base64, not a zip archive…).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ViewError(pub String);

/// `Result` with a [`ViewError`].
pub type Result<T> = std::result::Result<T, ViewError>;

/// A value decoded through a view, ready to draw.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// What to draw.
    pub content: Content,
    /// What the reader should know: output cut at the limit, a truncated stream, text that
    /// was not valid UTF-8.
    pub notes: Vec<String>,
}

/// What a view draws.
#[derive(Clone, Debug)]
pub enum Content {
    /// Text with line numbers.
    Text(Lines),
    /// A JSON object or array: the decoded text, the same pretty-printed and as a tree.
    Json {
        /// The JSON text as decoded (what copying gives).
        source: String,
        /// Indented two spaces.
        pretty: Lines,
        /// Presented like a JSON file (lazily when big: unfold nodes as they are expanded).
        tree: Tree,
    },
    /// An XML document: the decoded text and the same pretty-printed.
    Xml {
        /// The XML text as decoded (what copying gives).
        source: String,
        /// One element, text or comment per line, indented by nesting.
        pretty: Lines,
    },
    /// Bytes as a hex dump (see [`hex_row`]).
    Hex(Vec<u8>),
    /// An encoded picture, for an image loader.
    Image {
        /// Its format.
        kind: ImageKind,
        /// The encoded file.
        bytes: Vec<u8>,
        /// Width and height in pixels, when the header says (not for SVG).
        size: Option<(u32, u32)>,
    },
    /// The entries of a zip archive, in central-directory order.
    Zip(Vec<ZipEntry>),
    /// An instant.
    Timestamp(Timestamp),
}

/// The candidate views of `value`, best first (empty for containers and references).
pub fn views(value: &Value) -> Vec<View> {
    views_with(value, Limits::default())
}

/// [`views`] with other limits.
pub fn views_with(value: &Value, limits: Limits) -> Vec<View> {
    let Some(bytes) = source(value) else { return Vec::new() };
    let mut views = sniff::views(&bytes, limits);
    if !matches!(value, Value::Str(_) | Value::Bytes(_)) {
        // Numbers and display text: their text (and a date), not their digits decoded or in hex.
        views.retain(|v| v.steps.is_empty() && v.show != Show::Hex);
    }
    views
}

/// The candidate views of an entry of the zip archive `archive` shows (its steps lead to the
/// archive), best first.
pub fn entry_views(value: &Value, archive: &View, index: usize, limits: Limits) -> Vec<View> {
    let mut steps = archive.steps.clone();
    steps.push(Step::ZipEntry(index));
    let Some(bytes) = source(value) else { return Vec::new() };
    match decode::apply(&bytes, &steps, limits) {
        Ok((bytes, _)) => sniff::views_of(&bytes, &steps, limits),
        Err(_) => Vec::new(),
    }
}

/// `value` decoded through `view`.
pub fn render(value: &Value, view: &View) -> Result<Rendered> {
    render_with(value, view, Limits::default())
}

/// [`render`] with other limits.
pub fn render_with(value: &Value, view: &View, limits: Limits) -> Result<Rendered> {
    let bytes =
        source(value).ok_or_else(|| ViewError("a container has no value to view".into()))?;
    let (bytes, mut notes) = decode::apply(&bytes, &view.steps, limits)?;
    let content = match view.show {
        Show::Json => json::render(&bytes)?,
        Show::Xml => xml::render(&bytes)?,
        Show::Text => Content::Text(Lines::new(lines::utf8(bytes, &mut notes))),
        Show::Hex => Content::Hex(bytes),
        Show::Image(kind) => image::render(kind, bytes)?,
        Show::Zip => {
            let (entries, more) = zip::list(&bytes, limits)?;
            notes.extend(more);
            Content::Zip(entries)
        }
        Show::Timestamp(epoch) => Content::Timestamp(time::render(&bytes, epoch)?),
    };
    Ok(Rendered { content, notes })
}

/// What copying a rendered view gives: the decoded value (text as decoded; hex digits for
/// bytes; a `data:` URI for a picture; one tab-separated line per zip entry; ISO-8601 for a
/// timestamp).
pub fn copy_text(rendered: &Rendered) -> String {
    match &rendered.content {
        Content::Text(lines) => lines.text().to_string(),
        Content::Json { source, .. } | Content::Xml { source, .. } => source.clone(),
        Content::Hex(bytes) => hex::plain(bytes),
        Content::Image { kind, bytes, .. } => image::data_uri(*kind, bytes),
        Content::Zip(entries) => zip::listing_text(entries),
        Content::Timestamp(ts) => ts.iso.clone(),
    }
}

/// The bytes every view starts from: text as UTF-8, bytes as they are, numbers and the other
/// scalars as their display text; `None` for containers and references.
fn source(value: &Value) -> Option<std::borrow::Cow<'_, [u8]>> {
    use std::borrow::Cow;
    Some(match value {
        Value::Container | Value::Ref(_) => return None,
        Value::Str(s) | Value::Text(s) | Value::BigInt(s) | Value::Number(s) => {
            Cow::Borrowed(s.as_bytes())
        }
        Value::Bytes(b) => Cow::Borrowed(b.as_slice()),
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
            Cow::Owned(value.display().into_bytes())
        }
    })
}

#[cfg(test)]
mod tests;
