//! Amazon OpenSearch Service: domains.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "opensearch",
    title: "OpenSearch",
    kinds: &[Kind::new("domain")
        .classes(&["Domain", "OpenSearchDomain"])
        .fields(&["opensearch_domains", "domains"])
        .name(&["DomainName", "domain_name"])
        .columns(&["EngineVersion", "Endpoint", "Processing"])],
    ignore: &[],
};
