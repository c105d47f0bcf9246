//! AWS Secrets Manager: secrets.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "secretsmanager",
    title: "Secrets Manager",
    collections: &[Collection::new("secrets", "secret")],
    facts: None,
};
