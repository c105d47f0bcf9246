//! A snapshot / Cloud Pod zip scanned like a volume directory: its members are listed from the
//! central directory (names, sizes, encryption flags; nothing is decompressed but the small
//! `metadata.yaml` and `api_states.json`), placed in the same service → account → region tree
//! with `ARCHIVE!/MEMBER` paths, and their kinds told by name and place. Encrypted members,
//! members in a compression localstate cannot read, and members outside the snapshot layout
//! each get a problem line; everything else stays browsable.

use std::path::Path;

use super::scan::{ArchiveInfo, Found, ScanError, Volume, place_files, single_file};
use crate::archive::metadata::{self, PodMetadata};
use crate::archive::{Archive, Member};
use crate::kind::EntryKind;
use crate::source::Location;

/// Scans the archive at `path`, or only its member (or directory of members) `under`.
pub(super) fn scan(path: &Path, under: Option<&str>) -> Result<Volume, ScanError> {
    let archive = Archive::cached(path).map_err(|e| ScanError::BadArchive(e.to_string()))?;
    let found = |m: &Member| Found {
        location: Location::member(path, &m.name),
        rel: m.name.split('/').filter(|c| !c.is_empty() && *c != ".").map(String::from).collect(),
        size: m.size,
        compressed: Some(m.compressed),
        mtime: m.mtime,
    };
    if let Some(m) = under.and_then(|u| archive.member(u).ok()) {
        let f = found(m);
        let kind = crate::formats::sniff(&f.location.path());
        let mut vol = single_file(f, kind);
        vol.problems.extend(unreadable(m));
        return Ok(vol);
    }
    let prefix = under.map(|u| format!("{}/", u.trim_end_matches('/')));
    let members: Vec<&Member> = archive
        .members()
        .iter()
        .filter(|m| prefix.as_ref().is_none_or(|p| m.name.starts_with(p.as_str())))
        .collect();
    if let (Some(u), true) = (under, members.is_empty()) {
        return Err(ScanError::Missing(Location::member(path, u).path()));
    }
    let mut problems = archive.problems().to_vec();
    problems.extend(members.iter().filter_map(|m| unreadable(m)));
    let files = members.iter().map(|m| found(m)).collect();
    let by_name = |f: &Found| crate::formats::sniff_head(&f.location.path(), &[]);
    let mut vol = place_files(path, files, problems, true, by_name)?;
    let unknown: Vec<String> = vol
        .entries()
        .filter(|e| e.kind == EntryKind::UNKNOWN && e.rel != "metadata.yaml")
        .map(|e| {
            format!(
                "{}: unknown entry: no format localstate decodes, and not one of a snapshot's files (api_states/<account>/<service>/<region>/{{store,backend}}.state[.avro], assets/<service>/…, metadata.yaml, api_states.json); listed as {}",
                e.rel, e.role
            )
        })
        .collect();
    vol.problems.extend(unknown);
    let metadata = read_metadata(&archive, &mut vol.problems);
    vol.archive = Some(Box::new(ArchiveInfo {
        metadata,
        members: members.len(),
        compressed_size: members.iter().map(|m| m.compressed).sum(),
        encrypted: members.iter().filter(|m| m.encrypted).map(|m| m.name.clone()).collect(),
    }));
    Ok(vol)
}

/// Why a member cannot be decoded, when it is encrypted or compressed in a way localstate
/// cannot read.
fn unreadable(m: &Member) -> Option<String> {
    if m.encrypted {
        Some(format!(
            "{}: encrypted (zip encryption); localstate does not decrypt it — the other members stay browsable",
            m.name
        ))
    } else if !m.method_supported {
        Some(format!(
            "{}: compressed with {}, which localstate cannot decompress (stored and deflate are read)",
            m.name, m.method
        ))
    } else {
        None
    }
}

/// The archive's root `metadata.yaml`, parsed; a problem line when it does not parse or says
/// the pod is encrypted.
fn read_metadata(archive: &Archive, problems: &mut Vec<String>) -> Option<PodMetadata> {
    archive.member("metadata.yaml").ok()?;
    let parsed = archive
        .read_limited("metadata.yaml", metadata::MAX_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|bytes| PodMetadata::parse(&String::from_utf8_lossy(&bytes)));
    match parsed {
        Ok(m) => {
            if m.encrypted {
                problems.push(
                    "metadata.yaml says this pod is encrypted (saved with a secret): its state files hold ciphertext that localstate cannot decode without it".into(),
                );
            }
            Some(m)
        }
        Err(e) => {
            problems.push(format!("metadata.yaml cannot be read: {e}"));
            None
        }
    }
}
