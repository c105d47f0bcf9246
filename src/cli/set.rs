//! `localstate set` (being written).
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct SetArgs {}

pub fn run(_args: SetArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`set` is not implemented yet")
}
