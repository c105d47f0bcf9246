//! The LocalStack interlock: a running LocalStack holds its state in memory and writes it back
//! at shutdown (and on its snapshot schedule), so an edit saved under it would be overwritten.
//! Saving is refused while one answers at the endpoint with running services (`force`
//! overrides).

use std::time::Duration;

use crate::bail;
use crate::error::Result;

use crate::live::{HealthSnapshot, LiveStatus, ProbeConfig, probe};

/// Refuses when `health` (a probe of `endpoint`) shows running services. The GUI passes the
/// poller's latest snapshot; [`check_endpoint`] probes once.
pub fn refuse_if_running(endpoint: &str, health: &HealthSnapshot) -> Result<()> {
    let running: Vec<&str> = health.running().collect();
    if running.is_empty() {
        return Ok(());
    }
    bail!(
        "LocalStack is running at {endpoint} (running: {}). It keeps its state in memory and writes it \
         to the volume on shutdown and on its snapshot schedule, which would overwrite this edit. Stop \
         LocalStack, save, then start it again — or save with --force if you know it will not persist",
        running.join(", ")
    )
}

/// Probes `endpoint` once (short timeout) and refuses if a LocalStack there runs services.
/// Nothing answering, or something that is not LocalStack, does not block a save.
pub fn check_endpoint(endpoint: &str) -> Result<()> {
    let cfg = ProbeConfig { timeout: Duration::from_millis(800), ..ProbeConfig::default() };
    match probe(endpoint, &cfg) {
        LiveStatus::Connected { health, endpoint, .. } => refuse_if_running(&endpoint, &health),
        LiveStatus::Unreachable { .. } | LiveStatus::NotLocalStack { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_services_block_and_others_do_not() {
        let running = crate::live::health::parse_health(br#"{"services": {"sqs": "running", "s3": "available"}, "edition": "community", "version": "2026.3.0"}"#, false).unwrap();
        let e = refuse_if_running("http://127.0.0.1:4566", &running).unwrap_err().to_string();
        assert!(
            e.contains("running: sqs") && e.contains("overwrite") && e.contains("--force"),
            "{e}"
        );
        let idle = crate::live::health::parse_health(
            br#"{"services": {"sqs": "available"}, "edition": "community", "version": "2026.3.0"}"#,
            false,
        )
        .unwrap();
        refuse_if_running("http://127.0.0.1:4566", &idle).unwrap();
        // Nothing listening: no block.
        check_endpoint("http://127.0.0.1:9").unwrap();
    }
}
