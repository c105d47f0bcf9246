//! Amazon DynamoDB's control plane in LocalStack's store (items live in DynamoDB Local's database).

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "dynamodb",
    title: "DynamoDB",
    collections: &[
        Collection::new("table_definitions", "table"),
        Collection::new("tables", "table"),
    ],
    facts: None,
};
