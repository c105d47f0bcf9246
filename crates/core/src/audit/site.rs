//! Which of the classes and functions a pickle references an installed Python package set
//! (a `site-packages` directory) still defines — why "ModuleNotFoundError" or "… has no
//! attribute" happens when LocalStack loads state an older version wrote.
//!
//! Read from the sources only, nothing imported: a global `a.b.Name` is looked for as
//! `a/b.py` or `a/b/__init__.py` (or a compiled `a/b.*.so`/`.pyd`, taken as present), and
//! `Name` as a top-level `class`/`def`, assignment or import in it. Globals of packages the
//! directory does not hold (the standard library, say) are not judged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Action, FileAudit};

/// Largest module source read.
const MAX_SOURCE_BYTES: u64 = 16 << 20;

/// What became of one referenced global in the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Presence {
    /// The module defines (or imports) the name.
    Defined,
    /// The module is compiled: its names cannot be read, so it is taken as defining them.
    Compiled,
    /// The package is there, the module is not.
    ModuleGone,
    /// The module is there without the name.
    NameGone,
    /// The site holds no such top-level package: not judged.
    NotInSite,
}

impl Presence {
    /// Whether loading would fail on it.
    pub fn missing(self) -> bool {
        matches!(self, Presence::ModuleGone | Presence::NameGone)
    }
}

/// One global some file references.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// `module.Name` as the pickle names it.
    pub name: String,
    /// How many files reference it.
    pub files: usize,
    /// What the site says, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
}

/// Every distinct global the audited files look up, sorted by name.
pub fn references(audits: &[FileAudit]) -> Vec<Reference> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for a in audits {
        for t in a.names.iter().filter(|t| t.action == Action::Global) {
            *seen.entry(t.name.as_str()).or_default() += 1;
        }
    }
    seen.into_iter()
        .map(|(name, files)| Reference { name: name.to_string(), files, presence: None })
        .collect()
}

/// Judges each reference against the `site` directory.
pub fn check_site(refs: &mut [Reference], site: &Path) {
    let mut modules: BTreeMap<String, Module> = BTreeMap::new();
    for r in refs {
        let parts: Vec<&str> = r.name.split('.').collect();
        let top = parts[0];
        if parts.len() < 2
            || (!site.join(top).is_dir() && !site.join(format!("{top}.py")).is_file())
        {
            r.presence = Some(Presence::NotInSite);
            continue;
        }
        // The module is the longest prefix that is one (`a.b.Outer.Inner`: a nested class's
        // qualified name follows its module); the first name after it must be defined there
        // (a name a package does not define is a submodule that is gone).
        let mut presence = Presence::ModuleGone;
        for k in (1..parts.len()).rev() {
            let module = parts[..k].join(".");
            let m = modules.entry(module.clone()).or_insert_with(|| Module::find(site, &module));
            presence = match m {
                Module::Missing => continue,
                Module::Compiled => Presence::Compiled,
                // Every module has its dunder attributes (dill pickles a module's `__dict__`).
                Module::Source { .. } if is_dunder(parts[k]) => Presence::Defined,
                Module::Source { text, .. } if defines(text, parts[k]) => Presence::Defined,
                Module::Source { package: true, .. } => Presence::ModuleGone,
                Module::Source { .. } => Presence::NameGone,
            };
            break;
        }
        r.presence = Some(presence);
    }
}

/// A module as found in the site.
enum Module {
    Missing,
    Compiled,
    /// Its source; `package`: an `__init__.py`.
    Source {
        text: String,
        package: bool,
    },
}

impl Module {
    fn find(site: &Path, module: &str) -> Module {
        let rel: PathBuf = module.split('.').collect();
        for (candidate, package) in
            [(rel.with_extension("py"), false), (rel.join("__init__.py"), true)]
        {
            if let Ok(bytes) = crate::files::read_limited(&site.join(&candidate), MAX_SOURCE_BYTES)
            {
                return Module::Source {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    package,
                };
            }
        }
        let dir = site.join(rel.parent().unwrap_or(Path::new("")));
        let stem = rel.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let compiled = std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&format!("{stem}.")) && (n.ends_with(".so") || n.ends_with(".pyd"))
        });
        if compiled { Module::Compiled } else { Module::Missing }
    }
}

fn is_dunder(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

/// Whether module source `text` binds `name` at some level: `class name`, `def name`,
/// `name =`/`name:`, or an import of it (`import … name`, `… as name`).
fn defines(text: &str, name: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    if name.is_empty() || !name.chars().all(is_word_char) {
        return false;
    }
    // `rest` starts with `name` as a whole word.
    let named = |rest: &str| rest.strip_prefix(name).is_some_and(|r| !r.starts_with(is_word_char));
    text.lines().map(str::trim_start).any(|l| {
        let keyword = ["class ", "def ", "async def "]
            .iter()
            .any(|k| l.strip_prefix(k).map(str::trim_start).is_some_and(named));
        let assigned = named(l) && {
            let r = l[name.len()..].trim_start();
            (r.starts_with('=') && !r.starts_with("==")) || r.starts_with(':')
        };
        let imported = (l.starts_with("from ") || l.starts_with("import "))
            && l.split(|c: char| !is_word_char(c)).any(|w| w == name);
        keyword || assigned || imported
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_defines_classes_functions_assignments_and_imports() {
        let src = "import os\nfrom .models import FifoQueue as Fifo, Other\n\nclass StandardQueue(Base):\n    class Inner: pass\ndef helper():\n    pass\nLIMIT: int = 3\nALIAS = StandardQueue\nif x == 1: pass\n";
        for n in ["StandardQueue", "Inner", "helper", "LIMIT", "ALIAS", "Fifo", "Other", "os"] {
            assert!(defines(src, n), "{n}");
        }
        for n in ["Standard", "FifoQueueX", "x", "pass", "a.b", ""] {
            assert!(!defines(src, n), "{n}");
        }
    }

    #[test]
    fn references_are_judged_against_a_site() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("localstack/services/sqs");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("models.py"), "class StandardQueue:\n    pass\n").unwrap();
        std::fs::write(site.path().join("localstack/__init__.py"), "").unwrap();
        std::fs::write(site.path().join("localstack/services/__init__.py"), "").unwrap();
        std::fs::write(pkg.join("_speedups.cpython-313-x86_64-linux-gnu.so"), b"\x7fELF").unwrap();
        let mut refs: Vec<Reference> = [
            "localstack.services.sqs.models.StandardQueue",
            "localstack.services.sqs.models.FifoQueue",
            "localstack.services.awslambda.invocation.Version",
            "localstack.services.sqs._speedups.Fast",
            "collections.OrderedDict",
            "localstack.services.sqs.models.StandardQueue.Nested",
            "localstack.services.sqs.models.__dict__",
        ]
        .iter()
        .map(|n| Reference { name: n.to_string(), files: 1, presence: None })
        .collect();
        check_site(&mut refs, site.path());
        let got: Vec<Option<Presence>> = refs.iter().map(|r| r.presence).collect();
        assert_eq!(
            got,
            [
                Some(Presence::Defined),
                Some(Presence::NameGone),
                Some(Presence::ModuleGone),
                Some(Presence::Compiled),
                Some(Presence::NotInSite),
                Some(Presence::Defined),
                Some(Presence::Defined),
            ]
        );
        assert!(Presence::NameGone.missing() && !Presence::NotInSite.missing());
    }
}
