//! Amazon API Gateway: REST APIs.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "apigateway",
    title: "API Gateway",
    collections: &[Collection::new("apis", "api"), Collection::new("rest_apis", "api")],
    facts: None,
};
