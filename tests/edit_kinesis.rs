//! Proof with the real kinesis-mock: `localstate set` changes a record's partition key in a copy of a real
//! `state/kinesis/<account>.json`, start kinesis-mock on it, read the records back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use localstate::model::escape_pointer;

const READ_RECORDS: &str = r#"
import sys, json, boto3, emulators
d = sys.argv[1]
p = emulators.start_kinesis_mock("000000000000", d, d)
try:
    c = boto3.client("kinesis", endpoint_url=p.url, region_name="us-east-1",
                     aws_access_key_id="000000000000", aws_secret_access_key="x")
    out = {}
    for sh in c.list_shards(StreamName="clickstream")["Shards"]:
        it = c.get_shard_iterator(StreamName="clickstream", ShardId=sh["ShardId"],
                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        recs = c.get_records(ShardIterator=it, Limit=1000)["Records"]
        for r in recs:
            out[r["SequenceNumber"]] = [r["PartitionKey"], r["Data"].hex()]
    print(json.dumps(out))
finally:
    p.stop()
"#;

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): kinesis-mock"]
fn partition_key_edit_is_served_by_real_kinesis_mock() {
    let py = common::tool("LOCALSTATE_PY");
    common::tool("KINESIS_MOCK_MAIN");
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("kinesis/000000000000.json", dir.path());
    let raw = std::fs::read(&file).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    let (arn, stream) = doc["streams"].as_object().unwrap().iter().next().unwrap();
    let (shard_key, records) = stream["shards"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r.as_array().is_some_and(|a| a.len() > 1))
        .unwrap();
    let target = &records[1];
    let seq = target["SequenceNumber"].as_str().unwrap().to_string();
    let old_pk = target["PartitionKey"].as_str().unwrap().to_string();
    let pointer = format!(
        "/streams/{}/shards/{}/1/PartitionKey",
        escape_pointer(arn),
        escape_pointer(shard_key)
    );

    // The pointer `show --json` prints for that record's PartitionKey (tree, not raw).
    let (_, decoded) =
        localstate::edit::EditSession::open(&file, localstate::volume::EntryKind::KINESIS_JSON)
            .unwrap();
    let id = (0..decoded.tree.len() as u32)
        .find(|id| {
            decoded.tree.node(*id).origin == Some(localstate::model::Origin::Json(pointer.clone()))
        })
        .expect("the record's PartitionKey leaf");
    let tree_pointer = decoded.tree.pointer(id);
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), &tree_pointer, "edited-key"]);
    assert!(ok && out.contains(&format!("\"{old_pk}\" → \"edited-key\"")), "{out}");
    // Only the partition key's bytes changed.
    let old_text = String::from_utf8(raw.clone()).unwrap();
    let needle = format!(r#""PartitionKey":"{old_pk}","SequenceNumber":"{seq}""#);
    let expected = old_text.replacen(
        &needle,
        &format!(r#""PartitionKey":"edited-key","SequenceNumber":"{seq}""#),
        1,
    );
    assert!(
        std::fs::read_to_string(&file).unwrap() == expected,
        "more than the partition key changed"
    );
    // Record data is base64 in the file and shown decoded: text in, base64 out.
    let data_origin =
        localstate::model::Origin::Json(pointer.replace("/1/PartitionKey", "/0/Data"));
    let data_id = (0..decoded.tree.len() as u32)
        .find(|id| decoded.tree.node(*id).origin.as_ref() == Some(&data_origin))
        .expect("record 0 Data");
    let (ok, out) = common::localstate_set(&[
        file.to_str().unwrap(),
        &decoded.tree.pointer(data_id),
        "hello ☃",
    ]);
    assert!(ok, "{out}");
    let data_seq = records[0]["SequenceNumber"].as_str().unwrap().to_string();

    let served: serde_json::Value = serde_json::from_str(
        common::python(&py, READ_RECORDS, &[dir.path().to_str().unwrap()]).trim(),
    )
    .unwrap();
    let served = served.as_object().unwrap();
    let total: usize =
        stream["shards"].as_object().unwrap().values().map(|r| r.as_array().unwrap().len()).sum();
    assert_eq!(served.len(), total, "kinesis-mock lost records: {served:?}");
    assert_eq!(served[&seq][0], "edited-key");
    assert_eq!(
        served[&data_seq][1],
        "hello ☃".bytes().map(|b| format!("{b:02x}")).collect::<String>()
    );
    for recs in stream["shards"].as_object().unwrap().values() {
        for r in recs.as_array().unwrap() {
            let s = r["SequenceNumber"].as_str().unwrap();
            if s != seq {
                assert_eq!(served[s][0], r["PartitionKey"], "record {s} changed");
            }
        }
    }
}
