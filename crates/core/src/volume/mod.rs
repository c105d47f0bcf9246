//! Volumes: detect which LocalStack persistence layout(s) a path holds and build the
//! `Volume → Service → Account → Region → Entry` model the CLI and the GUI show.
//! Scanning only reads directory entries and metadata (an archive's central directory, and
//! the small `metadata.yaml` / `api_states.json`); decoding is `formats`' job.
//!
//! Every [`Entry`] opens the same way, whether a file or an archive member:
//! `formats::open(&entry.path, entry.kind)` (or read its bytes with `entry.location.read()`).

mod api_states;
mod archive;
pub mod assets;
mod decoding;
pub mod inventory;
mod layout;
mod naming;
pub mod overview;
mod scan;
pub mod sizes;
pub mod watch;
mod written_by;

pub use crate::formats::replay::is_replay_log_name;
pub use crate::kind::EntryKind;
pub use crate::text::human_size;
pub use api_states::ApiStatesCheck;
pub use layout::Layout;
pub use naming::{is_account_id, is_aws_region, parse_dynamodb_db_name};
pub use scan::{Account, ArchiveInfo, Entry, LayoutRoot, Region, ScanError, Service, Volume, scan};
pub use sizes::{ServiceSizes, SizeReport, Sizes, sizes};
pub use written_by::{WrittenBy, written_by};
