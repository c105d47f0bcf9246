//! The resource layer on odd input (hand-made trees: these are malformed cases, not state a
//! program wrote): a profiled field of another shape is noted and whatever discovery finds
//! is still listed; a resource that is only a ref, an empty store, a million messages in one
//! queue (counted without listing, paged from the end).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

use localstate_core::model::{Document, NodeId, Tree, Value};
use localstate_core::resources::catalog;

const BUNDLE: &str = "localstack.services.stores.AccountRegionBundle";
const REGIONS: &str = "localstack.services.stores.RegionBundle";
const STORE: &str = "localstack.services.sqs.models.SqsStore";
const QUEUE: &str = "localstack.services.sqs.models.StandardQueue";
const MESSAGE: &str = "localstack.services.sqs.models.SqsMessage";

/// An SQS store of account 000000000000 in us-east-1; returns the tree and the store node.
fn store() -> (Tree, NodeId) {
    let mut t = Tree::new("root", BUNDLE);
    let acct = t.push_container(Tree::ROOT, "000000000000", REGIONS, false);
    let store = t.push_container(acct, "us-east-1", STORE, false);
    t.push(store, "_service_name", "str", Value::Str("sqs".into()));
    (t, store)
}

fn queue(t: &mut Tree, parent: NodeId, name: &str) -> NodeId {
    let q = t.push_container(parent, name, QUEUE, false);
    t.push(q, "name", "str", Value::Str(name.into()));
    q
}

#[test]
fn a_profiled_field_of_another_shape_is_noted_and_discovery_still_lists() {
    let (mut t, store) = store();
    // `queues` is a list of strings here (not a dict of queues)...
    let odd = t.push_container(store, "queues", "list", true);
    t.push(odd, "0", "str", Value::Str("orders".into()));
    // ... and the queues moved to a field no profile knows.
    let moved = t.push_container(store, "queue_registry", "dict", false);
    queue(&mut t, moved, "orders");
    queue(&mut t, moved, "audit");
    let summary = catalog::summarize(&mut t);
    let names: Vec<&str> = summary.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["orders", "audit"]);
    assert!(summary.resources.iter().all(|r| r.kind == "queue"), "{:?}", summary.resources);
    assert_eq!(summary.notes.len(), 1, "{:?}", summary.notes);
    assert!(
        summary.notes[0].contains("`queues`") && summary.notes[0].contains("list"),
        "{}",
        summary.notes[0]
    );
    assert_eq!(summary.headline, "SQS · 2 queues");
}

#[test]
fn refs_empty_fields_and_missing_names_do_not_break_the_listing() {
    let (mut t, store) = store();
    let queues = t.push_container(store, "queues", "dict", false);
    let first = queue(&mut t, queues, "orders");
    // A second occurrence of the same queue (a shared reference) and a queue without a name.
    t.push(queues, "orders-again", "ref", Value::Ref(first));
    t.push_container(queues, "nameless", QUEUE, false);
    t.push_container(store, "deleted", "dict", false);
    let summary = catalog::summarize(&mut t);
    let names: Vec<&str> = summary.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["orders", "orders", "nameless"],
        "a ref lists what it refers to; a nameless one its key"
    );
    assert_eq!(summary.resources[1].node, Some(first));
    assert!(summary.notes.is_empty());
}

#[test]
fn a_million_messages_are_counted_and_paged_not_listed() {
    const N: usize = 1_000_000;
    let (mut t, store) = store();
    let queues = t.push_container(store, "queues", "dict", false);
    let q = queue(&mut t, queues, "big");
    let visible = t.push_container(
        q,
        "visible",
        "localstack.services.sqs.queue.InterruptiblePriorityQueue",
        false,
    );
    let list = t.push_container(visible, "queue", "list", true);
    for i in 0..N {
        let m = t.push_container(list, i.to_string(), MESSAGE, false);
        t.push(m, "message_id", "str", Value::Str(format!("m-{i}")));
    }
    let mut doc = Document { tree: t, ..Document::default() };
    let summary = catalog::summarize(&mut doc.tree);
    assert_eq!(summary.headline, "SQS · 1 queue · 1,000,000 messages");
    let big = &summary.resources[0];
    let messages = big.collection("message").unwrap();
    assert_eq!(messages.count, N as u64);
    let last =
        catalog::Builder::within(big).page(&mut doc, big, messages, N as u64 - 3, 10).unwrap();
    let names: Vec<&str> = last.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["m-999997", "m-999998", "m-999999"]);
}
