//! Amazon SNS: topics, subscriptions and platform applications.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sns",
    title: "SNS",
    collections: &[
        Collection::new("topics", "topic"),
        Collection::new("subscriptions", "subscription"),
        Collection::new("platform_applications", "platform application"),
    ],
    facts: None,
};
