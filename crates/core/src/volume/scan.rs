//! Walks a path once, finds the layout anchors in it and places every file in the
//! `Service → Account → Region → Entry` tree. Files that belong to no layout are kept in
//! [`Volume::other`], never dropped. A zip archive's members are placed the same way
//! (`super::archive` lists them from its central directory).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::Serialize;

use super::layout::Layout;
use super::naming::{is_account_id, is_aws_region, parse_dynamodb_db_name};
use crate::archive::metadata::PodMetadata;
use crate::formats::replay::is_replay_log_name;
use crate::kind::EntryKind;
use crate::source::Location;

/// Directories of a LocalStack volume that hold no state (installed packages, logs, caches).
const NON_STATE_VOLUME_DIRS: &[&str] = &["cache", "lib", "logs", "tmp"];
/// Bounds that keep a scan of a wrong path (say `/`) from running away.
const MAX_DEPTH: usize = 32;
const MAX_FILES: usize = 500_000;

/// One file of a volume (or member of an archive).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entry {
    /// Full path of the file (the scanned path joined with `rel`); for an archive member
    /// `ARCHIVE!/MEMBER`. This is what [`crate::formats::open`] and the edit session take.
    #[serde(skip)]
    pub path: PathBuf,
    /// Where its bytes are: the file, or the archive and member name.
    #[serde(skip)]
    pub location: Location,
    /// Path relative to the scanned root, `/`-separated.
    #[serde(rename = "path")]
    pub rel: String,
    /// How the file is decoded (implied by its place in the layout, or sniffed from its content).
    pub kind: EntryKind,
    /// File size in bytes (for a member: uncompressed, as its archive declares).
    pub size: u64,
    /// An archive member's compressed size (`None` for a file on disk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compressed: Option<u64>,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: Option<u64>,
    /// The layout the file was found in; `None` for files outside every layout.
    pub layout: Option<Layout>,
    /// What the file is for: `store`, `backend`, `assets of s3`, `replay log`...
    pub role: String,
}

/// One region of an account: the files holding state for that region.
#[derive(Clone, Debug, Serialize, Default, PartialEq)]
pub struct Region {
    /// AWS region name, e.g. `us-east-1`.
    pub name: String,
    /// Files holding state for this region.
    pub entries: Vec<Entry>,
}

/// One AWS account of a service.
#[derive(Clone, Debug, Serialize, Default, PartialEq)]
pub struct Account {
    /// The 12-digit account id.
    pub id: String,
    /// Account-wide files (no region).
    pub entries: Vec<Entry>,
    /// Regions the account has state in, by name.
    pub regions: Vec<Region>,
}

/// One LocalStack service (`sqs`, `s3`, `dynamodb`...) and its state files.
#[derive(Clone, Debug, Serialize, Default, PartialEq)]
pub struct Service {
    /// Service name as LocalStack spells it (`sqs`, `dynamodb`, `cloudformation`...).
    pub name: String,
    /// Files of the service not tied to one account (a `store.state` holds all of them).
    pub entries: Vec<Entry>,
    /// Accounts the service has state for.
    pub accounts: Vec<Account>,
}

impl Service {
    /// Every entry of the service, at any level.
    pub fn all_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().chain(
            self.accounts.iter().flat_map(|a| {
                a.entries.iter().chain(a.regions.iter().flat_map(|r| r.entries.iter()))
            }),
        )
    }
}

/// A detected layout and the directory it is rooted at.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LayoutRoot {
    /// Which layout was detected.
    pub layout: Layout,
    /// Relative to the scanned root (`""` = the root itself).
    pub root: String,
}

/// A scanned path: its detected layouts and every file, placed in the
/// service → account → region tree.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Volume {
    /// The path that was scanned.
    pub path: PathBuf,
    /// Layouts detected, each with the directory it is rooted at.
    pub layouts: Vec<LayoutRoot>,
    /// Services found, each with its accounts, regions and files.
    pub services: Vec<Service>,
    /// Files that belong to no service (volume-level files, unknown files).
    pub other: Vec<Entry>,
    /// Things the scan could not read (permission denied, symlink loops, limits, encrypted
    /// members, an `api_states.json` that disagrees with the files).
    pub problems: Vec<String>,
    /// What a snapshot / Cloud Pod archive says about itself (`None` for a directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<Box<ArchiveInfo>>,
    /// `api_states.json` read and compared with the files (`None` when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_states: Option<Box<super::api_states::ApiStatesCheck>>,
}

/// A scanned snapshot / Cloud Pod archive: its `metadata.yaml` and central directory totals.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ArchiveInfo {
    /// `metadata.yaml`, when the archive has one that parses.
    pub metadata: Option<PodMetadata>,
    /// Files in the archive (directory entries not counted).
    pub members: usize,
    /// Sum of the members' compressed sizes.
    pub compressed_size: u64,
    /// Members that are encrypted (not decodable; everything else is).
    pub encrypted: Vec<String>,
}

impl Volume {
    /// Every file of the volume: those of each service, then [`Volume::other`].
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.services.iter().flat_map(|s| s.all_entries()).chain(self.other.iter())
    }

    /// Number of files found.
    pub fn file_count(&self) -> usize {
        self.entries().count()
    }

    /// Total size of all files found, in bytes.
    pub fn total_size(&self) -> u64 {
        self.entries().map(|e| e.size).sum()
    }

    /// The service named `name` (e.g. `sqs`), if the volume has state for it.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The detected layouts' labels joined with ` + ` (e.g. `Pro snapshot v2+`).
    pub fn layout_labels(&self) -> String {
        let mut labels: Vec<&str> = self.layouts.iter().map(|l| l.layout.label()).collect();
        labels.dedup();
        labels.join(" + ")
    }
}

/// Why a path could not be scanned.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The path does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// The path exists but cannot be read (permissions, I/O error).
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The path that could not be read.
        path: PathBuf,
        /// The I/O error reading it.
        source: std::io::Error,
    },
    /// The path holds none of the layouts LocalStack writes.
    #[error("{0}: not a LocalStack volume — looked for {looked_for}", looked_for = Layout::LOOKED_FOR)]
    NotAVolume(PathBuf),
    /// A zip archive whose central directory cannot be read (truncated, not a zip).
    #[error("{0}")]
    BadArchive(String),
}

/// A file found by the walk (or a member listed from an archive).
pub(super) struct Found {
    pub(super) location: Location,
    /// Components relative to the scanned root.
    pub(super) rel: Vec<String>,
    pub(super) size: u64,
    pub(super) compressed: Option<u64>,
    pub(super) mtime: Option<u64>,
}

/// Scans `path` (a volume, its `state/` dir, a `DATA_DIR`, a localstack-persist dir, a
/// snapshot / Cloud Pod zip, an archive member or directory `ARCHIVE!/MEMBER`, or a file).
pub fn scan(path: &Path) -> Result<Volume, ScanError> {
    if let Location::Member { archive, name } = Location::of(path) {
        return super::archive::scan(&archive, Some(&name));
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ScanError::Missing(path.to_path_buf()),
        _ => ScanError::Unreadable { path: path.to_path_buf(), source: e },
    })?;
    if meta.is_file() && crate::archive::is_archive(path) {
        return super::archive::scan(path, None);
    }
    if meta.is_file() {
        let found = Found {
            location: Location::File(path.to_path_buf()),
            rel: Vec::new(),
            size: meta.len(),
            compressed: None,
            mtime: mtime_secs(&meta),
        };
        return Ok(single_file(found, sniff_file(path)));
    }
    std::fs::read_dir(path)
        .map_err(|e| ScanError::Unreadable { path: path.to_path_buf(), source: e })?;
    let mut problems = Vec::new();
    let files = walk(path, &mut problems);
    place_files(path, files, problems, false, |f| sniff_file(&f.location.path()))
}

/// Places `files` found under `root` in the tree, `sniff` telling the kind of those the
/// layout does not imply. In an archive (`archive`), a root-level `metadata.yaml`,
/// `api_states.json` or `assets/` is a snapshot even without `api_states/`.
pub(super) fn place_files(
    root: &Path,
    files: Vec<Found>,
    problems: Vec<String>,
    archive: bool,
    sniff: impl Fn(&Found) -> EntryKind,
) -> Result<Volume, ScanError> {
    let mut anchors = find_anchors(&files);
    let snapshot_root = |f: &Found| {
        matches!(f.rel.as_slice(), [n] if n == "metadata.yaml" || n == "api_states.json")
            || f.rel.first().is_some_and(|c| c == "assets")
    };
    if archive && anchors.iter().all(|a| !a.root.is_empty()) && files.iter().any(snapshot_root) {
        anchors.push(Anchor { layout: Layout::ProAvro, root: Vec::new() });
    }
    if anchors.is_empty() {
        return Err(ScanError::NotAVolume(root.to_path_buf()));
    }
    let mut builder = Builder::default();
    for f in files {
        let placed = anchors.iter().find_map(|a| a.place(&f.rel).map(|p| (a, p)));
        let (layout, placement) = match placed {
            Some((a, p)) => (Some(a.layout), p),
            None => (None, Placement::other("unknown")),
        };
        let kind = placement.kind.unwrap_or_else(|| sniff(&f));
        let placement = match placement.service {
            None => placed_by_content(kind, f.rel.last().map_or("", String::as_str))
                .unwrap_or(placement),
            Some(_) => placement,
        };
        let entry = Entry {
            rel: f.rel.join("/"),
            path: f.location.path(),
            location: f.location,
            kind,
            size: f.size,
            compressed: f.compressed,
            mtime: f.mtime,
            layout,
            role: placement.role,
        };
        builder.add(placement.service, placement.account, placement.region, entry);
    }
    let mut layouts: Vec<LayoutRoot> =
        anchors.iter().map(|a| LayoutRoot { layout: a.layout, root: a.root.join("/") }).collect();
    layouts.dedup();
    Ok(builder.finish(root.to_path_buf(), layouts, problems))
}

/// A volume of one file (or member) of kind `kind`.
pub(super) fn single_file(f: Found, kind: EntryKind) -> Volume {
    let path = f.location.path();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let entry = Entry {
        path: path.clone(),
        location: f.location,
        rel: name,
        kind,
        size: f.size,
        compressed: f.compressed,
        mtime: f.mtime,
        layout: Some(Layout::SingleFile),
        role: kind.label().to_string(),
    };
    let mut b = Builder::default();
    match placed_by_content(kind, &entry.rel) {
        Some(p) => b.add(p.service, p.account, p.region, Entry { role: p.role, ..entry }),
        None => {
            // A lone `.../<service>/store.pkl` still names its service.
            let service = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| {
                    is_service_name(n) && matches!(kind, EntryKind::PICKLE | EntryKind::JSONPICKLE)
                });
            b.add(service, None, None, entry);
        }
    }
    b.finish(path, vec![LayoutRoot { layout: Layout::SingleFile, root: String::new() }], Vec::new())
}

fn sniff_file(path: &Path) -> EntryKind {
    crate::formats::sniff(path)
}

fn mtime_secs(meta: &std::fs::Metadata) -> Option<u64> {
    meta.modified().ok()?.duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs())
}

/// Iterative walk; follows symlinks but never enters a directory twice (loops), records
/// unreadable directories, and skips a volume's non-state dirs (`lib/`, `cache/`...).
fn walk(root: &Path, problems: &mut Vec<String>) -> Vec<Found> {
    use std::os::unix::fs::MetadataExt;
    let mut files = Vec::new();
    let mut seen_dirs: HashSet<(u64, u64)> = HashSet::new();
    if let Ok(m) = std::fs::metadata(root) {
        seen_dirs.insert((m.dev(), m.ino()));
    }
    let is_volume_root = root.join("state").is_dir();
    let mut stack: Vec<(PathBuf, Vec<String>)> = vec![(root.to_path_buf(), Vec::new())];
    while let Some((dir, rel)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                problems.push(format!("{}: cannot read directory: {e}", display_rel(&rel)));
                continue;
            }
        };
        let mut children: Vec<_> = rd.filter_map(Result::ok).collect();
        children.sort_by_key(|e| e.file_name());
        for child in children {
            let name = child.file_name().to_string_lossy().into_owned();
            let path = child.path();
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    problems.push(format!("{}/{name}: {e}", display_rel(&rel)));
                    continue;
                }
            };
            let mut child_rel = rel.clone();
            child_rel.push(name.clone());
            if meta.is_dir() {
                if rel.is_empty()
                    && is_volume_root
                    && NON_STATE_VOLUME_DIRS.contains(&name.as_str())
                {
                    continue;
                }
                if !seen_dirs.insert((meta.dev(), meta.ino())) {
                    problems.push(format!(
                        "{}: directory already visited (symlink loop), skipped",
                        child_rel.join("/")
                    ));
                    continue;
                }
                if child_rel.len() >= MAX_DEPTH {
                    problems.push(format!(
                        "{}: deeper than {MAX_DEPTH} levels, not scanned",
                        child_rel.join("/")
                    ));
                    continue;
                }
                stack.push((path, child_rel));
            } else if meta.is_file() {
                if files.len() >= MAX_FILES {
                    problems.push(format!("more than {MAX_FILES} files: the rest is not listed"));
                    return files;
                }
                files.push(Found {
                    location: Location::File(path),
                    rel: child_rel,
                    size: meta.len(),
                    compressed: None,
                    mtime: mtime_secs(&meta),
                });
            }
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

fn display_rel(rel: &[String]) -> String {
    if rel.is_empty() { ".".into() } else { rel.join("/") }
}

/// Where one file goes in the tree.
struct Placement {
    service: Option<String>,
    account: Option<String>,
    region: Option<String>,
    role: String,
    /// A kind the layout implies; `None` = sniff the file.
    kind: Option<EntryKind>,
}

impl Placement {
    fn other(role: &str) -> Self {
        Placement { service: None, account: None, region: None, role: role.into(), kind: None }
    }

    fn service(service: &str, role: impl Into<String>) -> Self {
        Placement {
            service: Some(service.into()),
            account: None,
            region: None,
            role: role.into(),
            kind: None,
        }
    }

    fn at(mut self, account: Option<String>, region: Option<String>) -> Self {
        self.account = account;
        self.region = region;
        self
    }

    fn kind(mut self, kind: EntryKind) -> Self {
        self.kind = Some(kind);
        self
    }
}

/// A layout found at a directory (components relative to the scanned root).
struct Anchor {
    layout: Layout,
    root: Vec<String>,
}

fn find_anchors(files: &[Found]) -> Vec<Anchor> {
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut push = |layout: Layout, root: &[String]| {
        if !anchors.iter().any(|a| a.layout == layout && a.root == root) {
            anchors.push(Anchor { layout, root: root.to_vec() });
        }
    };
    for f in files {
        let rel = &f.rel;
        let name = rel.last().map(String::as_str).unwrap_or("");
        // `<root>/api_states/<x>/...`: v1 when <x> is an account id, v2 otherwise (and the
        // Avro layout when the file has an Avro-era name).
        if let Some(i) = rel.iter().position(|c| c == "api_states")
            && let Some(first) = rel.get(i + 1).filter(|_| rel.len() > i + 2)
        {
            let layout = match (is_account_id(first), is_avro_state_name(name)) {
                (true, true) => Layout::ProAvro,
                (true, false) => Layout::ProV1,
                _ => Layout::ProV2,
            };
            push(layout, &rel[..i]);
        }
        // `<root>/<account>/<service>/<region>/{store,backend}.state[.avro]`
        if let [.., acct, _, _, file] = rel.as_slice()
            && is_account_id(acct)
            && is_avro_state_name(file)
            && rel.get(rel.len().wrapping_sub(5)).is_none_or(|c| c != "api_states")
        {
            push(Layout::ProAvro, &rel[..rel.len() - 4]);
        }
        let dir = &rel[..rel.len().saturating_sub(1)];
        if is_replay_log_name(name) || name == "startup_info.json" {
            push(Layout::CommunityReplay, dir);
        }
        // `<root>/<service>/{store,backend}.{json,pkl}`
        if let Some((service, root)) = dir.split_last()
            && matches!(name, "store.json" | "backend.json" | "store.pkl" | "backend.pkl")
            && is_service_name(service)
        {
            push(Layout::LocalstackPersist, root);
        }
    }
    // Deeper, more specific roots first so their files are placed by them.
    anchors.sort_by(|a, b| b.root.len().cmp(&a.root.len()).then(a.layout.cmp(&b.layout)));
    anchors
}

/// The names of the per-account layout's state files (their content says pickle or Avro).
fn is_avro_state_name(name: &str) -> bool {
    matches!(name, "store.state" | "backend.state" | "store.state.avro" | "backend.state.avro")
}

fn is_service_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn role_of_state_file(name: &str) -> String {
    let stem = name.split('.').next().unwrap_or(name);
    match stem {
        "store" | "backend" => stem.to_string(),
        "backend_state" => "backend".into(),
        "region_state" => "region state".into(),
        "shared_state" => "shared state".into(),
        other => other.to_string(),
    }
}

impl Anchor {
    /// Places a file if it is under this anchor's root.
    fn place(&self, rel: &[String]) -> Option<Placement> {
        let sub = rel.strip_prefix(self.root.as_slice())?;
        let sub: Vec<&str> = sub.iter().map(String::as_str).collect();
        match self.layout {
            Layout::ProAvro => place_pro_avro(&sub),
            Layout::ProV2 => Some(place_pro_v2(&sub)),
            Layout::ProV1 => Some(place_pro_v1(&sub)),
            Layout::LocalstackPersist => place_persist(&sub),
            Layout::CommunityReplay => place_community(&sub),
            Layout::SingleFile => None,
        }
    }
}

/// `[api_states/]<account>/<service>/<region or global>/<file>`; other files under an
/// account directory are the service's files of that account (under `api_states/` they are
/// left to Pro v1, which shares the directory shape).
fn place_pro_avro(sub: &[&str]) -> Option<Placement> {
    if let Some(p) = place_snapshot_file(sub) {
        return Some(p);
    }
    let (sub, snapshot) = match sub.strip_prefix(&["api_states"]) {
        Some(rest) => (rest, true),
        None => (sub, false),
    };
    match sub {
        [acct, svc, scope, rest @ ..]
            if is_account_id(acct)
                && is_service_name(svc)
                && !rest.is_empty()
                && (!snapshot || matches!(rest, [f] if is_avro_state_name(f))) =>
        {
            let file = rest.last().copied().unwrap_or("");
            let role = if rest.len() == 1 && is_avro_state_name(file) {
                role_of_state_file(file)
            } else {
                format!("files of {svc}")
            };
            let p = Placement::service(svc, role);
            Some(if is_aws_region(scope) {
                p.at(Some(acct.to_string()), Some(scope.to_string()))
            } else {
                let mut p = p.at(Some(acct.to_string()), None);
                p.role = format!("{} ({scope})", p.role);
                p
            })
        }
        _ => None,
    }
}

/// The files a snapshot keeps beside `api_states/` (localstack-ext's constants:
/// `ASSETS_DIRECTORY`, `CLOUDPODS_METADATA_FILE`, `API_STATES_JSON`): `assets/<service>/…`,
/// `metadata.yaml`, `api_states.json`.
fn place_snapshot_file(sub: &[&str]) -> Option<Placement> {
    match sub {
        ["assets", svc, rest @ ..] if !rest.is_empty() && is_service_name(svc) => {
            Some(place_assets(svc, rest))
        }
        ["metadata.yaml"] => Some(Placement::other("Cloud Pod metadata")),
        ["api_states.json"] => Some(Placement::other("snapshot index").kind(EntryKind::JSON)),
        _ => None,
    }
}

fn place_pro_v2(sub: &[&str]) -> Placement {
    if let Some(p) = place_snapshot_file(sub) {
        return p;
    }
    match sub {
        ["api_states", svc, file] => Placement::service(svc, role_of_state_file(file)),
        ["api_states", svc, rest @ ..] if !rest.is_empty() => {
            Placement::service(svc, format!("assets of {svc}"))
        }
        [_] => Placement::other("volume file"),
        [svc, rest @ ..] => place_assets(svc, rest),
        [] => Placement::other("unknown"),
    }
}

/// Where a file that no layout places belongs by its content: a DynamoDB Local database or
/// kinesis-mock state under its service, with the account (and region) its name gives.
fn placed_by_content(kind: EntryKind, file_name: &str) -> Option<Placement> {
    match kind {
        EntryKind::DYNAMODB_SQLITE => Some(place_assets("dynamodb", &[file_name])),
        EntryKind::KINESIS_JSON => Some(place_assets("kinesis", &[file_name])),
        _ => None,
    }
}

/// Asset files a service keeps beside its pickles (Pro v2 `state/<svc>/...`,
/// localstack-persist `<svc>/assets/...`), with account/region from their names.
fn place_assets(svc: &str, rest: &[&str]) -> Placement {
    let file = rest.last().copied().unwrap_or("");
    let role = format!("assets of {svc}");
    match (svc, rest) {
        ("dynamodb", [f]) if f.ends_with(".db") => {
            let p =
                Placement::service(svc, "DynamoDB Local database").kind(EntryKind::DYNAMODB_SQLITE);
            match parse_dynamodb_db_name(f) {
                Some((acct, region)) => p.at(Some(acct), Some(region)),
                None => p,
            }
        }
        ("kinesis", [f]) if f.ends_with(".json") => {
            let acct = f.trim_end_matches(".json");
            let p = Placement::service(svc, "kinesis-mock state").kind(EntryKind::KINESIS_JSON);
            if is_account_id(acct) { p.at(Some(acct.to_string()), None) } else { p }
        }
        ("cloudwatch", [f]) if f.ends_with(".db") => {
            Placement::service(svc, "CloudWatch metrics").kind(EntryKind::SQLITE)
        }
        ("s3", _) if !file.ends_with(".json") => {
            Placement::service(svc, role).kind(EntryKind::ASSET)
        }
        _ => {
            let mut p = Placement::service(svc, role);
            // Account / region directories inside asset trees.
            for c in &rest[..rest.len().saturating_sub(1)] {
                if is_account_id(c) {
                    p.account = Some(c.to_string());
                } else if is_aws_region(c) {
                    p.region = Some(c.to_string());
                }
            }
            if p.region.is_some() && p.account.is_none() {
                p.region = None;
            }
            p
        }
    }
}

fn place_pro_v1(sub: &[&str]) -> Placement {
    if let Some(p) = place_snapshot_file(sub) {
        return p;
    }
    match sub {
        ["api_states", acct, svc, scope, rest @ ..] if !rest.is_empty() => {
            let file = rest.last().copied().unwrap_or("");
            let p = Placement::service(svc, role_of_state_file(file));
            if is_aws_region(scope) {
                p.at(Some(acct.to_string()), Some(scope.to_string()))
            } else {
                // `global` / `static` state is account-wide.
                let mut p = p.at(Some(acct.to_string()), None);
                p.role = format!("{} ({scope})", p.role);
                p
            }
        }
        ["api_states", acct, svc, file] => {
            Placement::service(svc, role_of_state_file(file)).at(Some(acct.to_string()), None)
        }
        [svc, file] if *file == "backend_state" => Placement::service(svc, "backend"),
        [_] => Placement::other("volume file"),
        [svc, rest @ ..] => place_assets(svc, rest),
        [] => Placement::other("unknown"),
    }
}

fn place_persist(sub: &[&str]) -> Option<Placement> {
    match sub {
        [svc, file]
            if matches!(*file, "store.json" | "backend.json" | "store.pkl" | "backend.pkl") =>
        {
            Some(Placement::service(svc, role_of_state_file(file)))
        }
        ["s3", "objects.json"] => {
            Some(Placement::service("s3", "object index").kind(EntryKind::JSON))
        }
        [svc, "assets", rest @ ..] if !rest.is_empty() => Some(place_assets(svc, rest)),
        [svc, _, ..] if is_service_name(svc) => {
            Some(Placement::service(svc, format!("files of {svc}")))
        }
        _ => None,
    }
}

fn place_community(sub: &[&str]) -> Option<Placement> {
    match sub {
        [file] if is_replay_log_name(file) => {
            let api = file
                .strip_prefix("api_calls_")
                .or_else(|| file.strip_suffix("_api_calls.json"))
                .map(|s| s.trim_end_matches(".json"))
                .filter(|s| !s.is_empty() && *file != "recorded_api_calls.json");
            let p = match api {
                Some(api) => Placement::service(api, "replay log"),
                None => Placement::other("replay log (all services)"),
            };
            Some(p.kind(EntryKind::REPLAY_LOG))
        }
        ["startup_info.json"] => Some(Placement::other("startup info").kind(EntryKind::JSON)),
        ["dynamodb", "shared-local-instance.db"] => Some(
            Placement::service("dynamodb", "DynamoDB Local database (shared)")
                .kind(EntryKind::DYNAMODB_SQLITE),
        ),
        ["kinesis", f] if f.ends_with(".json") => {
            Some(Placement::service("kinesis", "kinesis-mock state").kind(EntryKind::KINESIS_JSON))
        }
        [svc, rest @ ..] if !rest.is_empty() && is_service_name(svc) => {
            Some(place_assets(svc, rest))
        }
        _ => None,
    }
}

/// Entries of one account: its own, and per region.
type AccountEntries = (Vec<Entry>, BTreeMap<String, Vec<Entry>>);

/// Accumulates placed entries into sorted services/accounts/regions.
#[derive(Default)]
struct Builder {
    /// Per service: its own entries, and per account.
    services: BTreeMap<String, (Vec<Entry>, BTreeMap<String, AccountEntries>)>,
    other: Vec<Entry>,
}

impl Builder {
    fn add(
        &mut self,
        service: Option<String>,
        account: Option<String>,
        region: Option<String>,
        entry: Entry,
    ) {
        let Some(service) = service else {
            self.other.push(entry);
            return;
        };
        let svc = self.services.entry(service).or_default();
        match (account, region) {
            (None, _) => svc.0.push(entry),
            (Some(a), None) => svc.1.entry(a).or_default().0.push(entry),
            (Some(a), Some(r)) => svc.1.entry(a).or_default().1.entry(r).or_default().push(entry),
        }
    }

    fn finish(self, path: PathBuf, layouts: Vec<LayoutRoot>, problems: Vec<String>) -> Volume {
        let services = self
            .services
            .into_iter()
            .map(|(name, (entries, accounts))| Service {
                name,
                entries,
                accounts: accounts
                    .into_iter()
                    .map(|(id, (entries, regions))| Account {
                        id,
                        entries,
                        regions: regions
                            .into_iter()
                            .map(|(name, entries)| Region { name, entries })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let mut vol = Volume {
            path,
            layouts,
            services,
            other: self.other,
            problems,
            archive: None,
            api_states: None,
        };
        super::api_states::attach(&mut vol);
        vol
    }
}
