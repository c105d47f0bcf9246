//! `localstate show FILE`: decodes any file localstate understands and prints its tree as
//! indented text (name, type, value) or as JSON (`--json`, the shape documented in
//! `docs/show-json.md`: every leaf is addressable by an RFC 6901 pointer, which `set` takes).
//! `--table NAME` pages a tabular source instead and prints its rows as JSON lines.
//! `-` reads the file from stdin (into a temporary file, decoded as usual).
//! Text output indents at most [`MAX_INDENT_LEVELS`] levels (like the JSON output), so the
//! text of a deep document grows with its size, not with the square of its depth.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::formats;
use localstate_core::json_text::{self, MAX_INDENT_LEVELS, Options, Style};
use localstate_core::model::{Document, NodeId, RowFilter, Tree, Value};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate show volume/state/api_states/sqs/store.state --depth 4
  localstate show volume/state/api_states/sqs/store.state --json | jq '.\"000000000000\"'
  localstate show store.state --json --types        add \"$type\" (the class) to every object
  localstate show volume/state/dynamodb/000000000000useast1_us-east-1.db --table users
  ssh host cat /var/lib/localstack/state/api_states/sqs/store.state | localstate show -

Exit status: 0 shown, 2 error (unreadable or undecodable file, unknown table).")]
pub struct ShowArgs {
    /// The file to decode (`.state`, `.pkl`, bare pickle, `.db`, JSON...); `-` reads it from stdin.
    pub file: PathBuf,
    /// Print the tree as JSON instead of indented text.
    #[arg(long)]
    pub json: bool,
    /// With --json or --table: add each container's type (`"$type"` in objects, `"$types"` for
    /// array children); every pointer of the plain output still holds.
    #[arg(long)]
    pub types: bool,
    /// Only show this many levels below the root.
    #[arg(long)]
    pub depth: Option<usize>,
    /// Print the rows of this table (see the `tables:` line of the text output) as JSON lines.
    #[arg(long)]
    pub table: Option<String>,
    /// Most rows printed with `--table`.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

/// Longest value printed in text mode (the JSON output is never cut).
const MAX_VALUE_CHARS: usize = 200;

pub fn run(args: ShowArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    // Kept until the document is dropped (a database is read from the file while shown).
    let stdin_copy;
    let file = if args.file.as_os_str() == "-" {
        stdin_copy = read_stdin()?;
        stdin_copy.path().to_path_buf()
    } else {
        args.file.clone()
    };
    let kind = formats::sniff(&file);
    log::debug!("{}: {kind}", file.display());
    let mut doc = formats::open(&file, kind)?;
    // A big pickle is presented lazily: present what will be printed.
    match args.depth {
        Some(d) => doc.tree.unfold_levels(d),
        None => doc.tree.unfold_all(),
    }
    let mut out = super::stdout();
    if let Some(table) = &args.table {
        print_table(&doc, table, args.limit, args.types, &mut out)??;
    } else if args.json {
        let options = Options { max_depth: args.depth, style: Style::Pretty, types: args.types };
        json_text::write_with(&doc.tree, Tree::ROOT, options, &mut out)?;
        writeln!(out)?;
        out.flush()?;
    } else {
        print_text(&doc, args.depth, &mut out)?;
    }
    Ok(ExitCode::from(super::exit::OK))
}

/// Standard input copied into a temporary file (formats sniff and open files; SQLite needs one).
fn read_stdin() -> anyhow::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new().prefix("localstate-stdin-").tempfile()?;
    let n = std::io::copy(&mut std::io::stdin().lock(), tmp.as_file_mut())?;
    tmp.as_file_mut().flush()?;
    log::debug!("read {n} bytes from stdin into {}", tmp.path().display());
    anyhow::ensure!(n > 0, "nothing on stdin (`show -` reads the file from stdin)");
    Ok(tmp)
}

fn print_table(
    doc: &Document,
    name: &str,
    limit: usize,
    types: bool,
    out: &mut impl Write,
) -> anyhow::Result<std::io::Result<()>> {
    let Some(source) = doc.tables.iter().find(|t| t.name() == name) else {
        let names: Vec<&str> = doc.tables.iter().map(|t| t.name()).collect();
        anyhow::bail!(
            "no table {name:?} in this file (tables: {})",
            if names.is_empty() { "none".into() } else { names.join(", ") }
        );
    };
    let columns = source.columns();
    let rows = source.page(&RowFilter::default(), 0, limit)?;
    Ok((|| {
        for row in rows {
            let cells: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .cloned()
                .zip(row.cells.into_iter().map(serde_json::Value::String))
                .collect();
            let (id, cells) = (serde_json::json!(row.id), serde_json::Value::Object(cells));
            write!(out, "{{\"id\":{id},\"cells\":{cells},\"detail\":")?;
            let options = Options { max_depth: None, style: Style::Compact, types };
            json_text::write_with(&row.detail, Tree::ROOT, options, out)?;
            writeln!(out, "}}")?;
        }
        out.flush()
    })())
}

fn value_text(tree: &Tree, v: &Value) -> String {
    let s = match v {
        Value::Str(s) => format!("{s:?}"),
        Value::Ref(target) => format!("→ {}", tree.pointer(*target)),
        other => other.display(),
    };
    if s.chars().count() > MAX_VALUE_CHARS {
        let cut: String = s.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn print_text(doc: &Document, depth: Option<usize>, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "format: {}", doc.format)?;
    if !doc.summary.headline.is_empty() {
        writeln!(out, "summary: {}", doc.summary.headline)?;
    }
    for s in &doc.scopes {
        writeln!(out, "scope: {} {}", s.account, s.region.as_deref().unwrap_or("(account-wide)"))?;
    }
    if !doc.tables.is_empty() {
        let names: Vec<&str> = doc.tables.iter().map(|t| t.name()).collect();
        writeln!(out, "tables: {}", names.join(", "))?;
    }
    for w in &doc.warnings {
        writeln!(out, "warning: {w}")?;
    }
    let tree = &doc.tree;
    if tree.is_empty() {
        return out.flush();
    }
    let root = tree.node(Tree::ROOT);
    writeln!(out, "{}  {}", root.ty, value_text(tree, &root.value))?;
    // Iterative depth-first walk: (node, level).
    let mut stack: Vec<(NodeId, usize)> = root.children.iter().rev().map(|c| (*c, 1)).collect();
    while let Some((id, level)) = stack.pop() {
        let n = tree.node(id);
        let indent = "  ".repeat((level - 1).min(MAX_INDENT_LEVELS));
        let more =
            if n.value.is_container() && depth.is_some_and(|d| level >= d) && tree.has_children(id)
            {
                format!("({} children)", tree.child_count(id))
            } else {
                value_text(tree, &n.value)
            };
        writeln!(out, "{indent}{}  [{}]  {more}", n.name, n.ty)?;
        if depth.is_none_or(|d| level < d) {
            stack.extend(n.children.iter().rev().map(|c| (*c, level + 1)));
        }
    }
    out.flush()
}
