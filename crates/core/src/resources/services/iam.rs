//! AWS IAM: users, roles and groups with their inline and attached policies, customer managed
//! policies, instance profiles (moto backend or LocalStack's native store).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "iam",
    title: "IAM",
    kinds: &[
        // moto's entities hold their fields; LocalStack's native ones (2026.3) hold the API
        // shape under the entity's name (`user/Arn`).
        Kind::new("user")
            .classes(&["User", "UserEntity"])
            .fields(&["users"])
            .name(&["name", "UserName", "user_name", "user/UserName"])
            .columns(&["arn", "create_date", "path", "user/Arn", "user/CreateDate", "user/Path"]),
        Kind::new("role")
            .classes(&["Role", "RoleEntity"])
            .fields(&["roles"])
            .name(&["name", "RoleName", "role_name", "role/RoleName"])
            .columns(&["arn", "create_date", "path", "role/Arn", "role/CreateDate", "role/Path"]),
        Kind::new("group")
            .classes(&["Group", "GroupEntity"])
            .fields(&["groups"])
            .name(&["name", "GroupName", "group/GroupName"])
            .columns(&["arn", "create_date", "group/Arn", "group/CreateDate"]),
        // Inline policies (name → document; moto's `policies`) and attached managed policies
        // (ARNs) of a user, role or group.
        Kind::new("inline policy").fields(&["inline_policies", "policies"]).scalars(),
        Kind::new("attached policy")
            .fields(&["attached_policy_arns", "attached_policies"])
            .scalars(),
        Kind::new("policy")
            .classes(&["ManagedPolicy", "Policy", "PolicyEntity", "InlinePolicy"])
            .fields(&["managed_policies", "policies"])
            .name(&["name", "PolicyName", "policy/PolicyName"])
            .columns(&["arn", "policy/Arn", "policy/AttachmentCount", "policy/CreateDate"]),
        Kind::new("instance profile").classes(&["InstanceProfile"]).fields(&["instance_profiles"]),
        Kind::new("access key")
            .classes(&["AccessKey"])
            .fields(&["access_keys"])
            .name(&["access_key_id"]),
    ],
    ignore: &["aws_managed_policies"],
};
