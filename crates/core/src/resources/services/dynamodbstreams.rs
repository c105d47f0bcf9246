//! Amazon DynamoDB Streams: the streams of tables.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "dynamodbstreams",
    title: "DynamoDB Streams",
    kinds: &[Kind::new("stream")
        .classes(&["Stream"])
        .fields(&["ddb_streams"])
        .name(&["StreamLabel", "TableName"])],
    ignore: &[],
};
