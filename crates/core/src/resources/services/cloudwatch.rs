//! Amazon CloudWatch: alarms and dashboards (metrics live in `metrics.db`).

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "cloudwatch",
    title: "CloudWatch",
    collections: &[Collection::new("alarms", "alarm"), Collection::new("dashboards", "dashboard")],
    facts: None,
};
