//! Per-service sizes of a volume or archive, split into state and assets: what
//! `lstk snapshot inspect` prints for a `.snapshot` (uncompressed and compressed bytes per
//! service, largest first), with the state files (`api_states/…`) and the asset files
//! (`assets/<service>/…`, DynamoDB Local databases, S3 objects…) apart. Sizes come from the
//! scan (an archive's central directory), so nothing is read or decompressed.

use serde::Serialize;

use super::scan::{Entry, Volume};
use crate::kind::EntryKind;

/// Bytes of some files: uncompressed, and as stored (equal for files on disk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sizes {
    /// Number of files.
    pub files: usize,
    /// Their sizes added up.
    pub uncompressed: u64,
    /// Their stored sizes added up (compressed, in an archive).
    pub compressed: u64,
}

impl Sizes {
    fn add(&mut self, e: &Entry) {
        self.files += 1;
        self.uncompressed += e.size;
        self.compressed += e.compressed.unwrap_or(e.size);
    }

    fn plus(self, o: Sizes) -> Sizes {
        Sizes {
            files: self.files + o.files,
            uncompressed: self.uncompressed + o.uncompressed,
            compressed: self.compressed + o.compressed,
        }
    }
}

/// One service's state and asset sizes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceSizes {
    /// The service.
    pub service: String,
    /// Its state files (stores and backends).
    pub state: Sizes,
    /// Its asset files.
    pub assets: Sizes,
}

impl ServiceSizes {
    /// State and assets together.
    pub fn total(&self) -> Sizes {
        self.state.plus(self.assets)
    }
}

/// Sizes of a whole volume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SizeReport {
    /// Per service, largest (uncompressed) first, then by name.
    pub services: Vec<ServiceSizes>,
    /// Files of no service (`metadata.yaml`, `api_states.json`, unknown files).
    pub other: Sizes,
    /// Everything.
    pub total: Sizes,
}

/// Whether an entry is a state file (a store or backend under `api_states/`), not one of the
/// files a service keeps in its asset directory (databases, kinesis-mock state, objects).
fn is_state(e: &Entry) -> bool {
    let asset_kinds =
        [EntryKind::DYNAMODB_SQLITE, EntryKind::KINESIS_JSON, EntryKind::SQLITE, EntryKind::ASSET];
    !e.role.starts_with("assets of") && !asset_kinds.contains(&e.kind)
}

/// The volume's sizes per service.
pub fn sizes(vol: &Volume) -> SizeReport {
    let mut services: Vec<ServiceSizes> = vol
        .services
        .iter()
        .map(|s| {
            let (mut state, mut assets) = (Sizes::default(), Sizes::default());
            for e in s.all_entries() {
                if is_state(e) { state.add(e) } else { assets.add(e) }
            }
            ServiceSizes { service: s.name.clone(), state, assets }
        })
        .collect();
    services.sort_by(|a, b| {
        b.total().uncompressed.cmp(&a.total().uncompressed).then(a.service.cmp(&b.service))
    });
    let mut other = Sizes::default();
    vol.other.iter().for_each(|e| other.add(e));
    let total = services.iter().fold(other, |t, s| t.plus(s.total()));
    SizeReport { services, other, total }
}
