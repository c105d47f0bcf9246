//! Amazon Elasticsearch Service: domains.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "es",
    title: "Elasticsearch",
    collections: &[Collection::new("domains", "domain")],
    facts: None,
};
