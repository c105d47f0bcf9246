//! Amazon CloudWatch: alarms, dashboards (metrics live in `metrics.db`).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "cloudwatch",
    title: "CloudWatch",
    kinds: &[
        Kind::new("alarm")
            .classes(&["Alarm", "MetricAlarm", "CompositeAlarm"])
            .fields(&["alarms"])
            .name(&["alarm/AlarmName", "name"])
            .columns(&["alarm/StateValue", "alarm/MetricName", "alarm/Namespace"]),
        Kind::new("dashboard").classes(&["Dashboard"]).fields(&["dashboards"]),
        Kind::new("metric").fields(&["metrics"]),
    ],
    ignore: &[],
};
