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
use localstate_core::formats::search::Hit;
use localstate_core::model::{Document, RowFilter, Tree};

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

/// What a name or value is matched against.
enum Matcher {
    /// A substring, compared as is.
    Exact(String),
    /// A substring, compared lowercased (`needle` is lowercased).
    Caseless(String),
    /// A regular expression.
    Regex(regex::Regex),
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

impl Matcher {
    fn new(args: &FindArgs, text: &str) -> anyhow::Result<Matcher> {
        Ok(if args.regex {
            let re = regex::RegexBuilder::new(text)
                .case_insensitive(args.ignore_case)
                .build()
                .with_context(|| format!("invalid regex {text:?}"))?;
            Matcher::Regex(re)
        } else if args.ignore_case {
            Matcher::Caseless(text.to_lowercase())
        } else {
            Matcher::Exact(text.to_string())
        })
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            Matcher::Exact(t) => !t.is_empty() && s.contains(t.as_str()),
            Matcher::Caseless(t) => !t.is_empty() && s.to_lowercase().contains(t.as_str()),
            Matcher::Regex(re) => re.is_match(s),
        }
    }

    /// The text filter a row source can apply first (it matches case-insensitively, so it
    /// keeps every row a substring search can match); none for a regex.
    fn row_prefilter(&self) -> Option<String> {
        match self {
            Matcher::Exact(t) | Matcher::Caseless(t) => Some(t.clone()),
            Matcher::Regex(_) => None,
        }
    }
}

pub fn run(args: FindArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let (paths, text) = args.split()?;
    let matcher = Matcher::new(&args, text)?;
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
                .and_then(|doc| search(&file, doc, &matcher, args.max_rows));
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

/// Matches in a decoded document: tree names and leaf values, then table rows.
fn search(
    file: &Path,
    mut doc: Document,
    matcher: &Matcher,
    max_rows: usize,
) -> localstate_core::Result<Vec<Hit>> {
    // A lazily presented tree is searched whole (pointers are the same in both).
    doc.tree.unfold_all();
    let hit = |table: Option<&str>, row: Option<i64>, (pointer, value)| Hit {
        file: file.to_path_buf(),
        table: table.map(str::to_string),
        row,
        pointer,
        value,
    };
    let mut hits: Vec<Hit> =
        tree_matches(&doc.tree, matcher).into_iter().map(|m| hit(None, None, m)).collect();
    let filter = RowFilter { key_prefix: None, text: matcher.row_prefilter() };
    for table in &doc.tables {
        let (mut offset, mut matched) = (0u64, 0usize);
        while matched < max_rows {
            let page = table.page(&filter, offset, 200)?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as u64;
            for row in page {
                if matched >= max_rows {
                    break;
                }
                let mut in_row = tree_matches(&row.detail, matcher);
                let cells = row.cells.join(" | ");
                if in_row.is_empty() && matcher.matches(&cells) {
                    // The row matched on its cells only (e.g. an attribute name inside JSON).
                    in_row.push((String::new(), cells));
                }
                if !in_row.is_empty() {
                    matched += 1;
                }
                let name = table.name();
                hits.extend(in_row.into_iter().map(|m| hit(Some(name), Some(row.id), m)));
            }
        }
    }
    Ok(hits)
}

/// (pointer, shown value) of every node of `tree` (but the root) whose name or leaf value
/// matches.
fn tree_matches(tree: &Tree, matcher: &Matcher) -> Vec<(String, String)> {
    if tree.is_empty() {
        return Vec::new();
    }
    tree.descendants(Tree::ROOT)
        .into_iter()
        .skip(1)
        .filter(|id| {
            let n = tree.node(*id);
            matcher.matches(&n.name)
                || (!n.value.is_container() && matcher.matches(&n.value.search_text()))
        })
        .map(|id| {
            let n = tree.node(id);
            let shown = if n.value.is_container() {
                format!("{} ({} children)", n.ty, n.children.len())
            } else {
                n.value.display()
            };
            (tree.pointer(id), shown)
        })
        .collect()
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
