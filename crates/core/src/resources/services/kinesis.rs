//! Amazon Kinesis: streams (records live in kinesis-mock's file).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "kinesis",
    title: "Kinesis",
    kinds: &[
        Kind::new("stream")
            .classes(&["Stream"])
            .fields(&["streams"])
            .name(&["StreamName", "name"])
            .columns(&["StreamStatus", "StreamModeDetails/StreamMode"]),
        Kind::new("record").fields(&["records"]),
        Kind::new("consumer").classes(&["Consumer"]).fields(&["consumers"]),
    ],
    ignore: &[],
};
