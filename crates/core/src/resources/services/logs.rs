//! Amazon CloudWatch Logs: log groups.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "logs",
    title: "CloudWatch Logs",
    collections: &[Collection::new("groups", "log group")],
    facts: None,
};
