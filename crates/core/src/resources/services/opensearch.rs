//! Amazon OpenSearch Service: domains.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "opensearch",
    title: "OpenSearch",
    collections: &[Collection::new("domains", "domain")],
    facts: None,
};
