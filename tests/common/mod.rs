//! Helpers of the app's integration tests: everything in `localstate-testkit`, plus running
//! the `localstate` binary this package builds.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::process::Command;

pub mod gui;

#[allow(unused_imports)]
pub use localstate_testkit::*;

/// Runs `localstate set …` (LocalStack interlock pointed at a closed port, so a LocalStack
/// another process runs on :4566 cannot refuse it); returns (success, stdout + stderr).
pub fn localstate_set(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .args(["set", "--endpoint", "http://127.0.0.1:9"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}
