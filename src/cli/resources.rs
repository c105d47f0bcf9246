//! `localstate resources PATH [--service S] [--kind K] [--nested] [--json]`: every resource of
//! a volume or file — queues, buckets, tables, functions… — merged across files, with their
//! nested collections counted; `--overview` prints the volume overview instead (resource
//! counts and sizes per service, what takes the space).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use localstate_core::model::Resource;
use localstate_core::volume::inventory::{Inventory, Located};
use localstate_core::volume::{self, overview::Overview};
use serde_json::{Map, Value as J, json};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  localstate resources ./volume                      every resource, one line each
  localstate resources ./volume --service sqs --json one JSON object per queue
  localstate resources ./volume --kind message       the messages of every queue
  localstate resources ./volume --overview           counts and sizes per service
  localstate resources                               the bundled sample volume

--json prints one object per line: service, kind, name, arn, account, region, file, pointer,
fields, collections (nested kind → count) and, for nested resources, parent (shape in
README.md).

Exit status: 0 listed, 1 nothing matched the filters, 2 error (a bad path; files that cannot
be decoded are reported on stderr and the rest is listed).")]
pub struct ResourcesArgs {
    /// A volume, state directory, DATA_DIR, localstack-persist directory or file (none: the
    /// bundled sample volume).
    pub path: Option<PathBuf>,
    /// Only resources of this service (LocalStack's id: sqs, s3, dynamodb, …).
    #[arg(long, short)]
    pub service: Option<String>,
    /// Only resources of this kind (queue, bucket, message, object, …; nested kinds too).
    #[arg(long, short)]
    pub kind: Option<String>,
    /// Also list nested resources (messages of queues, objects of buckets, items of tables).
    #[arg(long)]
    pub nested: bool,
    /// Print the volume overview: resource counts, sizes and decode problems per service,
    /// and the largest services, files and resources.
    #[arg(long)]
    pub overview: bool,
    /// Print JSON (one object per line; with --overview one object).
    #[arg(long)]
    pub json: bool,
}

/// Nested resources listed per collection at most (`--nested`, `--kind`).
const PAGE: usize = 10_000;

pub fn run(args: ResourcesArgs, _: &super::Globals) -> anyhow::Result<ExitCode> {
    let path = match &args.path {
        Some(p) => p.clone(),
        None => crate::sample::sample_volume()?,
    };
    let vol = volume::scan(&path)?;
    let mut inventory = Inventory::build(&vol, &mut |_, _, _| {});
    for f in &inventory.files {
        if let Some(e) = &f.error {
            eprintln!("localstate: {}: {e}", f.rel);
        }
    }
    let mut out = super::stdout();
    if args.overview {
        let overview = Overview::of(&vol, &mut inventory);
        if args.json {
            serde_json::to_writer_pretty(&mut out, &overview)?;
            writeln!(out)?;
        } else {
            out.write_all(overview.render().as_bytes())?;
        }
        out.flush()?;
        // The process ends here: returning the decoded volume's memory (hundreds of MB for
        // a big one, a tenth of the overview's time) is left to the exit.
        std::mem::forget(inventory);
        return Ok(ExitCode::SUCCESS);
    }
    let mut printed = 0usize;
    let service = args.service.as_deref();
    let top: Vec<usize> = inventory.select(service, None).map(|(i, _)| i).collect();
    for i in top {
        let located = &inventory.resources[i];
        if args.kind.as_deref().is_none_or(|k| k == located.resource.kind) {
            print(&mut out, &inventory, located, &located.resource, None, args.json)?;
            printed += 1;
        }
        if !(args.nested || args.kind.is_some()) {
            continue;
        }
        for c in 0..inventory.resources[i].collections.len() {
            let kind = inventory.resources[i].collections[c].1.kind.clone();
            if args.kind.as_deref().is_some_and(|k| k != kind) {
                continue;
            }
            let items = inventory.page(i, c, 0, PAGE)?;
            let located = &inventory.resources[i];
            let file = located.collections[c].0;
            for item in &items {
                let parent = Some((&located.resource, file));
                print(&mut out, &inventory, located, item, parent, args.json)?;
                printed += 1;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if printed > 0 { super::exit::OK } else { super::exit::NOT_FOUND }))
}

/// Prints one resource: `r` itself (top-level: `located.resource`) or a nested one of
/// `parent`, read from file `parent.1`.
fn print(
    out: &mut impl Write,
    inventory: &Inventory,
    located: &Located,
    r: &Resource,
    parent: Option<(&Resource, usize)>,
    json: bool,
) -> anyhow::Result<()> {
    let file_index = parent.map_or(located.file, |(_, f)| f);
    let file = &inventory.files[file_index];
    let pointer = match (r.node, &file.doc) {
        (Some(node), Some(doc)) => J::String(doc.tree.pointer(node)),
        _ => J::Null,
    };
    let collections: Map<String, J> = if parent.is_none() {
        let mut m = Map::new();
        for (_, c) in &located.collections {
            let n = m.get(&c.kind).and_then(J::as_u64).unwrap_or(0) + c.count;
            m.insert(c.kind.clone(), J::from(n));
        }
        m
    } else {
        r.collections.iter().map(|c| (c.kind.clone(), J::from(c.count))).collect()
    };
    if json {
        let fields: Map<String, J> =
            r.fields.iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
        let mut obj = json!({
            "service": r.service, "kind": r.kind, "name": r.name, "arn": r.arn,
            "account": r.account, "region": r.region, "file": file.rel, "pointer": pointer,
            "fields": fields, "collections": collections,
        });
        if let Some((p, _)) = parent {
            obj["parent"] = json!({ "kind": p.kind, "name": p.name });
        }
        if let Some(a) = inventory.asset(file_index, r, parent.map(|(p, _)| p)) {
            obj["asset"] = json!({ "file": a.rel, "bytes": a.size });
        }
        if !r.notes.is_empty() {
            obj["notes"] = json!(r.notes);
        }
        serde_json::to_writer(&mut *out, &obj)?;
        writeln!(out)?;
        return Ok(());
    }
    let scope = match (&r.account, &r.region) {
        (Some(a), Some(reg)) => format!("{a}/{reg}"),
        (Some(a), None) => a.clone(),
        (None, Some(reg)) => reg.clone(),
        (None, None) => "-".into(),
    };
    let counts: Vec<String> = collections
        .iter()
        .map(|(k, n)| localstate_core::text::plural(k, n.as_u64().unwrap_or(0) as usize))
        .collect();
    let indent = if parent.is_some() { "  " } else { "" };
    let mut line = format!("{indent}{:<10} {:<16} {:<40} {scope}", r.service, r.kind, r.name);
    if !counts.is_empty() {
        line.push_str(&format!("  ({})", counts.join(", ")));
    }
    writeln!(out, "{}", line.trim_end())?;
    Ok(())
}
