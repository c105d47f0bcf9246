//! Command-line front end: `localstate [PATH]` opens the GUI; subcommands print to stdout.
//! One file per subcommand, each with its clap `Args` and a `run` returning the exit code.
//!
//! Conventions every subcommand follows: stdout is written through [`stdout()`] (a locked
//! `BufWriter`, never `println!`), and a closed pipe (`localstate find V e | head -1`) ends
//! the command quietly with status 0 ([`is_broken_pipe`]); an error is one `localstate: …`
//! line on stderr and status [`exit::ERROR`]; the status codes are [`exit`]'s.

mod archives;
mod audit;
mod check;
mod completions;
mod find;
mod health;
mod ls;
mod man;
mod replay;
mod resources;
mod set;
mod show;

use std::io::{BufWriter, StdoutLock};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Exit statuses, the same for every subcommand (like ripgrep's); 3 and above are a
/// command's own (`health`).
pub mod exit {
    /// Success; for `find`: something matched.
    pub const OK: u8 = 0;
    /// Nothing matched (`find`), something suspicious (`audit`), or not what was asked for.
    pub const NOT_FOUND: u8 = 1;
    /// An error (also clap's status for a usage error).
    pub const ERROR: u8 = 2;
    /// `health`: nothing answers at the endpoint.
    pub const UNREACHABLE: u8 = 3;
    /// `health`: something answers, but it is not LocalStack.
    pub const NOT_LOCALSTACK: u8 = 4;
}

/// The `EXIT STATUS` part of the top-level `--help` (README.md has the same table).
const EXIT_HELP: &str = "\
Exit status:
  0  success; find: something matched; audit: nothing suspicious
  1  find: nothing matched; audit: something suspicious
  2  error (bad arguments, unreadable or undecodable input, refused edit)
  3  health: the endpoint is unreachable
  4  health: something answers at the endpoint, but not LocalStack

Logging: RUST_LOG=debug (or info, warn, localstate=debug...) prints log lines on stderr;
quiet by default.

Examples:
  localstate                                   open the GUI (last volume, or the bundled sample)
  localstate ./volume                          open a volume in the GUI
  localstate ls ./volume                       list what the volume holds
  localstate show ./volume/state/api_states/sqs/store.state --depth 4
  localstate find ./volume orders              search every decodable file
  localstate audit ./volume                    what its pickles would import and call on load
  localstate health --endpoint http://localhost:4566
  localstate completions bash > ~/.local/share/bash-completion/completions/localstate
  localstate man > localstate.1";

#[derive(Parser, Debug)]
#[command(
    name = "localstate",
    version,
    about = "Browse, decode and safely edit LocalStack persistence volumes",
    after_help = EXIT_HELP
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Volume, state directory or file to open in the GUI (default: the bundled sample volume).
    pub path: Option<PathBuf>,
    /// LocalStack endpoint the health panel polls (default: $LOCALSTACK_ENDPOINT, $AWS_ENDPOINT_URL, http://localhost:4566).
    #[arg(long, global = true)]
    pub endpoint: Option<String>,
    /// Directory of Avro schemas (`*.avsc`, searched recursively) for Avro files that are raw
    /// datums without a container header (default: $LOCALSTATE_AVRO_SCHEMAS; the app: Settings).
    #[arg(long, global = true, value_name = "DIR")]
    pub avro_schemas: Option<PathBuf>,
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
    /// Every resource of a volume (queues, buckets, tables…), or its overview with sizes.
    Resources(resources::ResourcesArgs),
    /// Decode a record-and-replay log; --lint explains why a replay would diverge.
    Replay(replay::ReplayArgs),
    /// Ask a running LocalStack for /_localstack/health and /_localstack/info.
    Health(health::HealthArgs),
    /// Change one value (addressed by the JSON pointer `show --json` prints) and save safely.
    Set(set::SetArgs),
    /// List what every pickle/jsonpickle file would import and call on load; flag the suspicious.
    Audit(audit::AuditArgs),
    /// Would a LocalStack version load this state? Writer version, rules, referenced classes.
    Check(check::CheckArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) to stdout.
    Man(man::ManArgs),
}

/// The clap command of the whole CLI (for completions and the man page).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Standard output, locked and buffered: what every subcommand writes to (flush at the end;
/// a write error is returned, and [`is_broken_pipe`] tells a closed pipe from a real error).
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

/// Whether `e` is (or wraps) a write to a closed pipe: the reader is gone, which is not an
/// error of ours (`localstate find V e | head -1`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    let json_pipe = |c: &(dyn std::error::Error + 'static)| {
        c.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    };
    e.chain().any(|c| {
        json_pipe(c)
            || c.downcast_ref::<std::io::Error>().is_some_and(|io| {
                io.kind() == BrokenPipe || io.get_ref().is_some_and(|inner| json_pipe(inner))
            })
    })
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(dir) = &cli.avro_schemas {
        if !dir.is_dir() {
            eprintln!("localstate: --avro-schemas {}: not a directory", dir.display());
            return ExitCode::from(exit::ERROR);
        }
        localstate_core::formats::avro::schemadir::set_schema_dir(Some(dir.clone()));
    }
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
        Err(e) if is_broken_pipe(&e) => {
            log::debug!("stdout closed: {e:#}");
            ExitCode::from(exit::OK)
        }
        Err(e) => {
            eprintln!("localstate: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
