//! A checked JSON text indexed for presenting it piece by piece: one 20-byte entry per value
//! (document order, numbered like [`super::parse::JsonDoc`]'s values) with its token's span,
//! where its subtree ends and, in an object, where its key is. Nothing is decoded until it is
//! asked for, so a 100 MB text costs its bytes and its entries, not a value per string.
//!
//! Built by the same parser as [`super::parse::parse`] (the same checks, errors and depth
//! limit), with a sink that records spans instead of values.

use super::parse::{self, JId, ParseError, Sink, Token};

/// What a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// `null`.
    Null,
    /// `false`.
    False,
    /// `true`.
    True,
    /// A number (its text is the token).
    Num,
    /// A string.
    Str,
    /// An array.
    Arr,
    /// An object.
    Obj,
}

/// One value of the text.
#[derive(Clone, Copy, Debug)]
struct Entry {
    kind: Kind,
    /// Where its member name's token begins (`NO_KEY` outside objects).
    key: u32,
    /// Its token: from the first byte to after the last (a container: its brackets).
    start: u32,
    end: u32,
    /// The value after its subtree.
    next: JId,
}

const NO_KEY: u32 = u32::MAX;

/// The index of a JSON text.
#[derive(Clone, Debug, Default)]
pub struct Tape {
    entries: Vec<Entry>,
}

/// A scalar, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number's text.
    Num(&'t str),
    /// A string's text.
    Str(String),
}

impl Tape {
    /// Checks and indexes `text` (at most 4 GiB).
    pub fn build(text: &[u8]) -> Result<Tape, ParseError> {
        if u32::try_from(text.len()).is_err() {
            return Err(ParseError {
                message: "text longer than 4 GiB".into(),
                line: 1,
                column: 1,
                offset: 0,
            });
        }
        let mut tape = Tape::default();
        parse::run(text, &mut tape)?;
        Ok(tape)
    }

    /// How many values the text holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none (never, for a built tape).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What value `id` is.
    pub fn kind(&self, id: JId) -> Kind {
        self.entries[id as usize].kind
    }

    /// The members of container `id`, in order (none for a scalar).
    pub fn children(&self, id: JId) -> impl Iterator<Item = JId> + '_ {
        let end = self.entries[id as usize].next;
        let mut at = match self.kind(id) {
            Kind::Arr | Kind::Obj => id + 1,
            _ => end,
        };
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let child = at;
                at = self.entries[child as usize].next;
                child
            })
        })
    }

    /// The member name of `id` in its object (`None` outside objects).
    pub fn key(&self, text: &[u8], id: JId) -> Option<String> {
        let e = &self.entries[id as usize];
        (e.key != NO_KEY).then(|| parse::string_at(text, e.key as usize)).flatten()
    }

    /// Scalar `id` decoded (`None` for a container).
    pub fn scalar<'t>(&self, text: &'t [u8], id: JId) -> Option<Scalar<'t>> {
        let e = &self.entries[id as usize];
        let token = text.get(e.start as usize..e.end as usize)?;
        Some(match e.kind {
            Kind::Null => Scalar::Null,
            Kind::False => Scalar::Bool(false),
            Kind::True => Scalar::Bool(true),
            Kind::Num => Scalar::Num(std::str::from_utf8(token).ok()?),
            Kind::Str => Scalar::Str(parse::string_at(text, e.start as usize)?),
            Kind::Arr | Kind::Obj => return None,
        })
    }
}

impl Sink for Tape {
    const DECODE: bool = false;

    fn value(
        &mut self,
        token: Token<'_>,
        start: usize,
        end: usize,
        _parent: Option<JId>,
        key: Option<(Option<String>, usize)>,
    ) -> JId {
        let id = self.entries.len() as JId;
        let kind = match token {
            Token::Null => Kind::Null,
            Token::Bool(false) => Kind::False,
            Token::Bool(true) => Kind::True,
            Token::Num(_) => Kind::Num,
            Token::Str(_) => Kind::Str,
            Token::Arr => Kind::Arr,
            Token::Obj => Kind::Obj,
        };
        // Spans fit: the text is under 4 GiB.
        let key = key.map_or(NO_KEY, |(_, at)| at as u32);
        self.entries.push(Entry { kind, key, start: start as u32, end: end as u32, next: id + 1 });
        id
    }

    fn close(&mut self, id: JId, end: usize) {
        let next = self.entries.len() as JId;
        if let Some(e) = self.entries.get_mut(id as usize) {
            e.end = end as u32;
            e.next = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::json::parse::{J, parse};

    const TEXT: &[u8] = br#"{"a":[1,{"b\/c":"x\u00e9","~":null}],"e":true,"f":[],"g":-2.5e3}"#;

    #[test]
    fn values_are_numbered_as_the_parse_numbers_them() {
        let tape = Tape::build(TEXT).unwrap();
        let doc = parse(TEXT).unwrap();
        assert_eq!(tape.len(), doc.values.len());
        for (id, v) in doc.values.iter().enumerate() {
            let id = id as JId;
            match v {
                J::Arr(items) => assert_eq!(tape.children(id).collect::<Vec<_>>(), *items),
                J::Obj(m) => {
                    let ids: Vec<JId> = m.iter().map(|(_, c)| *c).collect();
                    assert_eq!(tape.children(id).collect::<Vec<_>>(), ids);
                    for (k, c) in m {
                        assert_eq!(tape.key(TEXT, *c).as_deref(), Some(k.as_str()));
                    }
                }
                J::Null => assert_eq!(tape.scalar(TEXT, id), Some(Scalar::Null)),
                J::Bool(b) => assert_eq!(tape.scalar(TEXT, id), Some(Scalar::Bool(*b))),
                J::Num(n) => assert_eq!(tape.scalar(TEXT, id), Some(Scalar::Num(n))),
                J::Str(s) => assert_eq!(tape.scalar(TEXT, id), Some(Scalar::Str(s.clone()))),
            }
        }
        assert_eq!(tape.key(TEXT, 0), None);
        assert_eq!(tape.children(1).count(), 2);
        assert_eq!(tape.children(7).count(), 0, "the empty array \"f\"");
    }

    #[test]
    fn bad_text_fails_as_the_parse_fails() {
        for bad in [&b"{\"a\":1,}"[..], b"[1 2]", b"\"\\x\"", b"\"\xff\"", b"[\"a\x01\"]", b"{"] {
            assert_eq!(Tape::build(bad).unwrap_err(), parse(bad).unwrap_err(), "{bad:?}");
        }
        let deep = "[".repeat(parse::MAX_DEPTH + 1);
        assert!(Tape::build(deep.as_bytes()).unwrap_err().message.contains("nested deeper"));
    }
}
