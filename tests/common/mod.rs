//! Paths shared by the integration tests: the repo, the bundled sample volume and the
//! real-world corpus in `../shared/corpus` (read in place, never copied).
#![allow(dead_code)]

use std::path::PathBuf;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_volume() -> PathBuf {
    repo().join("assets/sample-volume")
}

/// A volume of the localstack-persist corpus: `v2`, `v3`, `v3_binary`, `v4`, `v4_binary`.
pub fn corpus(version: &str) -> PathBuf {
    repo().join("../shared/corpus/localstack-persist").join(version)
}
