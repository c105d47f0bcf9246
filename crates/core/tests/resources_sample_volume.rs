//! The resource layer on the bundled sample volume (real state written by LocalStack 2026.3,
//! DynamoDB Local and kinesis-mock; what the workload created is in
//! `tools/sample/workload_sample.py`): the inventory lists each resource once with its nested
//! collections counted, pages through them with typed fields, merges files, and discovery
//! alone (no profile) still finds the same resources.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use std::path::PathBuf;

use localstate_core::model::Value;
use localstate_core::resources::catalog;
use localstate_core::volume::inventory::Inventory;
use localstate_core::volume::overview::Overview;
use localstate_core::volume::scan;

fn sample() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/sample-volume"))
}

fn inventory() -> Inventory {
    let vol = scan(&sample()).unwrap();
    Inventory::build(&vol, &mut |_, _, _| {})
}

/// `(account, region, name, count of nested kind)` of every resource of `service`/`kind`.
fn listed(
    inv: &Inventory,
    service: &str,
    kind: &str,
    nested: &str,
) -> Vec<(String, String, String, u64)> {
    let mut out: Vec<_> = inv
        .select(Some(service), Some(kind))
        .map(|(_, l)| {
            let r = &l.resource;
            (
                r.account.clone().unwrap_or_default(),
                r.region.clone().unwrap_or_default(),
                r.name.clone(),
                l.count(nested),
            )
        })
        .collect();
    out.sort();
    out
}

fn row(a: &str, r: &str, n: &str, c: u64) -> (String, String, String, u64) {
    (a.into(), r.into(), n.into(), c)
}

#[test]
fn queues_are_listed_once_each_with_their_messages_counted() {
    let inv = inventory();
    let queues = listed(&inv, "sqs", "queue", "message");
    // workload_sample.py: orders (3 sent + 1 from SNS), audit-log (3, one delayed),
    // payments.fifo (3 in two groups), orders-dlq (empty); eu-west-1 of 000… has only the
    // SNS-fed `orders` queue.
    assert_eq!(
        queues,
        vec![
            row("000000000000", "eu-west-1", "orders", 1),
            row("000000000000", "us-east-1", "audit-log", 3),
            row("000000000000", "us-east-1", "orders", 4),
            row("000000000000", "us-east-1", "orders-dlq", 0),
            row("000000000000", "us-east-1", "payments.fifo", 3),
            row("111111111111", "eu-west-1", "audit-log", 3),
            row("111111111111", "eu-west-1", "orders", 4),
            row("111111111111", "eu-west-1", "orders-dlq", 0),
            row("111111111111", "eu-west-1", "payments.fifo", 3),
        ]
    );
}

#[test]
fn messages_page_with_their_state_and_typed_fields() {
    let mut inv = inventory();
    let (i, audit) = inv
        .select(Some("sqs"), Some("queue"))
        .find(|(_, l)| {
            l.resource.name == "audit-log" && l.resource.account.as_deref() == Some("000000000000")
        })
        .unwrap();
    let c = audit.collections.iter().position(|(_, c)| c.kind == "message").unwrap();
    let messages = inv.page(i, c, 0, 100).unwrap();
    let bodies: Vec<(String, String)> = messages
        .iter()
        .map(|m| {
            let text = |f: &str| m.field(f).map(Value::display).unwrap_or_default();
            (text("state"), text("message/Body"))
        })
        .collect();
    assert!(
        bodies.contains(&("delayed".into(), "delayed: nightly report due".into())),
        "{bodies:?}"
    );
    assert!(bodies.contains(&("visible".into(), "user alice logged in".into())), "{bodies:?}");
    assert_eq!(messages.len(), 3);
    // Typed, not strings: the receive count is an int, the creation time a float.
    assert!(matches!(messages[0].field("receive_count"), Some(Value::Int(0))));
    assert!(matches!(messages[0].field("created"), Some(Value::Float(_))));
    // Named by MessageId, in the queue's account and region.
    assert_eq!(messages[0].name.len(), 36);
    assert_eq!(messages[0].region.as_deref(), Some("us-east-1"));
    // Paging: an offset past the first part continues in the next.
    let rest = inv.page(i, c, 1, 100).unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0].name, messages[1].name);
}

#[test]
fn fifo_messages_are_counted_through_their_groups() {
    let mut inv = inventory();
    let (i, fifo) = inv
        .select(Some("sqs"), Some("queue"))
        .find(|(_, l)| l.resource.name == "payments.fifo")
        .unwrap();
    let c = fifo.collections.iter().position(|(_, c)| c.kind == "message").unwrap();
    let messages = inv.page(i, c, 0, 10).unwrap();
    let groups: Vec<String> =
        messages.iter().filter_map(|m| m.field("state").map(Value::display)).collect();
    assert_eq!(groups, ["customer-0", "customer-0", "customer-1"]);
    assert!(
        messages
            .iter()
            .all(|m| m.field("message/Body").is_some_and(|b| b.display().contains("payment")))
    );
}

#[test]
fn buckets_hold_their_objects_and_global_resources_carry_their_region() {
    let mut inv = inventory();
    let buckets = listed(&inv, "s3", "bucket", "object");
    assert_eq!(
        buckets,
        vec![
            row("000000000000", "eu-west-1", "sample-eu-west-1-0000", 4),
            row("000000000000", "us-east-1", "sample-us-east-1-0000", 4),
            row("111111111111", "eu-west-1", "sample-eu-west-1-1111", 4),
        ]
    );
    let (i, b) = inv.select(Some("s3"), Some("bucket")).next().unwrap();
    let c = b.collections.iter().position(|(_, c)| c.kind == "object").unwrap();
    let objects = inv.page(i, c, 0, 10).unwrap();
    let mut keys: Vec<(String, i64)> = objects
        .iter()
        .map(|o| {
            (
                o.name.clone(),
                match o.field("size") {
                    Some(Value::Int(n)) => *n,
                    _ => -1,
                },
            )
        })
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            ("bin/random.bin".to_string(), 256),
            ("data/config.json".to_string(), 27),
            ("images/pixel.png".to_string(), 33),
            ("readme.txt".to_string(), 22),
        ]
    );
}

#[test]
fn tables_and_streams_come_with_their_rows() {
    let mut inv = inventory();
    let tables = listed(&inv, "dynamodb", "table", "item");
    assert_eq!(tables.len(), 6);
    assert!(tables.contains(&row("111111111111", "eu-west-1", "users", 5)), "{tables:?}");
    let (i, users) = inv
        .select(Some("dynamodb"), Some("table"))
        .find(|(_, l)| l.resource.name == "users")
        .unwrap();
    let c = users.collections.iter().position(|(_, c)| c.kind == "item").unwrap();
    let items = inv.page(i, c, 0, 100).unwrap();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|it| it.row.is_some() && !it.fields.is_empty()));
    let streams = listed(&inv, "kinesis", "stream", "record");
    assert_eq!(
        streams,
        vec![
            row("000000000000", "us-east-1", "clickstream", 10),
            row("111111111111", "eu-west-1", "clickstream", 10)
        ]
    );
}

#[test]
fn the_other_services_list_what_the_workload_made() {
    let inv = inventory();
    let names = |service: &str, kind: &str| -> Vec<String> {
        let mut v: Vec<String> =
            inv.select(Some(service), Some(kind)).map(|(_, l)| l.resource.name.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(names("ssm", "parameter"), ["/app/db/host", "/app/db/password", "/app/features"]);
    assert_eq!(names("secretsmanager", "secret"), ["prod/api-key", "prod/cert"]);
    assert_eq!(names("sns", "topic"), ["order-events"]);
    // Subscriptions are kept beside the topics in the store and listed inside their topic.
    assert_eq!(inv.select(Some("sns"), Some("subscription")).count(), 0);
    let topics = listed(&inv, "sns", "topic", "subscription");
    assert!(topics.iter().all(|t| t.3 == 1), "{topics:?}");
    let buses = listed(&inv, "events", "event bus", "rule");
    assert!(buses.iter().all(|(_, _, n, rules)| n == "default" && *rules == 2), "{buses:?}");
}

#[test]
fn discovery_alone_finds_the_same_queues_and_their_messages() {
    // The SQS store read as if no profile knew the service.
    let path = sample().join("state/api_states/sqs/store.state");
    let mut doc =
        localstate_core::formats::open(&path, localstate_core::formats::sniff(&path)).unwrap();
    let mut names = Vec::new();
    for store in catalog::stores(&mut doc.tree) {
        for r in catalog::store_resources(&mut doc.tree, &store, "mystery") {
            // From the classes: `standard queue`, or `queue` where FIFO queues are beside.
            assert!(r.kind.ends_with("queue"), "{}", r.kind);
            assert!(r.collections.iter().any(|c| c.kind == "sqs message"), "{:?}", r.collections);
            names.push(r.name);
        }
    }
    names.sort();
    names.dedup();
    assert_eq!(names, ["audit-log", "orders", "orders-dlq", "payments.fifo"]);
}

#[test]
fn the_overview_counts_sizes_and_ranks_what_takes_the_space() {
    let vol = scan(&sample()).unwrap();
    let mut inv = Inventory::build(&vol, &mut |_, _, _| {});
    let o = Overview::of(&vol, &mut inv);
    assert_eq!(o.totals.files, vol.file_count());
    assert_eq!(o.totals.bytes, vol.total_size());
    assert_eq!(o.totals.problems, 0);
    let sqs = o.services.iter().find(|s| s.service == "sqs").unwrap();
    assert_eq!(sqs.kinds, vec![("queue".to_string(), 9), ("message".to_string(), 21)]);
    assert_eq!(sqs.bytes, vol.service("sqs").unwrap().all_entries().map(|e| e.size).sum::<u64>());
    // Services are ranked by bytes; the largest file is first.
    assert!(o.services.windows(2).all(|w| w[0].bytes >= w[1].bytes));
    assert!(o.largest_files.windows(2).all(|w| w[0].bytes >= w[1].bytes));
    // The largest resources include nested ones (an S3 object of 256 bytes is named with its bucket).
    assert!(o.largest_resources.windows(2).all(|w| w[0].bytes >= w[1].bytes));
    assert!(!o.largest_resources.is_empty());
    assert!(o.render().contains("SQS"));
}

/// The first items of every nested collection, read by one thread per file on every core,
/// are each collection's first page as `Inventory::page` lists it, in their own places; the
/// pages after them continue from what those first pages learnt.
#[test]
fn first_items_of_every_collection_are_their_first_pages() {
    let (mut parallel, mut serial) = (inventory(), inventory());
    let firsts = parallel.first_items(2, &|_, r| r.name.clone());
    assert_eq!(firsts.len(), serial.resources.len());
    let (mut compared, mut files) = (0, std::collections::BTreeSet::new());
    for (i, pages) in firsts.iter().enumerate() {
        assert_eq!(pages.len(), serial.resources[i].collections.len());
        for (c, items) in pages.iter().enumerate() {
            let what = format!("{} / {}", serial.resources[i].resource.name, c);
            let expected: Vec<String> =
                serial.page(i, c, 0, 2).unwrap().into_iter().map(|r| r.name).collect();
            let got: Vec<String> = items.iter().map(|(r, _)| r.name.clone()).collect();
            assert_eq!(got, expected, "{what}");
            assert!(items.iter().all(|(r, measured)| r.name == *measured), "{what}");
            let next = |inv: &mut Inventory| -> Vec<String> {
                inv.page(i, c, 2, 5).unwrap().into_iter().map(|r| r.name).collect()
            };
            assert_eq!(next(&mut parallel), next(&mut serial), "{what}");
            compared += items.len();
            files.insert(serial.resources[i].collections[c].0);
        }
    }
    assert!(compared >= 20 && files.len() >= 4, "{compared} items of {} files", files.len());
}

/// A table's items (rows of the DynamoDB Local db, which have no tree node) are sized by
/// their attributes, so a big table is among what takes the space.
#[test]
fn dynamodb_items_are_sized_by_their_attributes() {
    let mut inv = inventory();
    let (i, file, name) = inv
        .select(Some("dynamodb"), Some("table"))
        .find(|(_, l)| !l.collections.is_empty())
        .map(|(i, l)| (i, l.collections[0].0, l.resource.name.clone()))
        .unwrap();
    let items = inv.page(i, 0, 0, 10).unwrap();
    assert!(!items.is_empty(), "{name}");
    let tree = &inv.files[file].doc.as_ref().unwrap().tree;
    for item in &items {
        let text: u64 = item
            .fields
            .iter()
            .map(|(_, v)| match v {
                Value::Str(s) | Value::Text(s) => s.len() as u64,
                Value::Bytes(b) => b.len() as u64,
                _ => 0,
            })
            .sum();
        assert!(text > 0, "{:?}", item.fields);
        assert_eq!(
            localstate_core::volume::overview::size_of(Some(tree), item),
            text,
            "{}",
            item.name
        );
    }
}

/// The services the sample has beyond the first wave (workload_resources.py's steps, in
/// 000000000000/us-east-1): IAM, KMS, Logs and Step Functions, each with what it holds.
#[test]
fn iam_kms_logs_and_step_functions_of_the_sample_are_listed() {
    let mut inv = inventory();
    let names = |inv: &Inventory, service: &str, kind: &str| {
        let mut n: Vec<String> =
            inv.select(Some(service), Some(kind)).map(|(_, l)| l.resource.name.clone()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&inv, "iam", "user"), ["alice", "bob"]);
    assert_eq!(names(&inv, "iam", "role"), ["lambda-exec", "pipeline"]);
    assert_eq!(names(&inv, "iam", "group"), ["developers"]);
    assert_eq!(names(&inv, "iam", "instance profile"), ["web-servers"]);
    // LocalStack's native entities keep the API shape under their name (`user/Arn`); the
    // policies of users and roles are their nested collections.
    let (alice, l) = inv
        .select(Some("iam"), Some("user"))
        .find(|(_, l)| l.resource.name == "alice")
        .map(|(i, l)| (i, l.resource.clone()))
        .unwrap();
    assert_eq!(l.arn.as_deref(), Some("arn:aws:iam::000000000000:user/alice"));
    let policies = nested(&mut inv, alice, "inline policy");
    assert_eq!(policies.len(), 1);
    assert_eq!(policies[0].name, "inline");
    let doc = policies[0].field("value").unwrap().display();
    assert!(doc.contains("s3%3AGetObject"), "the URL-encoded document: {doc}");
    let value = policies[0].field("value").unwrap();
    let best = &localstate_core::values::views(value)[0];
    assert_eq!(best.to_string(), "URL-encoded → JSON", "the viewer decodes it");
    let (pipeline, _) =
        inv.select(Some("iam"), Some("role")).find(|(_, l)| l.resource.name == "pipeline").unwrap();
    let attached = nested(&mut inv, pipeline, "attached policy");
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, "read-artifacts");
    assert_eq!(attached[0].arn.as_deref(), Some("arn:aws:iam::000000000000:policy/read-artifacts"));
    assert_eq!(names(&inv, "kms", "alias"), ["alias/app-data", "alias/signing"]);
    let keys: Vec<String> = inv
        .select(Some("kms"), Some("key"))
        .filter_map(|(_, l)| l.resource.fields.iter().find(|(k, _)| k.ends_with("Description")))
        .map(|(_, v)| v.display())
        .collect();
    assert_eq!(keys.len(), 2, "both keys, with their descriptions: {keys:?}");
    assert_eq!(
        listed(&inv, "logs", "log group", "log stream"),
        [
            row("000000000000", "us-east-1", "/app/web", 2),
            row("000000000000", "us-east-1", "/app/worker", 0)
        ]
    );
    assert_eq!(
        listed(&inv, "stepfunctions", "state machine", "execution"),
        [
            row("000000000000", "us-east-1", "hello-pass", 2),
            row("000000000000", "us-east-1", "never-run", 0)
        ]
    );
    // A log group's streams page to their events: `i-0001 line 0..2`.
    let (web, _) = inv
        .select(Some("logs"), Some("log group"))
        .find(|(_, l)| l.resource.name == "/app/web")
        .unwrap();
    let c =
        inv.resources[web].collections.iter().position(|(_, c)| c.kind == "log stream").unwrap();
    let streams = inv.page(web, c, 0, 10).unwrap();
    let i1 = streams.iter().find(|s| s.name == "i-0001").unwrap();
    assert_eq!(i1.collection("log event").map(|c| c.count), Some(3));
}

/// Every item of resource `i`'s nested collection of kind `kind` (none when it has none).
fn nested(inv: &mut Inventory, i: usize, kind: &str) -> Vec<localstate_core::model::Resource> {
    match inv.resources[i].collections.iter().position(|(_, c)| c.kind == kind) {
        Some(c) => inv.page(i, c, 0, 100).unwrap(),
        None => Vec::new(),
    }
}
