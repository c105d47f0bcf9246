//! Names for what discovery finds: the kind of a collection's items from their class
//! (`UserEntity` → `user`, `FakeSecurityGroup` → `security group`, `SqsMessage` in SQS →
//! `message`) or from the field holding them (`USERS` → `user`, `policies` → `policy`), and
//! the field names LocalStack's state framework decorates (`attr_queues` → `queues`), and
//! what account ids and region names look like.

/// A 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// An AWS region name such as `us-east-1`, `eu-west-1`, `ap-southeast-2`, `us-gov-west-1`,
/// `cn-north-1` (shape check: letters, dashes, a trailing number).
pub fn is_aws_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok()
}

/// The field name a user would recognise: LocalStack's store attributes are kept as
/// `attr_<name>` by some versions; leading underscores are private markers.
pub fn field_name(raw: &str) -> &str {
    let raw = raw.strip_prefix("attr_").unwrap_or(raw);
    raw.trim_start_matches('_')
}

/// The singular of a field name, as a kind: `queues` → `queue`, `USERS` → `user`,
/// `policies` → `policy`, `event_buses` → `event bus`, `aliases` → `alias`.
pub fn singular(field: &str) -> String {
    let words = field_name(field).replace(['_', '-'], " ").to_lowercase();
    let words = words.trim();
    let (head, last) = match words.rsplit_once(' ') {
        Some((h, l)) => (Some(h), l),
        None => (None, words),
    };
    let one = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes", "uses", "iases", "zes"]
        .iter()
        .any(|s| last.ends_with(s))
    {
        last[..last.len() - 2].to_string()
    } else if last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && last.len() > 1
    {
        last[..last.len() - 1].to_string()
    } else {
        last.to_string()
    };
    match head {
        Some(h) => format!("{h} {one}"),
        None => one,
    }
}

/// Words of a class name that say nothing about the kind: moto's `Fake` prefix, model
/// suffixes.
const NOISE_PREFIX: &[&str] = &["Fake", "Moto", "Base", "Local"];
const NOISE_SUFFIX: &[&str] = &["Entity", "Model", "Record", "Data", "Info", "State"];

/// The kind of an item of class `class` (a dotted type) in service `service`:
/// `localstack.services.iam.models.UserEntity` → `user`, `moto.ec2.models.FakeSecurityGroup`
/// → `security group`, `SqsMessage` in `sqs` → `message`. `None` for builtin types.
pub fn kind_of_class(class: &str, service: &str) -> Option<String> {
    if !is_object_class(class) {
        return None;
    }
    let simple = class.rsplit('.').next().unwrap_or(class);
    let simple = simple.split(['[', '(']).next().unwrap_or(simple);
    let mut words = camel_words(simple);
    let service_word = service.replace(['-', '_'], "").to_lowercase();
    while words.len() > 1
        && (NOISE_PREFIX.contains(&words[0].as_str()) || words[0].to_lowercase() == service_word)
    {
        words.remove(0);
    }
    while words.len() > 1 && NOISE_SUFFIX.contains(&words[words.len() - 1].as_str()) {
        words.pop();
    }
    let kind = words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ");
    (!kind.is_empty()).then_some(kind)
}

/// Whether a node type is a class of the program's own (a LocalStack model, a moto object)
/// rather than a builtin container (`dict`, `list`, `collections.OrderedDict`) or a JSON one.
pub fn is_object_class(ty: &str) -> bool {
    ty.contains('.') && !ty.starts_with("collections.") && !ty.starts_with("builtins.")
}

/// `SqsMessage` → `[Sqs, Message]`, `VPCEndpoint` → `[VPC, Endpoint]`, `S3Object` →
/// `[S3, Object]`.
fn camel_words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_class_names() {
        let k = |c, s| kind_of_class(c, s).unwrap_or_default();
        assert_eq!(k("localstack.services.iam.models.UserEntity", "iam"), "user");
        assert_eq!(k("localstack.services.sqs.models.StandardQueue", "sqs"), "standard queue");
        assert_eq!(k("localstack.services.sqs.models.SqsMessage", "sqs"), "message");
        assert_eq!(k("moto.kms.models.FakeKey", "kms"), "key");
        assert_eq!(k("moto.ec2.models.security_groups.SecurityGroup", "ec2"), "security group");
        assert_eq!(k("moto.ec2.models.vpcs.VPC", "ec2"), "vpc");
        assert_eq!(k("moto.ec2.models.vpcs.VPCEndpoint", "ec2"), "vpc endpoint");
        assert_eq!(k("localstack.services.s3.models.S3Object", "s3"), "object");
        assert_eq!(k("moto.s3.models.FakeBucket", "s3"), "bucket");
        assert_eq!(kind_of_class("dict", "s3"), None);
        assert_eq!(kind_of_class("collections.OrderedDict", "s3"), None);
    }

    #[test]
    fn singulars_read_naturally() {
        assert_eq!(singular("queues"), "queue");
        assert_eq!(singular("USERS"), "user");
        assert_eq!(singular("attr_policies"), "policy");
        assert_eq!(singular("event_buses"), "event bus");
        assert_eq!(singular("aliases"), "alias");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("_global"), "global");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("databases"), "database");
    }
}
