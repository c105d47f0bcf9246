//! `localstate man`: the manual page, roff generated from the clap definition (clap_mangen),
//! on stdout: the main page with every subcommand's page after it.

use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate man | man -l -
  localstate man > ~/.local/share/man/man1/localstate.1

Exit status: 0 written, 2 error.")]
pub struct ManArgs {}

pub fn run(_: ManArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let command = super::command();
    let mut out = super::stdout();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("localstate-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(name);
        writeln!(out)?;
        clap_mangen::Man::new(page).render(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::from(super::exit::OK))
}
