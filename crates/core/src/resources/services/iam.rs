//! AWS IAM: users, roles, groups, customer managed policies, instance profiles (moto backend or LocalStack's native store).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "iam",
    title: "IAM",
    kinds: &[
        Kind::new("user")
            .classes(&["User", "UserEntity"])
            .fields(&["users"])
            .name(&["name", "UserName", "user_name"])
            .columns(&["arn", "create_date", "path"]),
        Kind::new("role")
            .classes(&["Role", "RoleEntity"])
            .fields(&["roles"])
            .name(&["name", "RoleName", "role_name"])
            .columns(&["arn", "create_date", "path"]),
        Kind::new("group")
            .classes(&["Group", "GroupEntity"])
            .fields(&["groups"])
            .name(&["name", "GroupName"]),
        Kind::new("policy")
            .classes(&["ManagedPolicy", "Policy", "PolicyEntity", "InlinePolicy"])
            .fields(&["managed_policies", "policies"])
            .name(&["name", "PolicyName"]),
        Kind::new("instance profile").classes(&["InstanceProfile"]).fields(&["instance_profiles"]),
        Kind::new("access key")
            .classes(&["AccessKey"])
            .fields(&["access_keys"])
            .name(&["access_key_id"]),
    ],
    ignore: &["aws_managed_policies"],
};
