//! Reading Avro's binary encoding from a byte slice: zig-zag varints, lengths checked against
//! the bytes left, fixed-size floats. Every error carries the file offset.

use super::AvroError;

/// A position in some bytes (a file, or a decompressed block that started at `base`).
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// File offset reported for position 0 (for a decompressed block: the block's offset).
    base: u64,
    /// Whether positions are file offsets (false inside a decompressed block).
    exact: bool,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`, which begin at file offset `base`.
    pub fn new(bytes: &'a [u8], base: u64, exact: bool) -> Self {
        Cursor { bytes, pos: 0, base, exact }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The position of the next byte in the cursor's bytes.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The file offset of the next byte (inside a compressed block: the block's offset).
    pub fn offset(&self) -> u64 {
        if self.exact { self.base + self.pos as u64 } else { self.base }
    }

    /// A truncation error at the current position.
    pub fn truncated(&self, what: &'static str) -> AvroError {
        AvroError::Truncated { offset: self.offset(), what }
    }

    /// A malformed-data error at the current position.
    pub fn malformed(&self, what: impl Into<String>) -> AvroError {
        AvroError::Malformed { offset: self.offset(), what: what.into() }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], AvroError> {
        if n > self.remaining() {
            return Err(self.truncated(what));
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// A zig-zag varint `long` (at most 10 bytes).
    pub fn long(&mut self, what: &'static str) -> Result<i64, AvroError> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.truncated(what));
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(((v >> 1) as i64) ^ -((v & 1) as i64));
            }
        }
        Err(self.malformed(format!("{what}: a varint longer than 10 bytes")))
    }

    /// A zig-zag varint `int` (its value must fit 32 bits).
    pub fn int(&mut self, what: &'static str) -> Result<i32, AvroError> {
        let v = self.long(what)?;
        i32::try_from(v).map_err(|_| self.malformed(format!("{what}: {v} does not fit an int")))
    }

    /// A length (of bytes, a string, a block) that must be ≥ 0 and fit in what is left.
    pub fn len(&mut self, what: &'static str) -> Result<usize, AvroError> {
        let n = self.long(what)?;
        if n < 0 {
            return Err(self.malformed(format!("{what}: negative length {n}")));
        }
        if n as u64 > self.remaining() as u64 {
            return Err(AvroError::Truncated { offset: self.offset(), what });
        }
        Ok(n as usize)
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], AvroError> {
        let n = self.len(what)?;
        self.take(n, what)
    }

    /// A length-prefixed UTF-8 string.
    pub fn string(&mut self, what: &'static str) -> Result<&'a str, AvroError> {
        let at = self.offset();
        let b = self.bytes(what)?;
        std::str::from_utf8(b)
            .map_err(|_| AvroError::Malformed { offset: at, what: format!("{what}: not UTF-8") })
    }

    /// The count of an array or map block: a negative count is followed by the block's size in
    /// bytes (which is checked against what is left). Returns the item count.
    pub fn block_count(&mut self, what: &'static str) -> Result<u64, AvroError> {
        let n = self.long(what)?;
        if n >= 0 {
            return Ok(n as u64);
        }
        // The block's size in bytes: checked, not needed (items are read one by one).
        self.len(what)?;
        Ok(n.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_varints() {
        let mut c = Cursor::new(&[0x00, 0x01, 0x02, 0x7f, 0x80, 0x01], 0, true);
        let got: Vec<i64> = (0..5).map(|_| c.long("x").unwrap()).collect();
        assert_eq!(got, [0, -1, 1, -64, 64]);
        assert!(matches!(c.long("x"), Err(AvroError::Truncated { offset: 6, .. })));
        let mut c = Cursor::new(&[0xff; 11], 0, true);
        assert!(matches!(c.long("x"), Err(AvroError::Malformed { .. })));
        // A length beyond the bytes left is refused before anything is allocated.
        let mut c = Cursor::new(&[0xfe, 0xff, 0xff, 0xff, 0x0f], 0, true);
        assert!(matches!(c.bytes("s"), Err(AvroError::Truncated { .. })));
    }
}
