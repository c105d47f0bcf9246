//! DynamoDB Streams kept by DynamoDB Local: `sm` (one row per stream), `ss` (its shards) and
//! `us` (the change records). Streams and shards are listed; records are a paged
//! [`RowSource`] per stream whose detail shows the keys and images decoded like items.

use crate::error::Context;

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::Value as Json;

use super::item;
use super::table_info::text_or_blob;
use crate::formats::json::parse::{self, J, JsonDoc};
use crate::formats::sqlite::conn::{Db, describe, like_pattern};
use crate::formats::sqlite::pager::{self, PageQuery, Pager};
use crate::formats::timefmt::iso_millis;
use crate::model::{Row, RowFilter, RowSource, Tree, Value};

/// One shard of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Shard {
    /// Shard id (`ShardID` in `ss`).
    pub id: String,
    /// Id of the parent shard, if the shard was split from one.
    pub parent: Option<String>,
    /// When the shard was created, in milliseconds since the epoch.
    pub created_ms: i64,
    /// First sequence number of the shard, if recorded.
    pub sequence_start: Option<i64>,
    /// Last sequence number of a closed shard; `None` while it is open.
    pub sequence_end: Option<i64>,
    /// Number of change records in `us` for this shard.
    pub records: u64,
}

/// One stream (a row of `sm`).
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    /// Stream ARN (`StreamID` in `sm`).
    pub arn: String,
    /// Name of the table the stream belongs to.
    pub table: String,
    /// `StreamStatus` (`ENABLED`, `DISABLED`...).
    pub status: String,
    /// `StreamViewType` (`NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, `KEYS_ONLY`).
    pub view_type: String,
    /// When the stream was created, in milliseconds since the epoch.
    pub created_ms: i64,
    /// When the stream was deleted, in milliseconds since the epoch, if it was.
    pub deleted_ms: Option<i64>,
    /// The stream's shards, in creation order.
    pub shards: Vec<Shard>,
    /// Change records of all its shards together.
    pub records: u64,
}

/// Lists every stream with its shards and record counts.
pub fn read_all(conn: &Connection) -> crate::Result<Vec<Stream>> {
    let mut stmt = conn.prepare("SELECT StreamID, TableName, StreamStatus, StreamInfo, CreationDateTime, DeletionDateTime FROM sm ORDER BY CreationDateTime, StreamID")?;
    let mut streams = stmt
        .query_map([], |r| {
            let info: Json =
                serde_json::from_slice(&text_or_blob(r.get_ref(3)?)).unwrap_or(Json::Null);
            Ok(Stream {
                arn: r.get(0)?,
                table: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                status: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                // DynamoDB Local 3.x writes `StreamViewType`, 1.x and 2.x `streamViewType`.
                view_type: ["StreamViewType", "streamViewType"]
                    .iter()
                    .find_map(|k| info[k].as_str())
                    .unwrap_or_default()
                    .to_string(),
                created_ms: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                deleted_ms: r.get(5)?,
                shards: Vec::new(),
                records: 0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT ss.ShardID, ss.ParentShardID, ss.CreationDateTime, ss.InitialSequenceNumberStart, ss.SequenceNumberEnd, \
         (SELECT COUNT(*) FROM us WHERE us.ShardID = ss.ShardID) FROM ss WHERE ss.StreamID = ? ORDER BY ss.CreationDateTime, ss.ShardID",
    )?;
    for s in &mut streams {
        s.shards = stmt
            .query_map(rusqlite::params![&s.arn], |r| {
                Ok(Shard {
                    id: r.get(0)?,
                    parent: r.get(1)?,
                    created_ms: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    sequence_start: r.get(3)?,
                    sequence_end: r.get(4)?,
                    records: r.get::<_, i64>(5)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        s.records = s.shards.iter().map(|sh| sh.records).sum();
    }
    Ok(streams)
}

/// Appends a stream's description under `parent`.
pub fn append_stream(tree: &mut Tree, parent: crate::model::NodeId, s: &Stream) {
    let node = tree.push_container(parent, &s.arn, "stream", false);
    tree.push(node, "StreamArn", "str", Value::Str(s.arn.clone()));
    tree.push(node, "TableName", "str", Value::Str(s.table.clone()));
    tree.push(node, "StreamStatus", "str", Value::Str(s.status.clone()));
    tree.push(node, "StreamViewType", "str", Value::Str(s.view_type.clone()));
    tree.push(node, "CreationDateTime", "datetime", Value::Text(iso_millis(s.created_ms)));
    if let Some(d) = s.deleted_ms {
        tree.push(node, "DeletionDateTime", "datetime", Value::Text(iso_millis(d)));
    }
    tree.push(node, "Records", "int", Value::Int(s.records as i64));
    let shards = tree.push_container(node, "Shards", "list", true);
    for (i, sh) in s.shards.iter().enumerate() {
        let n = tree.push_container(shards, i.to_string(), "shard", false);
        tree.push(n, "ShardId", "str", Value::Str(sh.id.clone()));
        if let Some(p) = &sh.parent {
            tree.push(n, "ParentShardId", "str", Value::Str(p.clone()));
        }
        tree.push(n, "CreationDateTime", "datetime", Value::Text(iso_millis(sh.created_ms)));
        let seq = |v: Option<i64>| v.map_or(Value::Null, Value::Int);
        tree.push(n, "StartingSequenceNumber", "int", seq(sh.sequence_start));
        tree.push(n, "EndingSequenceNumber", "int", seq(sh.sequence_end));
        tree.push(n, "Records", "int", Value::Int(sh.records as i64));
    }
}

/// The change records of one stream, page by page.
pub struct RecordSource {
    db: Db,
    arn: String,
    label: String,
    pager: Pager,
}

impl RecordSource {
    /// The change records of `stream` in the DynamoDB Local database `db`.
    pub fn new(db: &Db, stream: &Stream) -> Self {
        RecordSource {
            db: db.clone(),
            arn: stream.arn.clone(),
            label: format!("stream records of {}", stream.table),
            pager: Pager::default(),
        }
    }

    fn conditions(&self, filter: &RowFilter) -> (Vec<String>, Vec<SqlValue>) {
        let mut conds = vec!["StreamID = ?".to_string()];
        let mut args = vec![SqlValue::Text(self.arn.clone())];
        if let Some(prefix) = &filter.key_prefix {
            conds.push("CAST(SequenceNumber AS TEXT) LIKE ? ESCAPE '\\'".into());
            args.push(SqlValue::Text(like_pattern(prefix, true)));
        }
        if let Some(text) = &filter.text {
            conds.push("StreamRecord LIKE ? ESCAPE '\\'".into());
            args.push(SqlValue::Text(like_pattern(text, false)));
        }
        (conds, args)
    }
}

/// A stream record's JSON as a tree: `Keys`, `NewImage`, `OldImage` decoded as items.
fn record_tree(json: &[u8]) -> crate::Result<Tree> {
    let doc = parse::parse(json).context("stream record is not valid JSON")?;
    let mut tree = Tree::new("record", "stream record");
    let J::Obj(top) = doc.get(JsonDoc::ROOT) else {
        crate::bail!("stream record is not a JSON object")
    };
    for (k, v) in top {
        if k == "Dynamodb" {
            let d = tree.push_container(Tree::ROOT, "Dynamodb", "object", false);
            let J::Obj(fields) = doc.get(*v) else { continue };
            for (fk, fv) in fields {
                if matches!(fk.as_str(), "Keys" | "NewImage" | "OldImage") {
                    let n = tree.push_container(d, fk, "item", false);
                    item::append_attributes(&doc, *fv, &[], &mut tree, n, None);
                } else {
                    push_json_leaf(&mut tree, d, fk, doc.get(*fv), &doc, *fv);
                }
            }
        } else {
            push_json_leaf(&mut tree, Tree::ROOT, k, doc.get(*v), &doc, *v);
        }
    }
    tree.dedupe_names();
    Ok(tree)
}

fn push_json_leaf(
    tree: &mut Tree,
    parent: crate::model::NodeId,
    name: &str,
    v: &J,
    doc: &JsonDoc,
    id: parse::JId,
) {
    let (value, ty) = crate::formats::json::leaf_value(v);
    let value = if value.is_container() { Value::Text(doc.to_compact(id)) } else { value };
    tree.push(parent, name, ty, value);
}

impl RowSource for RecordSource {
    fn name(&self) -> &str {
        &self.label
    }

    fn columns(&self) -> Vec<String> {
        ["SequenceNumber", "OperationType", "Keys", "CreationDateTime", "ShardId"]
            .map(String::from)
            .to_vec()
    }

    fn count(&self, filter: &RowFilter) -> crate::Result<u64> {
        let conn = self.db.connect()?;
        let (conds, args) = self.conditions(filter);
        pager::count(&conn, "us", &conds, &args).map_err(|e| describe(self.db.path(), e))
    }

    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>> {
        let conn = self.db.connect()?;
        let (conds, args) = self.conditions(filter);
        let select = "SELECT rowid, SequenceNumber, OperationType, CreationDateTime, ShardID, StreamRecord FROM us";
        let query = PageQuery { keyset: true, select, conds: &conds, args: &args };
        let raw = self
            .pager
            .page(&conn, filter, &query, offset, limit, |rowid, r| {
                Ok((
                    rowid,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    text_or_blob(r.get_ref(5)?),
                ))
            })
            .map_err(|e| describe(self.db.path(), e))?;
        raw.into_iter()
            .map(|(rowid, seq, op, created, shard, json)| {
                let detail = record_tree(&json).map_err(|e| {
                    crate::err!("{}: stream record {rowid}: {e}", self.db.path().display())
                })?;
                let keys = detail
                    .resolve("/Dynamodb/Keys")
                    .map(|k| item::preview(&detail, k, 0, 120))
                    .unwrap_or_default();
                let cells = vec![
                    seq.map(|s| s.to_string()).unwrap_or_default(),
                    op,
                    keys,
                    iso_millis(created),
                    shard,
                ];
                Ok(Row { id: rowid, cells, detail })
            })
            .collect()
    }
}
