//! AWS CloudFormation: stacks and change sets.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "cloudformation",
    title: "CloudFormation",
    collections: &[
        Collection::new("stacks", "stack"),
        Collection::new("change_sets", "change set"),
    ],
    facts: None,
};
