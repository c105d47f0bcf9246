//! Amazon SES: verified identities, templates, sent messages.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "ses",
    title: "SES",
    kinds: &[
        Kind::new("identity").fields(&["addresses", "email_identities", "domains", "identities"]),
        Kind::new("template").fields(&["templates"]),
        Kind::new("sent message").classes(&["SentMessage"]).fields(&["sent_messages"]),
    ],
    ignore: &[],
};
