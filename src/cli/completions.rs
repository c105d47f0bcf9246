//! `localstate completions SHELL`: a completion script for bash, zsh, fish, elvish or
//! PowerShell, generated from the clap definition (clap_complete), on stdout.

use std::io::Write;
use std::process::ExitCode;

use clap_complete::Shell;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate completions bash > ~/.local/share/bash-completion/completions/localstate
  localstate completions zsh > ~/.zfunc/_localstate      # with fpath+=(~/.zfunc)
  localstate completions fish > ~/.config/fish/completions/localstate.fish

Exit status: 0 written, 2 error.")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let mut command = super::command();
    let mut out = super::stdout();
    clap_complete::generate(args.shell, &mut command, "localstate", &mut out);
    out.flush()?;
    Ok(ExitCode::from(super::exit::OK))
}
