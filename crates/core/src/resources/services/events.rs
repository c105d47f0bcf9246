//! Amazon EventBridge: event buses (with the rules inside each), rules, archives, connections.

use super::{Collection, Profile};
use crate::model::NodeId;
use crate::resources::summary::Gather;

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "events",
    title: "EventBridge",
    collections: &[
        Collection::new("event_buses", "event bus"),
        Collection::new("rules", "rule"),
        Collection::new("archives", "archive"),
        Collection::new("connections", "connection"),
    ],
    facts: Some(facts),
};

/// The rules inside an event bus, each a resource of its own.
fn facts(g: &mut Gather<'_>, bus: NodeId, bus_name: &str) -> Vec<(String, String)> {
    let rules = g.child(bus, "rules").map(|r| g.entries(r)).unwrap_or_default();
    for r in &rules {
        let name = g.tree.node(*r).name.clone();
        g.nested("rule", name, vec![("bus".into(), bus_name.to_string())], *r);
    }
    vec![("rules".into(), rules.len().to_string())]
}
