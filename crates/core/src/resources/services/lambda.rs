//! AWS Lambda: functions, layers, event source mappings.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "lambda",
    title: "Lambda",
    collections: &[
        Collection::new("functions", "function"),
        Collection::new("layers", "layer"),
        Collection::new("event_source_mappings", "event source mapping"),
    ],
    facts: None,
};
