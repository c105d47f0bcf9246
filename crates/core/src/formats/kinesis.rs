//! kinesis-mock's persisted state (`<account>.json`): streams with their settings, shards
//! (whose JSON *keys* are shard objects serialized as strings — parsed here into shard id,
//! hash-key range and sequence-number range) and records with `Data` decoded (UTF-8 text,
//! pretty JSON, or bytes shown as hex).
//!
//! Leaves carry `Origin::Json` with their pointer in the raw file. Records are also a paged
//! [`RowSource`] per stream; the tree shows at most [`TREE_RECORDS_PER_SHARD`] per shard so
//! that a 100 MB file stays light, the table view has them all.

use crate::error::Context;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;

use crate::formats::json::parse::{self, J, JId, JsonDoc};
use crate::formats::json::{append_children, leaf_value};
use crate::formats::timefmt::iso_seconds;
use crate::formats::{Editing, Evidence, Format, json_like, name_and_ext, under};
use crate::kind::EntryKind;
use crate::model::{
    Document, NodeId, Origin, Resource, Row, RowFilter, RowSource, Scope, Summary, Tree, Value,
    escape_pointer,
};
use crate::resources::catalog::{rows, scalar_fields};
use crate::text::plural;

/// Records per shard shown in the tree (all are in the stream's table).
pub const TREE_RECORDS_PER_SHARD: usize = 1000;

/// Decodes kinesis-mock JSON.
impl EntryKind {
    /// kinesis-mock's persisted state.
    pub const KINESIS_JSON: EntryKind = EntryKind::new("kinesis-json");
}

/// kinesis-mock's persisted state (`<account>.json`, `kinesis-data.json`).
pub struct KinesisMock;

impl Format for KinesisMock {
    fn kind(&self) -> EntryKind {
        EntryKind::KINESIS_JSON
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Option<Evidence> {
        if !json_like(path, head) {
            return None;
        }
        // kinesis-mock writes its state object with `streams` first.
        let text = String::from_utf8_lossy(head);
        let streams_first = text
            .trim_start()
            .strip_prefix('{')
            .is_some_and(|rest| rest.trim_start().starts_with("\"streams\""));
        let in_kinesis = under(path, "kinesis");
        if streams_first && (text.contains("arn:aws:kinesis") || in_kinesis) {
            Some(Evidence::Content)
        } else {
            (in_kinesis && name_and_ext(path).1 == "json").then_some(Evidence::Name)
        }
    }

    fn open_bytes(&self, _name: &Path, bytes: Vec<u8>) -> crate::Result<Document> {
        open(&bytes)
    }

    fn editing(&self) -> Editing {
        Editing::Bytes(crate::formats::json::rewrite::rewrite)
    }
}

/// Decodes kinesis-mock state text.
pub fn open(bytes: &[u8]) -> crate::Result<Document> {
    let doc = parse::parse(bytes).context("kinesis-mock state")?;
    let streams = doc
        .member(JsonDoc::ROOT, "streams")
        .filter(|s| matches!(doc.get(*s), J::Obj(_)))
        .ok_or_else(|| crate::err!("not kinesis-mock state: no top-level `streams` object"))?;
    let mut tree = Tree::new("kinesis", "kinesis-mock");
    let mut warnings = Vec::new();
    let mut tables: Vec<Arc<dyn RowSource>> = Vec::new();
    let mut resources = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut total_records = 0usize;
    let J::Obj(root_members) = doc.get(JsonDoc::ROOT) else {
        crate::bail!("not kinesis-mock state: not a JSON object")
    };
    for (key, value) in root_members {
        let ptr = format!("/{}", escape_pointer(key));
        if *value != streams {
            push_json(&doc, *value, &mut tree, Tree::ROOT, key, ptr);
            continue;
        }
        let streams_node = tree.push_container(Tree::ROOT, key, "streams", false);
        let J::Obj(list) = doc.get(streams) else { continue };
        for (arn, s) in list {
            let sptr = format!("{ptr}/{}", escape_pointer(arn));
            let stream = read_stream(&doc, *s, arn, &sptr, &mut warnings);
            let node = append_stream(&doc, *s, &sptr, &stream, &mut tree, streams_node);
            total_records += stream.records.len();
            let scope = scope_from_arn(arn);
            if let Some(s) = &scope
                && !scopes.contains(s)
            {
                scopes.push(s.clone());
            }
            resources.push(Resource {
                service: "kinesis".into(),
                kind: "stream".into(),
                name: stream.name.clone(),
                arn: Some(arn.clone()),
                account: scope.as_ref().map(|s| s.account.clone()),
                region: scope.and_then(|s| s.region),
                class: tree.node(node).ty.clone(),
                fields: scalar_fields(&tree, node),
                collections: vec![rows("record", stream.records.len() as u64, tables.len())],
                details: vec![
                    ("status".into(), stream.status.clone()),
                    ("mode".into(), stream.mode.clone()),
                    ("shards".into(), stream.shards.len().to_string()),
                    ("records".into(), stream.records.len().to_string()),
                ],
                node: Some(node),
                ..Resource::default()
            });
            tables.push(Arc::new(RecordSource {
                label: format!("records of {}", stream.name),
                records: stream.records,
            }));
        }
    }
    tree.dedupe_names();
    let headline = format!(
        "kinesis-mock · {} · {}",
        plural("stream", resources.len()),
        plural("record", total_records)
    );
    Ok(Document {
        format: "kinesis-mock".into(),
        tree,
        summary: Summary { headline, resources, ..Summary::default() },
        tables,
        scopes,
        warnings,
    })
}

/// A shard, parsed from its JSON-string key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shard {
    /// `ShardId`, e.g. `shardId-000000000000`.
    pub id: String,
    /// `StartingHashKey` of the shard's hash-key range (decimal text).
    pub hash_start: String,
    /// `EndingHashKey` of the shard's hash-key range (decimal text).
    pub hash_end: String,
    /// `StartingSequenceNumber` of the shard.
    pub seq_start: String,
    /// `EndingSequenceNumber`, set once the shard is closed.
    pub seq_end: Option<String>,
    /// `ParentShardId`, when the shard came from a split or merge.
    pub parent: Option<String>,
    /// `AdjacentParentShardId`, when the shard came from a merge.
    pub adjacent_parent: Option<String>,
    /// `CreatedAtTimestamp`, as written in the key.
    pub created: Option<String>,
    /// `ClosedTimestamp`, as written in the key, once the shard is closed.
    pub closed: Option<String>,
}

/// One record, `Data` already decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Id of the shard holding the record.
    pub shard: String,
    /// The record's `PartitionKey`.
    pub partition_key: String,
    /// The record's `SequenceNumber`.
    pub sequence_number: String,
    /// Seconds since the epoch, as kinesis-mock writes it.
    pub arrival: Option<f64>,
    /// The record's payload, decoded from base64 (the raw text if it is not valid base64).
    pub data: Vec<u8>,
    /// `EncryptionType` (`NONE` or `KMS`).
    pub encryption: String,
    /// Pointer of the record object in the raw file.
    pub pointer: String,
}

struct Stream {
    name: String,
    status: String,
    mode: String,
    /// Each shard with the range of its records in `records`.
    shards: Vec<(Shard, std::ops::Range<usize>)>,
    records: Vec<Record>,
}

fn str_at(doc: &JsonDoc, obj: JId, path: &[&str]) -> Option<String> {
    let mut cur = obj;
    for p in path {
        cur = doc.member(cur, p)?;
    }
    match doc.get(cur) {
        J::Str(s) => Some(s.clone()),
        J::Num(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses a shard key (a shard object serialized as JSON text).
pub fn parse_shard_key(key: &str) -> crate::Result<Shard> {
    let d = parse::parse(key.as_bytes()).context("shard key is not JSON")?;
    let r = JsonDoc::ROOT;
    let id = str_at(&d, r, &["ShardId"]).ok_or_else(|| crate::err!("shard key has no ShardId"))?;
    Ok(Shard {
        id,
        hash_start: str_at(&d, r, &["HashKeyRange", "StartingHashKey"]).unwrap_or_default(),
        hash_end: str_at(&d, r, &["HashKeyRange", "EndingHashKey"]).unwrap_or_default(),
        seq_start: str_at(&d, r, &["SequenceNumberRange", "StartingSequenceNumber"])
            .unwrap_or_default(),
        seq_end: str_at(&d, r, &["SequenceNumberRange", "EndingSequenceNumber"]),
        parent: str_at(&d, r, &["ParentShardId"]),
        adjacent_parent: str_at(&d, r, &["AdjacentParentShardId"]),
        created: str_at(&d, r, &["CreatedAtTimestamp"]),
        closed: str_at(&d, r, &["ClosedTimestamp"]),
    })
}

fn read_stream(doc: &JsonDoc, s: JId, arn: &str, sptr: &str, warnings: &mut Vec<String>) -> Stream {
    let mut stream = Stream {
        name: str_at(doc, s, &["streamName"])
            .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(arn).to_string()),
        status: str_at(doc, s, &["streamStatus"]).unwrap_or_default(),
        mode: str_at(doc, s, &["streamModeDetails", "StreamMode"]).unwrap_or_default(),
        shards: Vec::new(),
        records: Vec::new(),
    };
    let Some(J::Obj(shards)) = doc.member(s, "shards").map(|id| doc.get(id)) else { return stream };
    for (key, recs) in shards {
        let shard = parse_shard_key(key).unwrap_or_else(|e| {
            warnings.push(format!("stream {}: {e}", stream.name));
            Shard { id: key.clone(), ..Shard::default() }
        });
        let shard_ptr = format!("{sptr}/shards/{}", escape_pointer(key));
        let first = stream.records.len();
        if let J::Arr(items) = doc.get(*recs) {
            for (i, r) in items.iter().enumerate() {
                let data_b64 = str_at(doc, *r, &["Data"]).unwrap_or_default();
                let data = base64::engine::general_purpose::STANDARD
                    .decode(data_b64.as_bytes())
                    .unwrap_or_else(|e| {
                        warnings.push(format!(
                            "stream {} shard {} record {i}: Data is not base64 ({e})",
                            stream.name, shard.id
                        ));
                        data_b64.into_bytes()
                    });
                stream.records.push(Record {
                    shard: shard.id.clone(),
                    partition_key: str_at(doc, *r, &["PartitionKey"]).unwrap_or_default(),
                    sequence_number: str_at(doc, *r, &["SequenceNumber"]).unwrap_or_default(),
                    arrival: str_at(doc, *r, &["ApproximateArrivalTimestamp"])
                        .and_then(|t| t.parse().ok()),
                    data,
                    encryption: str_at(doc, *r, &["EncryptionType"]).unwrap_or_default(),
                    pointer: format!("{shard_ptr}/{i}"),
                });
            }
        }
        let range = first..stream.records.len();
        stream.shards.push((shard, range));
    }
    stream
}

/// A JSON value under `parent` (scalar leaf or container with its members).
fn push_json(
    doc: &JsonDoc,
    v: JId,
    tree: &mut Tree,
    parent: NodeId,
    name: &str,
    ptr: String,
) -> NodeId {
    let (value, ty) = leaf_value(doc.get(v));
    if value.is_container() {
        let id = tree.push_container(parent, name, ty, matches!(doc.get(v), J::Arr(_)));
        append_children(doc, v, tree, id, &ptr);
        id
    } else {
        tree.push_leaf(parent, name, ty, value, Some(Origin::Json(ptr)))
    }
}

fn append_stream(
    doc: &JsonDoc,
    s: JId,
    sptr: &str,
    stream: &Stream,
    tree: &mut Tree,
    parent: NodeId,
) -> NodeId {
    let node = tree.push_container(parent, &stream.name, "stream", false);
    let J::Obj(fields) = doc.get(s) else { return node };
    for (k, v) in fields {
        let ptr = format!("{sptr}/{}", escape_pointer(k));
        if k != "shards" {
            push_json(doc, *v, tree, node, k, ptr);
            continue;
        }
        let shards_node = tree.push_container(node, "shards", "shards", false);
        for (shard, range) in &stream.shards {
            let sh = append_shard(tree, shards_node, shard);
            let count = range.len();
            let list = tree.push_container(sh, "Records", "records", true);
            for r in stream.records[range.clone()].iter().take(TREE_RECORDS_PER_SHARD) {
                let n = tree.push_container(list, "record", "record", false);
                append_record(tree, n, r);
            }
            if count > TREE_RECORDS_PER_SHARD {
                tree.push(
                    sh,
                    "RecordsNotShown",
                    "int",
                    Value::Int((count - TREE_RECORDS_PER_SHARD) as i64),
                );
            }
        }
    }
    node
}

fn append_shard(tree: &mut Tree, parent: NodeId, s: &Shard) -> NodeId {
    let sh = tree.push_container(parent, &s.id, "shard", false);
    tree.push(sh, "ShardId", "str", Value::Str(s.id.clone()));
    let hk = tree.push_container(sh, "HashKeyRange", "range", false);
    tree.push(hk, "StartingHashKey", "int", Value::BigInt(s.hash_start.clone()));
    tree.push(hk, "EndingHashKey", "int", Value::BigInt(s.hash_end.clone()));
    let sq = tree.push_container(sh, "SequenceNumberRange", "range", false);
    tree.push(sq, "StartingSequenceNumber", "int", Value::BigInt(s.seq_start.clone()));
    tree.push(
        sq,
        "EndingSequenceNumber",
        "int",
        s.seq_end.clone().map_or(Value::Null, Value::BigInt),
    );
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
    tree.push(sh, "ParentShardId", "str", opt(&s.parent));
    tree.push(sh, "AdjacentParentShardId", "str", opt(&s.adjacent_parent));
    tree.push(sh, "CreatedAtTimestamp", "datetime", opt(&s.created));
    tree.push(sh, "ClosedTimestamp", "datetime", opt(&s.closed));
    sh
}

/// The decoded form of record data: pretty JSON, UTF-8 text, or bytes.
pub fn decode_data(data: &[u8]) -> (Value, &'static str) {
    if let Ok(text) = std::str::from_utf8(data) {
        let trimmed = text.trim_start();
        if (trimmed.starts_with('{') || trimmed.starts_with('['))
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(text)
            && let Ok(pretty) = serde_json::to_string_pretty(&v)
        {
            return (Value::Text(pretty), "json");
        }
        if !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return (Value::Str(text.to_string()), "utf-8");
        }
    }
    (Value::Bytes(data.to_vec()), "binary")
}

fn append_record(tree: &mut Tree, n: NodeId, r: &Record) {
    let o = |f: &str| Some(Origin::Json(format!("{}/{f}", r.pointer)));
    tree.push_leaf(
        n,
        "SequenceNumber",
        "str",
        Value::Str(r.sequence_number.clone()),
        o("SequenceNumber"),
    );
    tree.push_leaf(
        n,
        "PartitionKey",
        "str",
        Value::Str(r.partition_key.clone()),
        o("PartitionKey"),
    );
    if let Some(t) = r.arrival {
        tree.push(n, "ApproximateArrivalTimestamp", "datetime", Value::Text(iso_seconds(t)));
    }
    let (value, ty) = decode_data(&r.data);
    tree.push_leaf(n, "Data", ty, value, o("Data"));
    tree.push(n, "DataSize", "int", Value::Int(r.data.len() as i64));
    tree.push_leaf(
        n,
        "EncryptionType",
        "str",
        Value::Str(r.encryption.clone()),
        o("EncryptionType"),
    );
}

/// `arn:aws:kinesis:<region>:<account>:stream/<name>` → scope.
fn scope_from_arn(arn: &str) -> Option<Scope> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn")
        .then(|| Scope { account: parts[4].to_string(), region: Some(parts[3].to_string()) })
}

/// One stream's records, all in memory (they were parsed with the file), served by page.
struct RecordSource {
    label: String,
    records: Vec<Record>,
}

impl RecordSource {
    fn matches(r: &Record, f: &RowFilter) -> bool {
        if f.key_prefix.as_ref().is_some_and(|p| !r.partition_key.starts_with(p.as_str())) {
            return false;
        }
        match &f.text {
            None => true,
            Some(t) => {
                let t = t.to_lowercase();
                let data = String::from_utf8_lossy(&r.data).to_lowercase();
                data.contains(&t)
                    || r.partition_key.to_lowercase().contains(&t)
                    || r.sequence_number.contains(&t)
            }
        }
    }
}

impl RowSource for RecordSource {
    fn name(&self) -> &str {
        &self.label
    }

    fn columns(&self) -> Vec<String> {
        ["SequenceNumber", "PartitionKey", "ApproximateArrivalTimestamp", "ShardId", "Data"]
            .map(String::from)
            .to_vec()
    }

    fn count(&self, filter: &RowFilter) -> crate::Result<u64> {
        Ok(self.records.iter().filter(|r| Self::matches(r, filter)).count() as u64)
    }

    fn page(&self, filter: &RowFilter, offset: u64, limit: usize) -> crate::Result<Vec<Row>> {
        let rows = self
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| Self::matches(r, filter))
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit)
            .map(|(i, r)| {
                let mut detail = Tree::new("record", "record");
                append_record(&mut detail, Tree::ROOT, r);
                let data = detail
                    .resolve("/Data")
                    .map(|d| detail.node(d).value.display())
                    .unwrap_or_default();
                let cells = vec![
                    r.sequence_number.clone(),
                    r.partition_key.clone(),
                    r.arrival.map(iso_seconds).unwrap_or_default(),
                    r.shard.clone(),
                    data.replace('\n', " "),
                ];
                Row { id: i as i64, cells, detail }
            })
            .collect();
        Ok(rows)
    }
}
