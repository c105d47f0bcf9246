//! What `ls` and `find` add for snapshot / Cloud Pod archives: the archive's header
//! (`metadata.yaml`: name, services, LocalStack version, size; members, compressed size,
//! read-only), the per-service size table of `ls --sizes` (state and assets, compressed and
//! uncompressed, like `lstk snapshot inspect`, plus the resources its decoded files hold), and
//! the member paths (`ARCHIVE!/MEMBER`) `find` searches.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use localstate_core::archive::is_archive;
use localstate_core::source::Location;
use localstate_core::text::plural;
use localstate_core::volume::inventory::Inventory;
use localstate_core::volume::overview::{Overview, ServiceLine};
use localstate_core::volume::{self, SizeReport, Sizes, Volume, human_size};

/// The lines `ls` prints under the path of an archive (nothing for a directory).
pub fn header(vol: &Volume) -> String {
    let mut out = String::new();
    let Some(a) = &vol.archive else { return out };
    let _ = writeln!(
        out,
        "archive: {} members, {} compressed, read-only",
        a.members,
        human_size(a.compressed_size)
    );
    if let Some(m) = &a.metadata {
        let mut parts = vec![format!("pod {}", m.name.as_deref().unwrap_or("(unnamed)"))];
        if let Some(v) = &m.localstack_version {
            parts.push(format!("LocalStack {v}"));
        }
        if let Some(v) = &m.pod_version {
            parts.push(format!("version {v}"));
        }
        if let Some(s) = m.size {
            parts.push(format!("size {}", human_size(s)));
        }
        if m.encrypted {
            parts.push("encrypted".into());
        }
        let _ = writeln!(out, "metadata.yaml: {}", parts.join(" · "));
        if !m.services.is_empty() {
            let _ = writeln!(out, "  services: {}", m.services.join(", "));
        }
    }
    out
}

/// `compressed / uncompressed` (or `-` for no file).
fn pair(s: &Sizes) -> String {
    if s.files == 0 {
        "-".into()
    } else {
        format!("{} / {}", human_size(s.compressed), human_size(s.uncompressed))
    }
}

/// Each service's resource counts by kind, from the volume's inventory (resources merged
/// across files, nested collections counted: the numbers `resources --overview` prints),
/// with its decode problems.
pub fn resources(vol: &Volume) -> Vec<ServiceLine> {
    let mut inventory = Inventory::build(vol, &mut |_, _, _| {});
    Overview::of(vol, &mut inventory).services
}

/// `2 queues, 12 messages` (and `1 file not decoded`) for `service`.
fn resources_text(lines: &[ServiceLine], service: &str) -> String {
    let Some(line) = lines.iter().find(|l| l.service == service) else { return String::new() };
    let mut parts: Vec<String> = line
        .kinds
        .iter()
        .map(|(k, n)| plural(k, usize::try_from(*n).unwrap_or(usize::MAX)))
        .collect();
    if !line.problems.is_empty() {
        parts.push(format!("{} not decoded", plural("file", line.problems.len())));
    }
    parts.join(", ")
}

/// The per-service table of `ls --sizes`: state and assets, each compressed / uncompressed,
/// the totals (largest service first), and the resources each service's files hold.
pub fn sizes_table(vol: &Volume, report: &SizeReport) -> String {
    let lines = resources(vol);
    let mut rows: Vec<[String; 5]> = vec![[
        "service".into(),
        "state".into(),
        "assets".into(),
        "total".into(),
        "resources".into(),
    ]];
    for s in &report.services {
        let res = resources_text(&lines, &s.service);
        rows.push([s.service.clone(), pair(&s.state), pair(&s.assets), pair(&s.total()), res]);
    }
    if report.other.files > 0 {
        let dash = || "-".to_string();
        rows.push(["(other)".into(), dash(), dash(), pair(&report.other), String::new()]);
    }
    rows.push(["total".into(), String::new(), String::new(), pair(&report.total), String::new()]);
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2), width(3)];
    let mut out = String::new();
    let _ = writeln!(out, "{}", vol.path.display());
    out.push_str(&header(vol));
    let _ = writeln!(out, "sizes: compressed / uncompressed");
    for r in rows {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The member paths `find` searches when `path` is an archive or names a member (or a
/// directory of members) inside one; `None` for anything else.
pub fn member_paths(path: &Path) -> Option<anyhow::Result<Vec<PathBuf>>> {
    let inside = Location::of(path).is_member();
    if !(inside || path.is_file() && is_archive(path)) {
        return None;
    }
    Some(
        volume::scan(path)
            .map(|vol| {
                let mut paths: Vec<PathBuf> = vol.entries().map(|e| e.path.clone()).collect();
                paths.sort();
                paths
            })
            .map_err(anyhow::Error::from),
    )
}
