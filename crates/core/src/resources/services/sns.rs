//! Amazon SNS: topics, their subscriptions, platform applications.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sns",
    title: "SNS",
    kinds: &[
        Kind::new("topic")
            .classes(&["Topic"])
            .fields(&["topics"])
            .name(&["name", "Name"])
            .columns(&["arn", "TopicArn", "DisplayName"]),
        Kind::new("subscription")
            .classes(&["Subscription"])
            .fields(&["subscriptions", "topic_subscriptions"])
            .name(&["SubscriptionArn", "arn"])
            .columns(&["Protocol", "Endpoint", "TopicArn"])
            .within("topic", &["TopicArn", "topic_arn"]),
        Kind::new("platform application")
            .classes(&["PlatformApplication"])
            .fields(&["platform_applications"]),
        Kind::new("platform endpoint")
            .classes(&["PlatformEndpoint"])
            .fields(&["platform_endpoints"]),
    ],
    ignore: &["sns_tags", "subscription_filter_policy"],
};
