//! Amazon SQS: queues and the messages they hold (visible, in flight, delayed, per FIFO group).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "sqs",
    title: "SQS",
    kinds: &[
        Kind::new("queue").classes(&["Queue"]).fields(&["queues"]).name(&["name"]).columns(&[
            "region",
            "attributes/VisibilityTimeout",
            "attributes/FifoQueue",
        ]),
        Kind::new("message")
            .classes(&["SqsMessage", "Message"])
            .fields(&["messages", "visible", "inflight", "delayed"])
            .name(&["message/MessageId", "message_id"])
            .columns(&[
                "message/Body",
                "receive_count",
                "created",
                "message/Attributes/SentTimestamp",
            ]),
        Kind::new("message group").classes(&["MessageGroup"]).through(),
    ],
    ignore: &["receipts", "deleted", "deduplication", "message_group_queue", "inflight_groups"],
};
