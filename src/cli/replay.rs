//! `localstate replay` (being written).
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ReplayArgs {}

pub fn run(_args: ReplayArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`replay` is not implemented yet")
}
