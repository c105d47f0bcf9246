//! `localstate find` (being written).
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct FindArgs {}

pub fn run(_args: FindArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`find` is not implemented yet")
}
