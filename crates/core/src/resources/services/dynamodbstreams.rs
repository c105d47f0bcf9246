//! Amazon DynamoDB Streams.

use super::Profile;

/// The profile.
pub const PROFILE: Profile =
    Profile { id: "dynamodbstreams", title: "DynamoDB Streams", collections: &[], facts: None };
