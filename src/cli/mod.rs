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

/// What every subcommand gets besides its own arguments: the global options.
#[derive(Debug, Default)]
pub struct Globals {
    /// `--endpoint`, if given.
    pub endpoint: Option<String>,
}

/// Declares the subcommands, one line each (doc comment = its `--help` line; the module has
/// the clap `Args` and `run(args, &Globals) -> anyhow::Result<ExitCode>`): the enum and its
/// dispatch are generated from this list.
macro_rules! subcommands {
    ($($(#[doc = $doc:literal])* $variant:ident($module:ident::$args:ident),)*) => {
        /// The subcommands.
        #[derive(Subcommand, Debug)]
        pub enum Command {
            $($(#[doc = $doc])* $variant($module::$args),)*
        }

        impl Command {
            fn run(self, globals: &Globals) -> anyhow::Result<ExitCode> {
                match self {
                    $(Command::$variant(args) => $module::run(args, globals),)*
                }
            }
        }
    };
}

subcommands! {
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
    let globals = Globals { endpoint: cli.endpoint };
    let result = match cli.command {
        Some(command) => command.run(&globals),
        None => cli
            .path
            .map_or_else(crate::sample::sample_volume, Ok)
            .and_then(|path| crate::ui::run(path, globals.endpoint)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("localstate: {e:#}");
            ExitCode::FAILURE
        }
    }
}
