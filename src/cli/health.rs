//! `localstate health` (being written).
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct HealthArgs {}

pub fn run(_args: HealthArgs, _endpoint: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`health` is not implemented yet")
}
