//! Finds the byte span of the value an RFC 6901 pointer names inside raw JSON text, so an edit
//! can replace exactly those bytes and keep every other byte (key order, spacing, number
//! spelling, escapes) as it was.
//!
//! A forward scanner without recursion: it walks the members on the pointer's path and skips
//! everything else by counting brackets outside strings. Linear in the bytes before the target
//! (plus the rest of the enclosing objects, to refuse ambiguous duplicate keys).

use crate::error::{Context, Result};
use std::ops::Range;

use crate::bail;

use crate::model::unescape_pointer;

/// The byte range of the value at `pointer` (`""` = the whole document's value).
pub fn locate(raw: &[u8], pointer: &str) -> Result<Range<usize>> {
    let segments: Vec<String> = match pointer {
        "" => Vec::new(),
        p => match p.strip_prefix('/') {
            Some(rest) => rest.split('/').map(unescape_pointer).collect(),
            None => bail!("{pointer:?} is not a JSON pointer (it must start with '/')"),
        },
    };
    let mut s = Scanner { raw, pos: 0 };
    s.skip_ws();
    for (depth, seg) in segments.iter().enumerate() {
        let at = || {
            segments[..=depth]
                .iter()
                .map(|s| format!("/{}", crate::model::escape_pointer(s)))
                .collect::<String>()
        };
        match s.peek() {
            Some(b'{') => s.enter_member(seg).with_context(at)?,
            Some(b'[') => {
                let idx: usize = seg
                    .parse()
                    .map_err(|_| crate::err!("{}: {seg:?} is not an array index", at()))?;
                s.enter_element(idx).with_context(at)?;
            }
            _ => bail!("{}: the parent is not an object or array", at()),
        }
    }
    let start = s.pos;
    s.skip_value()?;
    Ok(start..s.pos)
}

struct Scanner<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.raw.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        self.skip_ws();
        if self.peek() != Some(b) {
            bail!("malformed JSON at byte {}: expected {:?}", self.pos, b as char);
        }
        self.pos += 1;
        Ok(())
    }

    /// Skips a string starting at `pos` (on its quote) and returns its decoded text.
    fn string(&mut self) -> Result<String> {
        let start = self.pos;
        self.skip_string()?;
        serde_json::from_slice::<String>(&self.raw[start..self.pos])
            .with_context(|| format!("malformed JSON string at byte {start}"))
    }

    fn skip_string(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match memchr::memchr2(b'"', b'\\', &self.raw[self.pos.min(self.raw.len())..]) {
                Some(i) => {
                    self.pos += i;
                    if self.raw[self.pos] == b'\\' {
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                        return Ok(());
                    }
                }
                None => bail!("unterminated JSON string starting at byte {start}"),
            }
        }
    }

    /// Skips one value (scalar or container) starting at `pos`, iteratively.
    fn skip_value(&mut self) -> Result<()> {
        self.skip_ws();
        let start = self.pos;
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => bail!("JSON ends inside the value starting at byte {start}"),
                Some(b'"') => self.skip_string()?,
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.pos += 1;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    self.pos += 1;
                }
                Some(b'}' | b']' | b',' | b':') if depth == 0 => {
                    bail!("malformed JSON at byte {}: expected a value", self.pos)
                }
                Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b':') => self.pos += 1,
                Some(_) => {
                    // Literal or number: up to the next delimiter.
                    while !matches!(
                        self.peek(),
                        None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':')
                    ) {
                        self.pos += 1;
                    }
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// On an object's `{`: moves to the value of member `key`; refuses a key that appears twice.
    fn enter_member(&mut self, key: &str) -> Result<()> {
        self.pos += 1;
        let mut found = None;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => break,
                Some(b'"') => {}
                _ => bail!("malformed JSON object at byte {}", self.pos),
            }
            let name = self.string()?;
            self.expect(b':')?;
            self.skip_ws();
            if name == key {
                if found.is_some() {
                    bail!(
                        "the key {key:?} appears more than once in this object; refusing an ambiguous edit"
                    );
                }
                found = Some(self.pos);
            }
            self.skip_value()?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => break,
                _ => bail!("malformed JSON object at byte {}", self.pos),
            }
        }
        match found {
            Some(p) => {
                self.pos = p;
                Ok(())
            }
            None => bail!("no member {key:?}"),
        }
    }

    /// On an array's `[`: moves to element `idx`.
    fn enter_element(&mut self, idx: usize) -> Result<()> {
        self.pos += 1;
        for i in 0.. {
            self.skip_ws();
            if self.peek() == Some(b']') {
                bail!("index {idx} is past the end (the array has {i} elements)");
            }
            if i == idx {
                return Ok(());
            }
            self.skip_value()?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    bail!("index {idx} is past the end (the array has {} elements)", i + 1)
                }
                _ => bail!("malformed JSON array at byte {}", self.pos),
            }
        }
        unreachable!("the loop above only ends by returning")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(raw: &'a str, p: &str) -> &'a str {
        &raw[locate(raw.as_bytes(), p).unwrap()]
    }

    #[test]
    fn finds_values_in_nested_objects_and_arrays() {
        let raw = r#" { "a" : [1, {"b\"c": "x\\\"y", "d": -1.5e3}, [true]] , "e/f~g": null, "h": {"i": {}} } "#;
        assert_eq!(at(raw, "/a/0"), "1");
        assert_eq!(at(raw, "/a/1/b\"c"), r#""x\\\"y""#);
        assert_eq!(at(raw, "/a/1/d"), "-1.5e3");
        assert_eq!(at(raw, "/a/2/0"), "true");
        assert_eq!(at(raw, "/e~1f~0g"), "null");
        assert_eq!(at(raw, "/h/i"), "{}");
        assert_eq!(at(raw, "/a/2"), "[true]");
        assert_eq!(at(raw, "").trim(), raw.trim());
    }

    #[test]
    fn keys_with_escapes_match_their_decoded_text() {
        let raw = r#"{"caf\u00e9": 1, "{\"ShardId\":\"s-0\"}": [2]}"#;
        assert_eq!(at(raw, "/café"), "1");
        assert_eq!(at(raw, "/{\"ShardId\":\"s-0\"}/0"), "2");
    }

    #[test]
    fn missing_duplicate_and_malformed_are_errors() {
        let e = |raw: &str, p: &str| locate(raw.as_bytes(), p).unwrap_err().to_string();
        assert!(e(r#"{"a": 1}"#, "/b").contains("no member \"b\""));
        assert!(e(r#"{"a": [1]}"#, "/a/3").contains("past the end"));
        assert!(e(r#"{"a": [1]}"#, "/a/x").contains("not an array index"));
        assert!(e(r#"{"a": 1, "a": 2}"#, "/a").contains("more than once"));
        assert!(e(r#"{"a": 1}"#, "/a/b").contains("not an object or array"));
        assert!(e(r#"{"a": "x"#, "/a").contains("unterminated"));
        assert!(e(r#"{"a" 1}"#, "/a").contains("malformed"));
        assert!(e(r#"{"a": 1}"#, "a").contains("must start with '/'"));
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let raw = format!(r#"{{"x": {}1{}, "y": 2}}"#, "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(at(&raw, "/y"), "2");
    }
}
