//! LocalStack's community record-and-replay log (`recorded_api_calls.json`,
//! `api_calls_<api>.json`, `<api>_api_calls.json`) and its `startup_info.json`.
//!
//! [`ReplayLog::open`] indexes the file in one streamed pass (offsets only, never the whole
//! file in memory); [`ReplayLog::call`] decodes one line on demand into a [`Call`] (service,
//! operation, parameters, rendered bodies); [`lint`] finds the calls a replay cannot
//! reproduce. [`open`] builds the shared [`Document`] (summary, findings and the calls as a
//! paged [`RowSource`](crate::model::RowSource)).

mod body;
mod call;
mod document;
mod entry;
mod form;
mod index;
mod lint;
mod protocol;
mod s3;
mod startup;
mod tokens;

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Context;

pub use body::{BodyKind, Rendered};
pub use call::Call;
pub use entry::{Entry, Headers};
pub use index::{LineIndex, LineSpan};
pub use lint::{
    DEFAULT_PER_CALL_COST, DEFAULT_SERVICE_START_COST, Finding, FindingKind, Lint, LintSummary,
    Linter, Risk,
};
pub use protocol::Protocol;
pub use startup::{StartupInfo, read_startup_info};

use crate::formats::{Evidence, Format, name_and_ext};
use crate::kind::EntryKind;
use crate::model::Document;

/// Decodes a replay log (or a `startup_info.json`) into the shared model.
impl EntryKind {
    /// A record-and-replay API call log.
    pub const REPLAY_LOG: EntryKind = EntryKind::new("replay-log");
}

/// `recorded_api_calls.json`, `api_calls_<api>.json` (0.13–0.14) or `<api>_api_calls.json` (≤ 0.10.7).
pub fn is_replay_log_name(name: &str) -> bool {
    name == "recorded_api_calls.json"
        || (name.starts_with("api_calls_") && name.ends_with(".json"))
        || (name.ends_with("_api_calls.json") && name != "_api_calls.json")
}

/// Record-and-replay logs (read-only: they are a history, not state).
pub struct ReplayLogFormat;

impl Format for ReplayLogFormat {
    fn kind(&self) -> EntryKind {
        EntryKind::REPLAY_LOG
    }

    fn sniff(&self, path: &Path, _head: &[u8]) -> Option<Evidence> {
        is_replay_log_name(name_and_ext(path).0).then_some(Evidence::Name)
    }

    fn open(&self, path: &Path) -> crate::Result<Document> {
        open(path)
    }
}

/// Decodes a replay log (or its `startup_info.json`).
pub fn open(path: &Path) -> crate::Result<Document> {
    if path.file_name().is_some_and(|n| n == "startup_info.json") {
        return startup::open(path);
    }
    let log = std::sync::Arc::new(ReplayLog::open(path)?);
    document::build(log)
}

/// A line that is not a decodable entry (never fatal: reported and skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// Index among the non-blank lines.
    pub index: usize,
    /// 1-based line number in the file.
    pub line_no: u64,
    /// Why the line does not decode (missing field, not JSON, bad body).
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line_no, self.message)
    }
}

/// An indexed log: decode any call on demand, or stream them all in order.
pub struct ReplayLog {
    path: PathBuf,
    file: Mutex<File>,
    index: LineIndex,
}

impl ReplayLog {
    /// Indexes `path` in one streamed pass.
    pub fn open(path: &Path) -> crate::Result<ReplayLog> {
        let file = crate::files::open(path)?;
        let index =
            LineIndex::build(&file).with_context(|| format!("cannot read {}", path.display()))?;
        Ok(ReplayLog { path: path.to_path_buf(), file: Mutex::new(file), index })
    }

    /// The log file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of non-blank lines (calls, decodable or not).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether the log has no non-blank line.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Where each line of the file is (offsets, blank and oversized lines).
    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    /// Line numbers of blank lines (skipped, as LocalStack does).
    pub fn blank_lines(&self) -> &[u64] {
        &self.index.blank_lines
    }

    /// The raw bytes of non-blank line `i`.
    pub fn line(&self, i: usize) -> crate::Result<Vec<u8>> {
        let span = self.index.lines.get(i).with_context(|| {
            format!("no call #{} in {} ({} calls)", i + 1, self.path.display(), self.len())
        })?;
        let mut buf = vec![0u8; span.len as usize];
        let mut f = self.file.lock().map_err(|_| crate::err!("log file handle poisoned"))?;
        f.seek(SeekFrom::Start(span.offset))?;
        f.read_exact(&mut buf).with_context(|| {
            format!("{} changed while reading line {}", self.path.display(), span.line_no)
        })?;
        Ok(buf)
    }

    /// Decodes call `i`. `Err` (outer) is an I/O failure; `Ok(Err)` a malformed line.
    pub fn call(&self, i: usize) -> crate::Result<Result<Call, LineError>> {
        let bytes = self.line(i)?;
        Ok(decode_line(i, self.index.lines[i].line_no, &bytes))
    }

    /// Streams every call in order through one buffered reader (no seeks per line).
    pub fn calls(&self) -> crate::Result<Calls<'_>> {
        let file = File::open(&self.path)
            .with_context(|| format!("cannot open {}", self.path.display()))?;
        Ok(Calls {
            log: self,
            reader: BufReader::with_capacity(1 << 20, file),
            pos: 0,
            next: 0,
            buf: Vec::new(),
        })
    }
}

fn decode_line(i: usize, line_no: u64, bytes: &[u8]) -> Result<Call, LineError> {
    Entry::parse(bytes).map(|e| Call::decode(i, line_no, e)).map_err(|message| LineError {
        index: i,
        line_no,
        message,
    })
}

/// Iterator over all calls of a log, in order.
pub struct Calls<'a> {
    log: &'a ReplayLog,
    reader: BufReader<File>,
    pos: u64,
    next: usize,
    buf: Vec<u8>,
}

impl Iterator for Calls<'_> {
    type Item = crate::Result<Result<Call, LineError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let span = *self.log.index.lines.get(self.next)?;
        let i = self.next;
        self.next += 1;
        let read = (|| -> std::io::Result<()> {
            self.reader.seek_relative((span.offset - self.pos) as i64)?;
            self.buf.resize(span.len as usize, 0);
            self.reader.read_exact(&mut self.buf)?;
            self.pos = span.offset + span.len as u64;
            Ok(())
        })();
        Some(match read {
            Ok(()) => Ok(decode_line(i, span.line_no, &self.buf)),
            Err(e) => Err(crate::err!(
                "cannot read line {} of {}: {e}",
                span.line_no,
                self.log.path.display()
            )),
        })
    }
}

/// Lints a whole log in one streamed pass.
pub fn lint(log: &ReplayLog, per_call_cost: std::time::Duration) -> crate::Result<Lint> {
    let mut linter = Linter::new();
    for c in log.calls()? {
        match c? {
            Ok(call) => linter.add(&call),
            Err(e) => linter.add_problem(e),
        }
    }
    Ok(linter.finish(log.path(), log.blank_lines().len(), per_call_cost))
}
