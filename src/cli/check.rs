//! `localstate check PATH... [--localstack-version V] [--localstack-site DIR] [--json]`: will
//! a LocalStack load this state? The version that wrote it (where a file records it) against
//! LocalStack's documented compatibility rules, and the classes and functions its pickles
//! reference — with `--localstack-site`, which of them that installation no longer has.
//!
//! Exit status: 0 it would load (as far as was checked), 1 it would not (refused by the
//! rules, or referenced classes are gone), 2 error.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::audit::site::{self, Presence, Reference};
use localstate_core::audit::{self, Options};
use localstate_core::resources::compat::{self, Version};
use localstate_core::text::plural;
use localstate_core::volume::{WrittenBy, written_by};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate check ./volume                                  who wrote it, what its pickles reference
  localstate check ./volume --localstack-version 2026.3.0    would LocalStack 2026.3.0 load it?
  localstate check ./volume --localstack-site ~/.venv/lib/python3.13/site-packages
                                                             which referenced classes are gone there
  localstate check ./volume --json | jq '.references[] | select(.presence == \"name-gone\")'

The rules are LocalStack's (docs: Snapshot compatibility): state is refused by a LocalStack
older than the one that wrote it, and state written before v2026.03 is refused by v2026.03
and later; DISABLE_COMPATIBILITY_RULES=1 turns them off in LocalStack.

Exit status: 0 would load (as far as checked), 1 would not (refused, or referenced classes
gone from the site), 2 error.")]
pub struct CheckArgs {
    /// Volumes, directories or single state files.
    #[arg(required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,
    /// The LocalStack version that would load it (e.g. 2026.3.0).
    #[arg(long, value_name = "V")]
    pub localstack_version: Option<String>,
    /// A site-packages directory of a LocalStack installation: report the referenced classes
    /// and functions it no longer defines.
    #[arg(long, value_name = "DIR")]
    pub localstack_site: Option<PathBuf>,
    /// Print one JSON object: {"paths": [{"path", "written_by", "verdict"}], "references": [...]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: CheckArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let running = match &args.localstack_version {
        Some(v) => Some(
            Version::parse(v)
                .ok_or_else(|| anyhow::anyhow!("{v:?} is not a LocalStack version"))?,
        ),
        None => None,
    };
    if let Some(site) = &args.localstack_site
        && !site.is_dir()
    {
        anyhow::bail!("--localstack-site {}: not a directory", site.display());
    }
    let mut audits = Vec::new();
    let mut writers: Vec<(PathBuf, Option<WrittenBy>)> = Vec::new();
    for path in &args.paths {
        let whole = path.is_dir() || localstate_core::archive::is_archive(path);
        let dir = if whole { path.clone() } else { path.parent().unwrap_or(path).into() };
        writers.push((path.clone(), written_by(&dir)));
        for file in super::find::files_under(path)? {
            audits.extend(audit::audit_file(&file, Options::default()));
        }
    }
    let mut refs = site::references(&audits);
    if let Some(site) = &args.localstack_site {
        site::check_site(&mut refs, site);
    }
    let verdicts: Vec<Option<compat::Verdict>> = writers
        .iter()
        .map(|(_, w)| Some(compat::would_load(&w.as_ref()?.version, running.as_ref()?)))
        .collect();
    let refused = verdicts.iter().flatten().any(|v| !v.loads());
    let gone = refs.iter().filter(|r| r.presence.is_some_and(Presence::missing)).count();

    let mut out = super::stdout();
    if args.json {
        let paths: Vec<_> = writers
            .iter()
            .zip(&verdicts)
            .map(|((path, w), v)| {
                serde_json::json!({
                    "path": path,
                    "written_by": w.as_ref().map(|w| serde_json::json!({
                        "version": w.version.to_string(),
                        "source": w.source,
                        "avro_header_key": w.key,
                    })),
                    "verdict": v.as_ref().map(|v| serde_json::json!({
                        "loads": v.loads(),
                        "why": w.as_ref().zip(running.as_ref()).map(|(w, r)| v.explain(&w.version, r)),
                    })),
                })
            })
            .collect();
        let doc = serde_json::json!({ "paths": paths, "references": refs, "gone": gone });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        for ((path, w), v) in writers.iter().zip(&verdicts) {
            match w {
                Some(w) => writeln!(
                    out,
                    "{}: written by LocalStack {} ({}{})",
                    path.display(),
                    w.version,
                    w.key.map(|k| format!("from the Avro header key {k} of ")).unwrap_or_default(),
                    w.source.display()
                )?,
                None => {
                    writeln!(out, "{}: no file records the LocalStack version", path.display())?
                }
            }
            if let (Some(v), Some(w), Some(r)) = (v, w, &running) {
                writeln!(out, "  {}", v.explain(&w.version, r))?;
            }
        }
        print_references(&refs, args.localstack_site.is_some(), gone, &mut out)?;
    }
    out.flush()?;
    let code = if refused || gone > 0 { super::exit::NOT_FOUND } else { super::exit::OK };
    Ok(ExitCode::from(code))
}

fn print_references(
    refs: &[Reference],
    judged: bool,
    gone: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "pickles reference {}:", plural("global", refs.len()))?;
    for r in refs {
        let mark = match r.presence {
            Some(Presence::ModuleGone) => "  ✗ module gone",
            Some(Presence::NameGone) => "  ✗ name gone",
            _ => "",
        };
        writeln!(out, "  {} ({}){mark}", r.name, plural("file", r.files))?;
    }
    if judged {
        writeln!(out, "{} gone from the LocalStack site", plural("reference", gone))?;
    }
    Ok(())
}
