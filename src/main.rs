//! The `localstate` binary: starts logging, parses the command line and hands off to the CLI
//! or the GUI.

fn main() -> std::process::ExitCode {
    // `RUST_LOG` (e.g. `RUST_LOG=debug`, `RUST_LOG=warn,localstate=debug`) prints the log
    // lines of localstate and its libraries (eframe, winit, glow...) on stderr; without it
    // nothing is logged, so the CLI's output stays what it documents.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("off"))
        .format_timestamp(None)
        .init();
    localstate::cli::main()
}
