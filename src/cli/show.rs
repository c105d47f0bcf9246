//! `localstate show` (being written).
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ShowArgs {}

pub fn run(_args: ShowArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`show` is not implemented yet")
}
