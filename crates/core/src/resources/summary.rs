//! Domain summaries over a presented tree: finds LocalStack stores and moto backends (by
//! class name), lists the resources they hold (queues, buckets, topics, parameters...) with a
//! few facts each, and makes a headline such as `SQS · 3 queues · 28 messages`.
//!
//! A summary is a view on the same nodes (every resource points at its node), not a second
//! decoder, so a pickle and its jsonpickle twin summarize the same way. Iterative throughout.

use std::collections::HashMap;
use std::rc::Rc;

use crate::model::{NodeId, Resource, Summary, Tree, Value};
use crate::resources::localstack::{is_account_level, is_region_level, is_store, region_scope};
use crate::resources::services;
use crate::text::plural;

/// The service a store serves: its `service_name` field, else the package in its class path.
fn service_of(tree: &mut Tree, store: NodeId, ty: &str) -> String {
    // Pickled stores hold `service_name`, Avro stores `_service_name`.
    for field in ["service_name", "_service_name"] {
        if let Some(Value::Str(s)) = child(tree, store, field).map(|c| &tree.node(c).value) {
            return s.clone();
        }
    }
    let parts: Vec<&str> = ty.split('.').collect();
    match parts.as_slice() {
        ["localstack", "services", svc, ..]
        | ["localstack", "pro", "core", "services", svc, ..]
        | ["moto", svc, ..] => svc.to_string(),
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

/// A node (a store, once found) with its account and region (from the account and region
/// levels above it).
struct Found {
    node: NodeId,
    account: Option<Rc<str>>,
    region: Option<Rc<str>>,
}

/// Stores and backends in depth-first order, with their scope. A lazy tree is searched in
/// what is presented plus the account and region levels (presented here), where stores live.
/// The scope is carried down the walk (the nearest account and region levels win), so deep
/// trees cost no walk back up per store.
fn stores(tree: &mut Tree) -> Vec<Found> {
    let mut out = Vec::new();
    let mut stack = vec![Found { node: Tree::ROOT, account: None, region: None }];
    while let Some(Found { node: id, account, region }) = stack.pop() {
        let n = tree.node(id);
        if !n.value.is_container() {
            continue;
        }
        let (account_level, region_level) = (is_account_level(&n.ty), is_region_level(&n.ty));
        if is_store(&n.ty) {
            out.push(Found { node: id, account: account.clone(), region: region.clone() });
        }
        if id == Tree::ROOT || account_level || region_level {
            tree.unfold(id);
        }
        for &c in tree.node(id).children.iter().rev() {
            let name = &tree.node(c).name;
            let (mut account, mut region) = (account.clone(), region.clone());
            if region_level {
                if let Some(r) = region_scope(name) {
                    region = Some(r.into());
                }
            } else if account_level {
                account = Some(name.as_str().into());
            }
            stack.push(Found { node: c, account, region });
        }
    }
    out
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

/// What a service profile's [`services::Facts`] see and add to while one resource is
/// summarized: the tree, the resources found so far, the derived counts of the headline.
pub struct Gather<'a> {
    /// The tree being summarized (unfolded on demand).
    pub tree: &'a mut Tree,
    resources: &'a mut Vec<Resource>,
    counts: &'a mut Vec<(String, usize)>,
    /// The account of the store.
    pub account: Option<String>,
    /// The region of the resource.
    pub region: Option<String>,
}

impl Gather<'_> {
    /// The child of `id` called `name`.
    pub fn child(&mut self, id: NodeId, name: &str) -> Option<NodeId> {
        child(self.tree, id, name)
    }

    /// The items of a collection node.
    pub fn entries(&mut self, id: NodeId) -> Vec<NodeId> {
        entries(self.tree, id)
    }

    /// How many items a collection holds (a lazy list is counted without presenting it).
    pub fn count_entries(&mut self, id: NodeId) -> usize {
        count_entries(self.tree, id)
    }

    /// Adds `n` to the headline's derived count of `kind` (`28 messages`).
    pub fn count(&mut self, kind: &str, n: usize) {
        match self.counts.iter_mut().find(|(k, _)| k == kind) {
            Some((_, c)) => *c += n,
            None => self.counts.push((kind.to_string(), n)),
        }
    }

    /// Adds a resource nested in the one being summarized (an S3 object, an EventBridge rule),
    /// in the same account and region.
    pub fn nested(
        &mut self,
        kind: &str,
        name: String,
        details: Vec<(String, String)>,
        node: NodeId,
    ) {
        self.resources.push(Resource {
            kind: kind.into(),
            name,
            account: self.account.clone(),
            region: self.region.clone(),
            details,
            node: Some(node),
        });
    }
}

/// The store fields that hold resources: the profile's collections (looked for in the store
/// and its cross-region `_global` / cross-account `_universal` attributes), else discovered:
/// the store's public dict fields that hold something.
fn collections(
    tree: &mut Tree,
    store: NodeId,
    profile: Option<&services::Profile>,
) -> Vec<(NodeId, String)> {
    if let Some(p) = profile {
        let holders: Vec<NodeId> = std::iter::once(store)
            .chain(["_global", "_universal"].iter().filter_map(|h| child(tree, store, h)))
            .collect();
        return p
            .collections
            .iter()
            .filter_map(|c| {
                holders
                    .iter()
                    .find_map(|h| child(tree, *h, c.field))
                    .map(|n| (n, c.kind.to_string()))
            })
            .collect();
    }
    tree.unfold(store);
    tree.node(store)
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

/// Summarizes every store in the tree.
pub fn summarize(tree: &mut Tree) -> Summary {
    let mut resources = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    if tree.is_empty() {
        return Summary::default();
    }
    let mut known_services = std::collections::HashSet::new();
    for Found { node: id, account, region: store_region } in stores(tree) {
        let ty = tree.node(id).ty.clone();
        let service = service_of(tree, id, &ty);
        if known_services.insert(service.clone()) {
            services.push(service.clone());
        }
        let account = account.map(|a| a.to_string());
        let store_region = store_region.map(|r| r.to_string());
        let profile = services::profile(&service);
        for (field, kind) in collections(tree, id, profile) {
            for item in entries(tree, field) {
                let name = entry_name(tree, field, item);
                // Global resources (S3 buckets) carry their own region.
                let region = ["bucket_region", "region_name", "region"]
                    .iter()
                    .find_map(|f| match child(tree, item, f).map(|c| &tree.node(c).value) {
                        Some(Value::Str(r)) => Some(r.clone()),
                        _ => None,
                    })
                    .or_else(|| store_region.clone());
                let mut gather = Gather {
                    tree,
                    resources: &mut resources,
                    counts: &mut counts,
                    account: account.clone(),
                    region,
                };
                let details =
                    profile.and_then(|p| p.facts).map(|facts| facts(&mut gather, item, &name));
                let region = gather.region;
                resources.push(Resource {
                    kind: kind.clone(),
                    name,
                    account: account.clone(),
                    region,
                    details: details.unwrap_or_default(),
                    node: Some(item),
                });
            }
        }
    }
    // Resource counts first (in table order of appearance), then derived counts.
    let mut parts: Vec<String> = services.iter().map(|s| services::title(s)).collect();
    // Kinds in order of first appearance with their counts (one pass: a hostile store can
    // hold as many kinds as resources).
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    let mut kind_at: HashMap<&str, usize> = HashMap::new();
    for r in resources.iter().filter(|r| r.kind != "object") {
        let at = *kind_at.entry(r.kind.as_str()).or_insert_with(|| {
            kinds.push((r.kind.as_str(), 0));
            kinds.len() - 1
        });
        kinds[at].1 += 1;
    }
    for (k, n) in kinds {
        parts.push(plural(k, n));
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
            return Summary { headline: format!("{} · no state", services::title(s)), resources };
        }
        parts.push(if root.value.is_container() {
            format!("{} · {} entries", root.ty, tree.child_count(Tree::ROOT))
        } else {
            format!("{} {}", root.ty, root.value.display())
        });
    }
    Summary { headline: parts.join(" · "), resources }
}
