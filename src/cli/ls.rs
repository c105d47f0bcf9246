//! `localstate ls PATH [--json]`: the detected layout(s) and the volume tree with sizes.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::text::plural;
use localstate_core::volume::{self, Entry, Volume, human_size};

#[derive(clap::Args, Debug)]
pub struct LsArgs {
    /// A volume, its state/ directory, a DATA_DIR, a localstack-persist directory or a file.
    pub path: PathBuf,
    /// Print the volume as JSON (shape documented in README.md).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: LsArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let vol = volume::scan(&args.path)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&vol)?);
    } else {
        print!("{}", render(&vol));
    }
    Ok(ExitCode::SUCCESS)
}

/// The indented text tree `ls` prints.
pub fn render(vol: &Volume) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", vol.path.display());
    for l in &vol.layouts {
        let root = if l.root.is_empty() { ".".to_string() } else { l.root.clone() };
        let _ = writeln!(out, "layout: {} at {root}", l.layout.label());
    }
    let _ = writeln!(out, "{}, {}", plural("file", vol.file_count()), human_size(vol.total_size()));
    let entry = |out: &mut String, indent: usize, e: &Entry| {
        let _ = writeln!(
            out,
            "{:indent$}{}  [{}] {}  {}",
            "",
            e.rel,
            e.kind,
            human_size(e.size),
            e.role,
            indent = indent
        );
    };
    for s in &vol.services {
        let _ = writeln!(out, "{}  ({})", s.name, plural("file", s.all_entries().count()));
        s.entries.iter().for_each(|e| entry(&mut out, 4, e));
        for a in &s.accounts {
            let _ = writeln!(out, "  account {}", a.id);
            a.entries.iter().for_each(|e| entry(&mut out, 6, e));
            for r in &a.regions {
                let _ = writeln!(out, "    region {}", r.name);
                r.entries.iter().for_each(|e| entry(&mut out, 8, e));
            }
        }
    }
    if !vol.other.is_empty() {
        let _ = writeln!(out, "other files");
        vol.other.iter().for_each(|e| entry(&mut out, 4, e));
    }
    for p in &vol.problems {
        let _ = writeln!(out, "problem: {p}");
    }
    out
}
