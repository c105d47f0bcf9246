//! The service registry: one small data file per well-known service, each a [`Profile`] of
//! what a LocalStack user calls its state — its title, the kinds of resources it holds and
//! how to recognise them by *shape* (the class of the items, or the field holding them), the
//! field that names them and the columns worth showing first.
//!
//! A profile only refines what discovery ([`crate::resources::discover`]) finds on its own:
//! every collection of objects of one class inside a store is listed whether a profile knows
//! it or not, so a service without a profile, or a field renamed by another LocalStack
//! version, still shows its resources. Adding a service is one file plus one line in
//! [`SERVICES`].

pub mod acm;
pub mod apigateway;
pub mod cloudformation;
pub mod cloudwatch;
pub mod dynamodb;
pub mod dynamodbstreams;
pub mod ec2;
pub mod es;
pub mod events;
pub mod firehose;
pub mod iam;
pub mod kinesis;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod opensearch;
pub mod route53;
pub mod s3;
pub mod scheduler;
pub mod secretsmanager;
pub mod ses;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod stepfunctions;
pub mod sts;

/// Every profiled service.
pub static SERVICES: &[&Profile] = &[
    &sqs::PROFILE,
    &s3::PROFILE,
    &sns::PROFILE,
    &ssm::PROFILE,
    &secretsmanager::PROFILE,
    &events::PROFILE,
    &scheduler::PROFILE,
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
    &route53::PROFILE,
    &ec2::PROFILE,
    &ses::PROFILE,
    &firehose::PROFILE,
];

/// What localstate knows of one service.
pub struct Profile {
    /// LocalStack's service id (`sqs`, `secretsmanager`, …).
    pub id: &'static str,
    /// How people call it (`SQS`, `Secrets Manager`).
    pub title: &'static str,
    /// The kinds of resources it holds, most important first.
    pub kinds: &'static [Kind],
    /// Fields that hold no resources of their own (indexes of other fields, caches), not
    /// listed.
    pub ignore: &'static [&'static str],
}

/// How one kind of resource is recognised and shown.
///
/// A collection found inside a store (or inside another resource) is of this kind when the
/// class of its items matches one of [`Kind::classes`] or the field holding it is one of
/// [`Kind::fields`]. Matching is by shape, so the same profile finds a queue in a pickled
/// `SqsStore`, its Avro twin and a localstack-persist jsonpickle file.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// The kind, singular (`queue`, `log stream`).
    pub kind: &'static str,
    /// Class names of the items (the last dotted segment), matched exactly or as a suffix:
    /// `Queue` matches `StandardQueue` and `FifoQueue`.
    pub classes: &'static [&'static str],
    /// Names of the fields that hold such items (dicts of one shape, TypedDicts, renamed
    /// classes).
    pub fields: &'static [&'static str],
    /// Item fields that name a resource, the first present wins (else the key it is stored
    /// under).
    pub name: &'static [&'static str],
    /// The item fields a user looks at first (shown as the first columns).
    pub columns: &'static [&'static str],
    /// Listed with the top-level resources even when found inside another one (EC2
    /// instances live inside reservations).
    pub top: bool,
    /// Kept beside the resources they belong to, linked by a field: (the parent's kind, the
    /// item fields holding the parent's ARN or name). They are listed inside their parent.
    pub within: Option<(&'static str, &'static [&'static str])>,
    /// Its items only group the items nested in them (SQS FIFO message groups hold the
    /// messages): a collection of them is listed and counted as the nested items.
    pub through: bool,
    /// Its items are scalars (text or integers: a user's policy ARNs), each named by its key
    /// or its text. Only such kinds take collections of scalars, and they take nothing else.
    pub scalars: bool,
}

impl Kind {
    /// A kind recognised by nothing yet (add [`Kind::classes`] / [`Kind::fields`]).
    pub const fn new(kind: &'static str) -> Kind {
        Kind {
            kind,
            classes: &[],
            fields: &[],
            name: &[],
            columns: &[],
            top: false,
            within: None,
            through: false,
            scalars: false,
        }
    }

    /// Items whose class name is (or ends with) one of `classes`.
    pub const fn classes(self, classes: &'static [&'static str]) -> Kind {
        Kind { classes, ..self }
    }

    /// Items held by a field called one of `fields`.
    pub const fn fields(self, fields: &'static [&'static str]) -> Kind {
        Kind { fields, ..self }
    }

    /// Items named by the first of `name` they hold.
    pub const fn name(self, name: &'static [&'static str]) -> Kind {
        Kind { name, ..self }
    }

    /// The first columns shown.
    pub const fn columns(self, columns: &'static [&'static str]) -> Kind {
        Kind { columns, ..self }
    }

    /// Also listed at the top level when found nested.
    pub const fn top(self) -> Kind {
        Kind { top: true, ..self }
    }

    /// Listed inside the resource of kind `parent` whose ARN or name one of `links` holds.
    pub const fn within(self, parent: &'static str, links: &'static [&'static str]) -> Kind {
        Kind { within: Some((parent, links)), ..self }
    }

    /// Listed and counted as the items nested in it.
    pub const fn through(self) -> Kind {
        Kind { through: true, ..self }
    }

    /// Its items are scalars.
    pub const fn scalars(self) -> Kind {
        Kind { scalars: true, ..self }
    }

    /// Whether items of class `class` (a full dotted type) held by field `field` are of this
    /// kind.
    pub fn matches(&self, class: &str, field: &str) -> bool {
        let simple = class.rsplit('.').next().unwrap_or(class);
        // A suffix counts from a CamelCase word on (`Queue` in `StandardQueue`).
        let suffix = |c: &str| simple.ends_with(c) && c.starts_with(char::is_uppercase);
        self.classes.iter().any(|c| simple == *c || suffix(c))
            || self.fields.iter().any(|f| f.eq_ignore_ascii_case(field))
    }
}

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

    #[test]
    fn kinds_match_by_class_suffix_or_field() {
        let queue = Kind::new("queue").classes(&["Queue"]).fields(&["queues"]);
        assert!(queue.matches("localstack.services.sqs.models.FifoQueue", "x"));
        assert!(queue.matches("localstack.services.sqs.models.StandardQueue", "x"));
        assert!(queue.matches("dict", "QUEUES"));
        assert!(!queue.matches("localstack.services.sqs.models.SqsMessage", "messages"));
    }
}
