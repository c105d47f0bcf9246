//! The overview of a volume, the first thing a user sees: per service the resources by kind,
//! the bytes on disk, the last change and the decode problems; the totals; and what takes
//! the space — the largest services, files and resources (message bodies, objects, items,
//! function code). A superset of `lstk snapshot inspect`, which sums bytes per service.

use serde::Serialize;

use crate::formats::timefmt::iso_seconds;
use crate::model::{Node, Resource, Tree, Value};
use crate::resources::{catalog, services};
use crate::text::{human_size, plural};

use super::inventory::Inventory;
use super::scan::Volume;

/// How many lines each "largest" list keeps.
const TOP: usize = 10;
/// Items of a nested collection looked at for the sizes (the rest estimated from them).
const SIZED_ITEMS: u64 = 1_000;
/// Nodes looked at to size one resource, at most.
pub const MAX_SIZED_NODES: usize = 200_000;

/// The overview of a volume.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overview {
    /// The volume's path.
    pub path: String,
    /// The layouts found (`Pro snapshot v2+`).
    pub layouts: String,
    /// The LocalStack version that wrote the volume, where it says.
    pub written_by: Option<String>,
    /// Totals over the volume.
    pub totals: Totals,
    /// One line per service, largest first.
    pub services: Vec<ServiceLine>,
    /// The largest files.
    pub largest_files: Vec<FileLine>,
    /// The largest resources (top-level and nested).
    pub largest_resources: Vec<ResourceLine>,
}

/// Totals of a volume.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    /// Files in the volume (decodable or not).
    pub files: usize,
    /// Their bytes on disk.
    pub bytes: u64,
    /// Top-level resources.
    pub resources: usize,
    /// Files that could not be decoded.
    pub problems: usize,
}

/// One service of the overview.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceLine {
    /// LocalStack's id.
    pub service: String,
    /// How people call it.
    pub title: String,
    /// Resource counts by kind (top-level kinds, then nested totals).
    pub kinds: Vec<(String, u64)>,
    /// Its files.
    pub files: usize,
    /// Their bytes on disk.
    pub bytes: u64,
    /// The newest modification time of its files (ISO text).
    pub last_modified: Option<String>,
    /// Decode problems (`file: message`).
    pub problems: Vec<String>,
}

/// A file of the "largest files" list.
#[derive(Clone, Debug, Serialize)]
pub struct FileLine {
    /// Relative path.
    pub file: String,
    /// Its service.
    pub service: String,
    /// Bytes on disk.
    pub bytes: u64,
}

/// A resource of the "largest resources" list.
#[derive(Clone, Debug, Serialize)]
pub struct ResourceLine {
    /// Its service.
    pub service: String,
    /// Its kind.
    pub kind: String,
    /// Its name (a nested one: `parent / name`).
    pub name: String,
    /// Its account.
    pub account: Option<String>,
    /// Its region.
    pub region: Option<String>,
    /// Its size: the size it declares (an object's, a function's code), else the bytes of the
    /// strings and bytes it holds.
    pub bytes: u64,
    /// The file it is in.
    pub file: String,
    /// Index into the inventory's resources (of the top-level resource it is in).
    #[serde(skip)]
    pub resource: usize,
}

impl Overview {
    /// The overview of `volume`, from its inventory (pages through nested collections to
    /// find the largest items).
    pub fn of(volume: &Volume, inventory: &mut Inventory) -> Overview {
        let mut services: Vec<ServiceLine> = Vec::new();
        let line_of = |services: &mut Vec<ServiceLine>, id: &str| -> usize {
            if let Some(i) = services.iter().position(|s| s.service == id) {
                return i;
            }
            services.push(ServiceLine {
                service: id.into(),
                title: services::title(id),
                ..ServiceLine::default()
            });
            services.len() - 1
        };
        let mut totals = Totals::default();
        let mut files: Vec<FileLine> = Vec::new();
        for s in &volume.services {
            let i = line_of(&mut services, &s.name);
            let mut newest = None;
            for e in s.all_entries() {
                services[i].files += 1;
                services[i].bytes += e.size;
                newest = newest.max(e.mtime);
                files.push(FileLine {
                    file: e.rel.clone(),
                    service: s.name.clone(),
                    bytes: e.size,
                });
            }
            services[i].last_modified = newest.map(|t| iso_seconds(t as f64));
        }
        for e in &volume.other {
            files.push(FileLine { file: e.rel.clone(), service: String::new(), bytes: e.size });
        }
        totals.files = files.len();
        totals.bytes = files.iter().map(|f| f.bytes).sum();
        for f in &inventory.files {
            if let Some(e) = &f.error {
                let i =
                    line_of(&mut services, if f.service.is_empty() { "other" } else { &f.service });
                services[i].problems.push(format!("{}: {e}", f.rel));
                totals.problems += 1;
            }
        }
        // Resource counts per service (a resource's nested collections from every file).
        let by_service = inventory.by_service();
        for (service, resources) in &by_service {
            let i = line_of(&mut services, service);
            services[i].kinds = catalog::counts(resources);
        }
        totals.resources = inventory.resources.len();
        services.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.service.cmp(&b.service)));
        files.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.file.cmp(&b.file)));
        files.truncate(TOP);
        Overview {
            path: volume.path.display().to_string(),
            layouts: volume.layout_labels(),
            written_by: super::written_by(&volume.path).map(|w| w.version.to_string()),
            totals,
            services,
            largest_files: files,
            largest_resources: largest_resources(inventory),
        }
    }

    /// The overview as text, for the CLI.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} ({}) · {} · {} · {}",
            self.path,
            if self.layouts.is_empty() { "no layout" } else { &self.layouts },
            plural("file", self.totals.files),
            human_size(self.totals.bytes),
            plural("resource", self.totals.resources)
        );
        if let Some(v) = &self.written_by {
            out.push_str(&format!(" · written by LocalStack {v}"));
        }
        out.push_str(&format!(
            "\n\n{:<18} {:>10} {:>6}  {:<20} resources\n",
            "service", "size", "files", "modified"
        ));
        for s in &self.services {
            let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| plural(k, *n as usize)).collect();
            out.push_str(&format!(
                "{:<18} {:>10} {:>6}  {:<20} {}\n",
                s.title,
                human_size(s.bytes),
                s.files,
                s.last_modified.as_deref().unwrap_or("-"),
                if kinds.is_empty() { "-".to_string() } else { kinds.join(" · ") }
            ));
            for p in &s.problems {
                out.push_str(&format!("{:<18} problem: {p}\n", ""));
            }
        }
        out.push_str("\nlargest files\n");
        for f in &self.largest_files {
            out.push_str(&format!("  {:>10}  {}\n", human_size(f.bytes), f.file));
        }
        out.push_str("\nlargest resources\n");
        for r in &self.largest_resources {
            out.push_str(&format!(
                "  {:>10}  {} {} {}\n",
                human_size(r.bytes),
                r.service,
                r.kind,
                r.name
            ));
        }
        out
    }
}

/// The largest resources: top-level ones (sized with what they hold: their nested
/// collections' bytes, estimated from the first [`SIZED_ITEMS`] items of each) and the nested
/// items looked at.
fn largest_resources(inventory: &mut Inventory) -> Vec<ResourceLine> {
    let sampled = inventory.first_items(SIZED_ITEMS, &size_of);
    let mut lines = Vec::new();
    for (i, pages) in sampled.into_iter().enumerate() {
        let l = &inventory.resources[i];
        // What it holds is counted from its collections, not twice from its subtree.
        let mut size = if l.collections.is_empty() {
            size_of(inventory.files[l.file].doc.as_ref().map(|d| &d.tree), &l.resource)
        } else {
            field_bytes(&l.resource)
        };
        for ((f, coll), items) in l.collections.iter().zip(pages) {
            let item_file = &inventory.files[*f].rel;
            let sampled: u64 = items.iter().map(|(_, bytes)| bytes).sum();
            if !items.is_empty() {
                size += sampled * coll.count / items.len() as u64;
            }
            for (item, bytes) in &items {
                lines.push(line(item, Some(&l.resource), *bytes, item_file, i));
            }
        }
        lines.push(line(&l.resource, None, size, &inventory.files[l.file].rel, i));
        lines.sort_by_key(|l| std::cmp::Reverse(l.bytes));
        lines.truncate(TOP);
    }
    lines
}

fn line(
    r: &Resource,
    parent: Option<&Resource>,
    bytes: u64,
    file: &str,
    resource: usize,
) -> ResourceLine {
    ResourceLine {
        service: r.service.clone(),
        kind: r.kind.clone(),
        name: parent.map_or_else(|| r.name.clone(), |p| format!("{} / {}", p.name, r.name)),
        account: r.account.clone(),
        region: r.region.clone(),
        bytes,
        file: file.to_string(),
        resource,
    }
}

/// The bytes of a resource's string and bytes fields.
fn field_bytes(r: &Resource) -> u64 {
    r.fields.iter().map(|(_, v)| value_bytes(v)).sum()
}

/// The bytes of a string or bytes value (0 for the rest).
fn value_bytes(v: &Value) -> u64 {
    match v {
        Value::Str(s) | Value::Text(s) => s.len() as u64,
        Value::Bytes(b) => b.len() as u64,
        _ => 0,
    }
}

/// The size a resource declares (`size`, `ContentLength`, `CodeSize`…), else the bytes of the
/// strings and bytes under its node in `tree` (at most [`MAX_SIZED_NODES`] nodes looked at),
/// else (a table row, which has no node) of its fields.
pub fn size_of(tree: Option<&Tree>, r: &Resource) -> u64 {
    const DECLARED: [&str; 6] =
        ["size", "content_length", "ContentLength", "code_size", "CodeSize", "TableSizeBytes"];
    for name in DECLARED {
        if let Some(Value::Int(n)) = r.field(name) {
            return (*n).max(0) as u64;
        }
    }
    let (Some(tree), Some(node)) = (tree, r.node) else { return field_bytes(r) };
    let mut total = 0u64;
    let mut stack = vec![node];
    let mut seen = 0;
    while let Some(id) = stack.pop() {
        seen += 1;
        if seen > MAX_SIZED_NODES {
            break;
        }
        let n: &Node = tree.node(id);
        total += value_bytes(&n.value);
        stack.extend(n.children.iter().copied());
    }
    total
}
