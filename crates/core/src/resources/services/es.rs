//! Amazon Elasticsearch Service: domains.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "es",
    title: "Elasticsearch",
    kinds: &[Kind::new("domain")
        .classes(&["Domain", "ElasticsearchDomain"])
        .fields(&["opensearch_domains", "domains"])
        .name(&["DomainName", "domain_name"])],
    ignore: &[],
};
