//! DynamoDB Local databases written by the real DynamoDB Local 3.3.1 (tests/fixtures/dynamodb,
//! made by tools/make-format-fixtures.py) and by LocalStack in the localstack-persist corpus.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use std::path::{Path, PathBuf};

use localstate_core::formats::dynamodb;
use localstate_core::model::{Document, RowFilter, Scope, Value};

fn fixture() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/dynamodb/000000000000_us-east-1.db"
    ))
}

fn corpus() -> PathBuf {
    common::corpus_root()
}

fn table<'a>(doc: &'a Document, name: &str) -> &'a dyn localstate_core::model::RowSource {
    doc.tables
        .iter()
        .find(|t| t.name() == name)
        .map(|t| t.as_ref())
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn leaf(doc: &Document, ptr: &str) -> Value {
    let id = doc.tree.resolve(ptr).unwrap_or_else(|| panic!("no node {ptr}"));
    doc.tree.node(id).value.clone()
}

#[test]
fn tables_key_schema_indexes_billing_and_counts() {
    let doc = dynamodb::open(&fixture()).unwrap();
    assert_eq!(doc.format, "DynamoDB Local");
    assert_eq!(doc.summary.headline, "DynamoDB Local · 3 tables · 8 items · 1 stream");
    assert_eq!(
        doc.scopes,
        vec![Scope { account: "000000000000".into(), region: Some("us-east-1".into()) }]
    );
    assert_eq!(leaf(&doc, "/tables/orders/KeySchema/0/AttributeName"), Value::Str("pk".into()));
    assert_eq!(leaf(&doc, "/tables/orders/KeySchema/1/AttributeName"), Value::Str("sk".into()));
    assert_eq!(leaf(&doc, "/tables/orders/KeySchema/1/AttributeType"), Value::Str("N".into()));
    assert_eq!(leaf(&doc, "/tables/orders/ItemCount"), Value::Int(4));
    assert_eq!(leaf(&doc, "/tables/orders/BillingMode"), Value::Str("PAY_PER_REQUEST".into()));
    assert_eq!(
        leaf(&doc, "/tables/orders/GlobalSecondaryIndexes/0/IndexName"),
        Value::Str("by-status".into())
    );
    assert_eq!(
        leaf(&doc, "/tables/orders/LocalSecondaryIndexes/0/KeySchema/1/AttributeName"),
        Value::Str("lsk".into())
    );
    assert_eq!(leaf(&doc, "/tables/orders/AttributeDefinitions/status"), Value::Str("S".into()));
    assert_eq!(leaf(&doc, "/tables/blobs/BillingMode"), Value::Str("PROVISIONED".into()));
    assert_eq!(leaf(&doc, "/tables/blobs/ProvisionedThroughput/WriteCapacityUnits"), Value::Int(3));
    assert_eq!(leaf(&doc, "/tables/nums/ItemCount"), Value::Int(3));
    let orders = doc.summary.resources.iter().find(|r| r.name == "orders").unwrap();
    assert!(
        orders.details.contains(&("key".into(), "pk (S) + sk (N)".into())),
        "{:?}",
        orders.details
    );
}

#[test]
fn items_decode_every_attribute_type_with_keys_first() {
    let doc = dynamodb::open(&fixture()).unwrap();
    let orders = table(&doc, "orders");
    assert_eq!(orders.columns(), ["pk", "sk", "attributes", "size"]);
    assert_eq!(orders.count(&RowFilter::default()).unwrap(), 4);
    let rows = orders.page(&RowFilter::default(), 0, 10).unwrap();
    let sks: Vec<&str> = rows.iter().map(|r| r.cells[1].as_str()).collect();
    // Number sort keys keep their exact decimal text, however large; the deleted sk=1 is gone.
    assert!(
        sks.contains(&"-2.5") && sks.contains(&"123456789012345678901234567890.123"),
        "{sks:?}"
    );
    assert!(!sks.contains(&"1"));
    let updated = rows.iter().find(|r| r.cells[1] == "0").unwrap();
    let t = &updated.detail;
    let names: Vec<&str> =
        t.node(0).children.iter().take(2).map(|c| t.node(*c).name.as_str()).collect();
    assert_eq!(names, ["pk", "sk"]);
    let v = |p: &str| t.node(t.resolve(p).unwrap_or_else(|| panic!("{p}"))).value.clone();
    let ty = |p: &str| t.node(t.resolve(p).unwrap()).ty.clone();
    assert_eq!(v("/s"), Value::Str("changed".into()));
    assert_eq!(v("/n"), Value::Number("3.14".into()));
    assert_eq!(v("/b"), Value::Bytes(vec![0, 1, 2, 255]));
    assert_eq!(v("/bool"), Value::Bool(true));
    assert_eq!(v("/null"), Value::Null);
    assert_eq!((ty("/ss"), v("/ss/1")), ("SS".into(), Value::Str("y".into())));
    assert_eq!((ty("/ns"), v("/ns/1")), ("NS".into(), Value::Number("2.5".into())));
    assert_eq!((ty("/bs"), v("/bs/0")), ("BS".into(), Value::Bytes(vec![1])));
    assert_eq!(v("/l/2/deep"), Value::Bool(false));
    assert_eq!(v("/m/k"), Value::Str("v".into()));
    assert_eq!(ty("/m/inner"), "L");
    let origin = t.node(t.resolve("/l/2/deep").unwrap()).origin.clone();
    assert_eq!(
        origin,
        Some(localstate_core::model::Origin::DynamoAttr {
            table: "orders".into(),
            rowid: updated.id,
            path: vec!["l".into(), "2".into(), "deep".into()]
        })
    );
}

#[test]
fn binary_and_number_hash_keys() {
    let doc = dynamodb::open(&fixture()).unwrap();
    let blobs = table(&doc, "blobs").page(&RowFilter::default(), 0, 10).unwrap();
    assert_eq!(blobs.len(), 1);
    assert_eq!(blobs[0].detail.node(1).value, Value::Bytes(vec![0xde, 0xad, 0xbe, 0xef]));
    assert_eq!(blobs[0].detail.node(1).name, "id");
    let nums = table(&doc, "nums");
    let keys: Vec<String> = nums
        .page(&RowFilter::default(), 0, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.cells[0].clone())
        .collect();
    assert_eq!(keys, ["7", "-1", "0.001"]);
    let neg = RowFilter { key_prefix: Some("-".into()), text: None };
    assert_eq!(nums.count(&neg).unwrap(), 1);
    assert_eq!(nums.page(&neg, 0, 10).unwrap()[0].cells[0], "-1");
}

#[test]
fn filters_page_and_count_consistently() {
    let doc = dynamodb::open(&fixture()).unwrap();
    let orders = table(&doc, "orders");
    let prefix = RowFilter { key_prefix: Some("user#".into()), text: None };
    assert_eq!(orders.count(&prefix).unwrap(), 4);
    assert_eq!(
        orders.count(&RowFilter { key_prefix: Some("nobody".into()), text: None }).unwrap(),
        0
    );
    let open = RowFilter { key_prefix: None, text: Some("\"open\"".into()) };
    assert_eq!(orders.count(&open).unwrap(), 1, "only sk=1000 is open once sk=1 was deleted");
    // Quotes inside values are matched as written in the JSON.
    assert_eq!(
        orders.count(&RowFilter { key_prefix: None, text: Some("héllo \"q\"".into()) }).unwrap(),
        3
    );
    // Paging: two pages of 2 give the four rows once each, in the same order as one page of 4.
    let all: Vec<i64> =
        orders.page(&RowFilter::default(), 0, 4).unwrap().iter().map(|r| r.id).collect();
    let mut paged: Vec<i64> =
        orders.page(&RowFilter::default(), 0, 2).unwrap().iter().map(|r| r.id).collect();
    paged.extend(orders.page(&RowFilter::default(), 2, 2).unwrap().iter().map(|r| r.id));
    assert_eq!(paged, all);
    assert_eq!(
        orders.page(&RowFilter::default(), 1, 2).unwrap().iter().map(|r| r.id).collect::<Vec<_>>(),
        all[1..3]
    );
    assert!(orders.page(&RowFilter::default(), 4, 2).unwrap().is_empty());
}

#[test]
fn streams_shards_and_records() {
    let doc = dynamodb::open(&fixture()).unwrap();
    let stream = doc.summary.resources.iter().find(|r| r.kind == "stream").unwrap();
    assert!(stream.name.starts_with("arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/"));
    assert!(stream.details.contains(&("records".into(), "7".into())), "{:?}", stream.details);
    let records = table(&doc, "stream records of orders");
    assert_eq!(records.count(&RowFilter::default()).unwrap(), 7);
    let rows = records.page(&RowFilter::default(), 0, 10).unwrap();
    let ops: Vec<&str> = rows.iter().map(|r| r.cells[1].as_str()).collect();
    assert_eq!(ops, ["INSERT", "INSERT", "INSERT", "INSERT", "INSERT", "MODIFY", "REMOVE"]);
    let modify = &rows[5].detail;
    assert_eq!(
        modify.node(modify.resolve("/Dynamodb/NewImage/s").unwrap()).value,
        Value::Str("changed".into())
    );
    assert_eq!(
        modify.node(modify.resolve("/Dynamodb/OldImage/s").unwrap()).value,
        Value::Str("héllo \"q\"".into())
    );
    assert_eq!(
        modify.node(modify.resolve("/Dynamodb/Keys/sk").unwrap()).value,
        Value::Number("0".into())
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_databases_open_with_their_tables() {
    let mut opened = 0;
    for version in ["v2", "v3", "v3_binary", "v4", "v4_binary"] {
        let dir = corpus().join(version).join("dynamodb/assets");
        for name in ["000000000000_us-east-1.db", "000000000000useast1_us-east-1.db"] {
            let doc = dynamodb::open(&dir.join(name))
                .unwrap_or_else(|e| panic!("{version}/{name}: {e:#}"));
            opened += 1;
            if name.starts_with("000000000000useast1") {
                assert_eq!(doc.summary.headline, "DynamoDB Local · 1 table · 1 item", "{version}");
                let rows = table(&doc, "test-table").page(&RowFilter::default(), 0, 10).unwrap();
                assert_eq!(rows[0].cells[0], "123");
                assert_eq!(
                    rows[0].detail.node(rows[0].detail.resolve("/foo").unwrap()).value,
                    Value::Str("bar".into())
                );
            } else {
                assert!(doc.tables.is_empty(), "{version}");
            }
        }
    }
    assert_eq!(opened, 10);
}

fn copy_to_temp(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("000000000000_us-east-1.db");
    std::fs::copy(src, &dst).unwrap();
    (dir, dst)
}

#[test]
fn corrupt_databases_are_clear_errors() {
    let (_d, truncated) = copy_to_temp(&fixture());
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let e = format!("{:#}", dynamodb::open(&truncated).unwrap_err());
    assert!(e.contains("corrupt or truncated") || e.contains("not an SQLite database"), "{e}");

    let (_d2, garbage) = copy_to_temp(&fixture());
    std::fs::write(
        &garbage,
        b"this is not a database, just some text that is long enough to have a header",
    )
    .unwrap();
    let e = format!("{:#}", dynamodb::open(&garbage).unwrap_err());
    assert!(e.contains("is not an SQLite database"), "{e}");

    let e = format!("{:#}", dynamodb::open(Path::new("/nonexistent/x.db")).unwrap_err());
    assert!(e.contains("cannot open"), "{e}");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_plain_sqlite_database_is_not_a_dynamodb_local_one() {
    // A plain SQLite database without DynamoDB Local's tables.
    let metrics = corpus().join("v4/cloudwatch/assets/metrics.db");
    let e = format!("{:#}", dynamodb::open(&metrics).unwrap_err());
    assert!(e.contains("not a DynamoDB Local one"), "{e}");
}

#[test]
fn a_writer_holding_an_exclusive_lock_gives_a_clear_error() {
    let (_d, path) = copy_to_temp(&fixture());
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let e = format!("{:#}", dynamodb::open(&path).unwrap_err());
    assert!(e.contains("locked by another program"), "{e}");
    writer.execute_batch("COMMIT").unwrap();
    drop(writer);
    assert!(dynamodb::open(&path).is_ok());
}

#[test]
fn reading_never_holds_a_lock_while_idle() {
    let (_d, path) = copy_to_temp(&fixture());
    let doc = dynamodb::open(&path).unwrap();
    let orders = table(&doc, "orders");
    assert_eq!(orders.page(&RowFilter::default(), 0, 2).unwrap().len(), 2);
    // With the document open and a page read, a writer can still take an exclusive lock.
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN EXCLUSIVE; DELETE FROM \"nums\"; COMMIT").unwrap();
    assert_eq!(table(&doc, "nums").count(&RowFilter::default()).unwrap(), 0);
}
