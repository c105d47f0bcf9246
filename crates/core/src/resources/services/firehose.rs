//! Amazon Data Firehose: delivery streams.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "firehose",
    title: "Firehose",
    kinds: &[Kind::new("delivery stream")
        .classes(&["DeliveryStream"])
        .fields(&["delivery_streams"])
        .name(&["DeliveryStreamName", "delivery_stream_name"])
        .columns(&["DeliveryStreamStatus", "DeliveryStreamType"])],
    ignore: &[],
};
