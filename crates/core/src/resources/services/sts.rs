//! AWS STS: assumed roles.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sts",
    title: "STS",
    collections: &[Collection::new("assumed_roles", "assumed role")],
    facts: None,
};
