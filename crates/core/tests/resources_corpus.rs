//! The resource layer on state this repo did not make: the localstack-persist corpus
//! (LocalStack 2, 3 and 4, jsonpickle and pickle), read with the same profiles and discovery
//! as the sample volume — the resources its README names, in their accounts, and the S3
//! object bodies and Lambda code linked to their asset files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use localstate_core::volume::inventory::Inventory;
use localstate_core::volume::scan;
use localstate_testkit as common;

fn inventory(version: &str) -> Inventory {
    let vol = scan(&common::corpus(version)).unwrap();
    Inventory::build(&vol, &mut |_, _, _| {})
}

fn names(inv: &Inventory, service: &str, kind: &str) -> Vec<String> {
    let mut v: Vec<String> =
        inv.select(Some(service), Some(kind)).map(|(_, l)| l.resource.name.clone()).collect();
    v.sort();
    v
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_corpus_version_lists_the_same_resources() {
    for version in ["v2", "v3", "v3_binary", "v4", "v4_binary"] {
        let inv = inventory(version);
        assert!(inv.files.iter().all(|f| f.error.is_none()), "{version}: decode errors");
        assert!(names(&inv, "sqs", "queue").contains(&"test-queue".to_string()), "{version}");
        assert_eq!(names(&inv, "lambda", "function"), ["test-lambda"], "{version}");
        assert_eq!(names(&inv, "acm", "certificate"), ["test"], "{version}");
        assert!(names(&inv, "s3", "bucket").contains(&"test-bucket".to_string()), "{version}");
        let tables = names(&inv, "dynamodb", "table");
        assert_eq!(tables, ["test-table"], "{version}");
        let (_, table) = inv.select(Some("dynamodb"), Some("table")).next().unwrap();
        assert_eq!(table.count("item"), 1, "{version}: the item from the DynamoDB Local db");
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn object_bodies_and_function_code_link_to_their_asset_files() {
    // (v3's jsonpickle volume has no asset files.)
    for version in ["v3_binary", "v4", "v4_binary"] {
        let mut inv = inventory(version);
        let (i, bucket) = inv
            .select(Some("s3"), Some("bucket"))
            .find(|(_, l)| l.resource.name == "test-bucket")
            .unwrap();
        let (file, _) =
            bucket.collections.iter().find(|(_, c)| c.kind == "object").cloned().unwrap();
        let c = bucket.collections.iter().position(|(_, c)| c.kind == "object").unwrap();
        let parent = bucket.resource.clone();
        let objects = inv.page(i, c, 0, 10).unwrap();
        assert_eq!(objects.len(), 1);
        let body = inv.asset(file, &objects[0], Some(&parent)).unwrap();
        assert!(
            body.rel.ends_with("s3/assets/test-bucket/test-object@null"),
            "{version}: {}",
            body.rel
        );
        assert_eq!(std::fs::metadata(&body.path).unwrap().len(), body.size);
        let (_, f) = inv.select(Some("lambda"), Some("function")).next().unwrap();
        let code = inv.asset(f.file, &f.resource, None).unwrap();
        assert!(
            code.rel.contains("awslambda-us-east-1-tasks/snapshots%2f000000000000%2ftest-lambda"),
            "{}",
            code.rel
        );
        let bytes = std::fs::read(&code.path).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "{version}: Lambda code is a zip");
    }
}
