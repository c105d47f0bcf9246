//! `localstate ls PATH... [--json] [--sizes]`: the detected layout(s) and the volume tree with
//! sizes; for a snapshot / Cloud Pod archive also its `metadata.yaml` and compressed sizes, and
//! with `--sizes` the per-service state / asset size table instead of the tree.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::text::plural;
use localstate_core::volume::{self, Entry, Volume, human_size};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate ls ./volume
  localstate ls ~/.cache/localstack/volume --json | jq '.services[].name'
  localstate ls volume-a volume-b          several volumes, one after the other
  localstate ls pod.zip                    a snapshot / Cloud Pod archive, read in place
  localstate ls pod.zip --sizes            per service: state and assets, compressed / uncompressed
  localstate ls 'pod.zip!/api_states/000000000000'   part of an archive
  localstate ls                            the bundled sample volume

With one PATH, --json prints one object (shape in README.md); with several, an array of them.

Exit status: 0 listed, 2 error (a missing path, an unreadable directory, or a directory that
is no LocalStack volume; with several paths the others are still listed).")]
pub struct LsArgs {
    /// Volumes, state/ directories, DATA_DIRs, localstack-persist directories or files
    /// (none: the bundled sample volume, as the app opens it).
    #[arg(num_args = 0..)]
    pub paths: Vec<PathBuf>,
    /// Print the volume as JSON (shape documented in README.md).
    #[arg(long)]
    pub json: bool,
    /// Print per-service sizes (state and assets, compressed and uncompressed) and the
    /// resources each service's files hold, instead of the file tree; with --json, the size
    /// report and the resource counts.
    #[arg(long)]
    pub sizes: bool,
}

pub fn run(mut args: LsArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    if args.paths.is_empty() {
        args.paths.push(crate::sample::sample_volume()?);
    }
    let mut out = super::stdout();
    let (several, mut failed) = (args.paths.len() > 1, false);
    let (mut vols, mut printed) = (Vec::new(), 0usize);
    for path in &args.paths {
        log::debug!("scanning {}", path.display());
        let vol = match volume::scan(path) {
            Ok(v) => v,
            // One path: its error is the command's; several: report it and go on.
            Err(e) if !several => return Err(e.into()),
            Err(e) => {
                out.flush()?;
                eprintln!("localstate: {e:#}");
                failed = true;
                continue;
            }
        };
        match (args.json, args.sizes) {
            (true, true) => {
                let resources: serde_json::Map<String, serde_json::Value> =
                    super::archives::resources(&vol)
                        .into_iter()
                        .map(|l| {
                            let kinds: serde_json::Map<String, serde_json::Value> =
                                l.kinds.into_iter().map(|(k, n)| (k, n.into())).collect();
                            (l.service, kinds.into())
                        })
                        .collect();
                let sizes = volume::sizes(&vol);
                vols.push(
                    serde_json::json!({"path": vol.path, "sizes": sizes, "resources": resources}),
                )
            }
            (true, false) => vols.push(serde_json::to_value(&vol)?),
            (false, sizes) => {
                if printed > 0 {
                    writeln!(out)?;
                }
                let text = if sizes {
                    super::archives::sizes_table(&vol, &volume::sizes(&vol))
                } else {
                    render(&vol)
                };
                out.write_all(text.as_bytes())?;
                printed += 1;
            }
        }
    }
    if args.json {
        if several {
            serde_json::to_writer_pretty(&mut out, &vols)?;
        } else if let Some(v) = vols.first() {
            serde_json::to_writer_pretty(&mut out, v)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::from(if failed { super::exit::ERROR } else { super::exit::OK }))
}

/// The indented text tree `ls` prints.
pub fn render(vol: &Volume) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", vol.path.display());
    out.push_str(&super::archives::header(vol));
    for l in &vol.layouts {
        let root = if l.root.is_empty() { ".".to_string() } else { l.root.clone() };
        let _ = writeln!(out, "layout: {} at {root}", l.layout.label());
    }
    let _ = writeln!(out, "{}, {}", plural("file", vol.file_count()), human_size(vol.total_size()));
    let entry = |out: &mut String, indent: usize, e: &Entry| {
        let packed = e.compressed.map(|c| format!(" ({} compressed)", human_size(c)));
        let _ = writeln!(
            out,
            "{:indent$}{}  [{}] {}{}  {}",
            "",
            e.rel,
            e.kind,
            human_size(e.size),
            packed.unwrap_or_default(),
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
