//! Amazon Kinesis's control plane in LocalStack's store (records live in kinesis-mock's file).

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "kinesis",
    title: "Kinesis",
    collections: &[Collection::new("streams", "stream")],
    facts: None,
};
