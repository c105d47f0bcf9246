//! Renders a request or response body for reading: JSON pretty-printed, form fields as a
//! table, XML indented, text as is, anything else as a hex dump with its size. All of it is
//! iterative or bounded: JSON goes through `serde_json` (which refuses nesting past 128
//! levels; such a body is shown as text), XML through a flat tag scanner whose indentation
//! stops growing after a few dozen levels.
//! S3's `aws-chunked` framing (SigV4 streaming and trailing-checksum uploads) is removed first.

use super::form;

/// What a recorded body holds, as detected from its content type and first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// No payload.
    Empty,
    /// A JSON document (shown pretty-printed).
    Json,
    /// `application/x-www-form-urlencoded` fields (query-protocol requests).
    Form,
    /// An XML document (shown indented).
    Xml,
    /// UTF-8 text that is none of the above.
    Text,
    /// Anything else (shown as a hex dump).
    Binary,
}

impl BodyKind {
    /// Short lowercase name (`json`, `form`, ...) for the body column and CLI output.
    pub fn label(self) -> &'static str {
        match self {
            BodyKind::Empty => "empty",
            BodyKind::Json => "json",
            BodyKind::Form => "form",
            BodyKind::Xml => "xml",
            BodyKind::Text => "text",
            BodyKind::Binary => "binary",
        }
    }
}

/// A body ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    /// What the payload was recognized as.
    pub kind: BodyKind,
    /// Size of the payload in bytes (after removing `aws-chunked` framing).
    pub size: usize,
    /// Pretty text (JSON, XML, text) or a hex dump (binary); empty for forms and empty bodies.
    pub text: String,
    /// Form fields, decoded (forms only).
    pub fields: Vec<(String, String)>,
    /// The payload bytes (after `aws-chunked` removal).
    pub bytes: Vec<u8>,
}

/// How many bytes of a binary body the hex dump shows.
const HEX_DUMP_LIMIT: usize = 512;

/// Renders `raw`; `content_type` and `content_encoding` come from the request headers when known.
pub fn render(raw: &[u8], content_type: Option<&str>, chunked: bool) -> Rendered {
    let bytes = if chunked { dechunk(raw).unwrap_or_else(|| raw.to_vec()) } else { raw.to_vec() };
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let first = bytes.iter().find(|c| !c.is_ascii_whitespace()).copied();
    let (kind, text, fields) = if bytes.is_empty() {
        (BodyKind::Empty, String::new(), Vec::new())
    } else if let Some(pretty) = (ct.contains("json") || matches!(first, Some(b'{' | b'[')))
        .then(|| pretty_json(&bytes))
        .flatten()
    {
        (BodyKind::Json, pretty, Vec::new())
    } else if ct.contains("x-www-form-urlencoded")
        || (first != Some(b'<') && form::looks_like_form(&bytes))
    {
        let fields = form::parse_pairs(&String::from_utf8_lossy(&bytes));
        (BodyKind::Form, String::new(), fields)
    } else if let Some(text) = std::str::from_utf8(&bytes).ok().filter(|t| is_text(t)) {
        if first == Some(b'<') {
            (BodyKind::Xml, pretty_xml(text), Vec::new())
        } else {
            (BodyKind::Text, text.to_string(), Vec::new())
        }
    } else {
        (BodyKind::Binary, hex_dump(&bytes), Vec::new())
    };
    Rendered { kind, size: bytes.len(), text, fields, bytes }
}

impl Rendered {
    /// The body as display text: pretty text, `key = value` lines for forms, `(empty)`.
    pub fn display(&self) -> String {
        match self.kind {
            BodyKind::Empty => "(empty)".into(),
            BodyKind::Form => {
                self.fields.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("\n")
            }
            BodyKind::Binary => format!("{} bytes\n{}", self.size, self.text),
            _ => self.text.clone(),
        }
    }
}

fn is_text(t: &str) -> bool {
    !t.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn pretty_json(b: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(b).ok()?;
    serde_json::to_string_pretty(&v).ok()
}

/// Removes `aws-chunked` framing: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n`
/// followed by optional trailer headers. `None` when the bytes are not framed that way.
pub fn dechunk(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = raw;
    loop {
        let eol = memchr::memmem::find(rest, b"\r\n")?;
        let head = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(head.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        let data = rest.get(..size)?;
        out.extend_from_slice(data);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

/// Indents XML: one element per line, short text kept inline with its tags.
pub fn pretty_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth: usize = 0;
    let mut rest = text.trim();
    let mut pending_open = false; // last token was an opening tag with only text after it so far
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[..end];
            rest = &rest[end..];
            let closing = tag.starts_with("</");
            let self_contained =
                tag.ends_with("/>") || tag.starts_with("<?") || tag.starts_with("<!");
            if closing {
                depth = depth.saturating_sub(1);
                if !pending_open {
                    newline(&mut out, depth);
                }
                out.push_str(tag);
                pending_open = false;
            } else {
                newline(&mut out, depth);
                out.push_str(tag);
                pending_open = !self_contained;
                if !self_contained {
                    depth += 1;
                }
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let t = rest[..end].trim();
            rest = &rest[end..];
            if !t.is_empty() {
                if !pending_open {
                    newline(&mut out, depth);
                }
                out.push_str(t);
            }
        }
    }
    out.trim_start().to_string()
}

/// Length of the tag at the start of `s` (through its `>`), honouring quoted attributes.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// A line break and the indentation of `depth` (at most
/// [`MAX_INDENT_LEVELS`](crate::json_text::MAX_INDENT_LEVELS) levels, so a body nested a
/// million levels deep is rendered in linear size, like `show --json`).
fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth.min(crate::json_text::MAX_INDENT_LEVELS) {
        out.push_str("  ");
    }
}

/// Classic 16-bytes-per-row hex dump of the first [`HEX_DUMP_LIMIT`] bytes.
fn hex_dump(b: &[u8]) -> String {
    let mut out = String::new();
    for (row, chunk) in b[..b.len().min(HEX_DUMP_LIMIT)].chunks(16).enumerate() {
        out.push_str(&format!("{:08x} ", row * 16));
        for byte in chunk {
            out.push_str(&format!(" {byte:02x}"));
        }
        for _ in chunk.len()..16 {
            out.push_str("   ");
        }
        out.push_str("  ");
        out.extend(
            chunk.iter().map(|c| if c.is_ascii_graphic() || *c == b' ' { *c as char } else { '.' }),
        );
        out.push('\n');
    }
    if b.len() > HEX_DUMP_LIMIT {
        out.push_str(&format!("… {} more bytes\n", b.len() - HEX_DUMP_LIMIT));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_detected_and_rendered() {
        let j = render(
            br#"{"QueueName":"q","Attributes":{"DelaySeconds":"0"}}"#,
            Some("application/x-amz-json-1.0"),
            false,
        );
        assert_eq!(j.kind, BodyKind::Json);
        assert!(j.text.contains("\n  \"QueueName\": \"q\""), "{}", j.text);
        let f = render(b"Action=CreateQueue&QueueName=q1", None, false);
        assert_eq!((f.kind, f.fields[1].1.as_str()), (BodyKind::Form, "q1"));
        let x = render(b"<?xml version=\"1.0\"?><R><A>1</A><B><C x=\"a>b\"/></B></R>", None, false);
        assert_eq!(x.kind, BodyKind::Xml);
        assert_eq!(
            x.text,
            "<?xml version=\"1.0\"?>\n<R>\n  <A>1</A>\n  <B>\n    <C x=\"a>b\"/>\n  </B>\n</R>"
        );
        let b = render(&[0u8, 159, 146, 150, 1, 2], None, false);
        assert_eq!((b.kind, b.size), (BodyKind::Binary, 6));
        assert!(b.text.starts_with("00000000  00 9f 92 96 01 02"), "{}", b.text);
        assert_eq!(render(b"", None, false).kind, BodyKind::Empty);
        assert_eq!(render(b"hello world", None, false).kind, BodyKind::Text);
    }

    #[test]
    fn bodies_nested_a_million_levels_render_in_linear_size() {
        let n = 1_000_000;
        let xml = format!("{}needle{}", "<a>".repeat(n), "</a>".repeat(n));
        let x = render(xml.as_bytes(), Some("text/xml"), false);
        assert_eq!(x.kind, BodyKind::Xml);
        let max = crate::json_text::MAX_INDENT_LEVELS;
        // Every tag on its own line, indented at most `max` levels.
        assert!(x.text.len() <= xml.len() + 2 * n * (1 + 2 * max), "{} bytes", x.text.len());
        let widest = x.text.lines().map(|l| l.len() - l.trim_start().len()).max();
        assert_eq!(widest, Some(2 * max));
        assert!(x.text.contains("<a>needle</a>"));
        // JSON past serde_json's nesting limit is shown as the text it is.
        let json = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        let j = render(json.as_bytes(), Some("application/json"), false);
        assert_eq!((j.kind, j.text.len()), (BodyKind::Text, json.len()));
    }

    #[test]
    fn aws_chunked_framing_is_removed() {
        let raw = b"5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n";
        assert_eq!(dechunk(raw).unwrap(), b"hello world");
        assert_eq!(render(raw, Some("text/plain"), true).text, "hello world");
        assert_eq!(dechunk(b"not chunked"), None);
    }
}
