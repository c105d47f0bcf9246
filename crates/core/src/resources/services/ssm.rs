//! AWS Systems Manager: parameters (with their history), documents, maintenance windows.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "ssm",
    title: "SSM",
    kinds: &[
        Kind::new("parameter")
            .classes(&["Parameter"])
            .fields(&["_parameters", "parameters"])
            .name(&["name", "Name"])
            .columns(&["type", "value", "version", "last_modified_date"]),
        Kind::new("document").classes(&["Document", "Documents"]).fields(&["_documents"]),
        Kind::new("maintenance window").classes(&["MaintenanceWindow"]),
    ],
    ignore: &[],
};
