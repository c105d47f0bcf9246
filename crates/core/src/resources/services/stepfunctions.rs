//! AWS Step Functions: state machines and their executions, activities.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "stepfunctions",
    title: "Step Functions",
    kinds: &[
        Kind::new("state machine")
            .classes(&["StateMachine", "StateMachineRevision", "StateMachineInstance"])
            .fields(&["state_machines"])
            .name(&["name"])
            .columns(&["arn", "sm_type", "create_date"]),
        Kind::new("execution")
            .classes(&["Execution"])
            .fields(&["executions"])
            .name(&["name"])
            .columns(&["exec_status", "start_date", "stop_date"])
            .within("state machine", &["state_machine_arn", "stateMachineArn"]),
        Kind::new("activity").classes(&["Activity"]).fields(&["activities"]),
    ],
    ignore: &[],
};
