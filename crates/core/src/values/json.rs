//! The JSON view: an object or array parsed by the crate's own iterative parser
//! ([`crate::formats::json::parse`]), presented as a tree like a JSON file and pretty-printed.

use std::sync::Arc;

use super::{Content, Lines, Result, ViewError};
use crate::formats::json::parse::{J, JsonDoc, parse};
use crate::formats::json::present;

/// The parsed document when `bytes` hold a JSON object or array (not a lone scalar: `42` and
/// `"x"` are better read as what they are).
pub fn container(bytes: &[u8]) -> Option<JsonDoc> {
    let first = bytes.iter().find(|c| !c.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') {
        return None;
    }
    parse(bytes).ok().filter(|doc| matches!(doc.get(JsonDoc::ROOT), J::Obj(_) | J::Arr(_)))
}

/// The JSON view of `bytes`.
pub fn render(bytes: &[u8]) -> Result<Content> {
    let text = std::str::from_utf8(bytes).map_err(|e| ViewError(format!("not UTF-8 text: {e}")))?;
    let doc = parse(bytes).map_err(|e| ViewError(e.to_string()))?;
    let pretty = Lines::new(doc.to_pretty(JsonDoc::ROOT));
    let tree = present(Arc::new(doc), "json");
    Ok(Content::Json { source: text.to_string(), pretty, tree })
}
