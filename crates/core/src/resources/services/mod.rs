//! The service registry: one file per service, each a [`Profile`] of what a LocalStack user
//! calls its state — its title, the store fields that hold its resources and their kind, and
//! the facts worth showing per resource. Adding a service is one file plus one line in
//! [`SERVICES`]; a service without a profile still gets its resources by discovery (the
//! store's dict-valued fields, see [`crate::resources::summary`]).

pub mod acm;
pub mod apigateway;
pub mod cloudformation;
pub mod cloudwatch;
pub mod dynamodb;
pub mod dynamodbstreams;
pub mod es;
pub mod events;
pub mod iam;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod opensearch;
pub mod s3;
pub mod secretsmanager;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod stepfunctions;
pub mod sts;

use crate::model::NodeId;
use crate::resources::summary::Gather;

/// Every profiled service.
pub static SERVICES: &[&Profile] = &[
    &sqs::PROFILE,
    &s3::PROFILE,
    &sns::PROFILE,
    &ssm::PROFILE,
    &secretsmanager::PROFILE,
    &events::PROFILE,
    &iam::PROFILE,
    &dynamodb::PROFILE,
    &dynamodbstreams::PROFILE,
    &lambda::PROFILE,
    &acm::PROFILE,
    &sts::PROFILE,
    &kinesis::PROFILE,
    &cloudformation::PROFILE,
    &cloudwatch::PROFILE,
    &logs::PROFILE,
    &kms::PROFILE,
    &es::PROFILE,
    &opensearch::PROFILE,
    &stepfunctions::PROFILE,
    &apigateway::PROFILE,
];

/// What localstate knows of one service.
pub struct Profile {
    /// LocalStack's service id (`sqs`, `secretsmanager`, …).
    pub id: &'static str,
    /// How people call it (`SQS`, `Secrets Manager`).
    pub title: &'static str,
    /// Store fields that hold its resources (looked for in the store and in its cross-region
    /// and cross-account attributes), in the order they are listed.
    pub collections: &'static [Collection],
    /// Facts about one resource (details shown beside it, nested resources, derived counts).
    pub facts: Option<Facts>,
}

/// A store field holding resources of one kind.
pub struct Collection {
    /// The field's name.
    pub field: &'static str,
    /// The kind of its items, singular (`queue`, `event bus`).
    pub kind: &'static str,
}

impl Collection {
    /// The field `field` holds resources of kind `kind`.
    pub const fn new(field: &'static str, kind: &'static str) -> Collection {
        Collection { field, kind }
    }
}

/// Adds the facts of the resource at `item` called `name` to `gather`; returns its details.
pub type Facts = fn(gather: &mut Gather<'_>, item: NodeId, name: &str) -> Vec<(String, String)>;

/// The profile of service `id`.
pub fn profile(id: &str) -> Option<&'static Profile> {
    SERVICES.iter().copied().find(|p| p.id == id)
}

/// Display name of a service id (the id itself for services without a profile).
pub fn title(id: &str) -> String {
    profile(id).map_or_else(|| id.to_string(), |p| p.title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_titles_known() {
        let mut ids: Vec<&str> = SERVICES.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), SERVICES.len());
        assert_eq!(title("secretsmanager"), "Secrets Manager");
        assert_eq!(title("pipes"), "pipes");
    }
}
