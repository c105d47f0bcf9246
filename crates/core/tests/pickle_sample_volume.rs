//! The sample volume's real `store.state`/`backend.state` pickles (written by LocalStack
//! 2026.3 with `localstack.state.pickle`, see `assets/sample-volume/README.md`): summaries name
//! the resources the workload created, with the facts the README lists.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_core::formats::pickle;
use localstate_core::model::{Document, Resource, Value};
use localstate_core::resources::catalog;

fn open(service_file: &str) -> Document {
    let path = format!(
        "{}/assets/sample-volume/state/api_states/{service_file}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../..")
    );
    pickle::open_file(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{e:#}"))
}

fn resources(doc: &Document, kind: &str) -> Vec<(String, String, String)> {
    doc.summary
        .resources
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| {
            (
                r.account.clone().unwrap_or_default(),
                r.region.clone().unwrap_or_default(),
                r.name.clone(),
            )
        })
        .collect()
}

fn find<'d>(doc: &'d Document, kind: &str, account: &str, name: &str) -> &'d Resource {
    doc.summary
        .resources
        .iter()
        .find(|r| r.kind == kind && r.name == name && r.account.as_deref() == Some(account))
        .unwrap()
}

/// How many nested resources of kind `nested` the resource holds.
fn count(doc: &Document, kind: &str, account: &str, name: &str, nested: &str) -> u64 {
    find(doc, kind, account, name).collection(nested).map_or(0, |c| c.count)
}

#[test]
fn sqs_queues_messages_and_bodies() {
    let doc = open("sqs/store.state");
    assert_eq!(doc.summary.headline, "SQS · 9 queues · 21 messages");
    let queues = resources(&doc, "queue");
    for name in ["orders", "orders-dlq", "audit-log", "payments.fifo"] {
        assert!(
            queues.contains(&("000000000000".into(), "us-east-1".into(), name.into())),
            "{name}: {queues:?}"
        );
        assert!(
            queues.contains(&("111111111111".into(), "eu-west-1".into(), name.into())),
            "{name}: {queues:?}"
        );
    }
    assert!(queues.contains(&("000000000000".into(), "eu-west-1".into(), "orders".into())));
    assert_eq!(count(&doc, "queue", "000000000000", "orders", "message"), 4);
    assert_eq!(
        count(&doc, "queue", "000000000000", "audit-log", "message"),
        3,
        "2 visible + 1 delayed"
    );
    assert!(find(&doc, "queue", "000000000000", "payments.fifo").class.ends_with("FifoQueue"));
    assert_eq!(count(&doc, "queue", "000000000000", "payments.fifo", "message"), 3);
    let orders = "/000000000000/us-east-1/queues/orders";
    let vt = doc.tree.resolve(&format!("{orders}/attributes/VisibilityTimeout")).unwrap();
    assert_eq!(doc.tree.node(vt).value, Value::Str("45".into()));
    let body = doc.tree.resolve(&format!("{orders}/visible/queue/0/message/Body")).unwrap();
    assert!(
        doc.tree.node(body).value.display().contains("\"order_id\": 0"),
        "{:?}",
        doc.tree.node(body).value
    );
    let raw = doc
        .tree
        .resolve(&format!("{orders}/visible/queue/0/message/MessageAttributes/raw/BinaryValue"))
        .unwrap();
    assert!(matches!(doc.tree.node(raw).value, Value::Bytes(_)));
}

#[test]
fn s3_sns_events_ssm_secrets() {
    let s3 = open("s3/store.state");
    assert_eq!(s3.summary.headline, "S3 · 3 buckets · 12 objects");
    let buckets = resources(&s3, "bucket");
    assert!(
        buckets.contains(&(
            "000000000000".into(),
            "eu-west-1".into(),
            "sample-eu-west-1-0000".into()
        )),
        "{buckets:?}"
    );
    assert!(
        buckets.contains(&(
            "111111111111".into(),
            "eu-west-1".into(),
            "sample-eu-west-1-1111".into()
        )),
        "{buckets:?}"
    );
    assert_eq!(count(&s3, "bucket", "000000000000", "sample-us-east-1-0000", "object"), 4);

    let sns = open("sns/store.state");
    assert_eq!(sns.summary.headline, "SNS · 2 topics · 2 subscriptions");
    let topic = find(&sns, "topic", "000000000000", "order-events");
    assert_eq!(topic.arn.as_deref(), Some("arn:aws:sns:us-east-1:000000000000:order-events"));

    let mut events = open("events/store.state");
    let bus = find(&events, "event bus", "000000000000", "default").clone();
    let rules = catalog::Builder::within(&bus)
        .page(&mut events, &bus, bus.collection("rule").unwrap(), 0, 10)
        .unwrap();
    let rules: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(rules, ["nightly", "order-created"]);

    let ssm = open("ssm/backend.state");
    assert_eq!(ssm.summary.headline, "SSM · 6 parameters");
    let params: Vec<String> = resources(&ssm, "parameter")
        .into_iter()
        .filter(|r| r.0 == "111111111111")
        .map(|r| r.2)
        .collect();
    assert_eq!(params, vec!["/app/db/host", "/app/db/password", "/app/features"]);

    let secrets = open("secretsmanager/backend.state");
    let names: Vec<String> = resources(&secrets, "secret")
        .into_iter()
        .filter(|r| r.0 == "000000000000")
        .map(|r| r.2)
        .collect();
    assert_eq!(names, vec!["prod/api-key", "prod/cert"]);
}
