//! Splits a pickle into opcodes, each with its byte span and decoded inline argument.
//!
//! Streaming (an iterator), so a 100 MB pickle is never held as a list of ops. Every declared
//! length is checked against the bytes left before anything is sliced or allocated.

use super::limits::PickleError;
use super::ops::{ArgKind, Opcode};

/// An opcode's inline argument, borrowed from the pickle bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg<'a> {
    /// The opcode has no inline argument.
    None,
    /// An integer argument (`U1`, `U2`, `U4`, `I4` and `FRAME`'s `U8`).
    Int(i64),
    /// A `BINFLOAT` double.
    Float(f64),
    /// A payload (`LenN`), or a text line without its newline (`Line`).
    Bytes(&'a [u8]),
    /// `GLOBAL`/`INST`: module and name lines.
    Pair(&'a [u8], &'a [u8]),
}

/// One lexed opcode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Op<'a> {
    /// Which opcode this is.
    pub code: Opcode,
    /// Its decoded inline argument.
    pub arg: Arg<'a>,
    /// Byte span `start..end` of the opcode including its argument.
    pub start: usize,
    /// Byte position just after the opcode's argument (exclusive end).
    pub end: usize,
}

/// Iterator over the opcodes of `bytes`, ending after `STOP` (or at the first error).
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer at the first byte of `bytes` (a bare pickle, without any marker byte).
    pub fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, pos: 0, done: false }
    }

    /// Byte position of the next opcode.
    pub fn pos(&self) -> usize {
        self.pos
    }

    fn take(&mut self, n: u64, op: Opcode, start: usize) -> Result<&'a [u8], PickleError> {
        let left = self.bytes.len() - self.pos;
        if n > left as u64 {
            return Err(PickleError::Truncated { offset: start, op: op.name(), need: n, left });
        }
        let s = &self.bytes[self.pos..self.pos + n as usize];
        self.pos += n as usize;
        Ok(s)
    }

    fn line(&mut self, op: Opcode, start: usize) -> Result<&'a [u8], PickleError> {
        let rest = &self.bytes[self.pos..];
        match memchr::memchr(b'\n', rest) {
            Some(i) => {
                self.pos += i + 1;
                Ok(&rest[..i])
            }
            None => Err(PickleError::Truncated {
                offset: start,
                op: op.name(),
                need: 1,
                left: rest.len(),
            }),
        }
    }

    /// The next `N` bytes.
    fn fixed<const N: usize>(&mut self, op: Opcode, start: usize) -> Result<[u8; N], PickleError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N as u64, op, start)?);
        Ok(a)
    }

    /// A little-endian unsigned integer of `N` ≤ 8 bytes.
    fn le<const N: usize>(&mut self, op: Opcode, start: usize) -> Result<u64, PickleError> {
        let b = self.fixed::<N>(op, start)?;
        let mut a = [0u8; 8];
        a[..N].copy_from_slice(&b);
        Ok(u64::from_le_bytes(a))
    }

    #[inline(always)]
    fn next_op(&mut self) -> Result<Op<'a>, PickleError> {
        let start = self.pos;
        let Some(&byte) = self.bytes.get(start) else {
            return Err(PickleError::NoStop { offset: start });
        };
        let code =
            Opcode::from_byte(byte).ok_or(PickleError::UnknownOpcode { byte, offset: start })?;
        self.pos += 1;
        let arg = match code.arg_kind() {
            ArgKind::None => Arg::None,
            ArgKind::U1 => Arg::Int(self.le::<1>(code, start)? as i64),
            ArgKind::U2 => Arg::Int(self.le::<2>(code, start)? as i64),
            ArgKind::U4 => Arg::Int(self.le::<4>(code, start)? as i64),
            ArgKind::I4 => Arg::Int(self.le::<4>(code, start)? as u32 as i32 as i64),
            ArgKind::U8 => {
                let v = self.le::<8>(code, start)?;
                // Only FRAME uses U8: its length must fit in what is left.
                let left = self.bytes.len() - self.pos;
                if v > left as u64 {
                    return Err(PickleError::Truncated {
                        offset: start,
                        op: code.name(),
                        need: v,
                        left,
                    });
                }
                Arg::Int(v as i64)
            }
            ArgKind::F8 => Arg::Float(f64::from_be_bytes(self.fixed::<8>(code, start)?)),
            ArgKind::Line => Arg::Bytes(self.line(code, start)?),
            ArgKind::TwoLines => {
                let m = self.line(code, start)?;
                let n = self.line(code, start)?;
                Arg::Pair(m, n)
            }
            ArgKind::Len1 => {
                let n = self.le::<1>(code, start)?;
                Arg::Bytes(self.take(n, code, start)?)
            }
            ArgKind::Len4 => {
                let n = self.le::<4>(code, start)?;
                Arg::Bytes(self.take(n, code, start)?)
            }
            ArgKind::Len4Signed => {
                let n = self.le::<4>(code, start)? as u32 as i32;
                if n < 0 {
                    return Err(PickleError::invalid(
                        code.name(),
                        start,
                        format!("negative length {n}"),
                    ));
                }
                Arg::Bytes(self.take(n as u64, code, start)?)
            }
            ArgKind::Len8 => {
                let n = self.le::<8>(code, start)?;
                Arg::Bytes(self.take(n, code, start)?)
            }
        };
        if code == Opcode::STOP {
            self.done = true;
        }
        Ok(Op { code, arg, start, end: self.pos })
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Result<Op<'a>, PickleError>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.next_op();
        if r.is_err() {
            self.done = true;
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_spans_and_arguments() {
        // PROTO 4, SHORT_BINUNICODE 'ab', BININT2 300, STOP
        let p = b"\x80\x04\x8c\x02abM\x2c\x01.";
        let ops: Vec<_> = Lexer::new(p).collect::<Result<_, _>>().unwrap();
        assert_eq!(ops.len(), 4);
        assert_eq!(ops[1].code, Opcode::SHORT_BINUNICODE);
        assert_eq!(ops[1].arg, Arg::Bytes(b"ab"));
        assert_eq!((ops[1].start, ops[1].end), (2, 6));
        assert_eq!(ops[2].arg, Arg::Int(300));
    }

    #[test]
    fn huge_declared_length_is_rejected_before_allocating() {
        let mut p = vec![0x8e];
        p.extend_from_slice(&(1u64 << 63).to_le_bytes());
        let err = Lexer::new(&p).next().unwrap().unwrap_err();
        assert!(matches!(err, PickleError::Truncated { need, .. } if need == 1 << 63), "{err}");
    }
}
