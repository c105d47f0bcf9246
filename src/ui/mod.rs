//! egui front end (being written).
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(path: PathBuf, _endpoint: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("GUI not implemented yet ({})", path.display())
}
