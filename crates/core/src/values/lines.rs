//! Text split into numbered display rows, so a viewer lays out only the rows on screen: a
//! line longer than [`MAX_ROW_CHARS`] bytes continues on further rows without a number.

/// Bytes of one display row at most (a 10 MB one-line JSON would otherwise be one label).
pub const MAX_ROW_CHARS: usize = 2000;

/// A text and its display rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    text: String,
    /// Start and end byte of each row, and its 1-based line number (0 on continuation rows).
    rows: Vec<(usize, usize, usize)>,
}

impl Lines {
    /// Splits `text` at line breaks (`\n`, `\r\n`) and long lines at [`MAX_ROW_CHARS`].
    pub fn new(text: String) -> Lines {
        let mut rows = Vec::new();
        let mut start = 0;
        for (number, line) in text.split('\n').enumerate() {
            let end = start + line.len();
            let content_end = if line.ends_with('\r') { end - 1 } else { end };
            let mut row_start = start;
            let mut first = true;
            loop {
                let mut row_end = (row_start + MAX_ROW_CHARS).min(content_end);
                while !text.is_char_boundary(row_end) {
                    row_end -= 1;
                }
                rows.push((row_start, row_end, if first { number + 1 } else { 0 }));
                first = false;
                row_start = row_end;
                if row_start >= content_end {
                    break;
                }
            }
            start = end + 1;
        }
        Lines { text, rows }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many display rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row (never: an empty text has one empty row).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many lines (the number of the last).
    pub fn line_count(&self) -> usize {
        self.rows.iter().rev().map(|r| r.2).find(|n| *n > 0).unwrap_or(0)
    }

    /// Row `i`: its line number (`None` when it continues the line above) and text.
    pub fn row(&self, i: usize) -> (Option<usize>, &str) {
        match self.rows.get(i) {
            Some(&(start, end, number)) => {
                ((number > 0).then_some(number), self.text.get(start..end).unwrap_or(""))
            }
            None => (None, ""),
        }
    }
}

/// `bytes` as text; invalid UTF-8 is replaced, with a note saying so.
pub fn utf8(bytes: Vec<u8>, notes: &mut Vec<String>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            notes.push(format!(
                "not valid UTF-8 (first bad byte at {}): shown with replacement characters",
                e.utf8_error().valid_up_to()
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}
