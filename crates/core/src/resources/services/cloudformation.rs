//! AWS CloudFormation: stacks with their resources and outputs, change sets, stack sets.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "cloudformation",
    title: "CloudFormation",
    kinds: &[
        Kind::new("stack")
            .classes(&["Stack"])
            .fields(&["stacks", "stacks_v2"])
            .name(&["stack_name", "StackName"])
            .columns(&["status", "creation_time"]),
        Kind::new("stack resource")
            .fields(&["resources", "resolved_resources"])
            .name(&["LogicalResourceId"])
            .columns(&["Type", "PhysicalResourceId"]),
        Kind::new("output")
            .fields(&["outputs", "resolved_outputs"])
            .name(&["OutputKey"])
            .columns(&["OutputValue"]),
        Kind::new("change set").classes(&["ChangeSet"]).fields(&["change_sets"]),
        Kind::new("stack set").classes(&["StackSet"]).fields(&["stack_sets"]),
    ],
    ignore: &["exports"],
};
