//! Command-line front end: `localstate [PATH]` opens the GUI; subcommands print to stdout.
//! One file per subcommand, each with its clap `Args` and a `run` returning the exit code.

mod find;
mod health;
mod ls;
mod replay;
mod set;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "localstate",
    version,
    about = "Browse, decode and safely edit LocalStack persistence volumes"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Volume, state directory or file to open in the GUI (default: the bundled sample volume).
    pub path: Option<PathBuf>,
    /// LocalStack endpoint the health panel polls (default: $LOCALSTACK_ENDPOINT, $AWS_ENDPOINT_URL, http://localhost:4566).
    #[arg(long, global = true)]
    pub endpoint: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the layout(s) and the service → account → region → file tree of a volume.
    Ls(ls::LsArgs),
    /// Decode one file and print it as an indented tree or JSON.
    Show(show::ShowArgs),
    /// Search every decodable file under a path for a text.
    Find(find::FindArgs),
    /// Decode a record-and-replay log; --lint explains why a replay would diverge.
    Replay(replay::ReplayArgs),
    /// Ask a running LocalStack for /_localstack/health and /_localstack/info.
    Health(health::HealthArgs),
    /// Change one value (addressed by the JSON pointer `show --json` prints) and save safely.
    Set(set::SetArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let endpoint = cli.endpoint.clone();
    let result = match cli.command {
        Some(Command::Ls(a)) => ls::run(a),
        Some(Command::Show(a)) => show::run(a),
        Some(Command::Find(a)) => find::run(a),
        Some(Command::Replay(a)) => replay::run(a),
        Some(Command::Health(a)) => health::run(a, endpoint),
        Some(Command::Set(a)) => set::run(a, endpoint),
        None => cli
            .path
            .map_or_else(crate::sample::sample_volume, Ok)
            .and_then(|path| crate::ui::run(path, endpoint)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("localstate: {e:#}");
            ExitCode::FAILURE
        }
    }
}
