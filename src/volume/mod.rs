//! Volumes: detect which LocalStack persistence layout(s) a path holds and build the
//! `Volume → Service → Account → Region → Entry` model the CLI and the GUI show.
//! Scanning only reads directory entries and metadata; decoding is `formats`' job.

mod kind;

pub use kind::{is_replay_log_name, EntryKind};
