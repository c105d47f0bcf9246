//! Volumes: detect which LocalStack persistence layout(s) a path holds and build the
//! `Volume → Service → Account → Region → Entry` model the CLI and the GUI show.
//! Scanning only reads directory entries and metadata; decoding is `formats`' job.

pub mod assets;
pub mod inventory;
mod layout;
mod naming;
pub mod overview;
mod scan;
pub mod watch;
mod written_by;

pub use crate::formats::replay::is_replay_log_name;
pub use crate::kind::EntryKind;
pub use crate::text::human_size;
pub use layout::Layout;
pub use naming::{is_account_id, is_aws_region, parse_dynamodb_db_name};
pub use scan::{Account, Entry, LayoutRoot, Region, ScanError, Service, Volume, scan};
pub use written_by::{WrittenBy, written_by};
