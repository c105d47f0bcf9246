//! Avro files that are not object container files — raw binary datums, as fastavro's
//! `schemaless_writer` writes them, with no `Obj\x01` header and so no schema — decoded
//! against a schema found in a schema directory (`--avro-schemas DIR`,
//! `LOCALSTATE_AVRO_SCHEMAS`, the app's Settings).
//!
//! The directory is searched for `*.avsc` files (bounded: [`MAX_DEPTH`] levels,
//! [`MAX_SCHEMA_FILES`] files, [`MAX_SCHEMA_BYTES`] each; iteratively). A schema matches a file
//! when its record name is the store class the file's path names (`<account>/sqs/<region>/
//! store.state.avro` → `SqsStore`), or when it lies under a directory named as the service
//! (localstack-ext's layout `services/<svc>/schema/<version>.store.avsc`) and is a
//! `.store.avsc` for a store file (`.backend.avsc` for a backend file). Of several matches the
//! highest version (the leading number of the file name) is used, and a warning says which.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use super::AvroError;
use super::build::Builder;
use super::cursor::Cursor;
use super::schema::compile;
use crate::formats::pickle::Limits;
use crate::model::Document;

/// How many directory levels below the schema directory are searched.
pub const MAX_DEPTH: usize = 8;
/// How many `.avsc` files are looked at, at most.
pub const MAX_SCHEMA_FILES: usize = 10_000;
/// The largest `.avsc` file read.
pub const MAX_SCHEMA_BYTES: u64 = 16 << 20;

static DIR: RwLock<Option<Option<PathBuf>>> = RwLock::new(None);

/// The schema directory in effect: the one set with [`set_schema_dir`], else
/// `LOCALSTATE_AVRO_SCHEMAS`, else none.
pub fn schema_dir() -> Option<PathBuf> {
    if let Some(set) = DIR.read().ok().and_then(|d| d.clone()) {
        return set;
    }
    std::env::var_os("LOCALSTATE_AVRO_SCHEMAS").filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Sets the schema directory for every later decode (`None`: no directory, whatever the
/// environment says).
pub fn set_schema_dir(dir: Option<PathBuf>) {
    if let Ok(mut d) = DIR.write() {
        *d = Some(dir);
    }
}

/// The schema chosen for a file: its JSON text, where it was found and what to tell the user.
#[derive(Debug)]
pub struct Found {
    /// The `.avsc` file.
    pub path: PathBuf,
    /// Its bytes.
    pub json: Vec<u8>,
    /// Set when several matched (which were, which one was used).
    pub warning: Option<String>,
}

/// What a file's path says to look for.
#[derive(Debug, Default, PartialEq)]
pub struct Wanted {
    /// The service directory (`sqs`), when the path has the layout's `<account>/<service>/`.
    pub service: Option<String>,
    /// Record names that match (`SqsStore`).
    pub names: Vec<String>,
    /// `store` or `backend`, from the file name.
    pub role: &'static str,
}

impl Wanted {
    /// From a state file's path: `…/<12-digit account>/<service>/<region>/store.state.avro`.
    pub fn from_path(path: &Path) -> Wanted {
        let parts: Vec<String> =
            path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let file = parts.last().map(String::as_str).unwrap_or_default();
        let role = if file.starts_with("backend") { "backend" } else { "store" };
        let service = parts
            .windows(2)
            .rev()
            .find(|w| w[0].len() == 12 && w[0].bytes().all(|b| b.is_ascii_digit()))
            .map(|w| w[1].clone());
        let mut names = Vec::new();
        if let Some(s) = &service {
            let mut cap = s.clone();
            if let Some(first) = cap.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            names.push(format!("{cap}Store"));
            if role == "backend" {
                names.push(format!("{cap}Backend"));
            }
        }
        Wanted { service, names, role }
    }

    fn describe(&self) -> String {
        let mut what: Vec<String> =
            self.names.iter().map(|n| format!("a record named {n}")).collect();
        if let Some(s) = &self.service {
            what.push(format!("a *.{}.avsc under a directory named {s}", self.role));
        }
        if what.is_empty() {
            "nothing: the path names no service (<account>/<service>/<region>/…)".into()
        } else {
            what.join(" or ")
        }
    }
}

/// Finds the schema for `wanted` under `dir`, or says what was looked for where.
pub fn find(dir: &Path, wanted: &Wanted) -> Result<Found, AvroError> {
    let mut matches: Vec<(u64, PathBuf, Vec<u8>)> = Vec::new();
    let mut seen = 0usize;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::metadata(&p) else { continue };
            if meta.is_dir() {
                if depth < MAX_DEPTH {
                    stack.push((p, depth + 1));
                }
                continue;
            }
            if p.extension().is_none_or(|e| e != "avsc") || !meta.is_file() {
                continue;
            }
            seen += 1;
            if seen > MAX_SCHEMA_FILES {
                return Err(AvroError::Limit {
                    limit: "schema files searched",
                    max: MAX_SCHEMA_FILES as u64,
                    offset: None,
                });
            }
            if meta.len() > MAX_SCHEMA_BYTES {
                continue;
            }
            let Ok(json) = std::fs::read(&p) else { continue };
            if matches_file(p.strip_prefix(dir).unwrap_or(&p), &json, wanted) {
                matches.push((version_of(&p), p, json));
            }
        }
    }
    if matches.is_empty() {
        return Err(AvroError::NoSchema(format!(
            "not an Avro object container file (no Obj\\x01 header), and no schema for it in {} \
             ({seen} .avsc files searched): looked for {}",
            dir.display(),
            wanted.describe()
        )));
    }
    matches.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let names: Vec<String> = matches.iter().map(|m| m.1.display().to_string()).collect();
    let Some((_, path, json)) = matches.pop() else { unreachable!("not empty") };
    let warning = (names.len() > 1).then(|| {
        format!(
            "{} schemas matched ({}); used {} (the highest version)",
            names.len(),
            names.join(", "),
            path.display()
        )
    });
    Ok(Found { path, json, warning })
}

/// Whether the schema at `rel` (relative to the directory) with text `json` is one `wanted`
/// names.
fn matches_file(rel: &Path, json: &[u8], wanted: &Wanted) -> bool {
    if let Some(service) = &wanted.service {
        let under_service =
            rel.parent().is_some_and(|p| p.components().any(|c| c.as_os_str() == service.as_str()));
        let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if under_service && name.ends_with(&format!(".{}.avsc", wanted.role)) {
            return true;
        }
    }
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(json) else { return false };
    let Some(full) = v.get("name").and_then(|n| n.as_str()) else { return false };
    let short = full.rsplit('.').next().unwrap_or(full);
    wanted.names.iter().any(|n| n == short)
}

/// The leading number of a schema's file name (`3.store.avsc` → 3), else 0.
fn version_of(p: &Path) -> u64 {
    let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// Decodes a file of raw datums (no container header) against the schema directory's
/// schema for `name`: every datum to the end of the file, presented like a container's.
pub fn decode_raw(name: &Path, bytes: &[u8]) -> Result<Document, crate::Error> {
    decode_raw_with(name, bytes, schema_dir().as_deref())
}

/// [`decode_raw`] with the schema directory given (`None`: none is set).
pub fn decode_raw_with(
    name: &Path,
    bytes: &[u8],
    dir: Option<&Path>,
) -> Result<Document, crate::Error> {
    let wanted = Wanted::from_path(name);
    let Some(dir) = dir else {
        return Err(AvroError::NoSchema(format!(
            "not an Avro object container file (no Obj\\x01 header), and no schema directory \
             is set to decode it as raw datums (--avro-schemas DIR, LOCALSTATE_AVRO_SCHEMAS or \
             the app's Settings); it would look for {}",
            wanted.describe()
        ))
        .into());
    };
    let found = find(dir, &wanted)?;
    let schemas = compile(&found.json)
        .map_err(|e| AvroError::Schema(format!("{}: {e}", found.path.display())))?;
    if bytes.is_empty() {
        return Err(AvroError::Malformed {
            offset: 0,
            what: "an empty file holds no datum".into(),
        }
        .into());
    }
    let max_nodes = Limits::default().max_nodes;
    let mut b = Builder::new(&schemas, max_nodes);
    let mut cur = Cursor::new(bytes, 0, true);
    let mut data = Vec::new();
    while cur.remaining() > 0 {
        let before = cur.remaining();
        data.push(b.datum(&mut cur, schemas.root)?);
        if cur.remaining() == before {
            // A schema whose datum takes no bytes (e.g. `null`) would repeat forever.
            return Err(cur.malformed("a datum that takes no bytes, with bytes left").into());
        }
    }
    if let Some(w) = found.warning {
        b.warn(w);
    }
    let format = format!("Avro raw datums ({} data, schema {})", data.len(), found.path.display());
    super::document(b, &data, format, max_nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_names_the_service_and_its_store_class() {
        let w = Wanted::from_path(Path::new("state/000000000000/sqs/us-east-1/store.state.avro"));
        assert_eq!(w.service.as_deref(), Some("sqs"));
        assert_eq!(w.names, ["SqsStore"]);
        assert_eq!(w.role, "store");
        let b =
            Wanted::from_path(Path::new("api_states/111111111111/s3/eu-west-1/backend.state.avro"));
        assert_eq!(b.names, ["S3Store", "S3Backend"]);
        assert_eq!(b.role, "backend");
        assert!(Wanted::from_path(Path::new("x.avro")).names.is_empty());
    }

    #[test]
    fn the_ext_layout_picks_the_highest_version_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let svc = dir.path().join("services/sqs/schema");
        std::fs::create_dir_all(&svc).unwrap();
        for v in ["1", "10", "2"] {
            std::fs::write(
                svc.join(format!("{v}.store.avsc")),
                r#"{"type":"record","name":"X","fields":[]}"#,
            )
            .unwrap();
        }
        std::fs::write(svc.join("9.backend.avsc"), "{}").unwrap();
        let w = Wanted::from_path(Path::new("000000000000/sqs/us-east-1/store.state.avro"));
        let f = find(dir.path(), &w).unwrap();
        assert!(f.path.ends_with("services/sqs/schema/10.store.avsc"), "{}", f.path.display());
        let warning = f.warning.unwrap();
        assert!(warning.starts_with("3 schemas matched"), "{warning}");
        assert!(warning.ends_with("10.store.avsc (the highest version)"), "{warning}");
    }

    #[test]
    fn no_match_says_where_and_what_was_looked_for() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("other.avsc"),
            r#"{"type":"record","name":"a.SnsStore","fields":[]}"#,
        )
        .unwrap();
        let w = Wanted::from_path(Path::new("000000000000/sqs/us-east-1/store.state.avro"));
        let e = find(dir.path(), &w).unwrap_err().to_string();
        assert!(e.contains(&format!("no schema for it in {}", dir.path().display())), "{e}");
        assert!(e.contains("(1 .avsc files searched)"), "{e}");
        assert!(
            e.contains("a record named SqsStore or a *.store.avsc under a directory named sqs"),
            "{e}"
        );
    }
}
