//! AWS KMS: keys.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "kms",
    title: "KMS",
    collections: &[Collection::new("keys", "key")],
    facts: None,
};
