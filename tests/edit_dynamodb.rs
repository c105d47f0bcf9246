//! Proof with the real DynamoDB Local: `localstate set` edits attributes of items in a copy of
//! a real database,
//! start DynamoDB Local on that directory, `GetItem` returns the new values and `Scan` still
//! returns every item of every table.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

const CHECK: &str = r#"
import sys, json, boto3, emulators
d = sys.argv[1]
p = emulators.start_dynamodb_local(d, d)
try:
    c = boto3.client("dynamodb", endpoint_url=p.url, region_name="us-east-1",
                     aws_access_key_id="000000000000useast1", aws_secret_access_key="x")
    out = {"scan": {}}
    for t in c.list_tables()["TableNames"]:
        out["scan"][t] = len(c.scan(TableName=t)["Items"])
    out["user2"] = c.get_item(TableName="users", Key={"pk": {"S": "user#2"}, "sk": {"S": "profile"}})["Item"]
    out["user1"] = c.get_item(TableName="users", Key={"pk": {"S": "user#1"}, "sk": {"S": "profile"}})["Item"]
    out["by_email"] = c.query(TableName="users", IndexName="by-email", KeyConditionExpression="email = :e",
                              ExpressionAttributeValues={":e": {"S": "user2@example.com"}})["Count"]
    print(json.dumps(out, default=lambda b: b.hex()))
finally:
    p.stop()
"#;

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): DynamoDB Local"]
fn attribute_edits_are_served_by_real_dynamodb_local() {
    let py = common::tool("LOCALSTATE_PY");
    common::tool("DDB_LOCAL_DIR");
    let dir = tempfile::tempdir().unwrap();
    // Under `dynamodb/`, as in a volume (that is how a lone file is recognised as DynamoDB Local).
    let ddb_dir = dir.path().join("dynamodb");
    std::fs::create_dir(&ddb_dir).unwrap();
    let db = common::copy_sample("dynamodb/000000000000useast1_us-east-1.db", &ddb_dir);
    let db = db.to_str().unwrap();
    for (row, pointer, value, shown) in [
        ("2", "/age", "77", "22 → 77"),
        ("1", "/address/geo/lat", "1.5", "52.52 → 1.5"),
        ("1", "/tags/2", "gamma", r#""café" → "gamma""#),
    ] {
        let (ok, out) =
            common::localstate_set(&[db, "--table", "users", "--row", row, pointer, value]);
        assert!(ok && out.contains(&format!("users[{row}]{pointer}: {shown}")), "{out}");
    }
    // Type-checked: N must be a number; key and index attributes are refused.
    let (ok, out) = common::localstate_set(&[db, "--table", "users", "--row", "2", "/age", "old"]);
    assert!(!ok && out.contains("not a valid number"), "{out}");
    let (ok, out) =
        common::localstate_set(&[db, "--table", "users", "--row", "2", "/email", "x@example.com"]);
    assert!(!ok && out.contains("key attribute"), "{out}");
    assert!(ddb_dir.join("000000000000useast1_us-east-1.db.bak").exists());
    std::fs::remove_file(ddb_dir.join("000000000000useast1_us-east-1.db.bak")).unwrap();

    let out: serde_json::Value =
        serde_json::from_str(common::python(&py, CHECK, &[ddb_dir.to_str().unwrap()]).trim())
            .unwrap();
    assert_eq!(out["scan"], serde_json::json!({"users": 5, "events": 6, "blobs": 3}), "{out}");
    assert_eq!(out["user2"]["age"], serde_json::json!({"N": "77"}));
    assert_eq!(out["user2"]["email"], serde_json::json!({"S": "user2@example.com"}));
    assert_eq!(out["user1"]["address"]["M"]["geo"]["M"]["lat"], serde_json::json!({"N": "1.5"}));
    assert_eq!(
        out["user1"]["address"]["M"]["geo"]["M"]["lon"],
        serde_json::json!({"N": "-13.405"})
    );
    let mut tags: Vec<String> = serde_json::from_value(out["user1"]["tags"]["SS"].clone()).unwrap();
    tags.sort();
    assert_eq!(tags, ["admin", "beta", "gamma"]);
    assert_eq!(out["user1"]["balance"], serde_json::json!({"N": "-1234.5678"}));
    assert_eq!(out["by_email"], 1, "the GSI still finds the edited item");
}
