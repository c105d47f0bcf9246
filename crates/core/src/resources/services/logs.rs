//! Amazon CloudWatch Logs: log groups, their streams and events.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "logs",
    title: "CloudWatch Logs",
    kinds: &[
        Kind::new("log group")
            .classes(&["LogGroup"])
            .fields(&["groups", "log_groups"])
            .name(&["name", "logGroupName"])
            .columns(&["creation_time", "retention_in_days"]),
        Kind::new("log stream")
            .classes(&["LogStream"])
            .fields(&["streams", "log_streams"])
            .name(&["log_stream_name", "logStreamName"]),
        Kind::new("log event")
            .classes(&["LogEvent"])
            .fields(&["events"])
            .columns(&["timestamp", "message"]),
    ],
    ignore: &[],
};
