//! Volumes: detect which LocalStack persistence layout(s) a path holds and build the
//! `Volume → Service → Account → Region → Entry` model the CLI and the GUI show.
//! Scanning only reads directory entries and metadata; decoding is `formats`' job.

mod kind;
mod layout;
mod naming;
mod scan;
pub mod watch;

pub use kind::{EntryKind, is_replay_log_name};
pub use layout::Layout;
pub use naming::{is_account_id, is_aws_region, parse_dynamodb_db_name};
pub use scan::{Account, Entry, LayoutRoot, Region, ScanError, Service, Volume, scan};

/// Human-readable size: `512 B`, `1.5 KiB`, `3.2 MiB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}
