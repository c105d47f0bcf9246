//! AWS IAM: users, roles, groups, instance profiles.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "iam",
    title: "IAM",
    collections: &[
        Collection::new("users", "user"),
        Collection::new("roles", "role"),
        Collection::new("groups", "group"),
        Collection::new("instance_profiles", "instance profile"),
    ],
    facts: None,
};
