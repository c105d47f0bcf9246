//! The `localstate` binary: parses the command line and hands off to the CLI or the GUI.

fn main() -> std::process::ExitCode {
    localstate::cli::main()
}
