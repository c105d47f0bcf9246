//! `localstate find PATH TEXT [--json]`: searches every decodable file under PATH (any format
//! `formats::sniff` recognizes) for TEXT, case-insensitively, in node names and leaf values
//! of each decoded tree and in the rows of its tables (SQLite/DynamoDB items, stream records),
//! and prints file + JSON pointer + matched value. A file that fails to decode is reported on
//! stderr and the search goes on.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use localstate_core::formats::search::{Hit, search_document};

#[derive(clap::Args, Debug)]
pub struct FindArgs {
    /// A file or directory (searched recursively).
    pub path: PathBuf,
    /// Text to look for (case-insensitive).
    pub text: String,
    /// Print one JSON object per match.
    #[arg(long)]
    pub json: bool,
    /// Most matching rows read per table.
    #[arg(long, default_value_t = 1000)]
    pub max_rows: usize,
}

pub fn run(args: FindArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let mut found = 0usize;
    let mut failed = 0usize;
    for file in files_under(&args.path)? {
        let kind = localstate_core::formats::sniff(&file);
        if !kind.decodable() {
            continue;
        }
        let result = localstate_core::formats::open(&file, kind)
            .and_then(|doc| search_document(&file, &doc, &args.text, args.max_rows));
        match result {
            Ok(hits) => {
                for hit in hits {
                    found += 1;
                    print_hit(&hit, args.json)?;
                }
            }
            Err(e) => {
                failed += 1;
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
    if failed > 0 {
        eprintln!("localstate: {failed} file(s) could not be searched");
    }
    Ok(if found > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_hit(hit: &Hit, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string(hit)?);
    } else {
        let place = match (&hit.table, hit.row) {
            (Some(t), Some(r)) => format!(" [{t} row {r}]"),
            _ => String::new(),
        };
        println!("{}{place} {}: {}", hit.file.display(), hit.pointer, one_line(&hit.value));
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

/// Every regular file under `path` (or `path` itself), in sorted order, without recursion.
pub fn files_under(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
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
