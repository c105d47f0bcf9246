//! AWS Systems Manager Parameter Store: parameters (LocalStack's store and moto's backend).

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "ssm",
    title: "SSM",
    collections: &[
        Collection::new("parameters", "parameter"),
        Collection::new("_parameters", "parameter"),
    ],
    facts: None,
};
