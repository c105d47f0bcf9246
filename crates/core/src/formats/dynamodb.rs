//! DynamoDB Local databases (`<accessKey>_<region>.db`, `shared-local-instance.db`).
//!
//! The document lists every table (key schema, attribute definitions, GSIs/LSIs, billing,
//! item count) from `dm` and every stream from `sm`/`ss`/`us`; items and stream records are
//! paged [`RowSource`]s that read the file on demand. The file is opened read-only, and only
//! for the duration of each query, so a DynamoDB Local running on it is never blocked.

pub mod item;
pub mod item_edit;
pub mod items;
pub mod streams;
pub mod table_info;

use crate::error::Context;
use std::path::Path;
use std::sync::Arc;

use crate::formats::sqlite::conn::{Db, connect, describe};
use crate::formats::timefmt::iso_millis;
use crate::formats::{Editing, Evidence, Format, SQLITE_HEADER, name_and_ext, under};
use crate::kind::EntryKind;
use crate::model::{
    Collection, Document, NodeId, Resource, RowFilter, RowSource, Scope, Summary, Tree, Value,
};
use crate::resources::catalog::{rows, scalar_fields};
use crate::text::plural;
use items::ItemSource;
use table_info::TableInfo;

/// Whether an SQLite connection is on a DynamoDB Local database: it has DynamoDB Local's
/// table catalogue `dm` (with its `TableInfo` column) next to the `cf` version table.
fn has_catalogue(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'cf') + (SELECT COUNT(*) FROM pragma_table_info('dm') WHERE name = 'TableInfo')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 2)
}

/// Whether the SQLite file at `path` is a DynamoDB Local database, wherever it lies (a
/// copy outside a `dynamodb/` directory is one too); false when it cannot be read.
pub fn is_dynamodb_local(path: &Path) -> bool {
    connect(path).is_ok_and(|conn| has_catalogue(&conn).unwrap_or(false))
}

impl EntryKind {
    /// A DynamoDB Local database.
    pub const DYNAMODB_SQLITE: EntryKind = EntryKind::new("dynamodb-sqlite");
}

/// DynamoDB Local's SQLite databases.
pub struct DynamodbLocal;

impl Format for DynamodbLocal {
    fn kind(&self) -> EntryKind {
        EntryKind::DYNAMODB_SQLITE
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        let named = under(path, "dynamodb") || name_and_ext(path).0 == "shared-local-instance.db";
        (head.starts_with(SQLITE_HEADER) && (named || is_dynamodb_local(path)))
            .then_some(Evidence::Signature)
    }

    fn open(&self, path: &Path) -> crate::Result<Document> {
        open(path)
    }

    fn open_bytes(&self, name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        open_db(&Db::from_bytes(name, bytes)?)
    }

    fn editing(&self) -> Editing {
        Editing::InPlace(crate::formats::sqlite::cells::apply)
    }
}

/// Decodes a DynamoDB Local database file.
pub fn open(path: &Path) -> crate::Result<Document> {
    open_db(&Db::file(path))
}

/// Decodes a DynamoDB Local database (a file, or one held in memory).
pub fn open_db(db: &Db) -> crate::Result<Document> {
    let (conn, path) = (db.connect()?, db.path());
    if !has_catalogue(&conn).map_err(|e| describe(path, e))? {
        crate::bail!(
            "{} is an SQLite database but not a DynamoDB Local one (no `dm` table catalogue)",
            path.display()
        );
    }
    let version: Option<String> =
        conn.query_row("SELECT version FROM cf LIMIT 1", [], |r| r.get(0)).ok();
    let infos = table_info::read_all(&conn).with_context(|| path.display().to_string())?;
    let stream_list =
        streams::read_all(&conn).with_context(|| format!("{}: reading streams", path.display()))?;

    let mut tree = Tree::new("dynamodb", "DynamoDB Local");
    if let Some(v) = &version {
        tree.push(Tree::ROOT, "version", "str", Value::Str(v.clone()));
    }
    let scope = scope_from_file_name(path);
    let tables_node = tree.push_container(Tree::ROOT, "tables", "tables", false);
    let mut tables: Vec<Arc<dyn RowSource>> = Vec::new();
    let mut resources = Vec::new();
    let mut total_items = 0u64;
    for info in infos {
        let source = ItemSource::new(db, info);
        let count =
            source.count_with(&conn, &RowFilter::default()).map_err(|e| describe(path, e))?;
        total_items += count;
        let info = source.info();
        let stream =
            stream_list.iter().rev().find(|s| s.table == info.name && s.deleted_ms.is_none());
        let node =
            append_table(&mut tree, tables_node, info, count, stream.map(|s| s.arn.as_str()));
        let mut details = vec![
            ("items".to_string(), count.to_string()),
            ("key".to_string(), info.key_text()),
            ("billing".to_string(), info.billing_mode.to_string()),
        ];
        if !info.gsis.is_empty() {
            details.push(("GSIs".into(), info.gsis.len().to_string()));
        }
        if !info.lsis.is_empty() {
            details.push(("LSIs".into(), info.lsis.len().to_string()));
        }
        let items = rows("item", count, tables.len());
        resources.push(resource(&tree, "table", &info.name, &scope, details, node, items));
        tables.push(Arc::new(source));
    }
    drop(conn);
    if !stream_list.is_empty() {
        let streams_node = tree.push_container(Tree::ROOT, "streams", "streams", false);
        for s in &stream_list {
            streams::append_stream(&mut tree, streams_node, s);
            let node = tree.node(streams_node).children.last().copied();
            let details = vec![
                ("table".to_string(), s.table.clone()),
                ("records".to_string(), s.records.to_string()),
                ("status".to_string(), s.status.clone()),
            ];
            let records = rows("record", s.records, tables.len());
            let node = node.unwrap_or(streams_node);
            let mut stream = resource(&tree, "stream", &s.arn, &scope, details, node, records);
            stream.arn = Some(s.arn.clone());
            resources.push(stream);
            tables.push(Arc::new(streams::RecordSource::new(db, s)));
        }
    }
    tree.dedupe_names();
    let n_tables = resources.iter().filter(|r| r.kind == "table").count();
    let mut headline = format!(
        "DynamoDB Local · {} · {}",
        plural("table", n_tables),
        plural("item", total_items as usize)
    );
    if !stream_list.is_empty() {
        headline.push_str(&format!(" · {}", plural("stream", stream_list.len())));
    }
    Ok(Document {
        format: "DynamoDB Local".into(),
        tree,
        summary: Summary { headline, resources, ..Summary::default() },
        tables,
        scopes: scope.into_iter().collect(),
        warnings: Vec::new(),
    })
}

/// A DynamoDB resource (a table, a stream) described at `node`, whose rows are `nested`.
fn resource(
    tree: &Tree,
    kind: &str,
    name: &str,
    scope: &Option<Scope>,
    details: Vec<(String, String)>,
    node: NodeId,
    nested: Collection,
) -> Resource {
    let fields = scalar_fields(tree, node);
    let arn = fields.iter().find_map(|(n, v)| match v {
        Value::Str(s) if n.ends_with("Arn") && s.starts_with("arn:") => Some(s.clone()),
        _ => None,
    });
    Resource {
        service: "dynamodb".into(),
        kind: kind.into(),
        name: name.into(),
        arn,
        account: scope.as_ref().map(|s| s.account.clone()),
        region: scope.as_ref().and_then(|s| s.region.clone()),
        class: tree.node(node).ty.clone(),
        fields,
        details,
        node: Some(node),
        collections: vec![nested],
        ..Resource::default()
    }
}

/// Appends a table's description (shaped like DescribeTable's answer) and returns its node.
fn append_table(
    tree: &mut Tree,
    parent: NodeId,
    info: &TableInfo,
    count: u64,
    stream_arn: Option<&str>,
) -> NodeId {
    let t = tree.push_container(parent, &info.name, "table", false);
    tree.push(t, "TableName", "str", Value::Str(info.name.clone()));
    let ks = tree.push_container(t, "KeySchema", "list", true);
    for (i, k) in info.keys.iter().enumerate() {
        let n = tree.push_container(ks, i.to_string(), "key", false);
        tree.push(n, "AttributeName", "str", Value::Str(k.name.clone()));
        tree.push(n, "KeyType", "str", Value::Str(k.key_type.clone()));
        tree.push(n, "AttributeType", "str", Value::Str(k.attr_type.clone()));
    }
    let defs = tree.push_container(t, "AttributeDefinitions", "dict", false);
    for (name, ty) in &info.attributes {
        tree.push(defs, name, "str", Value::Str(ty.clone()));
    }
    tree.push(t, "ItemCount", "int", Value::Int(count as i64));
    tree.push(t, "BillingMode", "str", Value::Str(info.billing_mode.into()));
    if info.billing_mode == "PROVISIONED" {
        let p = tree.push_container(t, "ProvisionedThroughput", "dict", false);
        tree.push(p, "ReadCapacityUnits", "int", Value::Int(info.read_capacity));
        tree.push(p, "WriteCapacityUnits", "int", Value::Int(info.write_capacity));
    }
    tree.push(t, "CreationDateTime", "datetime", Value::Text(iso_millis(info.created_ms)));
    tree.push(t, "DeletionProtectionEnabled", "bool", Value::Bool(info.deletion_protection));
    for (label, list) in
        [("GlobalSecondaryIndexes", &info.gsis), ("LocalSecondaryIndexes", &info.lsis)]
    {
        if list.is_empty() {
            continue;
        }
        let l = tree.push_container(t, label, "list", true);
        for (i, idx) in list.iter().enumerate() {
            let n = tree.push_container(l, i.to_string(), "index", false);
            tree.push(n, "IndexName", "str", Value::Str(idx.name.clone()));
            let ks = tree.push_container(n, "KeySchema", "list", true);
            for (j, (attr, kt)) in idx.keys.iter().enumerate() {
                let k = tree.push_container(ks, j.to_string(), "key", false);
                tree.push(k, "AttributeName", "str", Value::Str(attr.clone()));
                tree.push(k, "KeyType", "str", Value::Str(kt.clone()));
            }
            tree.push(n, "ProjectionType", "str", Value::Str(idx.projection.clone()));
        }
    }
    if let Some(arn) = stream_arn {
        tree.push(t, "LatestStreamArn", "str", Value::Str(arn.into()));
    }
    t
}

/// Account and region from `<account>[<region without dashes>]_<region>.db`, when the part
/// before `_` is a 12-digit account id.
pub fn scope_from_file_name(path: &Path) -> Option<Scope> {
    let stem = path.file_stem()?.to_str()?;
    let (left, region) = stem.rsplit_once('_')?;
    let compact: String = region.chars().filter(|c| *c != '-').collect();
    let account = left.strip_suffix(compact.as_str()).unwrap_or(left);
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Scope { account: account.to_string(), region: Some(region.to_string()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_comes_from_both_file_name_styles() {
        let want = Some(Scope { account: "000000000000".into(), region: Some("us-east-1".into()) });
        assert_eq!(scope_from_file_name(Path::new("x/000000000000useast1_us-east-1.db")), want);
        assert_eq!(scope_from_file_name(Path::new("000000000000_us-east-1.db")), want);
        assert_eq!(scope_from_file_name(Path::new("shared-local-instance.db")), None);
    }
}
