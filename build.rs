//! Records the git commit the app is built from, for Help → About (empty when not built from
//! a git checkout, e.g. from a published crate).

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_default();
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    println!(
        "cargo:rustc-env=LOCALSTATE_GIT_COMMIT={commit}{}",
        if dirty { "+changes" } else { "" }
    );
    // Rebuilt on a new commit (a missing path would rerun this on every build: only existing ones).
    let watched: Vec<PathBuf> = git(&["rev-parse", "--git-dir"])
        .map(|d| [PathBuf::from(&d).join("HEAD"), PathBuf::from(&d).join("logs/HEAD")])
        .into_iter()
        .flatten()
        .filter(|p| p.exists())
        .collect();
    println!("cargo:rerun-if-changed=build.rs");
    for p in watched {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}
