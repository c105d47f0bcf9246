//! The LocalStack version that wrote a volume, where a file records it: `startup_info.json`
//! (record-and-replay volumes list every start, `localstack_version` of the last one wrote
//! last) and `metadata.yaml` (snapshots and Cloud Pods: `localstack_version:` or `version:`;
//! in a snapshot / Cloud Pod zip, its root `metadata.yaml` member); else the header of the
//! first Avro store found, in a directory or an archive (`formats::avro::written`: the header
//! key is a guess).

use std::path::{Path, PathBuf};

use crate::resources::compat::Version;
use crate::source::Location;

/// Largest version file read.
const MAX_BYTES: u64 = 4 << 20;

/// A version and the file that records it.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenBy {
    /// The LocalStack version.
    pub version: Version,
    /// The file it was read from.
    pub source: PathBuf,
    /// The Avro header key it was read from, when it came from an Avro store's header.
    pub key: Option<&'static str>,
}

/// How deep, and how many entries, the search for an Avro store goes.
const AVRO_DEPTH: usize = 6;
const AVRO_ENTRIES: usize = 5_000;

/// Where a volume records the version: its root and `data/` (record-and-replay's DATA_DIR);
/// an archive's root `metadata.yaml`.
fn candidates(volume: &Path) -> Vec<Location> {
    if volume.is_file() && crate::archive::is_archive(volume) {
        return vec![Location::member(volume, "metadata.yaml")];
    }
    let names = ["startup_info.json", "metadata.yaml"];
    [volume.to_path_buf(), volume.join("data")]
        .iter()
        .flat_map(|d| names.iter().map(move |n| Location::File(d.join(n))))
        .collect()
}

/// The version that wrote `volume` (a directory or a snapshot archive), if a file records it.
pub fn written_by(volume: &Path) -> Option<WrittenBy> {
    from_files(volume).or_else(|| from_avro_header(volume))
}

fn from_files(volume: &Path) -> Option<WrittenBy> {
    candidates(volume).into_iter().find_map(|location| {
        let bytes = location.read_limited(MAX_BYTES).ok()?;
        let source = location.path();
        let text = String::from_utf8_lossy(&bytes);
        let version = if source.extension().is_some_and(|e| e == "json") {
            from_startup_info(&text)
        } else {
            from_metadata_yaml(&text)
        }?;
        Some(WrittenBy { version, source, key: None })
    })
}

/// The header of the first Avro store of a volume (a directory walked breadth-first, or an
/// archive's members in name order; both bounded) that names a version; only its first
/// [`MAX_BYTES`] are read.
fn from_avro_header(volume: &Path) -> Option<WrittenBy> {
    let mut head = vec![0u8; MAX_BYTES as usize];
    avro_stores(volume).into_iter().find_map(|location| {
        let n = location.head(&mut head);
        let (key, version) = crate::formats::avro::written::from_header(&head[..n])?;
        Some(WrittenBy { version, source: location.path(), key: Some(key) })
    })
}

/// Whether a file or member name is an Avro store's.
fn is_avro(name: &Path) -> bool {
    name.extension().is_some_and(|e| e == "avro")
}

/// The `*.avro` files of a volume, in the order they are tried: an archive's members by
/// name, a directory's files breadth-first (at most [`AVRO_ENTRIES`] entries looked at,
/// [`AVRO_DEPTH`] levels down).
fn avro_stores(volume: &Path) -> Vec<Location> {
    if volume.is_file() && crate::archive::is_archive(volume) {
        let Ok(archive) = crate::archive::Archive::cached(volume) else { return Vec::new() };
        let mut names: Vec<&str> = archive
            .members()
            .iter()
            .map(|m| m.name.as_str())
            .filter(|n| is_avro(Path::new(n)))
            .take(AVRO_ENTRIES)
            .collect();
        names.sort_unstable();
        return names.into_iter().map(|n| Location::member(volume, n)).collect();
    }
    let mut found = Vec::new();
    let mut queue = std::collections::VecDeque::from([(volume.to_path_buf(), 0usize)]);
    let mut seen = 0usize;
    while let Some((d, depth)) = queue.pop_front() {
        let Ok(read) = std::fs::read_dir(&d) else { continue };
        let mut entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            seen += 1;
            if seen > AVRO_ENTRIES {
                return found;
            }
            if p.is_dir() {
                if depth < AVRO_DEPTH {
                    queue.push_back((p, depth + 1));
                }
            } else if is_avro(&p) && p.is_file() {
                found.push(Location::File(p));
            }
        }
    }
    found
}

/// `[{"localstack_version": "…", …}, …]`: the last start's version.
fn from_startup_info(text: &str) -> Option<Version> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.as_array()?
        .iter()
        .rev()
        .find_map(|start| start.get("localstack_version")?.as_str().and_then(Version::parse))
}

/// A top-level `localstack_version: …` (or `version: …`) line. A Cloud Pod's `version` is
/// the pod's own version number (localstack-ext's `PodInfo.version: int`), so a bare number
/// there is not taken for a LocalStack version.
fn from_metadata_yaml(text: &str) -> Option<Version> {
    let value = |key: &str| {
        text.lines().find_map(|l| {
            let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = rest.trim().trim_matches(['"', '\'']);
            (key != "version" || v.contains('.')).then(|| Version::parse(v)).flatten()
        })
    };
    value("localstack_version").or_else(|| value("version"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_start_and_metadata_lines_give_the_version() {
        let info = r#"[{"localstack_version": "0.12.5"}, {"localstack_version": "0.14.2", "pro_activated": false}]"#;
        assert_eq!(from_startup_info(info), Version::parse("0.14.2"));
        assert_eq!(from_startup_info("{}"), None);
        let meta = "name: my-pod\nservices:\n  - sqs\nlocalstack_version: \"2026.3.0\"\nsize: 12\n";
        assert_eq!(from_metadata_yaml(meta), Version::parse("2026.3.0"));
        assert_eq!(from_metadata_yaml("name: x\nversion: 4.14.0\n"), Version::parse("4.14.0"));
        assert_eq!(from_metadata_yaml("name: x\n"), None);
        assert_eq!(from_metadata_yaml("name: pod\nversion: 2\n"), None);
    }

    #[test]
    fn a_volume_names_the_file_that_records_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(written_by(dir.path()), None);
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join("data/startup_info.json"),
            r#"[{"localstack_version": "0.14.2"}]"#,
        )
        .unwrap();
        let w = written_by(dir.path()).unwrap();
        assert_eq!(w.version.to_string(), "0.14.2");
        assert_eq!(w.source, dir.path().join("data/startup_info.json"));
    }
}
