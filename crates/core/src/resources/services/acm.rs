//! AWS Certificate Manager: certificates.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "acm",
    title: "ACM",
    kinds: &[Kind::new("certificate")
        .classes(&["Certificate", "CertBundle"])
        .fields(&["_certificates", "certificates"])
        .name(&["common_name", "domain_name", "DomainName"])
        .columns(&["arn", "status", "type"])],
    ignore: &[],
};
