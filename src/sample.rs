//! The bundled sample volume, opened when no path is given.
//!
//! Found beside the executable when it runs from a checkout (`target/*/localstate` →
//! `assets/sample-volume`) or an install prefix (`share/localstate/sample-volume`); otherwise
//! the copy embedded in the binary is written once to the app's data directory, so
//! `cargo install` gives a binary that shows the sample from anywhere.

use std::path::{Path, PathBuf};

use anyhow::Context;
use include_dir::{Dir, include_dir};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/sample-volume");

/// The sample volume's directory (written out first if only the embedded copy exists).
pub fn sample_volume() -> anyhow::Result<PathBuf> {
    match beside_executable() {
        Some(dir) => Ok(dir),
        None => extracted(),
    }
}

fn beside_executable() -> Option<PathBuf> {
    beside(&std::env::current_exe().ok()?)
}

/// The sample volume of the checkout or install prefix that `exe` lies in.
fn beside(exe: &Path) -> Option<PathBuf> {
    exe.ancestors()
        .skip(1)
        .take(5)
        .flat_map(|d| [d.join("assets/sample-volume"), d.join("share/localstate/sample-volume")])
        .find(|p| p.join("state").is_dir())
}

/// Writes the embedded copy to `<data dir>/sample-volume-<content hash>` unless it is there.
fn extracted() -> anyhow::Result<PathBuf> {
    let base = eframe::storage_dir("localstate").unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("sample-volume-{:016x}", content_hash(&EMBEDDED)));
    if dir.join("state").is_dir() {
        return Ok(dir);
    }
    let staging = base.join(format!(".sample-volume-{}", std::process::id()));
    write_dir(&EMBEDDED, &staging)
        .with_context(|| format!("cannot write the sample volume to {}", staging.display()))?;
    match std::fs::rename(&staging, &dir) {
        Ok(()) => Ok(dir),
        // Another instance got there first: use its copy.
        Err(_) if dir.join("state").is_dir() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(dir)
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot move the sample volume to {}", dir.display()))
        }
    }
}

fn write_dir(dir: &Dir<'_>, to: &Path) -> std::io::Result<()> {
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        std::fs::create_dir_all(to.join(d.path()))?;
        for f in d.files() {
            std::fs::write(to.join(f.path()), f.contents())?;
        }
        stack.extend(d.dirs());
    }
    Ok(())
}

/// FNV-1a over every path and content, so a changed sample gets a directory of its own.
fn content_hash(dir: &Dir<'_>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            eat(f.path().to_string_lossy().as_bytes());
            eat(f.contents());
        }
        stack.extend(d.dirs());
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir`, relative, with its bytes.
    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let rel = |p: &Path| p.strip_prefix(dir).unwrap().to_path_buf();
        localstate_testkit::files_under(dir)
            .into_iter()
            .map(|p| (rel(&p), std::fs::read(&p).unwrap()))
            .collect()
    }

    #[test]
    fn the_embedded_copy_is_the_bundled_sample_volume() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-volume");
        let out = tempfile::tempdir().unwrap();
        write_dir(&EMBEDDED, out.path()).unwrap();
        let (ours, bundled) = (files(out.path()), files(&repo));
        assert!(bundled.len() >= 10, "{} files", bundled.len());
        assert_eq!(ours, bundled);
    }

    /// Where cargo puts a test binary by default (`target/debug/deps/`), whether or not this
    /// one is there: with `CARGO_TARGET_DIR` outside the checkout it is not.
    #[test]
    fn a_test_binary_finds_the_checkout_copy_beside_it() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let found = beside(&repo.join("target/debug/deps/localstate-0123456789abcdef")).unwrap();
        assert!(found.join("state/api_states/sqs/store.state").is_file(), "{}", found.display());
        assert_eq!(found, repo.join("assets/sample-volume"));
        // And this very binary, when it was built into the checkout's target/.
        if std::env::current_exe().unwrap().starts_with(repo.join("target")) {
            assert_eq!(beside_executable(), Some(found));
        }
    }
}
