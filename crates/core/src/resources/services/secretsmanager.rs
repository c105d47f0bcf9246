//! AWS Secrets Manager: secrets and their versions.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "secretsmanager",
    title: "Secrets Manager",
    kinds: &[
        Kind::new("secret")
            .classes(&["Secret"])
            .fields(&["secrets"])
            .name(&["name", "Name"])
            .columns(&["arn", "description", "created_date"]),
        Kind::new("version").fields(&["versions"]),
    ],
    ignore: &[],
};
