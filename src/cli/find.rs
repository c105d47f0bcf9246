//! `localstate find PATH... TEXT [--json] [--regex] [--ignore-case]`: searches every decodable
//! file under each PATH (any format `formats::sniff` recognizes) for TEXT in node names and leaf
//! values of each decoded tree and in the rows of its tables (SQLite/DynamoDB items, stream
//! records), and prints file + JSON pointer + matched value. A file that fails to decode is
//! reported on stderr and the search goes on.
//!
//! Exit status, like ripgrep's: 0 something matched, 1 nothing matched, 2 error (a bad path or
//! regex, or nothing matched while some file could not be searched).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use localstate_core::formats::search::{Hit, Matcher, search_document};

#[derive(clap::Args, Debug)]
#[command(override_usage = "localstate find [OPTIONS] <PATH>... <TEXT>")]
#[command(after_help = "\
Examples:
  localstate find ./volume orders                   every place that says \"orders\"
  localstate find ./volume -i fifo --json           case-insensitive, one JSON object per match
  localstate find ./volume --regex '^arn:aws:sqs:'  a regular expression (Rust regex syntax)
  localstate find a/store.state b/store.state dlq   several paths
  localstate find ./volume e | head -1              a closed pipe ends the search quietly

Exit status: 0 something matched, 1 nothing matched, 2 error (bad path or regex, or nothing
matched and some file could not be searched; files that cannot be decoded are reported on
stderr either way).")]
pub struct FindArgs {
    /// One or more files or directories (searched recursively), then the text to look for
    /// (case-sensitive unless --ignore-case; a regular expression with --regex). One
    /// positional list rather than two, so options may stand anywhere among them.
    #[arg(required = true, num_args = 1.., value_name = "PATH... TEXT")]
    pub operands: Vec<PathBuf>,
    /// Print one JSON object per match.
    #[arg(long)]
    pub json: bool,
    /// TEXT is a regular expression (Rust `regex` syntax), matched anywhere in a name or value.
    #[arg(short = 'e', long)]
    pub regex: bool,
    /// Match regardless of case.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// Most matching rows read per table.
    #[arg(long, default_value_t = 1000)]
    pub max_rows: usize,
}

impl FindArgs {
    /// The paths and the text (the last operand).
    fn split(&self) -> anyhow::Result<(&[PathBuf], &str)> {
        let (Some((text, paths)), 2..) = (self.operands.split_last(), self.operands.len()) else {
            anyhow::bail!("find needs a PATH and a TEXT (usage: localstate find PATH... TEXT)");
        };
        let text = text.to_str().with_context(|| format!("TEXT {text:?} is not UTF-8"))?;
        Ok((paths, text))
    }
}

pub fn run(args: FindArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let (paths, text) = args.split()?;
    let matcher = Matcher::new(text, args.regex, args.ignore_case)
        .with_context(|| format!("invalid regex {text:?}"))?;
    let mut out = super::stdout();
    let (mut found, mut failed) = (0usize, 0usize);
    for path in paths {
        let files = match files_under(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("localstate: {e:#}");
                failed += 1;
                continue;
            }
        };
        for file in files {
            let kind = localstate_core::formats::sniff(&file);
            if !kind.decodable() {
                log::debug!("{}: {kind}, not searched", file.display());
                continue;
            }
            log::debug!("searching {} ({kind})", file.display());
            let result = localstate_core::formats::open(&file, kind)
                .and_then(|doc| search_document(&file, doc, &matcher, args.max_rows));
            match result {
                Ok(hits) => {
                    for hit in hits {
                        found += 1;
                        print_hit(&hit, args.json, &mut out)?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    out.flush()?;
                    let msg = format!("{e:#}");
                    let shown = file.display().to_string();
                    // Decoders usually name the file already.
                    if msg.contains(&shown) {
                        eprintln!("localstate: {msg}")
                    } else {
                        eprintln!("localstate: {shown}: {msg}")
                    }
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("localstate: {failed} file(s) could not be searched");
    }
    Ok(ExitCode::from(match (found, failed) {
        (1.., _) => super::exit::OK,
        (0, 0) => super::exit::NOT_FOUND,
        (0, _) => super::exit::ERROR,
    }))
}

fn print_hit(hit: &Hit, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    } else {
        let place = match (&hit.table, hit.row) {
            (Some(t), Some(r)) => format!(" [{t} row {r}]"),
            _ => String::new(),
        };
        writeln!(out, "{}{place} {}: {}", hit.file.display(), hit.pointer, one_line(&hit.value))?;
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    let flat = s.replace('\n', " ");
    if flat.chars().count() > 200 {
        flat.chars().take(200).collect::<String>() + "…"
    } else {
        flat
    }
}

/// Every regular file under `path` (or `path` itself), in sorted order, without recursion;
/// for a snapshot / Cloud Pod archive (or a part of one, `ARCHIVE!/DIR`), its members.
pub fn files_under(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if let Some(members) = super::archives::member_paths(path) {
        return members;
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("localstate: cannot list {}: {e}", dir.display());
                continue;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children.into_iter().rev() {
            match std::fs::symlink_metadata(&c) {
                Ok(m) if m.is_dir() => dirs.push(c),
                Ok(m) if m.is_file() => out.push(c),
                _ => {}
            }
        }
    }
    out.sort();
    Ok(out)
}
