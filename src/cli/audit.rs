//! `localstate audit PATH... [--json] [--all]`: what every pickle and jsonpickle file under
//! each PATH would import and call if Python loaded it, each global and call judged against
//! the allowlist of `localstate_core::audit::allowlist` (expected: LocalStack, moto,
//! botocore classes, stdlib data types, dill's data helpers; suspicious: everything else).
//!
//! Exit status: 0 nothing suspicious, 1 something suspicious, 2 error (a missing path, a file
//! named on the command line that is neither pickle nor jsonpickle, or a file that could not be
//! audited to its end while nothing suspicious was found).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::audit::{self, Action, FileAudit, Options, Verdict};
use localstate_core::text::plural;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate audit ./volume                         every pickle and jsonpickle file in a volume
  localstate audit ./volume/state/api_states/sqs/store.state
  localstate audit ./volume --json | jq '.files[] | select(.suspicious > 0) | .path'
  localstate audit ./volume --all                   every global and call, expected ones too
  localstate audit ./pod && echo clean              use the exit status in scripts

Nothing is imported or executed: globals are names, calls are structure. Each finding shows
its byte offset (@N; a JSON pointer for jsonpickle), the opcode, what it does (global, call,
setstate, extension), the name, the arguments and the verdict with its reason.

Exit status: 0 nothing suspicious, 1 something suspicious, 2 error (a missing path, a named
file that is neither pickle nor jsonpickle, or a file that could not be audited to its end
while nothing suspicious was found).")]
pub struct AuditArgs {
    /// Volumes, directories (searched recursively) or single files.
    #[arg(required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object: {"files": [...], "suspicious": N, "audited": N, "errors": N}
    /// (shape in README.md).
    #[arg(long)]
    pub json: bool,
    /// List every finding (expected ones too) and each file's names with their counts.
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: AuditArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let options = Options { all: args.all };
    let mut audits: Vec<FileAudit> = Vec::new();
    let mut errors = 0usize;
    for path in &args.paths {
        for file in super::find::files_under(path)? {
            // A file named on the command line (not one found in a directory or an archive).
            let named_file = file == *path;
            match audit::audit_file(&file, options) {
                Some(a) => {
                    if let Some(e) = &a.error {
                        eprintln!("localstate: {}: {e}", file.display());
                        errors += 1;
                    }
                    audits.push(a);
                }
                None if named_file => {
                    eprintln!(
                        "localstate: {}: neither a pickle nor a jsonpickle file",
                        file.display()
                    );
                    errors += 1;
                }
                None => {}
            }
        }
    }
    let suspicious: u64 = audits.iter().map(|a| a.suspicious).sum();
    let mut out = super::stdout();
    if args.json {
        let doc = serde_json::json!({
            "files": audits,
            "suspicious": suspicious,
            "audited": audits.len(),
            "errors": errors,
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        for a in &audits {
            print_file(a, args.all, &mut out)?;
        }
        let bad = audits.iter().filter(|a| a.verdict == Verdict::Suspicious).count();
        writeln!(
            out,
            "{} audited, {} with {}",
            plural("file", audits.len()),
            plural("file", bad),
            plural("suspicious finding", suspicious as usize)
        )?;
    }
    out.flush()?;
    let code = if suspicious > 0 {
        super::exit::NOT_FOUND
    } else if errors > 0 {
        super::exit::ERROR
    } else {
        super::exit::OK
    };
    Ok(ExitCode::from(code))
}

fn print_file(a: &FileAudit, all: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mark = match a.verdict {
        Verdict::Suspicious => "⚠",
        Verdict::Expected => "✓",
    };
    writeln!(
        out,
        "{mark} {} ({}): {} suspicious, {} expected",
        a.path.display(),
        a.format,
        a.suspicious,
        a.expected
    )?;
    for f in &a.findings {
        let call = match f.action {
            Action::Call | Action::SetState => format!("{}({})", f.name, f.args),
            _ => f.name.clone(),
        };
        let verdict = match f.verdict {
            Verdict::Suspicious => "SUSPICIOUS",
            Verdict::Expected => "expected",
        };
        writeln!(
            out,
            "  {:<10} {:<13} {:<9} {call}  [{verdict}: {}]",
            f.location.to_string(),
            f.op,
            f.action.as_str(),
            f.reason
        )?;
    }
    if a.omitted > 0 && (all || a.suspicious as usize > a.findings.len()) {
        writeln!(out, "  … {} not listed", plural("more finding", a.omitted as usize))?;
    }
    if all {
        for t in &a.names {
            writeln!(
                out,
                "  {:>8}× {:<9} {}  [{:?}, first {}]",
                t.count,
                t.action.as_str(),
                t.name,
                t.verdict,
                t.first
            )?;
        }
    }
    Ok(())
}
