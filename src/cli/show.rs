//! `localstate show FILE`: decodes any file localstate understands and prints its tree as
//! indented text (name, type, value) or as JSON (`--json`, the shape documented in
//! `docs/show-json.md`: every leaf is addressable by an RFC 6901 pointer, which `set` takes).
//! `--table NAME` pages a tabular source instead and prints its rows as JSON lines.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::formats;
use localstate_core::json_text::{self, Style};
use localstate_core::model::{Document, NodeId, RowFilter, Tree, Value};

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The file to decode (`.state`, `.pkl`, bare pickle, `.db`, JSON...).
    pub file: PathBuf,
    /// Print the tree as JSON instead of indented text.
    #[arg(long)]
    pub json: bool,
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
    let mut doc = formats::open(&args.file, formats::sniff(&args.file))?;
    // A big pickle is presented lazily: present what will be printed.
    match args.depth {
        Some(d) => doc.tree.unfold_levels(d),
        None => doc.tree.unfold_all(),
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = if let Some(table) = &args.table {
        print_table(&doc, table, args.limit, &mut out)?
    } else if args.json {
        json_text::write(&doc.tree, Tree::ROOT, args.depth, Style::Pretty, &mut out)
            .and_then(|_| writeln!(out))
            .and_then(|_| out.flush())
    } else {
        print_text(&doc, args.depth, &mut out)
    };
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}

fn print_table(
    doc: &Document,
    name: &str,
    limit: usize,
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
            json_text::write(&row.detail, Tree::ROOT, None, Style::Compact, out)?;
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
        let indent = "  ".repeat(level - 1);
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
