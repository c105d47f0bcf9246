//! Amazon DynamoDB: tables (control plane in LocalStack's store, items in DynamoDB Local's database).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "dynamodb",
    title: "DynamoDB",
    kinds: &[
        Kind::new("table")
            .classes(&["Table", "TableDescription"])
            .fields(&["table_definitions", "tables"])
            .name(&["TableName", "name"])
            .columns(&["TableStatus", "BillingModeSummary/BillingMode", "ItemCount"]),
        Kind::new("item").fields(&["items"]),
        Kind::new("backup").fields(&["backups"]),
        Kind::new("global table").fields(&["global_tables"]),
    ],
    ignore: &["ttl_specifications", "table_properties"],
};
