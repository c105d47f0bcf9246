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
    let mut values = Values(Vec::new());
    run(bytes, &mut values)?;
    Ok(JsonDoc { values: values.0 })
}

/// A value as the parser reads it.
pub(super) enum Token<'a> {
    Null,
    Bool(bool),
    /// A number's text.
    Num(&'a str),
    /// A string: its text when the sink decodes strings.
    Str(Option<String>),
    /// An opening `[`.
    Arr,
    /// An opening `{`.
    Obj,
}

/// What a parse builds, told value by value in document order (a container before its
/// members), so every sink numbers the values alike.
pub(super) trait Sink {
    /// Whether strings and keys are to be decoded (else they are only checked).
    const DECODE: bool;
    /// A value that begins at `start` and (a scalar) ends at `end`, inside container `parent`
    /// as the member named `key` (its text when decoded, and where its token begins).
    fn value(
        &mut self,
        token: Token<'_>,
        start: usize,
        end: usize,
        parent: Option<JId>,
        key: Option<(Option<String>, usize)>,
    ) -> JId;
    /// Container `id` ends at `end` (after its closing bracket).
    fn close(&mut self, id: JId, end: usize);
}

/// The sink of [`parse`]: the values themselves.
struct Values(Vec<J>);

impl Sink for Values {
    const DECODE: bool = true;

    fn value(
        &mut self,
        token: Token<'_>,
        _start: usize,
        _end: usize,
        parent: Option<JId>,
        key: Option<(Option<String>, usize)>,
    ) -> JId {
        let id = self.0.len() as JId;
        self.0.push(match token {
            Token::Null => J::Null,
            Token::Bool(b) => J::Bool(b),
            Token::Num(n) => J::Num(n.into()),
            Token::Str(s) => J::Str(s.unwrap_or_default()),
            Token::Arr => J::Arr(Vec::new()),
            Token::Obj => J::Obj(Vec::new()),
        });
        match parent.and_then(|p| self.0.get_mut(p as usize)) {
            Some(J::Arr(items)) => items.push(id),
            Some(J::Obj(m)) => m.push((key.and_then(|(k, _)| k).unwrap_or_default(), id)),
            _ => {}
        }
        id
    }

    fn close(&mut self, _id: JId, _end: usize) {}
}

/// Parses `bytes` into `sink` (a UTF-8 BOM is skipped).
pub(super) fn run<S: Sink>(bytes: &[u8], sink: &mut S) -> Result<(), ParseError> {
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    Parser { lx: Lexer { b: bytes, i: start }, sink }.document()
}

/// The text of the JSON string token that begins at `start` of `bytes`.
pub(super) fn string_at(bytes: &[u8], start: usize) -> Option<String> {
    Lexer { b: bytes, i: start }.string(true).ok().flatten()
}

struct Parser<'a, 's, S: Sink> {
    lx: Lexer<'a>,
    sink: &'s mut S,
}

/// Reads tokens: strings, numbers, literals, whitespace.
struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

/// An open container on the parser's stack.
struct Frame {
    id: JId,
    is_obj: bool,
    /// Whether no member has been read yet.
    empty: bool,
    /// The key read for the next member of an object (text, where its token begins).
    key: Option<(Option<String>, usize)>,
}

impl<S: Sink> Parser<'_, '_, S> {
    fn err(&self, message: impl Into<String>) -> ParseError {
        self.lx.err(message)
    }

    /// Starts a value at the lexer's position, in the innermost open container.
    fn add(&mut self, stack: &mut [Frame], token: Token<'_>, start: usize) -> JId {
        let (parent, key) = match stack.last_mut() {
            Some(top) => (Some(top.id), top.key.take()),
            None => (None, None),
        };
        let end = self.lx.i;
        self.sink.value(token, start, end, parent, key)
    }

    /// Closes the innermost container (its bracket just read); whether that was the root.
    fn close(&mut self, stack: &mut Vec<Frame>) -> bool {
        if let Some(f) = stack.pop() {
            self.sink.close(f.id, self.lx.i);
        }
        stack.is_empty()
    }

    fn document(&mut self) -> Result<(), ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        // `true` when a value is expected next (after `[`, `,` or `:`).
        let mut want_value = true;
        loop {
            self.lx.ws();
            if want_value {
                if let Some(top) = stack.last()
                    && top.is_obj
                    && top.key.is_none()
                {
                    // Expect a key (or `}` right after `{`).
                    match self.lx.peek() {
                        Some(b'"') => {
                            let at = self.lx.i;
                            let k = self.lx.string(S::DECODE)?;
                            self.lx.ws();
                            if self.lx.peek() != Some(b':') {
                                return Err(self.err("expected ':' after object key"));
                            }
                            self.lx.i += 1;
                            if let Some(top) = stack.last_mut() {
                                top.key = Some((k, at));
                                top.empty = false;
                            }
                            continue;
                        }
                        Some(b'}') if top.empty => {
                            self.lx.i += 1;
                            want_value = false;
                            if self.close(&mut stack) {
                                break;
                            }
                            continue;
                        }
                        Some(_) => return Err(self.err("expected a string key")),
                        None => return Err(self.err("unexpected end of input inside an object")),
                    }
                }
                if matches!(self.lx.peek(), Some(b'{' | b'[')) && stack.len() >= MAX_DEPTH {
                    return Err(self.err(format!("nested deeper than {MAX_DEPTH} levels")));
                }
                let start = self.lx.i;
                match self.lx.peek() {
                    Some(b'{') => {
                        self.lx.i += 1;
                        let id = self.add(&mut stack, Token::Obj, start);
                        stack.push(Frame { id, is_obj: true, empty: true, key: None });
                        continue;
                    }
                    Some(b'[') => {
                        self.lx.i += 1;
                        let id = self.add(&mut stack, Token::Arr, start);
                        stack.push(Frame { id, is_obj: false, empty: true, key: None });
                        self.lx.ws();
                        if self.lx.peek() == Some(b']') {
                            self.lx.i += 1;
                            want_value = false;
                            if self.close(&mut stack) {
                                break;
                            }
                        }
                        continue;
                    }
                    Some(_) => {
                        let token = self.lx.scalar(S::DECODE)?;
                        self.add(&mut stack, token, start);
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
                match self.lx.peek() {
                    Some(b',') => {
                        self.lx.i += 1;
                        want_value = true;
                    }
                    Some(c) if c == close => {
                        self.lx.i += 1;
                        if self.close(&mut stack) {
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
        self.lx.ws();
        if self.lx.i < self.lx.b.len() {
            return Err(self.err("trailing characters after the JSON value"));
        }
        Ok(())
    }
}

impl<'a> Lexer<'a> {
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

    fn scalar(&mut self, decode: bool) -> Result<Token<'a>, ParseError> {
        match self.peek() {
            Some(b'"') => Ok(Token::Str(self.string(decode)?)),
            Some(b't') => self.literal("true", Token::Bool(true)),
            Some(b'f') => self.literal("false", Token::Bool(false)),
            Some(b'n') => self.literal("null", Token::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            // Python's json writes these for non-finite floats; accept them as numbers.
            Some(b'N') => self.literal("NaN", Token::Num("NaN")),
            Some(b'I') => self.literal("Infinity", Token::Num("Infinity")),
            Some(c) => Err(self.err(format!("unexpected character {:?}", c as char))),
            None => Err(self.err("unexpected end of input")),
        }
    }

    fn literal(&mut self, word: &str, v: Token<'a>) -> Result<Token<'a>, ParseError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err(format!("invalid literal, expected {word}")))
        }
    }

    fn number(&mut self) -> Result<Token<'a>, ParseError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
            if self.b[self.i..].starts_with(b"Infinity") {
                self.i += 8;
                return Ok(Token::Num("-Infinity"));
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
        // Only ASCII was consumed.
        Ok(Token::Num(std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0")))
    }

    /// A string token: its text if `decode`, else only checked (escapes, UTF-8, control
    /// characters) as decoding would.
    fn string(&mut self, decode: bool) -> Result<Option<String>, ParseError> {
        self.i += 1; // opening quote
        let mut out: Vec<u8> = Vec::new();
        let mut utf8 = true;
        loop {
            let rest = &self.b[self.i..];
            let (pos, printable) = match short_run(rest) {
                Some(pos) => (pos, true),
                None => match memchr::memchr2(b'"', b'\\', rest) {
                    Some(pos) => (pos, printable_ascii(&rest[..pos])),
                    None => return Err(self.err("unterminated string")),
                },
            };
            let run = &rest[..pos];
            if !printable && let Some(bad) = run.iter().position(|c| *c < 0x20) {
                self.i += bad;
                return Err(self.err("control character inside a string"));
            }
            if decode {
                out.extend_from_slice(run);
            } else {
                // A quote or backslash never splits a UTF-8 sequence: each run checks alone.
                utf8 &= printable || std::str::from_utf8(run).is_ok();
            }
            self.i += pos;
            if self.b[self.i] == b'"' {
                self.i += 1;
                let text = match decode {
                    true => String::from_utf8(out).map(Some).map_err(|_| ()),
                    false => utf8.then_some(None).ok_or(()),
                };
                return text.map_err(|()| self.err("string is not valid UTF-8"));
            }
            // Backslash escape.
            let Some(&esc) = self.b.get(self.i + 1) else {
                return Err(self.err("unterminated escape"));
            };
            self.i += 2;
            let byte = match esc {
                b'"' => b'"',
                b'\\' => b'\\',
                b'/' => b'/',
                b'b' => 8,
                b'f' => 12,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'u' => {
                    let c = self.unicode_escape()?;
                    if decode {
                        out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes());
                    }
                    continue;
                }
                _ => {
                    self.i -= 1;
                    return Err(self.err("invalid escape in string"));
                }
            };
            if decode {
                out.push(byte);
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

/// Where a string's run of printable ASCII ends at a `"` or `\\` within its first
/// [`SHORT_RUN`] bytes (most keys and values), found eight bytes at a time; `None` when the
/// run is longer or holds anything else (left to `memchr` and the full checks).
fn short_run(rest: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Each term's lowest set high bit marks the first byte of its kind exactly.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let (words, _) = rest[..rest.len().min(SHORT_RUN)].as_chunks::<8>();
    for (k, w) in words.iter().enumerate() {
        let w = u64::from_le_bytes(*w);
        let special = zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | unprintable(w);
        if special != 0 {
            let at = k * 8 + (special.trailing_zeros() / 8) as usize;
            return matches!(rest[at], b'"' | b'\\').then_some(at);
        }
    }
    None
}

/// How far [`short_run`] looks.
const SHORT_RUN: usize = 32;

/// The high bit of every byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of word `w` (little-endian) that are not printable ASCII (0x20–0x7F), as their
/// high bits: a byte below 0x20 borrows into its high bit when 0x20 is taken from it, a byte
/// from 0x80 has it set already. The lowest bit set is exact (a borrow only passes upwards
/// from a byte already marked).
fn unprintable(w: u64) -> u64 {
    (w.wrapping_sub(0x2020_2020_2020_2020) | w) & HIGH
}

/// Whether every byte of `run` is printable ASCII: no control character to refuse and
/// nothing for UTF-8 to check (eight bytes at a time).
fn printable_ascii(run: &[u8]) -> bool {
    let (words, tail) = run.as_chunks::<8>();
    words.iter().all(|w| unprintable(u64::from_le_bytes(*w)) == 0)
        && tail.iter().all(|c| (0x20..0x80).contains(c))
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
        let text = br#"{"a":[1,{"b/c":"x","~":null}],"e":true}"#;
        for (i, p) in pointers.iter().enumerate() {
            assert!(crate::formats::json::span::locate(text, p).is_ok(), "{i} {p}");
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
    fn printable_ascii_is_every_byte_from_space_to_del() {
        for b in 0..=255u8 {
            for at in 0..19 {
                let mut run = vec![b'a'; 19];
                run[at] = b;
                assert_eq!(printable_ascii(&run), (0x20..0x80).contains(&b), "{b:#x} at {at}");
            }
        }
        assert!(printable_ascii(b""));
    }

    #[test]
    fn a_short_run_ends_at_the_first_quote_or_backslash_after_printable_ascii() {
        for b in 0..=255u8 {
            for at in 0..20 {
                let mut rest = vec![b'a'; 40];
                rest[at] = b;
                rest[25] = b'"';
                let expected = match b {
                    b'"' | b'\\' => Some(at),
                    0x20..0x80 => Some(25),
                    _ => None,
                };
                assert_eq!(short_run(&rest), expected, "{b:#x} at {at}");
            }
        }
        assert_eq!(short_run(&[b'a'; 40]), None, "longer than SHORT_RUN");
        assert_eq!(short_run(b"ab\""), None, "shorter than a word: left to memchr");
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
