//! AWS KMS: keys and aliases.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "kms",
    title: "KMS",
    kinds: &[
        Kind::new("key")
            .classes(&["Key", "KmsKey"])
            .fields(&["keys"])
            .name(&["id", "key_id"])
            .columns(&["metadata/KeyState", "metadata/KeyUsage", "metadata/Description"]),
        Kind::new("alias")
            .classes(&["Alias", "KmsAlias"])
            .fields(&["aliases"])
            .name(&["metadata/AliasName", "name"]),
        Kind::new("grant").classes(&["Grant", "KmsGrant"]).fields(&["grants"]),
    ],
    ignore: &[],
};
