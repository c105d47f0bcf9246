//! Line index of a record-and-replay log: one streamed pass records where every non-blank
//! line starts and how long it is, so a call is decoded on demand without holding the file.

use std::io::Read;

use memchr::memchr_iter;

/// Where one non-blank line sits in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSpan {
    /// Byte offset of the first byte of the line.
    pub offset: u64,
    /// Length without the line terminator (`\n` or `\r\n`).
    pub len: u32,
    /// 1-based line number in the file.
    pub line_no: u64,
}

/// The non-blank lines of a log plus the numbers of the blank ones.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// The non-blank lines in file order (one per call, decodable or not).
    pub lines: Vec<LineSpan>,
    /// 1-based numbers of lines holding only whitespace (recorded, reported, skipped).
    pub blank_lines: Vec<u64>,
    /// Lines longer than 4 GiB cannot be indexed; their numbers are kept here.
    pub oversized_lines: Vec<u64>,
    /// Total bytes read.
    pub bytes: u64,
}

const CHUNK: usize = 1 << 20;

impl LineIndex {
    /// Streams `reader` once, in 1 MiB chunks, using `memchr` to find line ends.
    pub fn build(mut reader: impl Read) -> std::io::Result<LineIndex> {
        let mut idx = LineIndex::default();
        let mut buf = vec![0u8; CHUNK];
        // State of the line currently being read.
        let mut line_start: u64 = 0;
        let mut line_blank = true;
        let mut line_no: u64 = 1;
        let mut pos: u64 = 0;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let chunk = &buf[..n];
            let mut seg_start = 0usize;
            for nl in memchr_iter(b'\n', chunk) {
                line_blank &= is_blank(&chunk[seg_start..nl]);
                let end = pos + nl as u64;
                idx.finish_line(line_start, end, line_blank, line_no, chunk, nl);
                seg_start = nl + 1;
                line_start = end + 1;
                line_blank = true;
                line_no += 1;
            }
            line_blank &= is_blank(&chunk[seg_start..]);
            pos += n as u64;
        }
        if pos > line_start {
            idx.finish_line(line_start, pos, line_blank, line_no, &[], 0);
        }
        idx.bytes = pos;
        Ok(idx)
    }

    /// Records the line `[start, end)`; `chunk[nl]` is its `\n` when still in the buffer,
    /// used to drop a preceding `\r` (a `\r` split across chunks is trimmed when decoding).
    fn finish_line(
        &mut self,
        start: u64,
        end: u64,
        blank: bool,
        line_no: u64,
        chunk: &[u8],
        nl: usize,
    ) {
        if blank {
            self.blank_lines.push(line_no);
            return;
        }
        let mut len = end - start;
        if nl > 0 && chunk.get(nl - 1) == Some(&b'\r') {
            len -= 1;
        }
        match u32::try_from(len) {
            Ok(len) => self.lines.push(LineSpan { offset: start, len, line_no }),
            Err(_) => self.oversized_lines.push(line_no),
        }
    }

    /// Number of non-blank lines indexed.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the log has no non-blank line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

fn is_blank(b: &[u8]) -> bool {
    b.iter().all(|c| c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_blank_lines_and_crlf() {
        let text = b"{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}";
        let idx = LineIndex::build(&text[..]).unwrap();
        let got: Vec<_> = idx
            .lines
            .iter()
            .map(|l| (&text[l.offset as usize..][..l.len as usize], l.line_no))
            .collect();
        assert_eq!(
            got,
            vec![(&b"{\"a\":1}"[..], 1), (&b"{\"b\":2}"[..], 4), (&b"{\"c\":3}"[..], 5)]
        );
        assert_eq!(idx.blank_lines, vec![2, 3]);
        assert_eq!(idx.bytes, text.len() as u64);
    }

    #[test]
    fn lines_spanning_chunk_boundaries() {
        let line = "x".repeat(CHUNK / 3 + 7);
        let text = format!("{line}\n{line}\n{line}\n");
        let idx = LineIndex::build(text.as_bytes()).unwrap();
        assert_eq!(idx.len(), 3);
        assert!(idx.lines.iter().all(|l| l.len as usize == line.len()));
        assert_eq!(idx.lines[2].offset as usize, 2 * (line.len() + 1));
    }
}
