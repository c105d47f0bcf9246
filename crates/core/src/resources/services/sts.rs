//! AWS STS: sessions and assumed roles.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sts",
    title: "STS",
    kinds: &[
        Kind::new("assumed role").classes(&["AssumedRole"]).fields(&["assumed_roles"]),
        Kind::new("session").fields(&["sessions"]),
    ],
    ignore: &[],
};
