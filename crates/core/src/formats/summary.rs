//! Domain summaries over a presented tree: finds LocalStack stores and moto backends (by
//! class name), lists the resources they hold (queues, buckets, topics, parameters...) with a
//! few facts each, and makes a headline such as `SQS · 3 queues · 28 messages`.
//!
//! A summary is a view on the same nodes (every resource points at its node), not a second
//! decoder, so a pickle and its jsonpickle twin summarize the same way. Iterative throughout.

use crate::formats::present::{is_account_level, is_region_level, region_scope};
use crate::model::{NodeId, Resource, Summary, Tree, Value};

/// Per service: store fields that hold resources, and the resource kind (singular).
const COLLECTIONS: &[(&str, &[(&str, &str)])] = &[
    ("sqs", &[("queues", "queue")]),
    ("s3", &[("buckets", "bucket")]),
    (
        "sns",
        &[
            ("topics", "topic"),
            ("subscriptions", "subscription"),
            ("platform_applications", "platform application"),
        ],
    ),
    ("ssm", &[("parameters", "parameter"), ("_parameters", "parameter")]),
    ("secretsmanager", &[("secrets", "secret")]),
    (
        "events",
        &[
            ("event_buses", "event bus"),
            ("rules", "rule"),
            ("archives", "archive"),
            ("connections", "connection"),
        ],
    ),
    (
        "iam",
        &[
            ("users", "user"),
            ("roles", "role"),
            ("groups", "group"),
            ("instance_profiles", "instance profile"),
        ],
    ),
    ("dynamodb", &[("table_definitions", "table"), ("tables", "table")]),
    (
        "lambda",
        &[
            ("functions", "function"),
            ("layers", "layer"),
            ("event_source_mappings", "event source mapping"),
        ],
    ),
    ("acm", &[("_certificates", "certificate"), ("certificates", "certificate")]),
    ("sts", &[("assumed_roles", "assumed role")]),
    ("kinesis", &[("streams", "stream")]),
    ("cloudformation", &[("stacks", "stack"), ("change_sets", "change set")]),
    ("cloudwatch", &[("alarms", "alarm"), ("dashboards", "dashboard")]),
    ("logs", &[("groups", "log group")]),
    ("kms", &[("keys", "key")]),
    ("es", &[("domains", "domain")]),
    ("opensearch", &[("domains", "domain")]),
    ("stepfunctions", &[("state_machines", "state machine")]),
    ("apigateway", &[("apis", "api"), ("rest_apis", "api")]),
];

/// Display name of a service id.
fn service_title(service: &str) -> String {
    match service {
        "sqs" | "sns" | "ssm" | "iam" | "acm" | "sts" | "kms" | "s3" => service.to_uppercase(),
        "secretsmanager" => "Secrets Manager".into(),
        "events" => "EventBridge".into(),
        "dynamodb" => "DynamoDB".into(),
        "dynamodbstreams" => "DynamoDB Streams".into(),
        "lambda" => "Lambda".into(),
        "kinesis" => "Kinesis".into(),
        "cloudformation" => "CloudFormation".into(),
        "cloudwatch" => "CloudWatch".into(),
        "logs" => "CloudWatch Logs".into(),
        "es" => "Elasticsearch".into(),
        "opensearch" => "OpenSearch".into(),
        other => other.to_string(),
    }
}

/// Whether a node is a LocalStack store or a moto backend.
fn is_store(ty: &str) -> bool {
    let class = ty.rsplit('.').next().unwrap_or(ty);
    (class.ends_with("Store") || class.ends_with("Backend"))
        && !class.ends_with("AccountSpecificBackend")
        && (ty.starts_with("localstack.") || ty.starts_with("moto."))
}

/// The service a store serves: its `service_name` field, else the package in its class path.
fn service_of(tree: &mut Tree, store: NodeId, ty: &str) -> String {
    if let Some(Value::Str(s)) = child(tree, store, "service_name").map(|c| &tree.node(c).value) {
        return s.clone();
    }
    let parts: Vec<&str> = ty.split('.').collect();
    match parts.as_slice() {
        ["localstack", "services", svc, ..] | ["moto", svc, ..] => svc.to_string(),
        _ => ty.to_string(),
    }
}

/// The child called `name` (presenting the children of a lazy node first).
fn child(tree: &mut Tree, id: NodeId, name: &str) -> Option<NodeId> {
    tree.unfold(id);
    tree.node(id).children.iter().copied().find(|c| tree.node(*c).name == name)
}

/// Items of a collection node (dict items; `__dict__` of dict subclasses excluded).
fn entries(tree: &mut Tree, id: NodeId) -> Vec<NodeId> {
    tree.unfold(id);
    let n = tree.node(id);
    if !n.value.is_container() {
        return Vec::new();
    }
    // Synthetic children (`__dict__` of dict subclasses, `__args__`...) are not entries.
    n.children.iter().copied().filter(|c| !tree.node(*c).name.starts_with("__")).collect()
}

/// How many items a collection holds; a lazy list is counted without presenting it.
fn count_entries(tree: &mut Tree, id: NodeId) -> usize {
    let n = tree.node(id);
    if n.deferred && n.is_list {
        return tree.child_count(id);
    }
    entries(tree, id).len()
}

/// Stores and backends in depth-first order. A lazy tree is searched in what is presented
/// plus the account and region levels (presented here), where stores live.
fn stores(tree: &mut Tree) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![Tree::ROOT];
    while let Some(id) = stack.pop() {
        let n = tree.node(id);
        if !n.value.is_container() {
            continue;
        }
        if is_store(&n.ty) {
            out.push(id);
        }
        if id == Tree::ROOT || is_account_level(&n.ty) || is_region_level(&n.ty) {
            tree.unfold(id);
        }
        stack.extend(tree.node(id).children.iter().rev());
    }
    out
}

/// Account and region of a node, from the account/region levels above it.
fn scope_of(tree: &Tree, id: NodeId) -> (Option<String>, Option<String>) {
    let (mut account, mut region) = (None, None);
    let mut cur = id;
    while let Some(p) = tree.parent(cur) {
        let pty = &tree.node(p).ty;
        let name = &tree.node(cur).name;
        if is_region_level(pty) && region.is_none() {
            region = region_scope(name);
        } else if is_account_level(pty) && account.is_none() {
            account = Some(name.clone());
        }
        cur = p;
    }
    (account, region)
}

/// The name of a collection entry: its key, or for list entries a naming field.
fn entry_name(tree: &mut Tree, collection: NodeId, item: NodeId) -> String {
    if tree.node(collection).is_list {
        for field in ["name", "arn", "id", "user_id", "role_arn"] {
            if let Some(Value::Str(s)) = child(tree, item, field).map(|c| &tree.node(c).value) {
                return s.clone();
            }
        }
    }
    tree.node(item).name.clone()
}

/// Number of messages an SQS queue holds (visible + in flight + delayed).
fn sqs_messages(tree: &mut Tree, queue: NodeId) -> usize {
    let mut total = 0;
    for field in ["visible", "inflight", "delayed"] {
        let Some(c) = child(tree, queue, field) else { continue };
        // `visible` is a queue.PriorityQueue object whose `queue` field is the heap list.
        let list = child(tree, c, "queue").unwrap_or(c);
        total += count_entries(tree, list);
    }
    // FIFO queues keep messages per group.
    if let Some(groups) = child(tree, queue, "message_groups") {
        for g in entries(tree, groups) {
            total += child(tree, g, "messages").map(|m| count_entries(tree, m)).unwrap_or(0);
        }
    }
    total
}

fn s3_objects(
    tree: &mut Tree,
    bucket: NodeId,
    out: &mut Vec<Resource>,
    scope: &(Option<String>, Option<String>),
    bucket_name: &str,
) -> usize {
    let Some(objects) = child(tree, bucket, "objects") else { return 0 };
    // A KeyStore (dict of key → S3Object) or a versioned store with a `_store` dict.
    let store = child(tree, objects, "_store").unwrap_or(objects);
    let keys = entries(tree, store);
    for k in &keys {
        let size = child(tree, *k, "size").map(|s| tree.node(s).value.display());
        let name = &tree.node(*k).name;
        out.push(Resource {
            kind: "object".into(),
            name: format!("{bucket_name}/{name}"),
            account: scope.0.clone(),
            region: scope.1.clone(),
            details: size.map(|s| vec![("size".to_string(), s)]).unwrap_or_default(),
            node: Some(*k),
        });
    }
    keys.len()
}

/// `1 queue`, `3 queues`, `2 policies`, `2 event buses`.
pub fn plural(kind: &str, n: usize) -> String {
    if n == 1 {
        format!("1 {kind}")
    } else if kind.ends_with('s') {
        format!("{n} {kind}es")
    } else if let Some(stem) =
        kind.strip_suffix('y').filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {kind}s")
    }
}

/// Summarizes every store in the tree.
pub fn summarize(tree: &mut Tree) -> Summary {
    let mut resources = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut add_count = |kind: &str, n: usize| match counts.iter_mut().find(|(k, _)| k == kind) {
        Some((_, c)) => *c += n,
        None => counts.push((kind.to_string(), n)),
    };
    if tree.is_empty() {
        return Summary::default();
    }
    for id in stores(tree) {
        let ty = tree.node(id).ty.clone();
        let service = service_of(tree, id, &ty);
        if !services.contains(&service) {
            services.push(service.clone());
        }
        let scope = scope_of(tree, id);
        let known = COLLECTIONS.iter().find(|(s, _)| *s == service).map(|(_, f)| *f);
        // Cross-region (`_global`) and cross-account (`_universal`) attributes live in dicts
        // of their own inside the store.
        let holders: Vec<NodeId> = std::iter::once(id)
            .chain(["_global", "_universal"].iter().filter_map(|h| child(tree, id, h)))
            .collect();
        let fields: Vec<(NodeId, String)> = match known {
            Some(fields) => fields
                .iter()
                .filter_map(|(f, kind)| {
                    holders.iter().find_map(|h| child(tree, *h, f)).map(|c| (c, kind.to_string()))
                })
                .collect(),
            None => {
                tree.unfold(id);
                tree.node(id)
                    .children
                    .iter()
                    .filter(|c| {
                        let cn = tree.node(**c);
                        cn.value.is_container()
                            && !cn.is_list
                            && !cn.name.starts_with('_')
                            && cn.name != "tags"
                            && tree.has_children(**c)
                    })
                    .map(|c| (*c, tree.node(*c).name.trim_end_matches('s').replace('_', " ")))
                    .collect()
            }
        };
        for (field, kind) in fields {
            for item in entries(tree, field) {
                let name = entry_name(tree, field, item);
                let mut details = Vec::new();
                // Global resources (S3 buckets) carry their own region.
                let region = ["bucket_region", "region_name", "region"]
                    .iter()
                    .find_map(|f| match child(tree, item, f).map(|c| &tree.node(c).value) {
                        Some(Value::Str(r)) => Some(r.clone()),
                        _ => None,
                    })
                    .or_else(|| scope.1.clone());
                match service.as_str() {
                    "sqs" => {
                        let fifo = tree.node(item).ty.contains("Fifo") || name.ends_with(".fifo");
                        details
                            .push(("type".into(), if fifo { "fifo" } else { "standard" }.into()));
                        let m = sqs_messages(tree, item);
                        details.push(("messages".into(), m.to_string()));
                        add_count("message", m);
                    }
                    "s3" => {
                        let m = s3_objects(
                            tree,
                            item,
                            &mut resources,
                            &(scope.0.clone(), region.clone()),
                            &name,
                        );
                        details.push(("objects".into(), m.to_string()));
                        add_count("object", m);
                    }
                    "events" => {
                        // Rules live inside their event bus.
                        let rules = child(tree, item, "rules")
                            .map(|r| entries(tree, r))
                            .unwrap_or_default();
                        details.push(("rules".into(), rules.len().to_string()));
                        for r in rules {
                            let rule = Resource {
                                kind: "rule".into(),
                                name: tree.node(r).name.clone(),
                                account: scope.0.clone(),
                                region: region.clone(),
                                details: vec![("bus".into(), name.clone())],
                                node: Some(r),
                            };
                            resources.push(rule);
                        }
                    }
                    _ => {}
                }
                resources.push(Resource {
                    kind: kind.clone(),
                    name,
                    account: scope.0.clone(),
                    region,
                    details,
                    node: Some(item),
                });
            }
        }
    }
    // Resource counts first (in table order of appearance), then derived counts.
    let mut parts: Vec<String> = services.iter().map(|s| service_title(s)).collect();
    let mut kinds: Vec<&str> = Vec::new();
    for r in &resources {
        if r.kind != "object" && !kinds.contains(&r.kind.as_str()) {
            kinds.push(&r.kind);
        }
    }
    for k in kinds {
        parts.push(plural(k, resources.iter().filter(|r| r.kind == k).count()));
    }
    for (k, n) in counts {
        parts.push(plural(&k, n));
    }
    if services.is_empty() {
        // An account/region container without any account: the service's state is empty.
        let service =
            child(tree, Tree::ROOT, "__dict__").and_then(|d| child(tree, d, "service_name"));
        let root = tree.node(Tree::ROOT);
        if let (true, Some(Value::Str(s))) =
            (is_account_level(&root.ty), service.map(|c| &tree.node(c).value))
        {
            return Summary { headline: format!("{} · no state", service_title(s)), resources };
        }
        parts.push(if root.value.is_container() {
            format!("{} · {} entries", root.ty, tree.child_count(Tree::ROOT))
        } else {
            format!("{} {}", root.ty, root.value.display())
        });
    }
    Summary { headline: parts.join(" · "), resources }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_read_naturally() {
        assert_eq!(plural("queue", 3), "3 queues");
        assert_eq!(plural("policy", 2), "2 policies");
        assert_eq!(plural("key", 2), "2 keys");
        assert_eq!(plural("event bus", 2), "2 event buses");
        assert_eq!(plural("message", 1), "1 message");
    }
}
