//! An iterative JSON parser into a flat arena ([`JsonDoc`]).
//!
//! Every JSON decoder (generic JSON, kinesis-mock, jsonpickle) reads through this so that
//! arbitrarily deep input cannot overflow the stack, object key order is kept exactly as in
//! the file, numbers keep their original text, and errors name the line and column.

use std::fmt;

/// Index of a value in a [`JsonDoc`]; the root is 0.
pub type JId = u32;

/// One JSON value; containers hold the ids of their members.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    /// JSON `null`.
    Null,
    /// JSON `true` or `false`.
    Bool(bool),
    /// The number exactly as written in the file.
    Num(Box<str>),
    /// A string, with escapes decoded.
    Str(String),
    /// An array: the ids of its elements in order.
    Arr(Vec<JId>),
    /// Members in file order (duplicate keys are kept).
    Obj(Vec<(String, JId)>),
}

/// A parsed JSON text.
#[derive(Clone, Debug, Default)]
pub struct JsonDoc {
    /// Every value of the document, indexed by [`JId`]; the root is at [`JsonDoc::ROOT`].
    pub values: Vec<J>,
}

impl JsonDoc {
    /// Id of the top-level value.
    pub const ROOT: JId = 0;

    /// The value with id `id` (panics if out of range).
    pub fn get(&self, id: JId) -> &J {
        &self.values[id as usize]
    }

    /// The member `key` of object `id` (first occurrence).
    pub fn member(&self, id: JId, key: &str) -> Option<JId> {
        match self.get(id) {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| *v),
            _ => None,
        }
    }

    /// The string value `id`, or `None` if it is not a string.
    pub fn as_str(&self, id: JId) -> Option<&str> {
        match self.get(id) {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The RFC 6901 pointer of value `id` (`None` when there is no such value).
    pub fn pointer(&self, id: JId) -> Option<String> {
        if id as usize >= self.values.len() {
            return None;
        }
        // Each value's container and its step there, then up from `id`.
        let mut up: Vec<Option<(JId, String)>> = vec![None; self.values.len()];
        for (parent, v) in self.values.iter().enumerate() {
            let parent = parent as JId;
            match v {
                J::Arr(items) => {
                    for (i, c) in items.iter().enumerate() {
                        up[*c as usize] = Some((parent, i.to_string()));
                    }
                }
                J::Obj(members) => {
                    for (k, c) in members {
                        up[*c as usize] = Some((parent, crate::model::escape_pointer(k)));
                    }
                }
                _ => {}
            }
        }
        let mut steps = Vec::new();
        let mut at = id;
        while let Some((parent, step)) = up[at as usize].take() {
            steps.push(step);
            at = parent;
        }
        Some(steps.iter().rev().map(|s| format!("/{s}")).collect())
    }

    /// The value's JSON text (compact), iteratively.
    pub fn to_compact(&self, id: JId) -> String {
        self.write(id, false)
    }

    /// The value's JSON text indented by two spaces (like `serde_json::to_string_pretty`, up
    /// to [`MAX_INDENT_LEVELS`](crate::json_text::MAX_INDENT_LEVELS) levels), iteratively;
    /// numbers keep their text and members their order.
    pub fn to_pretty(&self, id: JId) -> String {
        self.write(id, true)
    }

    fn write(&self, id: JId, pretty: bool) -> String {
        enum Step {
            /// A value and its depth.
            Value(JId, usize),
            Lit(&'static str),
            Key(JId, usize),
            /// A line break indented to a depth (pretty only).
            Break(usize),
        }
        let mut out = String::new();
        let mut stack = vec![Step::Value(id, 0)];
        let brk = |depth| pretty.then_some(Step::Break(depth));
        while let Some(step) = stack.pop() {
            match step {
                Step::Lit(s) => out.push_str(s),
                Step::Break(depth) => {
                    out.push('\n');
                    for _ in 0..depth.min(crate::json_text::MAX_INDENT_LEVELS) {
                        out.push_str("  ");
                    }
                }
                Step::Key(obj, i) => {
                    if let J::Obj(m) = self.get(obj) {
                        write_json_string(&mut out, &m[i].0);
                        out.push_str(if pretty { ": " } else { ":" });
                    }
                }
                Step::Value(v, depth) => match self.get(v) {
                    J::Null => out.push_str("null"),
                    J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                    J::Num(n) => out.push_str(n),
                    J::Str(s) => write_json_string(&mut out, s),
                    J::Arr(items) => {
                        out.push('[');
                        stack.push(Step::Lit("]"));
                        stack.extend(brk(depth).filter(|_| !items.is_empty()));
                        for (i, c) in items.iter().enumerate().rev() {
                            stack.push(Step::Value(*c, depth + 1));
                            stack.extend(brk(depth + 1));
                            if i > 0 {
                                stack.push(Step::Lit(","));
                            }
                        }
                    }
                    J::Obj(m) => {
                        out.push('{');
                        stack.push(Step::Lit("}"));
                        stack.extend(brk(depth).filter(|_| !m.is_empty()));
                        for (i, (_, c)) in m.iter().enumerate().rev() {
                            stack.push(Step::Value(*c, depth + 1));
                            stack.push(Step::Key(v, i));
                            stack.extend(brk(depth + 1));
                            if i > 0 {
                                stack.push(Step::Lit(","));
                            }
                        }
                    }
                },
            }
        }
        out
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A syntax error with its position (1-based line and column, byte offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong (e.g. `expected ':'`).
    pub message: String,
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column of the error, in characters.
    pub column: usize,
    /// Byte offset of the error in the input.
    pub offset: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at line {} column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// How deeply arrays and objects may nest (real state nests a few dozen levels; a hostile
/// file a million): deeper input is refused with this number in the error (the limit of
/// every decoder, [`crate::formats::depth`]).
pub use crate::formats::depth::MAX_DEPTH;

/// Parses a whole JSON text (a UTF-8 BOM is skipped).
pub fn parse(bytes: &[u8]) -> Result<JsonDoc, ParseError> {
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut p = Parser { b: bytes, i: start, values: Vec::new() };
    p.document()?;
    Ok(JsonDoc { values: p.values })
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    values: Vec<J>,
}

/// An open container on the parser's stack.
struct Frame {
    id: JId,
    is_obj: bool,
    /// The key read for the next member of an object.
    key: Option<String>,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> ParseError {
        let upto = &self.b[..self.i.min(self.b.len())];
        let line = memchr::memchr_iter(b'\n', upto).count() + 1;
        let line_start = memchr::memrchr(b'\n', upto).map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&upto[line_start..]).chars().count() + 1;
        ParseError { message: message.into(), line, column, offset: self.i }
    }

    fn ws(&mut self) {
        while let Some(c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn add(&mut self, v: J) -> JId {
        let id = self.values.len() as JId;
        self.values.push(v);
        id
    }

    /// Attaches a finished value to the innermost open container.
    fn attach(&mut self, stack: &mut [Frame], v: JId) {
        if let Some(top) = stack.last_mut() {
            match &mut self.values[top.id as usize] {
                J::Arr(items) => items.push(v),
                J::Obj(m) => m.push((top.key.take().unwrap_or_default(), v)),
                _ => {}
            }
        }
    }

    fn document(&mut self) -> Result<(), ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        // `true` when a value is expected next (after `[`, `,` or `:`).
        let mut want_value = true;
        loop {
            self.ws();
            if want_value {
                if let Some(top) = stack.last_mut()
                    && top.is_obj
                    && top.key.is_none()
                {
                    // Expect a key (or `}` right after `{`).
                    match self.peek() {
                        Some(b'"') => {
                            let k = self.string()?;
                            self.ws();
                            if self.peek() != Some(b':') {
                                return Err(self.err("expected ':' after object key"));
                            }
                            self.i += 1;
                            if let Some(top) = stack.last_mut() {
                                top.key = Some(k);
                            }
                            continue;
                        }
                        Some(b'}') if matches!(&self.values[top.id as usize], J::Obj(m) if m.is_empty()) =>
                        {
                            self.i += 1;
                            want_value = false;
                            let done = stack.pop().map(|f| f.id);
                            if let Some(id) = done {
                                self.attach(&mut stack, id);
                            }
                            if stack.is_empty() {
                                break;
                            }
                            continue;
                        }
                        Some(_) => return Err(self.err("expected a string key")),
                        None => return Err(self.err("unexpected end of input inside an object")),
                    }
                }
                if matches!(self.peek(), Some(b'{' | b'[')) && stack.len() >= MAX_DEPTH {
                    return Err(self.err(format!("nested deeper than {MAX_DEPTH} levels")));
                }
                match self.peek() {
                    Some(b'{') => {
                        self.i += 1;
                        let id = self.add(J::Obj(Vec::new()));
                        stack.push(Frame { id, is_obj: true, key: None });
                        continue;
                    }
                    Some(b'[') => {
                        self.i += 1;
                        let id = self.add(J::Arr(Vec::new()));
                        stack.push(Frame { id, is_obj: false, key: None });
                        self.ws();
                        if self.peek() == Some(b']') {
                            self.i += 1;
                            stack.pop();
                            self.attach(&mut stack, id);
                            want_value = false;
                            if stack.is_empty() {
                                break;
                            }
                        }
                        continue;
                    }
                    Some(_) => {
                        let v = self.scalar()?;
                        let id = self.add(v);
                        self.attach(&mut stack, id);
                        want_value = false;
                        if stack.is_empty() {
                            break;
                        }
                    }
                    None => return Err(self.err("unexpected end of input, expected a value")),
                }
            } else {
                let Some(top) = stack.last() else { break };
                let close = if top.is_obj { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        want_value = true;
                    }
                    Some(c) if c == close => {
                        self.i += 1;
                        let done = stack.pop().map(|f| f.id);
                        if let Some(id) = done {
                            self.attach(&mut stack, id);
                        }
                        if stack.is_empty() {
                            break;
                        }
                    }
                    Some(_) => {
                        let what = if top.is_obj { "',' or '}'" } else { "',' or ']'" };
                        return Err(self.err(format!("expected {what}")));
                    }
                    None => return Err(self.err("unexpected end of input, unclosed container")),
                }
            }
        }
        self.ws();
        if self.i < self.b.len() {
            return Err(self.err("trailing characters after the JSON value"));
        }
        Ok(())
    }

    fn scalar(&mut self) -> Result<J, ParseError> {
        match self.peek() {
            Some(b'"') => Ok(J::Str(self.string()?)),
            Some(b't') => self.literal("true", J::Bool(true)),
            Some(b'f') => self.literal("false", J::Bool(false)),
            Some(b'n') => self.literal("null", J::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            // Python's json writes these for non-finite floats; accept them as numbers.
            Some(b'N') => self.literal("NaN", J::Num("NaN".into())),
            Some(b'I') => self.literal("Infinity", J::Num("Infinity".into())),
            Some(c) => Err(self.err(format!("unexpected character {:?}", c as char))),
            None => Err(self.err("unexpected end of input")),
        }
    }

    fn literal(&mut self, word: &str, v: J) -> Result<J, ParseError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err(format!("invalid literal, expected {word}")))
        }
    }

    fn number(&mut self) -> Result<J, ParseError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
            if self.b[self.i..].starts_with(b"Infinity") {
                self.i += 8;
                return Ok(J::Num("-Infinity".into()));
            }
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i - s
        };
        if digits(self) == 0 {
            return Err(self.err("invalid number: expected a digit"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err("invalid number: expected a digit after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("invalid number: expected an exponent"));
            }
        }
        // Only ASCII was consumed, so this is valid UTF-8.
        let text = String::from_utf8_lossy(&self.b[start..self.i]);
        Ok(J::Num(text.into()))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.i += 1; // opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let rest = &self.b[self.i..];
            let Some(pos) = memchr::memchr2(b'"', b'\\', rest) else {
                return Err(self.err("unterminated string"));
            };
            if let Some(bad) = rest[..pos].iter().position(|c| *c < 0x20) {
                self.i += bad;
                return Err(self.err("control character inside a string"));
            }
            out.extend_from_slice(&rest[..pos]);
            self.i += pos;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return String::from_utf8(out).map_err(|_| self.err("string is not valid UTF-8"));
            }
            // Backslash escape.
            let Some(&esc) = self.b.get(self.i + 1) else {
                return Err(self.err("unterminated escape"));
            };
            self.i += 2;
            match esc {
                b'"' => out.push(b'"'),
                b'\\' => out.push(b'\\'),
                b'/' => out.push(b'/'),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'u' => {
                    let c = self.unicode_escape()?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => {
                    self.i -= 1;
                    return Err(self.err("invalid escape in string"));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let h = self.b.get(self.i..self.i + 4).ok_or_else(|| self.err("truncated \\u escape"))?;
        let s = std::str::from_utf8(h).map_err(|_| self.err("invalid \\u escape"))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    /// After `\u`: one code point, joining surrogate pairs; lone surrogates become U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.b[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_values_in_order() {
        let d = parse(br#"{"b":1,"a":[true,null,"x\u00e9\ud83d\ude00"],"c":{},"d":[],"e":-1.5e3}"#)
            .unwrap();
        let J::Obj(m) = d.get(0) else { panic!() };
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c", "d", "e"]);
        let a = d.member(0, "a").unwrap();
        let J::Arr(items) = d.get(a) else { panic!() };
        assert_eq!(d.get(items[2]), &J::Str("xé😀".into()));
        assert_eq!(d.get(d.member(0, "e").unwrap()), &J::Num("-1.5e3".into()));
        assert_eq!(d.to_compact(0), r#"{"b":1,"a":[true,null,"xé😀"],"c":{},"d":[],"e":-1.5e3}"#);
        let pretty = "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"xé😀\"\n  ],\n  \
                      \"c\": {},\n  \"d\": [],\n  \"e\": -1.5e3\n}";
        assert_eq!(d.to_pretty(0), pretty);
    }

    #[test]
    fn every_value_has_its_pointer() {
        let d = parse(br#"{"a":[1,{"b/c":"x","~":null}],"e":true}"#).unwrap();
        let pointers: Vec<String> =
            (0..d.values.len() as JId).map(|i| d.pointer(i).unwrap()).collect();
        let mut sorted = pointers.clone();
        sorted.sort();
        assert_eq!(sorted, ["", "/a", "/a/0", "/a/1", "/a/1/b~1c", "/a/1/~0", "/e"]);
        for (i, p) in pointers.iter().enumerate() {
            assert_eq!(
                crate::formats::json::span::locate(
                    br#"{"a":[1,{"b/c":"x","~":null}],"e":true}"#,
                    p
                )
                .is_ok(),
                true,
                "{i} {p}"
            );
        }
        assert_eq!(d.pointer(7), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = MAX_DEPTH;
        let mut s = "[".repeat(n);
        s.push_str(&"]".repeat(n));
        let d = parse(s.as_bytes()).unwrap();
        assert_eq!(d.values.len(), n);
    }

    #[test]
    fn nesting_is_refused_past_max_depth_at_once() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = format!("{}{}", "[{\"a\":".repeat(500_000), "}]".repeat(500_000));
        let e = parse(deep.as_bytes()).unwrap_err();
        // `[{"a":` is 6 bytes: the refused opener is the one past MAX_DEPTH.
        assert_eq!(e.offset, MAX_DEPTH * 3, "{e}");
        assert!(e.to_string().contains("nested deeper than 20000 levels"), "{e}");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse(b"{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 7));
        assert!(e.to_string().contains("expected ':'"), "{e}");
        assert!(parse(b"[1,2").unwrap_err().message.contains("unclosed"));
        assert!(parse(b"{\"a\":1} x").unwrap_err().message.contains("trailing"));
        assert!(parse(b"").is_err());
        assert!(parse(b"[01x]").is_err());
        assert!(parse(b"{\"a\":1,}").unwrap_err().message.contains("string key"));
    }
}
