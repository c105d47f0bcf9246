//! Amazon EventBridge Scheduler: schedules and schedule groups.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "scheduler",
    title: "Scheduler",
    kinds: &[
        Kind::new("schedule")
            .classes(&["Schedule"])
            .fields(&["schedules"])
            .name(&["name", "Name"])
            .columns(&["group_name", "schedule_expression", "state"])
            .top(),
        Kind::new("schedule group")
            .classes(&["ScheduleGroup"])
            .fields(&["schedule_groups"])
            .name(&["name", "Name"]),
    ],
    ignore: &[],
};
