//! The XML view: a document (one root element, nothing but whitespace, comments and
//! declarations around it) read with quick-xml's pull parser and written one element, text
//! or comment per line, indented by nesting — iteratively, with the decoders' depth limit.
//! Tags and text keep their source spelling (attributes, entities and all).

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Content, Lines, Result, ViewError};
use crate::formats::depth::TooDeep;
use crate::json_text::MAX_INDENT_LEVELS;

/// A pretty-printed document and the name of its root element.
pub struct Pretty {
    /// The document's lines, indented.
    pub text: String,
    /// The root element's name as written (`svg`, `soap:Envelope`).
    pub root: String,
}

/// The root element's name when `bytes` hold a well-formed XML document.
pub fn root_name(bytes: &[u8]) -> Option<String> {
    let first = bytes.iter().find(|c| !c.is_ascii_whitespace())?;
    if *first != b'<' {
        return None;
    }
    pretty(std::str::from_utf8(bytes).ok()?).ok().map(|p| p.root)
}

/// The XML view of `bytes`.
pub fn render(bytes: &[u8]) -> Result<Content> {
    let text = std::str::from_utf8(bytes).map_err(|e| ViewError(format!("not UTF-8 text: {e}")))?;
    let p = pretty(text)?;
    Ok(Content::Xml { source: text.to_string(), pretty: Lines::new(p.text) })
}

/// One output line: nesting depth and text; an element's line remembers whether it is still
/// open (so `<a>`, `text`, `</a>` can be joined into `<a>text</a>`).
struct Line {
    depth: usize,
    text: String,
    open: bool,
}

/// `text` pretty-printed, or why it is not an XML document.
pub fn pretty(text: &str) -> Result<Pretty> {
    let err = |m: String| ViewError(format!("not XML: {m}"));
    let mut reader = Reader::from_str(text);
    let mut lines: Vec<Line> = Vec::new();
    let mut depth = 0usize;
    let mut root: Option<String> = None;
    let mut roots = 0;
    // Text and entity references between two tags, joined (quick-xml splits at `&name;`),
    // then trimmed.
    let mut pending_text = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(format!("{e} at byte {}", reader.error_position())))?;
        let raw = String::from_utf8_lossy(&event).into_owned();
        match &event {
            Event::Text(_) => {
                pending_text.push_str(&raw);
                continue;
            }
            Event::GeneralRef(_) => {
                pending_text.push_str(&format!("&{raw};"));
                continue;
            }
            _ => {}
        }
        let text = std::mem::take(&mut pending_text);
        if !text.trim().is_empty() {
            if depth == 0 {
                return Err(err("text outside the root element".into()));
            }
            push_text(&mut lines, depth, text.trim().to_string());
        }
        let (line, opens) = match event {
            Event::Start(ref e) | Event::Empty(ref e) if depth == 0 => {
                roots += 1;
                if roots > 1 {
                    return Err(err("more than one root element".into()));
                }
                root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                match event {
                    Event::Start(_) => (format!("<{raw}>"), true),
                    _ => (format!("<{raw}/>"), false),
                }
            }
            Event::Start(_) => (format!("<{raw}>"), true),
            Event::Empty(_) => (format!("<{raw}/>"), false),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                let close = format!("</{raw}>");
                match lines.last_mut() {
                    Some(last) if last.open && last.depth == depth => {
                        last.text.push_str(&close);
                        last.open = false;
                        continue;
                    }
                    _ => (close, false),
                }
            }
            Event::CData(_) => (format!("<![CDATA[{raw}]]>"), false),
            Event::Comment(_) => (format!("<!--{raw}-->"), false),
            Event::Decl(_) | Event::PI(_) => (format!("<?{raw}?>"), false),
            Event::DocType(_) => (format!("<!DOCTYPE {}>", raw.trim()), false),
            Event::Eof => break,
            Event::Text(_) | Event::GeneralRef(_) => continue,
        };
        if let Some(last) = lines.last_mut() {
            last.open = false;
        }
        lines.push(Line { depth, text: line, open: opens });
        if opens {
            depth += 1;
            if depth > crate::formats::depth::MAX_DEPTH {
                return Err(err(TooDeep::new("XML").to_string()));
            }
        }
    }
    if depth > 0 {
        return Err(err("the document ends inside an element".into()));
    }
    let root = root.ok_or_else(|| err("no root element".into()))?;
    let mut out = String::with_capacity(text.len() + lines.len() * 4);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for _ in 0..line.depth.min(MAX_INDENT_LEVELS) {
            out.push_str("  ");
        }
        out.push_str(&line.text);
    }
    Ok(Pretty { text: out, root })
}

/// Text inside an element: joined to the element's line when it is the first thing in it.
fn push_text(lines: &mut Vec<Line>, depth: usize, text: String) {
    match lines.last_mut() {
        Some(last) if last.open && last.depth + 1 == depth => {
            last.text.push_str(&text);
            // Still open: its end tag may join too; anything else ends the line.
        }
        _ => lines.push(Line { depth, text, open: false }),
    }
}
