//! Amazon SQS: queues, and the messages they hold (counted by the profile's facts).

use super::{Collection, Profile};
use crate::model::NodeId;
use crate::resources::summary::Gather;

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sqs",
    title: "SQS",
    collections: &[Collection::new("queues", "queue")],
    facts: Some(facts),
};

/// A queue's type and how many messages it holds (visible + in flight + delayed).
fn facts(g: &mut Gather<'_>, queue: NodeId, name: &str) -> Vec<(String, String)> {
    let fifo = g.tree.node(queue).ty.contains("Fifo") || name.ends_with(".fifo");
    let mut total = 0;
    for field in ["visible", "inflight", "delayed"] {
        let Some(c) = g.child(queue, field) else { continue };
        // `visible` is a queue.PriorityQueue object whose `queue` field is the heap list.
        let list = g.child(c, "queue").unwrap_or(c);
        total += g.count_entries(list);
    }
    // FIFO queues keep messages per group.
    if let Some(groups) = g.child(queue, "message_groups") {
        for group in g.entries(groups) {
            total += g.child(group, "messages").map_or(0, |m| g.count_entries(m));
        }
    }
    g.count("message", total);
    vec![
        ("type".into(), if fifo { "fifo" } else { "standard" }.into()),
        ("messages".into(), total.to_string()),
    ]
}
