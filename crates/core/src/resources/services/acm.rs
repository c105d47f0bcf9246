//! AWS Certificate Manager: certificates.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "acm",
    title: "ACM",
    collections: &[
        Collection::new("_certificates", "certificate"),
        Collection::new("certificates", "certificate"),
    ],
    facts: None,
};
