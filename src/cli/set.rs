//! `localstate set FILE POINTER VALUE`: change one value and save it safely.
//!
//! POINTER is the RFC 6901 pointer `localstate show FILE --json` prints. A value inside a row
//! of a table (a DynamoDB item, an SQLite row) is addressed with `--table NAME --row ID` and
//! POINTER inside that row's detail (e.g. `--table users --row 2 /age`). Prints `old → new`.
//! Same safety as the GUI: the file must not have changed while it was read and edited
//! (`--force` overrides), the save is crash-safe and keeps a `.bak`.
//!
//! Refuses while a LocalStack at the endpoint (`--endpoint`, `$LOCALSTACK_ENDPOINT`,
//! `$AWS_ENDPOINT_URL`, `http://localhost:4566`) runs services: it would overwrite the edit at
//! its next snapshot (`--force` overrides).
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use base64::Engine;
use serde_json::{Value as J, json};

use localstate_core::edit::{EditSession, Place, SaveOptions};
use localstate_core::model::{Tree, Value};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate set store.state /000000000000/us-east-1/queues/orders/attributes/VisibilityTimeout 60
  localstate set store.state /000000000000/us-east-1/queues/orders/purge_in_progress true --json
  localstate set users.db /age 42 --table users --row 2
  localstate set blob.state /data hex:00ff --type bytes

--json prints one object: {\"file\", \"pointer\", \"table\", \"row\", \"type\", \"old\", \"new\",
\"changed\", \"backup\"} (bytes as {\"$bytes\": \"<base64>\"}; backup is null when nothing changed).

Exit status: 0 saved (or already that value), 2 error (no such pointer, a value of the wrong
type, the file changed meanwhile, a running LocalStack, a shared value without --shared).")]
pub struct SetArgs {
    /// The state file to edit.
    pub file: PathBuf,
    /// RFC 6901 pointer of the leaf (as `show --json` prints it); inside the row with --table/--row.
    pub pointer: String,
    /// The new value (bytes as hex:… or base64:…).
    pub value: String,
    /// Store the value as this type: int, float, bool, none, str, bytes, hex, base64, number.
    #[arg(long = "type", value_name = "T")]
    pub ty: Option<String>,
    /// Save even if the file changed on disk since it was read (the other change is lost).
    #[arg(long)]
    pub force: bool,
    /// Allow editing a pickled value shared by several places (all of them change).
    #[arg(long)]
    pub shared: bool,
    /// Table (row source) holding the row to edit, by the name the GUI shows.
    #[arg(long, requires = "row")]
    pub table: Option<String>,
    /// Row id inside --table (SQLite rowid, record index).
    #[arg(long, requires = "table")]
    pub row: Option<i64>,
    /// Print the change as one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A leaf value as JSON, as `show --json` writes it.
fn value_json(v: &Value) -> J {
    match v {
        Value::Container | Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or_else(|| J::String(v.display()), J::Number)
        }
        Value::BigInt(s) | Value::Number(s) | Value::Str(s) | Value::Text(s) => {
            J::String(s.clone())
        }
        Value::Bytes(b) => json!({"$bytes": base64::engine::general_purpose::STANDARD.encode(b)}),
        Value::Ref(_) => J::String(v.display()),
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("{s:?}"),
        other => other.display(),
    }
}

pub fn run(args: SetArgs, globals: &super::Globals) -> Result<ExitCode> {
    let kind = localstate_core::formats::sniff(&args.file);
    let (mut session, mut doc) = EditSession::open(&args.file, kind)?;
    if args.table.is_none() {
        // A big pickle is presented lazily: present the path to the leaf.
        doc.tree.resolve_unfolding(&args.pointer);
    }
    let row;
    let (tree, place): (&Tree, Place) = match (&args.table, args.row) {
        (Some(table), Some(id)) => {
            let source = doc.tables.iter().find(|t| t.name() == table).ok_or_else(|| {
                anyhow::anyhow!(
                    "{} has no table {table:?}; it has: {}",
                    args.file.display(),
                    doc.tables.iter().map(|t| t.name().to_string()).collect::<Vec<_>>().join(", ")
                )
            })?;
            row = source
                .row(id)?
                .ok_or_else(|| anyhow::anyhow!("table {table:?} has no row {id}"))?;
            (
                &row.detail,
                Place::Row { table: table.clone(), row: id, pointer: args.pointer.clone() },
            )
        }
        _ => (&doc.tree, Place::Tree { pointer: args.pointer.clone() }),
    };
    let Some(node) = tree.resolve(&args.pointer) else {
        bail!(
            "nothing at {:?} in {}; `localstate show {} --json` prints the pointers",
            args.pointer,
            place.label(),
            args.file.display()
        );
    };
    if tree.node(node).value.is_container() {
        bail!(
            "{} is a {} (a container); give the pointer of one of its values",
            place.label(),
            tree.node(node).ty
        );
    }
    let edit = session.edit_leaf(tree, node, place, &args.value, args.ty.as_deref())?.clone();
    let report = |backup: Option<&std::path::Path>| {
        json!({
            "file": args.file.display().to_string(),
            "pointer": args.pointer,
            "table": args.table,
            "row": args.row,
            "type": edit.ty,
            "old": value_json(&edit.old),
            "new": value_json(&edit.new),
            "changed": backup.is_some(),
            "backup": backup.map(|b| b.display().to_string()),
        })
    };
    let mut out = super::stdout();
    if session.pending_count() == 0 {
        if args.json {
            writeln!(out, "{}", report(None))?;
        } else {
            writeln!(
                out,
                "{}: already {} — nothing to save",
                edit.place.label(),
                shown(&edit.new)
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::from(super::exit::OK));
    }
    if !args.force {
        localstate_core::edit::interlock::check_endpoint(
            &localstate_core::live::resolve_endpoint(globals.endpoint.as_deref()),
        )?;
    }
    let saved = session
        .save(&doc, SaveOptions { force: args.force, allow_shared: args.shared })
        .with_context(|| format!("{} was not changed", args.file.display()))?;
    if args.json {
        writeln!(out, "{}", report(Some(&saved.backup)))?;
    } else {
        writeln!(out, "{}: {} → {}", edit.place.label(), shown(&edit.old), shown(&edit.new))?;
        writeln!(
            out,
            "saved {} (previous version kept in {})",
            args.file.display(),
            saved.backup.display()
        )?;
    }
    out.flush()?;
    Ok(ExitCode::from(super::exit::OK))
}
