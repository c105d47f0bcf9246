//! Crash-safe file replacement and the `.bak` of the original.
//!
//! [`replace`]: write the new bytes to a temp file in the same directory → fsync it → keep the
//! current file as `<name>.bak` → rename the temp file over the original → fsync the
//! directory. A reader (or a crash, or `kill -9`) sees the old file or the new one, never a
//! mix; the `.bak` itself is replaced by a rename too, so it is never torn either.
//!
//! `.bak` policy: rotating, one generation — each save keeps the file as it was just before
//! that save (the previous `.bak` is replaced). It is made with a hard link when the file
//! system allows (no copy, even for 100 MB pickles), else by copying.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Context, Result};

/// `<path>.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot fsync directory {}", dir.display()))
}

fn temp_in(dir: &Path, path: &Path) -> Result<tempfile::NamedTempFile> {
    let stem = path.file_name().unwrap_or_default().to_string_lossy();
    tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".localstate-tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))
}

/// Makes `<path>.bak` hold the current content of `path`, atomically (a hard link when
/// possible: only for files that are then replaced by rename, never modified in place).
pub fn keep_backup(path: &Path) -> Result<PathBuf> {
    backup(path, true)
}

/// Like [`keep_backup`] but always a copy, for files modified in place (SQLite).
pub fn keep_backup_copy(path: &Path) -> Result<PathBuf> {
    backup(path, false)
}

fn backup(path: &Path, link: bool) -> Result<PathBuf> {
    let dir = dir_of(path);
    let bak = backup_path(path);
    let tmp = temp_in(dir, path)?;
    let tmp_path = tmp.into_temp_path();
    // Hard link the original under a temp name, then rename onto .bak (both atomic).
    std::fs::remove_file(&tmp_path).ok();
    if !link || std::fs::hard_link(path, &tmp_path).is_err() {
        std::fs::copy(path, &tmp_path)
            .with_context(|| format!("cannot copy {} for its backup", path.display()))?;
        File::open(&tmp_path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot fsync {}", tmp_path.display()))?;
    }
    tmp_path.persist(&bak).with_context(|| format!("cannot write {}", bak.display()))?;
    sync_dir(dir)?;
    Ok(bak)
}

/// Replaces `path` by `bytes` crash-safely, keeping the old content as `<path>.bak`.
/// `still_ours` is called right before the rename; an error from it aborts with nothing
/// replaced (the last-moment conflict check).
pub fn replace(
    path: &Path,
    bytes: &[u8],
    still_ours: impl FnOnce() -> Result<()>,
) -> Result<PathBuf> {
    let tmp = staged(path, bytes)?;
    still_ours()?;
    let bak = keep_backup(path)?;
    commit(tmp, path)?;
    Ok(bak)
}

/// Writes `path` crash-safely (temp file → fsync → rename → fsync dir) without a `.bak`:
/// for the app's own files, such as the edit journal.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    commit(staged(path, bytes)?, path)
}

/// `bytes` in a synced temp file beside `path`, with `path`'s permissions.
fn staged(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = dir_of(path);
    let mut tmp = temp_in(dir, path)?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write a temporary file in {}", dir.display()))?;
    tmp.as_file().sync_all().context("cannot fsync the temporary file")?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions()).ok();
    }
    Ok(tmp)
}

/// Renames the staged temp file over `path` and syncs the directory.
fn commit(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.persist(path)
        .with_context(|| format!("cannot rename the new content over {}", path.display()))?;
    sync_dir(dir_of(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_one_backup_generation() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("store.state");
        std::fs::write(&p, b"v1").unwrap();
        let bak = replace(&p, b"v2", || Ok(())).unwrap();
        assert_eq!(bak, dir.path().join("store.state.bak"));
        assert_eq!(std::fs::read(&p).unwrap(), b"v2");
        assert_eq!(std::fs::read(&bak).unwrap(), b"v1");
        replace(&p, b"v3", || Ok(())).unwrap();
        assert_eq!(std::fs::read(&bak).unwrap(), b"v2");
        // A refused last-moment check leaves the file alone and no temp file behind.
        assert!(replace(&p, b"v4", || crate::bail!("changed")).is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"v3");
        assert_eq!(std::fs::read(&bak).unwrap(), b"v2");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
