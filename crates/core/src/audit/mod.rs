//! Safety audit of Python state files: for every pickle (and every jsonpickle `py/reduce`,
//! `py/object`, `py/type`, `py/function`), every global it references and every call it would
//! make when Python loads it (`REDUCE`, `BUILD` → `__setstate__`, `NEWOBJ`, `NEWOBJ_EX`,
//! `INST`, `OBJ`, `EXT` codes, `PERSID`), with its location, its arguments (short text) and a verdict
//! from [`allowlist`]. Nothing is imported or executed: the pickle side rides the decoding VM
//! ([`crate::formats::pickle::vm::run_observed`]), the jsonpickle side reads the graph the
//! jsonpickle reader builds. Both are iterative and bounded (the VM's limits). [`site`] checks
//! the globals found against an installed LocalStack (`localstate check --localstack-site`).

pub mod allowlist;
mod jsonpickle;
mod pickle;
pub mod site;
mod verdict;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::formats::pyobj::{Graph, ObjId};
use crate::kind::EntryKind;

pub use allowlist::Verdict;

/// Most findings listed one by one per file (the rest are only counted, per name).
pub const MAX_LISTED: usize = 1000;

/// What a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A global is looked up (imported).
    Global,
    /// Something is called.
    Call,
    /// `__setstate__` (or `__dict__.update`) runs on an object.
    SetState,
    /// An object is fetched from copyreg's extension registry.
    Extension,
    /// The unpickler's `persistent_load` is called with a persistent id.
    Persistent,
}

impl Action {
    /// Lower-case name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Global => "global",
            Action::Call => "call",
            Action::SetState => "setstate",
            Action::Extension => "extension",
            Action::Persistent => "persistent",
        }
    }
}

/// Where a finding is: a byte offset of a pickle file, or a JSON pointer of a jsonpickle one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// Byte offset of the opcode in the file (marker byte included).
    Offset(usize),
    /// RFC 6901 pointer of the tagged JSON object.
    Pointer(String),
    /// Not known (a jsonpickle value without a recorded position).
    Unknown,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Offset(o) => write!(f, "@{o}"),
            Location::Pointer(p) => write!(f, "{}", if p.is_empty() { "/" } else { p }),
            Location::Unknown => write!(f, "?"),
        }
    }
}

/// One global looked up or one call made on load.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Where it is.
    pub location: Location,
    /// The opcode (`REDUCE`...) or jsonpickle tag (`py/reduce`...).
    pub op: &'static str,
    /// What it does.
    pub action: Action,
    /// The global, or what is called (a dotted name, or `<call result>` when it is not a name).
    pub name: String,
    /// The arguments (or the state, for `setstate`), short and printable.
    pub args: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: &'static str,
}

/// How often one (action, name, verdict) occurs in a file, and where first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tally {
    /// What it does.
    pub action: Action,
    /// The name.
    pub name: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: &'static str,
    /// Occurrences.
    pub count: u64,
    /// The first occurrence.
    pub first: Location,
}

/// The audit of one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileAudit {
    /// The file.
    pub path: PathBuf,
    /// `pickle` or `jsonpickle`.
    pub format: &'static str,
    /// `suspicious` when any finding is (a file that could not be audited to its end says so
    /// in `error`).
    pub verdict: Verdict,
    /// Suspicious findings.
    pub suspicious: u64,
    /// Expected findings.
    pub expected: u64,
    /// Findings one by one: every suspicious one (and every expected one when asked for), at
    /// most [`MAX_LISTED`].
    pub findings: Vec<Finding>,
    /// Findings not listed one by one (counted in `names`).
    pub omitted: u64,
    /// Every distinct (action, name, verdict), suspicious first, then by name.
    pub names: Vec<Tally>,
    /// Why the audit stopped early (a decoding error): what came before it is still listed.
    pub error: Option<String>,
}

/// What to list.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// List expected findings one by one too (not only counted per name).
    pub all: bool,
}

/// Gathers findings of one file.
struct Collector {
    options: Options,
    findings: Vec<Finding>,
    omitted: u64,
    suspicious: u64,
    expected: u64,
    tallies: HashMap<(Action, String, Verdict), (u64, Location, &'static str)>,
}

impl Collector {
    fn new(options: Options) -> Self {
        Collector {
            options,
            findings: Vec::new(),
            omitted: 0,
            suspicious: 0,
            expected: 0,
            tallies: HashMap::new(),
        }
    }

    /// Records a finding; `args` is only computed when the finding is listed.
    fn record(
        &mut self,
        location: Location,
        op: &'static str,
        action: Action,
        name: String,
        (verdict, reason): (Verdict, &'static str),
        args: impl FnOnce() -> String,
    ) {
        match verdict {
            Verdict::Suspicious => self.suspicious += 1,
            Verdict::Expected => self.expected += 1,
        }
        let listed = verdict == Verdict::Suspicious || self.options.all;
        if listed && self.findings.len() < MAX_LISTED {
            self.findings.push(Finding {
                location: location.clone(),
                op,
                action,
                name: name.clone(),
                args: args(),
                verdict,
                reason,
            });
        } else {
            self.omitted += 1;
        }
        self.tallies.entry((action, name, verdict)).or_insert((0, location, reason)).0 += 1;
    }

    /// Records what loading object `id` of `g` does (a global, a constructed object).
    fn object(&mut self, g: &Graph, id: ObjId, location: Location, op: &'static str) {
        use crate::formats::pyobj::PyObj;
        match g.get(id) {
            PyObj::Global(gl) => {
                let name = allowlist::normalize(gl.module, gl.name);
                let verdict = allowlist::judge(&name);
                self.record(location, op, Action::Global, name, verdict, String::new);
            }
            PyObj::Object(o) => {
                let name = verdict::resolve(g, o.callable);
                let judged = verdict::judge_call(g, name.as_deref(), o.args);
                let shown = name.unwrap_or_else(|| "<call result>".into());
                self.record(location, op, Action::Call, shown, judged, || {
                    verdict::args_text(g, o.args)
                });
            }
            PyObj::Extension(code) => {
                let verdict =
                    (Verdict::Suspicious, "copyreg extension registry (LocalStack registers none)");
                let name = format!("copyreg extension {code}");
                self.record(location, op, Action::Extension, name, verdict, String::new);
            }
            PyObj::PersistentId(pid) => {
                let verdict = (
                    Verdict::Suspicious,
                    "persistent_load hook (LocalStack defines none: such a file does not load)",
                );
                let args = || verdict::args_text(g, &[pid]);
                self.record(
                    location,
                    op,
                    Action::Persistent,
                    "persistent_load".into(),
                    verdict,
                    args,
                );
            }
            _ => {}
        }
    }

    /// Records `__setstate__` on object `id` (its class decides) with `state`.
    fn set_state(
        &mut self,
        g: &Graph,
        id: ObjId,
        state: ObjId,
        location: Location,
        op: &'static str,
    ) {
        use crate::formats::pyobj::PyObj;
        let class = match g.get(id) {
            PyObj::Object(o) => verdict::resolve(g, o.callable),
            _ => None,
        };
        let judged = match &class {
            Some(c) => allowlist::judge(c),
            None => (Verdict::Suspicious, "state set on something that is not a named class"),
        };
        let shown = class.unwrap_or_else(|| "<call result>".into());
        self.record(location, op, Action::SetState, shown, judged, || {
            verdict::args_text(g, &[state])
        });
    }

    fn finish(self, path: &Path, format: &'static str, error: Option<String>) -> FileAudit {
        let mut names: Vec<Tally> = self
            .tallies
            .into_iter()
            .map(|((action, name, verdict), (count, first, reason))| Tally {
                action,
                name,
                verdict,
                reason,
                count,
                first,
            })
            .collect();
        names.sort_by(|a, b| (b.verdict, &a.name, a.action).cmp(&(a.verdict, &b.name, b.action)));
        let verdict = if self.suspicious > 0 { Verdict::Suspicious } else { Verdict::Expected };
        FileAudit {
            path: path.to_path_buf(),
            format,
            verdict,
            suspicious: self.suspicious,
            expected: self.expected,
            findings: self.findings,
            omitted: self.omitted,
            names,
            error,
        }
    }
}

/// Whether files of `kind` are audited (pickles and jsonpickle).
pub fn audits(kind: EntryKind) -> bool {
    kind == EntryKind::PICKLE || kind == EntryKind::JSONPICKLE
}

/// Audits one file when it is a pickle or jsonpickle file (by [`crate::formats::sniff`]);
/// `None` for other files. A file that cannot be read or decoded to its end is audited up to
/// the problem, which is its `error` (what precedes it is listed).
pub fn audit_file(path: &Path, options: Options) -> Option<FileAudit> {
    let kind = crate::formats::sniff(path);
    audits(kind).then(|| audit_kind(path, kind, options))
}

/// [`audit_file`] for a file whose kind is known (pickle or jsonpickle).
pub fn audit_kind(path: &Path, kind: EntryKind, options: Options) -> FileAudit {
    let format = if kind == EntryKind::JSONPICKLE { "jsonpickle" } else { "pickle" };
    let mut c = Collector::new(options);
    // A file, or a member of a snapshot archive (`ARCHIVE!/MEMBER`).
    let bytes = match crate::source::Location::of(path).read() {
        Ok(b) => b,
        Err(e) => return c.finish(path, format, Some(e.to_string())),
    };
    let error = if kind == EntryKind::JSONPICKLE {
        jsonpickle::audit(&bytes, &mut c).err().map(|e| e.to_string())
    } else {
        pickle::audit(bytes, &mut c).err().map(|e| e.to_string())
    };
    c.finish(path, format, error)
}

/// Audits the bytes of a pickle file (`.state`/`.pkl` marker byte allowed).
pub fn audit_pickle_bytes(path: &Path, bytes: Vec<u8>, options: Options) -> FileAudit {
    let mut c = Collector::new(options);
    let error = pickle::audit(bytes, &mut c).err().map(|e| e.to_string());
    c.finish(path, "pickle", error)
}

/// Audits jsonpickle text.
pub fn audit_jsonpickle_bytes(path: &Path, bytes: &[u8], options: Options) -> FileAudit {
    let mut c = Collector::new(options);
    let error = jsonpickle::audit(bytes, &mut c).err().map(|e| e.to_string());
    c.finish(path, "jsonpickle", error)
}
