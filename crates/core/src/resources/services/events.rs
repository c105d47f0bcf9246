//! Amazon EventBridge: event buses with their rules, archives, connections, API destinations, replays.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "events",
    title: "EventBridge",
    kinds: &[
        Kind::new("event bus")
            .classes(&["EventBus"])
            .fields(&["event_buses"])
            .name(&["name"])
            .columns(&["arn"]),
        Kind::new("rule").classes(&["Rule"]).fields(&["rules"]).name(&["name"]).columns(&[
            "state",
            "event_pattern",
            "schedule_expression",
        ]),
        Kind::new("target").classes(&["Target"]).fields(&["targets"]),
        Kind::new("archive").classes(&["Archive"]).fields(&["archives"]).name(&["name"]),
        Kind::new("connection").classes(&["Connection"]).fields(&["connections"]).name(&["name"]),
        Kind::new("api destination")
            .classes(&["ApiDestination"])
            .fields(&["api_destinations"])
            .name(&["name"]),
        Kind::new("replay").classes(&["Replay"]).fields(&["replays"]),
    ],
    ignore: &[],
};
