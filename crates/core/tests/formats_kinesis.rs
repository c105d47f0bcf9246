//! kinesis-mock state written by the real kinesis-mock 0.6.2 (tests/fixtures/kinesis, made by
//! tools/make-format-fixtures.py).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_core::formats::kinesis;
use localstate_core::model::{Origin, RowFilter, Scope, Value};

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/kinesis/000000000000.json"
    ))
    .unwrap()
}

#[test]
fn streams_with_status_mode_and_parsed_shard_keys() {
    let doc = kinesis::open(&fixture()).unwrap();
    assert_eq!(doc.summary.headline, "kinesis-mock · 2 streams · 5 records");
    assert_eq!(
        doc.scopes,
        vec![Scope { account: "000000000000".into(), region: Some("us-east-1".into()) }]
    );
    let t = &doc.tree;
    let v = |p: &str| t.node(t.resolve(p).unwrap_or_else(|| panic!("no {p}"))).value.clone();
    let events = "/streams/events";
    assert_eq!(t.node(t.resolve(events).unwrap()).ty, "stream");
    assert_eq!(
        v(&format!("{events}/streamArn")),
        Value::Str("arn:aws:kinesis:us-east-1:000000000000:stream/events".into())
    );
    assert_eq!(v(&format!("{events}/streamStatus")), Value::Str("ACTIVE".into()));
    assert_eq!(
        v(&format!("{events}/streamModeDetails/StreamMode")),
        Value::Str("PROVISIONED".into())
    );
    assert_eq!(v(&format!("{events}/retentionPeriod/length")), Value::Int(24));
    let shard1 = format!("{events}/shards/shardId-000000000001");
    assert_eq!(
        v(&format!("{shard1}/HashKeyRange/StartingHashKey")),
        Value::BigInt("170141183460469231731687303715884105727".into())
    );
    assert_eq!(
        v(&format!("{shard1}/HashKeyRange/EndingHashKey")),
        Value::BigInt("340282366920938463463374607431768211455".into())
    );
    assert!(
        matches!(v(&format!("{shard1}/SequenceNumberRange/StartingSequenceNumber")), Value::BigInt(s) if s.len() == 56)
    );
    assert_eq!(v(&format!("{shard1}/SequenceNumberRange/EndingSequenceNumber")), Value::Null);
    let ondemand = doc.summary.resources.iter().find(|r| r.name == "ondemand").unwrap();
    assert!(ondemand.details.contains(&("mode".into(), "ON_DEMAND".into())));
    assert!(ondemand.details.contains(&("shards".into(), "4".into())));
}

#[test]
fn record_data_is_decoded_as_text_json_or_bytes() {
    let doc = kinesis::open(&fixture()).unwrap();
    let t = &doc.tree;
    let recs = "/streams/events/shards/shardId-000000000001/Records";
    let data = |i: usize| {
        let n = t.node(t.resolve(&format!("{recs}/{i}/Data")).unwrap());
        (n.ty.clone(), n.value.clone())
    };
    assert_eq!(data(0), ("utf-8".into(), Value::Str("hello world".into())));
    assert_eq!(
        data(1),
        ("json".into(), Value::Text("{\n  \"id\": 1,\n  \"msg\": \"json\"\n}".into()))
    );
    assert_eq!(data(2), ("binary".into(), Value::Bytes(vec![0, 1, 2, 255, 254])));
    let pk = t.node(t.resolve(&format!("{recs}/0/PartitionKey")).unwrap());
    assert_eq!(pk.value, Value::Str("pk-0".into()));
    // The origin is the pointer of the value in the raw file (the shard key is a JSON string).
    let Some(Origin::Json(ptr)) = &pk.origin else { panic!("no origin") };
    let raw: serde_json::Value = serde_json::from_slice(&fixture()).unwrap();
    assert_eq!(raw.pointer(ptr), Some(&serde_json::Value::String("pk-0".into())));
    let arrival = t.node(t.resolve(&format!("{recs}/0/ApproximateArrivalTimestamp")).unwrap());
    assert!(
        matches!(&arrival.value, Value::Text(s) if s.starts_with("20") && s.ends_with('Z')),
        "{:?}",
        arrival.value
    );
}

#[test]
fn records_as_a_table_with_filters() {
    let doc = kinesis::open(&fixture()).unwrap();
    let table = doc.tables.iter().find(|t| t.name() == "records of events").unwrap();
    assert_eq!(table.count(&RowFilter::default()).unwrap(), 4);
    let rows = table.page(&RowFilter::default(), 0, 10).unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.cells[1].as_str()).collect();
    assert_eq!(keys, ["pk-3", "pk-0", "pk-1", "pk-2"]);
    assert_eq!(rows[0].cells[4], "ünïcode");
    let by_text = RowFilter { key_prefix: None, text: Some("HELLO".into()) };
    assert_eq!(table.page(&by_text, 0, 10).unwrap()[0].cells[1], "pk-0");
    assert_eq!(table.count(&RowFilter { key_prefix: Some("pk-".into()), text: None }).unwrap(), 4);
    assert_eq!(table.page(&RowFilter::default(), 3, 10).unwrap().len(), 1);
}

#[test]
fn malformed_input_is_a_clear_error() {
    let e = kinesis::open(b"{\"streams\": {").unwrap_err().to_string();
    assert!(e.contains("invalid JSON at line 1"), "{e}");
    let e = kinesis::open(b"{\"other\": 1}").unwrap_err().to_string();
    assert!(e.contains("no top-level `streams` object"), "{e}");
    let bad_shard = br#"{"streams":{"arn:aws:kinesis:us-east-1:1:stream/s":{"streamName":"s","shards":{"not json":[]}}}}"#;
    let doc = kinesis::open(bad_shard).unwrap();
    assert!(doc.warnings[0].contains("shard key is not JSON"), "{:?}", doc.warnings);
}
