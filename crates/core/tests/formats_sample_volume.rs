//! The bundled sample volume (assets/sample-volume, written by the real LocalStack, DynamoDB
//! Local and kinesis-mock): every DynamoDB, SQLite, kinesis and JSON file opens with content.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::PathBuf;

use localstate_core::formats::{self, dynamodb, json, kinesis, sqlite};
use localstate_core::model::{Document, RowFilter, Value};

fn vol(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/sample-volume")).join(rel)
}

fn rows(doc: &Document, table: &str) -> Vec<localstate_core::model::Row> {
    let t = doc.tables.iter().find(|t| t.name() == table).unwrap_or_else(|| panic!("no {table}"));
    t.page(&RowFilter::default(), 0, 100).unwrap()
}

#[test]
fn dynamodb_tables_in_both_accounts() {
    for (file, account, region) in [
        ("000000000000useast1_us-east-1.db", "000000000000", "us-east-1"),
        ("111111111111euwest1_eu-west-1.db", "111111111111", "eu-west-1"),
    ] {
        let doc = dynamodb::open(&vol(&format!("state/dynamodb/{file}"))).unwrap();
        assert_eq!(doc.summary.headline, "DynamoDB Local · 3 tables · 14 items", "{file}");
        assert_eq!(doc.scopes[0].account, account);
        assert_eq!(doc.scopes[0].region.as_deref(), Some(region));
        let gsi = doc.tree.resolve("/tables/users/GlobalSecondaryIndexes/0/IndexName").unwrap();
        assert_eq!(doc.tree.node(gsi).value, Value::Str("by-email".into()));
    }
}

#[test]
fn users_item_with_every_attribute_type() {
    let doc = dynamodb::open(&vol("state/dynamodb/000000000000useast1_us-east-1.db")).unwrap();
    let users = rows(&doc, "users");
    let alice = users.iter().find(|r| r.cells[0] == "user#1" && r.cells[1] == "profile").unwrap();
    let t = &alice.detail;
    let v = |p: &str| t.node(t.resolve(p).unwrap_or_else(|| panic!("{p}"))).value.clone();
    assert_eq!(v("/email"), Value::Str("alice@example.com".into()));
    assert_eq!(v("/balance"), Value::Number("-1234.5678".into()));
    assert_eq!(v("/big"), Value::Number("123456789012345678901234567890".into()));
    assert_eq!(v("/ratio"), Value::Number("0.000001".into()));
    assert!(matches!(v("/avatar"), Value::Bytes(b) if b.starts_with(b"\x89PNG")));
    assert_eq!(
        (v("/active"), v("/deleted"), v("/nickname")),
        (Value::Bool(true), Value::Bool(false), Value::Null)
    );
    assert!(
        t.node(t.resolve("/tags").unwrap())
            .children
            .iter()
            .any(|c| t.node(*c).value == Value::Str("café".into()))
    );
    // Sent as 1E+5; DynamoDB Local stores numbers normalized.
    assert!(
        t.node(t.resolve("/scores").unwrap())
            .children
            .iter()
            .any(|c| t.node(*c).value == Value::Number("100000".into()))
    );
    assert!(
        t.node(t.resolve("/keys").unwrap())
            .children
            .iter()
            .any(|c| t.node(*c).value == Value::Bytes(vec![0xff, 0xfe]))
    );
    assert_eq!(v("/history/4/0"), Value::Str("nested".into()));
    assert_eq!(v("/history/5/k"), Value::Str("v".into()));
    assert_eq!(v("/address/geo/lon"), Value::Number("-13.405".into()));
    let prefix = RowFilter { key_prefix: Some("user#1".into()), text: None };
    let users_src = doc.tables.iter().find(|t| t.name() == "users").unwrap();
    assert_eq!(users_src.count(&prefix).unwrap(), 2);
}

#[test]
fn number_range_keys_and_binary_hash_keys() {
    let doc = dynamodb::open(&vol("state/dynamodb/000000000000useast1_us-east-1.db")).unwrap();
    let mut seqs: Vec<String> =
        rows(&doc, "events").into_iter().map(|r| r.cells[1].clone()).collect();
    seqs.sort();
    assert_eq!(seqs, ["-5", "0", "1", "1000000", "2.5", "3.14159"]);
    let blobs = rows(&doc, "blobs");
    let digests: Vec<Value> = blobs.iter().map(|r| r.detail.node(1).value.clone()).collect();
    assert!(digests.contains(&Value::Bytes(vec![0xde, 0xad, 0xbe, 0xef])), "{digests:?}");
    assert!(digests.contains(&Value::Bytes(vec![0])));
}

#[test]
fn kinesis_clickstream_records() {
    let doc =
        kinesis::open(&std::fs::read(vol("state/kinesis/000000000000.json")).unwrap()).unwrap();
    assert_eq!(doc.summary.headline, "kinesis-mock · 1 stream · 10 records");
    let recs = rows(&doc, "records of clickstream");
    let data: Vec<&str> = recs.iter().map(|r| r.cells[4].as_str()).collect();
    assert!(data.contains(&"page_view /home"), "{data:?}");
    assert!(data.contains(&"unicode café ☃"), "{data:?}");
    let json = recs.iter().find(|r| r.cells[1] == "user-2").unwrap();
    let d = json.detail.node(json.detail.resolve("/Data").unwrap());
    assert_eq!(d.ty, "json");
    let binary = recs.iter().find(|r| r.cells[1] == "user-3").unwrap();
    assert_eq!(
        binary.detail.node(binary.detail.resolve("/Data").unwrap()).value,
        Value::Bytes(vec![0, 1, 2, 3, 254, 255])
    );
}

#[test]
fn cloudwatch_metrics_db_as_generic_sqlite() {
    let doc = sqlite::open(&vol("state/cloudwatch/metrics.db")).unwrap();
    assert_eq!(
        doc.tree.node(doc.tree.resolve("/tables/SINGLE_METRICS/rows").unwrap()).value,
        Value::Int(42)
    );
    let t = doc.tables.iter().find(|t| t.name() == "SINGLE_METRICS").unwrap();
    assert!(t.columns().contains(&"metric_name".to_string()));
    let filter = RowFilter { key_prefix: None, text: Some("NumberOfMessagesSent".into()) };
    let n = t.count(&filter).unwrap();
    assert!(n > 0 && n < 42, "{n}");
    let page = t.page(&filter, 0, 5).unwrap();
    let first = &page[0].detail;
    let name = first.node(first.resolve("/metric_name").unwrap());
    assert_eq!(name.value, Value::Str("NumberOfMessagesSent".into()));
    assert_eq!(
        name.origin,
        Some(localstate_core::model::Origin::SqliteCell {
            table: "SINGLE_METRICS".into(),
            rowid: page[0].id,
            column: "metric_name".into()
        })
    );
}

#[test]
fn startup_info_as_generic_json_and_sniffed_kinds() {
    let path = vol("data/startup_info.json");
    let doc = json::open(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        doc.tree.node(doc.tree.resolve("/0/localstack_version").unwrap()).value,
        Value::Str("2026.3.0".into())
    );
    for rel in [
        "state/dynamodb/000000000000useast1_us-east-1.db",
        "state/kinesis/111111111111.json",
        "state/cloudwatch/metrics.db",
        "data/startup_info.json",
    ] {
        let p = vol(rel);
        formats::open(&p, formats::sniff(&p)).unwrap_or_else(|e| panic!("{rel}: {e:#}"));
    }
}
