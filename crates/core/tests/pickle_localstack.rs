//! Real LocalStack pickles (the localstack-persist corpus, v3 and v4 binary snapshots): every
//! file decodes, and the presented tree and summary name the resources that were created
//! (what the jsonpickle twins in `v3/`, `v4/` of the corpus hold).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use std::path::{Path, PathBuf};

use localstate_core::formats::pickle;
use localstate_core::model::{Document, Scope, Value};

fn corpus() -> PathBuf {
    common::corpus_root()
}

fn open(rel: &str) -> Document {
    let path = corpus().join(rel);
    pickle::open_file(&path).unwrap_or_else(|e| panic!("{e:#}"))
}

fn pickles_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = common::files_under(dir);
    out.retain(|p| p.extension().is_some_and(|x| x == "pkl"));
    out
}

fn names(doc: &Document, kind: &str) -> Vec<String> {
    doc.summary.resources.iter().filter(|r| r.kind == kind).map(|r| r.name.clone()).collect()
}

fn leaf(doc: &Document, pointer: &str) -> Value {
    let id = doc
        .tree
        .resolve(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in {}", doc.summary.headline));
    doc.tree.node(id).value.clone()
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_corpus_pickle_decodes_with_named_classes() {
    for version in ["v3_binary", "v4_binary"] {
        let files = pickles_under(&corpus().join(version));
        let mut empties = 0;
        assert!(files.len() >= 9, "{version}: {} pickles", files.len());
        for f in files {
            let doc = pickle::open_file(&f).unwrap_or_else(|e| panic!("{e:#}"));
            let root = doc.tree.node(0);
            assert!(
                root.ty.starts_with("localstack.") || root.ty.starts_with("moto."),
                "{}: root is {}",
                f.display(),
                root.ty
            );
            // A store either holds state for the default account or is reported empty.
            let empty = doc.summary.headline.ends_with(" · no state");
            assert_eq!(
                doc.scopes.iter().any(|s| s.account == "000000000000"),
                !empty,
                "{}: {} scopes {:?}",
                f.display(),
                doc.summary.headline,
                doc.scopes
            );
            assert!(
                !doc.summary.headline.contains("entries"),
                "{}: {}",
                f.display(),
                doc.summary.headline
            );
            empties += empty as usize;
            // Every leaf has a pointer that resolves back to it.
            for id in (0..doc.tree.len() as u32).step_by(7) {
                assert_eq!(doc.tree.resolve(&doc.tree.pointer(id)), Some(id), "{}", f.display());
            }
        }
        // v3: the moto SQS backend; v4: also CloudWatch, ES and the STS store are empty.
        assert_eq!(empties, if version == "v3_binary" { 1 } else { 4 }, "{version}");
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn sqs_store_shows_queues_attributes_and_scopes() {
    for v in ["v3_binary", "v4_binary"] {
        let doc = open(&format!("{v}/sqs/store.pkl"));
        assert!(doc.summary.headline.starts_with("SQS · "), "{}", doc.summary.headline);
        assert!(
            names(&doc, "queue").contains(&"test-queue".to_string()),
            "{v}: {:?}",
            doc.summary.resources
        );
        let q = "/000000000000/us-east-1/queues/test-queue";
        assert_eq!(
            leaf(&doc, &format!("{q}/attributes/VisibilityTimeout")),
            Value::Str("30".into())
        );
        assert_eq!(leaf(&doc, &format!("{q}/attributes/DelaySeconds")), Value::Str("123".into()));
        assert_eq!(leaf(&doc, &format!("{q}/name")), Value::Str("test-queue".into()));
        // The enum key keeps its value; the lambda attribute is an opaque function.
        let t = doc.tree.node(
            doc.tree.resolve(&format!("{q}/attributes/ApproximateNumberOfMessages")).unwrap(),
        );
        assert_eq!(t.ty, "function");
        assert!(t.value.display().contains("<lambda>"), "{}", t.value.display());
        assert!(
            doc.scopes.contains(&Scope {
                account: "000000000000".into(),
                region: Some("us-east-1".into())
            })
        );
        let q = doc.summary.resources.iter().find(|r| r.name == "test-queue").unwrap();
        assert_eq!(q.account.as_deref(), Some("000000000000"));
        assert_eq!(q.region.as_deref(), Some("us-east-1"));
        assert!(q.class.ends_with("StandardQueue"), "{}", q.class);
        assert_eq!(
            doc.tree
                .node(doc.tree.resolve("/000000000000/us-east-1/queues/test-queue/mutex").unwrap())
                .value,
            Value::Text("RLock (unlocked)".into())
        );
    }
    let v3 = open("v3_binary/sqs/store.pkl");
    assert!(
        names(&v3, "queue").iter().any(|n| n.starts_with("test-lambda-")),
        "{:?}",
        names(&v3, "queue")
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn s3_store_lists_buckets_and_objects() {
    for v in ["v3_binary", "v4_binary"] {
        let doc = open(&format!("{v}/s3/store.pkl"));
        let buckets = names(&doc, "bucket");
        assert!(
            buckets.contains(&"test-bucket".to_string()),
            "{v}: {} {buckets:?}",
            doc.summary.headline
        );
        assert!(buckets.contains(&"awslambda-us-east-1-tasks".to_string()), "{v}: {buckets:?}");
        // Objects are nested in their bucket, with their typed size.
        let bucket =
            doc.summary.resources.iter().find(|r| r.name == "test-bucket").unwrap().clone();
        let objects = bucket.collection("object").unwrap();
        let mut doc = doc;
        let listed = localstate_core::resources::catalog::Builder::within(&bucket)
            .page(&mut doc, &bucket, objects, 0, 10)
            .unwrap();
        assert_eq!(listed.len(), 1, "{v}");
        assert_eq!(listed[0].name, "test-object");
        assert!(
            matches!(listed[0].field("size"), Some(Value::Int(n)) if *n > 0),
            "{:?}",
            listed[0].fields
        );
        assert!(doc.summary.headline.starts_with("S3 · 2 buckets"), "{}", doc.summary.headline);
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn other_services_name_their_resources() {
    for v in ["v3_binary", "v4_binary"] {
        let ddb = open(&format!("{v}/dynamodb/store.pkl"));
        assert_eq!(
            names(&ddb, "table"),
            vec!["test-table".to_string()],
            "{v}: {}",
            ddb.summary.headline
        );
        let lambda = open(&format!("{v}/lambda/store.pkl"));
        assert_eq!(
            names(&lambda, "function"),
            vec!["test-lambda".to_string()],
            "{v}: {}",
            lambda.summary.headline
        );
        let acm = open(&format!("{v}/acm/backend.pkl"));
        let certs = names(&acm, "certificate");
        // Named by its domain (as the console lists it), the ARN beside.
        assert_eq!(certs, ["test"], "{v}");
        let cert = acm.summary.resources.iter().find(|r| r.kind == "certificate").unwrap();
        let arn = cert.arn.as_deref().unwrap_or_default();
        assert!(arn.starts_with("arn:aws:acm:us-east-1:000000000000:certificate/"), "{v}: {arn}");
        let iam = open(&format!("{v}/iam/backend.pkl"));
        assert!(iam.summary.headline.starts_with("IAM"), "{v}: {}", iam.summary.headline);
        assert!(iam.tree.len() > 10_000, "the moto IAM backend holds the AWS managed policies");
    }
}
