//! Pending edits of one open file, with undo/redo, and the save pipeline.
//!
//! An [`EditSession`] remembers the [`Fingerprint`] of the file as it was decoded. Edits are
//! staged (nothing touches the disk) until [`EditSession::save`], which:
//! 1. refuses if the file changed on disk since it was read (unless `force`);
//! 2. re-encodes: pickles and JSON text get only the edited bytes replaced (Avro files the
//!    block holding them), then
//!    [`atomic::replace`] (temp file → fsync → `.bak` → rename → fsync dir); SQLite files get a
//!    `.bak` copy and one verified write transaction;
//! 3. decodes the saved file again and checks that the edited leaves hold the new values and
//!    that no other leaf changed (a failed check puts the original bytes back and reports it).
//!
//! A member of a snapshot / Cloud Pod archive (`ARCHIVE!/MEMBER`) opens in a read-only
//! session: every edit is refused, saying to extract the member first.

use std::path::{Path, PathBuf};

use crate::bail;
use crate::error::{Context, Error, Result};

use super::atomic;
use super::fingerprint::Fingerprint;
use crate::formats::{Editing, LeafEdit};
use crate::input::parse_value;
use crate::kind::EntryKind;
use crate::model::{Document, NodeId, Origin, Tree, Value};
use crate::source::Location;

/// Where an edited leaf is shown: in the document tree, or in the detail tree of a row of one
/// of the document's tables. Pointers are RFC 6901, as `show --json` prints them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// A leaf of the document tree.
    Tree {
        /// RFC 6901 pointer of the leaf in [`Document::tree`].
        pointer: String,
    },
    /// A leaf in the detail tree of one row of a table.
    Row {
        /// Name of the table's [`RowSource`](crate::model::RowSource).
        table: String,
        /// [`Row::id`](crate::model::Row::id) of the row.
        row: i64,
        /// RFC 6901 pointer of the leaf in the row's detail tree.
        pointer: String,
    },
}

impl Place {
    /// `pointer` or `table[row]pointer`, for messages and confirmation lists.
    pub fn label(&self) -> String {
        match self {
            Place::Tree { pointer } => pointer.clone(),
            Place::Row { table, row, pointer } => format!("{table}[{row}]{pointer}"),
        }
    }
}

/// One staged change.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    /// Where the edited leaf is shown.
    pub place: Place,
    /// Where the leaf's bytes are in the file (what its format re-encodes).
    pub origin: Origin,
    /// Type shown for the leaf (`str`, `N`, ...).
    pub ty: String,
    /// The value as read from the file.
    pub old: Value,
    /// The value the leaf gets when the session is saved.
    pub new: Value,
}

/// Options of [`EditSession::save`].
#[derive(Clone, Copy, Debug, Default)]
pub struct SaveOptions {
    /// Save even if the file changed on disk since it was read (the other change is lost).
    pub force: bool,
    /// Allow editing a pickled value that is shared (memoized) by several places: all of them
    /// change. Without it such an edit is refused with the number of places.
    pub allow_shared: bool,
}

/// What a save did.
#[derive(Debug)]
pub struct Saved {
    /// The saved file decoded again (show this instead of the old document).
    pub document: Document,
    /// The changes written, in the order they were made.
    pub changes: Vec<Edit>,
    /// The `.bak` holding the file as it was before this save.
    pub backup: PathBuf,
}

/// Pending edits of one file.
#[derive(Debug)]
pub struct EditSession {
    path: PathBuf,
    kind: EntryKind,
    fingerprint: Fingerprint,
    /// Why nothing may be edited (an archive member), if so.
    read_only: Option<String>,
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl EditSession {
    /// A session for a file decoded when it had `fingerprint`.
    pub fn new(path: &Path, kind: EntryKind, fingerprint: Fingerprint) -> Self {
        EditSession {
            path: path.to_path_buf(),
            kind,
            fingerprint,
            read_only: None,
            done: Vec::new(),
            undone: Vec::new(),
        }
    }

    /// Fingerprints and decodes `path`, making sure the file did not change while it was read.
    pub fn open(path: &Path, kind: EntryKind) -> Result<(EditSession, Document)> {
        if let Location::Member { archive, name } = Location::of(path) {
            let doc = crate::formats::open(path, kind)?;
            let mut session = EditSession::new(path, kind, Fingerprint::of_bytes(&[], None));
            session.read_only = Some(format!(
                "{name} is inside {}: archives are read-only; extract it first (unzip {} '{name}') and open the extracted file to edit it",
                archive.display(),
                archive.display()
            ));
            return Ok((session, doc));
        }
        for _ in 0..3 {
            let fp = Fingerprint::of_file(path)?;
            let doc = crate::formats::open(path, kind)?;
            if fp.stat_matches(path)? {
                return Ok((EditSession::new(path, kind, fp), doc));
            }
        }
        bail!(
            "{} keeps changing while it is read (is an emulator writing it?); stop the writer and retry",
            path.display()
        )
    }

    /// The file the edits apply to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What kind of file it is (selects the format that decodes and re-encodes it).
    pub fn kind(&self) -> EntryKind {
        self.kind
    }

    /// What the file looked like when it was read (a save refuses if it changed since).
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// Parses `input` for leaf `node` of `tree` (shown at `place`) and stages it.
    /// `ty` is an explicit type (see [`crate::input::TYPES`]).
    pub fn edit_leaf(
        &mut self,
        tree: &Tree,
        node: NodeId,
        place: Place,
        input: &str,
        ty: Option<&str>,
    ) -> Result<&Edit> {
        self.writable(&place.label())?;
        let n = tree.node(node);
        let origin = n.origin.clone().ok_or_else(|| {
            crate::err!(
                "{} is not editable: it is computed for display, not stored as a value in the file",
                place.label()
            )
        })?;
        if let Value::Ref(target) = n.value {
            bail!(
                "{} refers to a shared object shown in full at {}; edit it there",
                place.label(),
                tree.pointer(target)
            );
        }
        let shown = self.current_value(&origin).unwrap_or(&n.value).clone();
        let new = parse_value(input, &shown, ty).with_context(|| place.label())?;
        self.stage(Edit { place, origin, ty: n.ty.clone(), old: n.value.clone(), new })
    }

    /// Why the file cannot be edited at all (it is an archive member), if so.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Refuses (naming `what`) when the session is read-only.
    fn writable(&self, what: &str) -> Result<()> {
        match &self.read_only {
            Some(why) => bail!("{what}: {why}"),
            None => Ok(()),
        }
    }

    /// Stages an edit (its `old` is the value as read; an earlier edit of the same leaf keeps
    /// its `old`). Clears the redo stack.
    pub fn stage(&mut self, mut edit: Edit) -> Result<&Edit> {
        self.writable(&edit.place.label())?;
        if edit.new.is_container() || matches!(edit.new, Value::Ref(_)) {
            bail!("{}: only scalar values can be set", edit.place.label());
        }
        if let Some(first) = self.done.iter().find(|e| e.origin == edit.origin) {
            edit.old = first.old.clone();
        }
        self.undone.clear();
        let staged = self.done.len();
        self.done.push(edit);
        Ok(&self.done[staged])
    }

    /// Undoes the last staged edit; returns it.
    pub fn undo(&mut self) -> Option<&Edit> {
        let e = self.done.pop()?;
        self.undone.push(e);
        self.undone.last()
    }

    /// Redoes the last undone edit; returns it.
    pub fn redo(&mut self) -> Option<&Edit> {
        let e = self.undone.pop()?;
        self.done.push(e);
        self.done.last()
    }

    /// Whether there is a staged edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// Whether there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Drops every pending edit (and the redo stack).
    pub fn revert(&mut self) {
        self.done.clear();
        self.undone.clear();
    }

    /// The value a leaf will have after saving, if an edit changes it.
    pub fn current_value(&self, origin: &Origin) -> Option<&Value> {
        self.done.iter().rev().find(|e| &e.origin == origin).map(|e| &e.new)
    }

    /// The pending value of the leaf shown at `place`, if edited (for marking edited values).
    pub fn edited_at(&self, place: &Place) -> Option<&Value> {
        self.done.iter().rev().find(|e| &e.place == place).map(|e| &e.new)
    }

    /// The net changes: one per leaf (its latest value), leaves set back to their original
    /// value left out; in the order the leaves were first edited.
    pub fn pending(&self) -> Vec<Edit> {
        let mut out: Vec<Edit> = Vec::new();
        for e in &self.done {
            match out.iter_mut().find(|o| o.origin == e.origin) {
                Some(o) => o.new = e.new.clone(),
                None => out.push(e.clone()),
            }
        }
        out.retain(|e| !same_value(&e.old, &e.new));
        out
    }

    /// Number of leaves that will change on save ("N unsaved changes").
    pub fn pending_count(&self) -> usize {
        self.pending().len()
    }

    /// Writes the pending edits (see the module doc). On success the session is clean and
    /// bound to the saved file.
    pub fn save(&mut self, current: &Document, opts: SaveOptions) -> Result<Saved> {
        self.writable("save")?;
        let changes = self.pending();
        if changes.is_empty() {
            bail!("nothing to save: no pending changes");
        }
        let editing = crate::formats::format(self.kind).map_or(Editing::ReadOnly, |f| f.editing());
        let (backup, fingerprint) = match editing {
            Editing::InPlace(write) => self.save_in_place(write, &changes, opts)?,
            Editing::Bytes(rewrite) => self.save_bytes(rewrite, current, &changes, opts)?,
            Editing::ReadOnly => bail!("{} files cannot be edited", self.kind.label()),
        };
        let document = crate::formats::open(&self.path, self.kind).with_context(|| {
            format!(
                "{} was saved but does not decode any more; the original is in {}",
                self.path.display(),
                backup.display()
            )
        })?;
        self.fingerprint = fingerprint;
        self.revert();
        Ok(Saved { document, changes, backup })
    }

    fn save_in_place(
        &self,
        write: InPlaceWriter,
        changes: &[Edit],
        opts: SaveOptions,
    ) -> Result<(PathBuf, Fingerprint)> {
        if !opts.force {
            self.fingerprint.check(&self.path)?;
        }
        let backup = atomic::keep_backup_copy(&self.path)?;
        let edits: Vec<LeafEdit<'_>> = changes.iter().map(|e| e.leaf(opts)).collect();
        write(&self.path, &edits)?;
        Ok((backup, Fingerprint::of_file(&self.path)?))
    }

    fn save_bytes(
        &self,
        rewrite: BytesRewriter,
        current: &Document,
        changes: &[Edit],
        opts: SaveOptions,
    ) -> Result<(PathBuf, Fingerprint)> {
        let mtime = std::fs::metadata(&self.path).and_then(|m| m.modified()).ok();
        let original = crate::files::read(&self.path)?;
        let read_fp = Fingerprint::of_bytes(&original, mtime);
        // Forced over another change: the file now on disk is the baseline, and every edited
        // leaf must still be where it was with the value it had (else the origin is stale).
        let mut changed_on_disk;
        let baseline = if read_fp == self.fingerprint {
            current
        } else if !opts.force {
            // Same message as a full check gives.
            self.fingerprint.check(&self.path)?;
            return Err(Error::Conflict(format!(
                "{} changed on disk since it was read; reload it",
                self.path.display()
            )));
        } else {
            changed_on_disk = crate::formats::open(&self.path, self.kind)?;
            still_in_place(&mut changed_on_disk, changes)?;
            &changed_on_disk
        };
        let mut bytes = original.clone();
        for e in changes {
            bytes = rewrite(&bytes, &e.leaf(opts)).with_context(|| e.place.label())?;
        }
        let backup = atomic::replace(&self.path, &bytes, || {
            if opts.force || read_fp.stat_matches(&self.path)? {
                Ok(())
            } else {
                Err(Error::Conflict(format!(
                    "{} changed on disk while saving; nothing was written — reload it and make the edit again",
                    self.path.display()
                )))
            }
        })?;
        let fingerprint = Fingerprint::of_file(&self.path)?;
        if let Err(e) = verify(&self.path, self.kind, baseline, changes) {
            atomic::replace(&self.path, &original, || Ok(()))
                .context("restoring the original after a failed check")?;
            return Err(e.context(format!(
                "the saved file did not check out, so the original content of {} was put back",
                self.path.display()
            )));
        }
        Ok((backup, fingerprint))
    }
}

type InPlaceWriter = fn(&Path, &[LeafEdit<'_>]) -> Result<()>;
type BytesRewriter = fn(&[u8], &LeafEdit<'_>) -> Result<Vec<u8>>;

impl Edit {
    /// The change as its format re-encodes it.
    fn leaf(&self, opts: SaveOptions) -> LeafEdit<'_> {
        LeafEdit {
            origin: &self.origin,
            old: &self.old,
            new: &self.new,
            allow_shared: opts.allow_shared,
        }
    }
}

/// Refuses a forced save when an edited leaf is not at the same place, with the same origin
/// and value, in the version of the file now on disk.
fn still_in_place(on_disk: &mut Document, changes: &[Edit]) -> Result<()> {
    for e in changes {
        let Place::Tree { pointer } = &e.place else { continue };
        let node = on_disk.tree.resolve_unfolding(pointer).map(|id| on_disk.tree.node(id));
        if !node
            .is_some_and(|n| n.origin.as_ref() == Some(&e.origin) && same_value(&n.value, &e.old))
        {
            bail!(
                "cannot force the save: {pointer} is not the same leaf with the same value in the file now on disk; reload it and edit again"
            );
        }
    }
    Ok(())
}

/// Values equal for the purpose of "did it change" (NaN equals NaN).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// Whether a re-decoded leaf shows the value that was written (transformed fields such as
/// base64 record data may come back as text, bytes or pretty JSON).
fn shows(decoded: &Value, written: &Value) -> bool {
    if same_value(decoded, written) {
        return true;
    }
    let bytes = |v: &Value| match v {
        Value::Str(s) | Value::Text(s) => Some(s.as_bytes().to_vec()),
        Value::Bytes(b) => Some(b.clone()),
        _ => None,
    };
    let json =
        |v: &Value| bytes(v).and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    (bytes(decoded).is_some() && bytes(decoded) == bytes(written))
        || (json(decoded).is_some() && json(decoded) == json(written))
}

/// Decodes the saved file and checks: each edited tree leaf shows its new value, and every
/// other changed node is a display-only sibling of an edited leaf (such as a record's
/// `DataSize`).
fn verify(path: &Path, kind: EntryKind, before: &Document, changes: &[Edit]) -> Result<()> {
    let mut after = crate::formats::open(path, kind).context("the saved file does not decode")?;
    let mut allowed: Vec<NodeId> = Vec::new();
    for e in changes {
        let Place::Tree { pointer } = &e.place else { continue };
        let id = after
            .tree
            .resolve_unfolding(pointer)
            .ok_or_else(|| crate::err!("{pointer} is missing after saving"))?;
        let shown = &after.tree.node(id).value;
        if !shows(shown, &e.new) {
            bail!("{pointer} reads back as {} instead of {}", shown.display(), e.new.display());
        }
        allowed.push(id);
        if let Some(parent) = after.tree.parent(id) {
            allowed.extend(
                after
                    .tree
                    .node(parent)
                    .children
                    .iter()
                    .filter(|c| after.tree.node(**c).origin.is_none()),
            );
        }
    }
    if before.tree.is_lazy() {
        // A big document presented lazily: comparing whole trees would present millions of
        // nodes twice. The edit itself touched only the edited values: the pickle engine has
        // re-decoded the bytes and checked that only they differ (`pickle::replace_scalar`),
        // and a JSON edit replaces just the located value's text (`json_text::apply`).
        return Ok(());
    }
    let stray: Vec<String> = after
        .tree
        .changed_since(&before.tree)
        .into_iter()
        .filter(|id| !allowed.contains(id))
        .map(|id| after.tree.pointer(id))
        .take(5)
        .collect();
    if !stray.is_empty() {
        bail!("saving changed more than the edited values: {}", stray.join(", "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        let mut t = Tree::new("root", "dict");
        t.push_leaf(0, "a", "int", Value::Int(1), Some(Origin::Json("/a".into())));
        t.push_leaf(0, "b", "str", Value::Str("x".into()), Some(Origin::Json("/b".into())));
        t.push(0, "size", "int", Value::Int(3));
        t
    }

    fn session() -> EditSession {
        EditSession::new(Path::new("f.json"), EntryKind::JSON, Fingerprint::of_bytes(b"{}", None))
    }

    fn at(p: &str) -> Place {
        Place::Tree { pointer: p.into() }
    }

    #[test]
    fn staging_undo_redo_and_net_changes() {
        let t = tree();
        let mut s = session();
        s.edit_leaf(&t, 1, at("/a"), "2", None).unwrap();
        s.edit_leaf(&t, 1, at("/a"), "3", None).unwrap();
        s.edit_leaf(&t, 2, at("/b"), "y", None).unwrap();
        assert_eq!(s.pending_count(), 2);
        let p = s.pending();
        assert_eq!((p[0].old.clone(), p[0].new.clone()), (Value::Int(1), Value::Int(3)));
        assert_eq!(s.edited_at(&at("/b")), Some(&Value::Str("y".into())));
        assert_eq!(s.undo().unwrap().new, Value::Str("y".into()));
        assert_eq!(s.undo().unwrap().new, Value::Int(3));
        assert_eq!(s.edited_at(&at("/a")), Some(&Value::Int(2)));
        assert!(s.can_redo());
        assert_eq!(s.redo().unwrap().new, Value::Int(3));
        // A new edit clears the redo stack.
        s.edit_leaf(&t, 1, at("/a"), "1", None).unwrap();
        assert!(!s.can_redo());
        // Back to the original value: no net change.
        assert_eq!(s.pending_count(), 0);
        s.revert();
        assert!(!s.can_undo());
    }

    #[test]
    fn refuses_bad_input_and_display_only_leaves() {
        let t = tree();
        let mut s = session();
        assert!(s.edit_leaf(&t, 1, at("/a"), "x", None).unwrap_err().to_string().contains("/a"));
        assert!(
            s.edit_leaf(&t, 3, at("/size"), "4", None)
                .unwrap_err()
                .to_string()
                .contains("not editable")
        );
        assert!(s.edit_leaf(&t, 0, at(""), "4", None).is_err());
        assert_eq!(s.pending_count(), 0);
    }

    #[test]
    fn read_back_accepts_transformed_fields() {
        assert!(shows(&Value::Bytes(b"hi".to_vec()), &Value::Str("hi".into())));
        assert!(shows(&Value::Text("{\n  \"a\": 1\n}".into()), &Value::Str("{\"a\":1}".into())));
        assert!(!shows(&Value::Str("hi".into()), &Value::Str("ho".into())));
        assert!(shows(&Value::Float(f64::NAN), &Value::Float(f64::NAN)));
    }
}
