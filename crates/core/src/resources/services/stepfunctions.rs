//! AWS Step Functions: state machines.

use super::{Collection, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "stepfunctions",
    title: "Step Functions",
    collections: &[Collection::new("state_machines", "state machine")],
    facts: None,
};
