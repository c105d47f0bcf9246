//! The running emulator, seen through its HTTP API (no egui here): [`health`] parses
//! `/_localstack/health`, legacy `/health` and `/_localstack/info`; [`poller`] probes an
//! endpoint once or keeps polling it on a background thread.

pub mod health;
pub mod poller;

pub use health::{HealthSnapshot, Info, ServiceState};
pub use poller::{LiveStatus, PollConfig, Poller, ProbeConfig, probe, resolve_endpoint};
