//! The resources of one decoded tree: every LocalStack store and moto backend in it, the
//! collections inside each (found by [`discover`], named by the service's
//! [`services::Profile`] where it has one), each item a [`Resource`] with its typed fields and
//! its nested collections (counted, never listed here: [`Builder::page`] lists them a page at a
//! time).
//!
//! Also makes a document's headline (`SQS · 5 queues · 25 messages`). Iterative throughout.

use std::collections::HashMap;

use crate::error::Result;
use crate::model::{
    Collection, Document, NodeId, Part, Resource, Row, RowFilter, RowRef, Summary, Tree, Value,
};
use crate::resources::discover::{self, Found};
use crate::resources::localstack::{is_account_level, is_region_level, is_store, region_scope};
use crate::resources::naming;
use crate::resources::services::{self, Kind, Profile};
use crate::text::{grouped, plural};

/// How many items of one class are looked into to learn where their nested collections are.
const TEMPLATE_SAMPLE: usize = 32;
/// Scalar fields kept per resource, at most.
pub const MAX_FIELDS: usize = 64;

/// Where resources are found: the service, its profile, and the scope of the store.
#[derive(Clone)]
pub struct Context {
    /// LocalStack's service id.
    pub service: String,
    /// The service's profile, if it has one.
    pub profile: Option<&'static Profile>,
    /// The account the store holds state for.
    pub account: Option<String>,
    /// The region the store holds state for (`None`: global).
    pub region: Option<String>,
}

impl Context {
    /// The context of resources of service `service` in `account`/`region`.
    pub fn new(service: &str, account: Option<String>, region: Option<String>) -> Context {
        Context { service: service.into(), profile: services::profile(service), account, region }
    }

    /// The profile's description of `kind`, if any.
    pub fn kind(&self, kind: &str) -> Option<&'static Kind> {
        self.profile.and_then(|p| p.kinds.iter().find(|k| k.kind == kind))
    }

    /// The kind of the items of a found collection: the profile's, else from their class,
    /// else from the field holding them.
    fn kind_of(&self, found: &Found) -> (String, Option<&'static Kind>) {
        let field = naming::field_name(found.label());
        // Any field on the way names the items (`visible` / `queue`: SQS's visible messages).
        let fields: Vec<&str> = found.path.iter().map(|p| naming::field_name(p)).collect();
        let classes: Vec<&str> =
            std::iter::once(found.class.as_str()).chain(found.common.as_deref()).collect();
        let profiled = self.profile.and_then(|p| {
            p.kinds
                .iter()
                .filter(|k| k.scalars == found.is_scalars())
                .find(|k| classes.iter().any(|c| fields.iter().any(|f| k.matches(c, f))))
        });
        if let Some(k) = profiled {
            return (k.kind.to_string(), Some(k));
        }
        let class = found.common.as_deref().unwrap_or(&found.class);
        let kind =
            naming::kind_of_class(class, &self.service).unwrap_or_else(|| naming::singular(field));
        (kind, None)
    }

    /// Whether a collection is not listed: tags (metadata, not resources), fields the
    /// profile skips, and pairs (dicts of two shared keys) no profile names.
    fn ignored(&self, found: &Found) -> bool {
        let label = naming::field_name(found.label());
        let lower = label.to_lowercase();
        let tags = lower.split('_').any(|w| matches!(w, "tag" | "tags" | "tagging"));
        tags || self.profile.is_some_and(|p| p.ignore.iter().any(|f| f.eq_ignore_ascii_case(label)))
            || (found.needs_profile() && self.kind_of(found).1.is_none())
    }
}

/// The service a store serves: its `service_name` field, else the package in its class path.
pub fn service_of(tree: &mut Tree, store: NodeId) -> String {
    for field in ["service_name", "_service_name"] {
        if let Some(s) = discover::follow(tree, store, &[field.to_string()])
            .and_then(|c| discover::str_value(tree, c))
        {
            return s.to_string();
        }
    }
    let ty = &tree.node(store).ty;
    let parts: Vec<&str> = ty.split('.').collect();
    match parts.as_slice() {
        ["localstack", "services", svc, ..]
        | ["localstack", "pro", "core", "services", svc, ..]
        | ["moto", svc, ..] => svc.to_string(),
        _ => ty.to_string(),
    }
}

/// A store (or backend) with the account and region of the levels above it.
pub struct Store {
    /// The store's node.
    pub node: NodeId,
    /// Account of the account level above it.
    pub account: Option<String>,
    /// Region of the region level above it.
    pub region: Option<String>,
}

/// Stores and backends in depth-first order, with their scope. A lazy tree is searched in
/// what is presented plus the account and region levels (presented here), where stores live.
pub fn stores(tree: &mut Tree) -> Vec<Store> {
    let mut out = Vec::new();
    let mut stack = vec![Store { node: Tree::ROOT, account: None, region: None }];
    while let Some(Store { node: id, account, region }) = stack.pop() {
        let n = tree.node(id);
        if !n.value.is_container() {
            continue;
        }
        let (account_level, region_level) = (is_account_level(&n.ty), is_region_level(&n.ty));
        if is_store(&n.ty) {
            out.push(Store { node: id, account, region });
            continue;
        }
        if id == Tree::ROOT || account_level || region_level {
            tree.unfold(id);
        }
        for &c in tree.node(id).children.iter().rev() {
            let name = &tree.node(c).name;
            let (mut account, mut region) = (account.clone(), region.clone());
            if region_level {
                region = region_scope(name);
            } else if account_level {
                account = Some(name.clone());
            }
            stack.push(Store { node: c, account, region });
        }
    }
    out
}

/// Where nested collections of items of one class are (learnt from the first items).
#[derive(Default)]
struct Templates {
    by_class: HashMap<String, (usize, Vec<Found>)>,
}

impl Templates {
    /// Learns where the nested collections of `items` are (the first [`TEMPLATE_SAMPLE`] of
    /// each class), so that an empty first item does not hide the collections of the rest.
    fn learn(&mut self, tree: &mut Tree, items: &[NodeId]) {
        for &item in items {
            let item = discover::target(tree, item);
            self.learn_one(tree, item);
        }
    }

    /// Learns from `item` while its class has been looked into fewer than
    /// [`TEMPLATE_SAMPLE`] times; returns what is known of the class.
    fn learn_one(&mut self, tree: &mut Tree, item: NodeId) -> &[Found] {
        let class = tree.node(item).ty.clone();
        let (seen, known) = self.by_class.entry(class).or_default();
        if *seen < TEMPLATE_SAMPLE {
            *seen += 1;
            for f in discover::collections(tree, item) {
                if !known.iter().any(|k| k.path == f.path) {
                    known.push(f);
                }
            }
        }
        known
    }

    /// The nested collections of `item`: from discovery while its class is being learnt,
    /// from the paths learnt so far after that.
    fn nested(&mut self, tree: &mut Tree, item: NodeId) -> Vec<(Found, NodeId)> {
        let known = self.learn_one(tree, item);
        // Judged again here: the same path can hold another shape in this item (a versioned
        // bucket's objects), and a collection found inside another one is not counted twice.
        let mut out: Vec<(Found, NodeId)> = Vec::new();
        let mut paths: Vec<&Vec<String>> = known.iter().map(|f| &f.path).collect();
        paths.sort_by_key(|p| p.len());
        for path in paths {
            if out.iter().any(|(f, _)| path.starts_with(&f.path)) {
                continue;
            }
            let Some(h) = discover::follow(tree, item, path) else { continue };
            match discover::collection_at(tree, h, path) {
                Some(f) => out.push((f, h)),
                // Empty here: still the collection other items have (counted 0).
                None if discover::entries(tree, h).is_empty() => {
                    if let Some(f) = known.iter().find(|f| f.path == *path) {
                        out.push((Found { holder: h, ..f.clone() }, h));
                    }
                }
                None => {}
            }
        }
        out
    }
}

/// Builds resources of one context, sharing what is learnt about nested collections.
pub struct Builder {
    ctx: Context,
    templates: Templates,
}

impl Builder {
    /// A builder for resources in `ctx`.
    pub fn new(ctx: Context) -> Builder {
        Builder { ctx, templates: Templates::default() }
    }

    /// A builder for the nested items of `parent` (in its service, account and region).
    pub fn within(parent: &Resource) -> Builder {
        Builder::new(Context::new(&parent.service, parent.account.clone(), parent.region.clone()))
    }

    /// The resource of kind `kind` at `item` (a ref is followed to what it refers to).
    pub fn resource(&mut self, tree: &mut Tree, kind: &str, item: NodeId) -> Resource {
        let key = tree.node(item).name.clone();
        let keyed = tree.parent(item).is_some_and(|p| !tree.node(p).is_list);
        let item = discover::target(tree, item);
        tree.unfold(item);
        if !tree.node(item).value.is_container() {
            return self.scalar_resource(tree, kind, item, key, keyed);
        }
        let profile = self.ctx.kind(kind);
        let mut fields = scalar_fields(tree, item);
        // Profile columns may name a field inside a sub-dict (`message/Body`).
        for col in profile.map_or(&[][..], |k| k.columns) {
            if col.contains('/')
                && !fields.iter().any(|(n, _)| n == col)
                && let Some(v) = discover::follow(tree, item, &field_path(col))
                    .map(|n| tree.node(n).value.clone())
                && !v.is_container()
            {
                fields.push((col.to_string(), v));
            }
        }
        let field_str =
            |name: &str| fields.iter().find(|(n, _)| n == name).and_then(|(_, v)| name_text(v));
        let arn = [
            "arn",
            "Arn",
            "ARN",
            &format!("{}Arn", camel(kind)),
            &format!("{}_arn", kind.replace(' ', "_")),
        ]
        .iter()
        .find_map(|f| field_str(f).filter(|s| s.starts_with("arn:")))
        .or_else(|| {
            fields.iter().find_map(|(n, v)| match v {
                Value::Str(s) if n.to_lowercase().ends_with("arn") && s.starts_with("arn:") => {
                    Some(s.clone())
                }
                _ => None,
            })
        })
        .or_else(|| (keyed && key.starts_with("arn:")).then(|| key.clone()));
        let generic = [
            "name",
            "Name",
            &format!("{}_name", kind.replace(' ', "_")),
            &format!("{}Name", camel(kind)),
        ];
        let by_path = |tree: &mut Tree, f: &str| {
            let n = discover::follow(tree, item, &field_path(f))?;
            name_text(&tree.node(n).value)
        };
        let profiled_name = profile.and_then(|k| k.name.iter().find_map(|f| by_path(tree, f)));
        let name = profiled_name
            .or_else(|| (keyed && !key.starts_with("arn:")).then(|| key.clone()))
            .or_else(|| generic.iter().find_map(|f| field_str(f)))
            .or_else(|| ["id", "Id", "ID"].iter().find_map(|f| field_str(f)))
            .or_else(|| arn.as_deref().map(arn_tail))
            .unwrap_or(key);
        let region = ["bucket_region", "region_name", "region", "Region"]
            .iter()
            .find_map(|f| field_str(f))
            .filter(|r| naming::is_aws_region(r))
            .or_else(|| self.ctx.region.clone());
        let collections = self.collections(tree, item);
        Resource { name, arn, region, fields, collections, ..self.base(tree, kind, item) }
    }

    /// A resource of kind `kind` at node `item`, in this builder's service, account and region
    /// (with nothing read from the node yet but its class).
    fn base(&self, tree: &Tree, kind: &str, item: NodeId) -> Resource {
        Resource {
            service: self.ctx.service.clone(),
            kind: kind.to_string(),
            account: self.ctx.account.clone(),
            region: self.ctx.region.clone(),
            class: tree.node(item).ty.clone(),
            node: Some(item),
            ..Resource::default()
        }
    }

    /// The resource a scalar item is (an inline policy's document by its name, an attached
    /// policy's ARN): named by its key in a dict, else by its text; its one field
    /// [`SCALAR_FIELD`] is the value.
    fn scalar_resource(
        &self,
        tree: &Tree,
        kind: &str,
        item: NodeId,
        key: String,
        keyed: bool,
    ) -> Resource {
        let n = tree.node(item);
        let text = name_text(&n.value);
        let arn = text.clone().filter(|t| t.starts_with("arn:"));
        let name = match (keyed, &arn, text) {
            (true, _, _) | (false, _, None) => key,
            (false, Some(arn), _) => arn_tail(arn),
            (false, None, Some(text)) => text,
        };
        let fields = vec![(SCALAR_FIELD.to_string(), n.value.clone())];
        Resource { name, arn, fields, ..self.base(tree, kind, item) }
    }

    /// The nested collections of `item`, one per kind (a queue's visible, in-flight and
    /// delayed messages are one collection of three parts).
    fn collections(&mut self, tree: &mut Tree, item: NodeId) -> Vec<Collection> {
        let mut out: Vec<Collection> = Vec::new();
        for (found, holder) in self.templates.nested(tree, item) {
            if self.ctx.ignored(&found) {
                continue;
            }
            let (kind, profile) = self.ctx.kind_of(&found);
            if !profile.is_some_and(|k| k.through) {
                // Two fields holding the same items (a stack's `resources` and its
                // `resolved_resources`) are one part.
                if out
                    .iter()
                    .any(|c| c.kind == kind && c.parts.iter().any(|p| same_items(tree, p, holder)))
                {
                    continue;
                }
                let count = discover::count(tree, holder, found.flatten);
                let label = naming::field_name(found.label()).to_string();
                add_part(
                    &mut out,
                    kind,
                    count,
                    Part::Nodes { label, holder, flatten: found.flatten },
                );
                continue;
            }
            // Groups (FIFO message groups): their nested items, one part per group.
            for group in discover::items(tree, holder, found.flatten) {
                let label = tree.node(group).name.clone();
                let group = discover::target(tree, group);
                for (inner, h) in self.templates.nested(tree, group) {
                    let (kind, _) = self.ctx.kind_of(&inner);
                    let count = discover::count(tree, h, inner.flatten);
                    let part =
                        Part::Nodes { label: label.clone(), holder: h, flatten: inner.flatten };
                    add_part(&mut out, kind, count, part);
                }
            }
        }
        out
    }
}

/// Whether `part` holds the entries `holder` holds (by their keys; big parts are not
/// compared).
fn same_items(tree: &mut Tree, part: &Part, holder: NodeId) -> bool {
    const MAX_COMPARED: usize = 10_000;
    let Part::Nodes { holder: other, flatten: false, .. } = part else { return false };
    let names = |tree: &mut Tree, h: NodeId| -> Option<Vec<String>> {
        let e = discover::entries(tree, h);
        (e.len() <= MAX_COMPARED).then(|| e.iter().map(|c| tree.node(*c).name.clone()).collect())
    };
    let (a, b) = (names(tree, *other), names(tree, holder));
    a.is_some() && a == b && tree.node(*other).is_list == tree.node(holder).is_list
}

/// Adds `count` items at `part` to the collection of `kind` in `out`.
fn add_part(out: &mut Vec<Collection>, kind: String, count: u64, part: Part) {
    match out.iter_mut().find(|c| c.kind == kind) {
        Some(c) => c.add(count, part),
        None => out.push(Collection { kind, count, parts: vec![part] }),
    }
}

/// The scalar fields of the node `id` (its leaf children, up to [`MAX_FIELDS`]).
pub fn scalar_fields(tree: &Tree, id: NodeId) -> Vec<(String, Value)> {
    tree.node(id)
        .children
        .iter()
        .map(|c| tree.node(*c))
        .filter(|n| !n.value.is_container() && !matches!(n.value, Value::Ref(_)))
        .filter(|n| !n.name.starts_with("__") && !discover::opaque(&n.ty))
        .take(MAX_FIELDS)
        .map(|n| (n.name.clone(), n.value.clone()))
        .collect()
}

/// The tree node resource `r`'s field `field` was read from: a child of the resource's node,
/// or a path of children (`message/Body`). `None` for a field the layer made (a message's
/// `state`) or one whose node no longer holds the value shown.
pub fn field_node(tree: &Tree, r: &Resource, field: &str) -> Option<NodeId> {
    let at = discover::target(tree, r.node?);
    if field == SCALAR_FIELD && !tree.node(at).value.is_container() {
        return (tree.node(at).value == *r.field(field)?).then_some(at);
    }
    let child = |at: NodeId, name: &str| {
        tree.node(at).children.iter().copied().find(|c| tree.node(*c).name == name)
    };
    let found = child(at, field).or_else(|| {
        field.split('/').try_fold(at, |n, name| child(discover::target(tree, n), name))
    })?;
    (tree.node(found).value == *r.field(field)?).then_some(found)
}

/// The field of a resource that is one scalar (a policy document, an ARN): its value.
pub const SCALAR_FIELD: &str = "value";

/// A collection of `count` resources of kind `kind` that are the rows of table `table`.
pub fn rows(kind: &str, count: u64, table: usize) -> Collection {
    Collection { kind: kind.into(), count, parts: vec![Part::Rows { table }] }
}

/// A field path of a profile (`message/Body`) as child names.
fn field_path(path: &str) -> Vec<String> {
    path.split('/').map(str::to_string).collect()
}

/// A value as a name or ARN can be: text, or an integer's digits.
fn name_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) | Value::Text(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// `log group` → `LogGroup`.
fn camel(kind: &str) -> String {
    kind.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}

/// The resource part of an ARN: `arn:aws:sns:us-east-1:000000000000:orders` → `orders`.
fn arn_tail(arn: &str) -> String {
    let res = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    res.rsplit('/').next().unwrap_or(res).to_string()
}

/// The resources of one store: every collection discovery finds in it, named by the profile.
pub fn store_resources(tree: &mut Tree, store: &Store, service: &str) -> Vec<Resource> {
    store_resources_noting(tree, store, service, &mut Vec::new())
}

/// [`store_resources`], adding to `notes` the profiled fields that hold no collection (a
/// renamed class, a list of strings where objects were): what is there is still shown in the
/// tree, and whatever discovery finds is listed.
pub fn store_resources_noting(
    tree: &mut Tree,
    store: &Store,
    service: &str,
    notes: &mut Vec<String>,
) -> Vec<Resource> {
    let mut out = Vec::new();
    let mut builders: HashMap<(bool, bool), Builder> = HashMap::new();
    let base = Context::new(service, store.account.clone(), store.region.clone());
    let listed: Vec<Found> =
        discover::collections(tree, store.node).into_iter().filter(|f| !base.ignored(f)).collect();
    unexpected_shapes(tree, store.node, service, &listed, notes);
    for found in listed {
        // Cross-region attributes hold global resources, cross-account ones universal ones.
        let universal = found.path.first().is_some_and(|p| p == "_universal");
        let global = universal || found.path.first().is_some_and(|p| p == "_global");
        let builder = builders.entry((global, universal)).or_insert_with(|| {
            let mut ctx = base.clone();
            if global {
                ctx.region = None;
            }
            if universal {
                ctx.account = None;
            }
            Builder::new(ctx)
        });
        let (kind, _) = builder.ctx.kind_of(&found);
        let items = discover::items(tree, found.holder, found.flatten);
        builder.templates.learn(tree, &items);
        for item in items {
            let r = builder.resource(tree, &kind, item);
            lift_nested(tree, builder, &r, &mut out);
            out.push(r);
        }
    }
    link_within(&mut out);
    out
}

/// The kind of the resource `r` is kept `within` by its profile, and the value of its link
/// field (an SNS subscription's `TopicArn`).
pub fn within_link(r: &Resource) -> Option<(&'static str, String)> {
    let kind = services::profile(&r.service)?.kinds.iter().find(|k| k.kind == r.kind)?;
    let (parent, links) = kind.within?;
    let link = links.iter().find_map(|f| match r.field(f) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    })?;
    Some((parent, link))
}

/// The part holding one resource kept within another.
pub fn linked_part(kind: &str, node: NodeId) -> Part {
    Part::Items { label: kind.to_string(), items: vec![node] }
}

/// Drops the items of `v` whose flag is set.
pub fn drop_flagged<T>(v: &mut Vec<T>, flags: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        !flags[i - 1]
    });
}

/// Moves the resources a profile keeps `within` another kind (SNS subscriptions beside their
/// topics, Step Functions executions beside their machines) into their parent's collections;
/// those whose parent is not there stay at the top.
fn link_within(out: &mut Vec<Resource>) {
    let mut moved = vec![false; out.len()];
    for (i, moved_i) in moved.iter_mut().enumerate() {
        let (Some((parent_kind, link)), Some(node)) = (within_link(&out[i]), out[i].node) else {
            continue;
        };
        let same_scope = |p: &Resource| p.account == out[i].account && p.region == out[i].region;
        let parent = out.iter().position(|p| {
            p.kind == parent_kind
                && (p.arn.as_deref() == Some(&link) || (p.name == link && same_scope(p)))
        });
        if let Some(p) = parent {
            let kind = out[i].kind.clone();
            add_part(&mut out[p].collections, kind.clone(), 1, linked_part(&kind, node));
            *moved_i = true;
        }
    }
    drop_flagged(out, &moved);
}

/// Notes the fields of the store a profile names that hold something but no collection listed
/// (`found`: the collections listed).
fn unexpected_shapes(
    tree: &mut Tree,
    store: NodeId,
    service: &str,
    found: &[Found],
    notes: &mut Vec<String>,
) {
    let Some(profile) = services::profile(service) else { return };
    let holders: Vec<NodeId> = std::iter::once(store)
        .chain(
            ["_global", "_universal"]
                .iter()
                .filter_map(|h| discover::follow(tree, store, &[h.to_string()])),
        )
        .collect();
    for h in holders {
        for c in discover::entries(tree, h) {
            let n = tree.node(c);
            let field = naming::field_name(&n.name).to_string();
            let Some(kind) = profile
                .kinds
                .iter()
                .find(|k| k.fields.iter().any(|f| f.eq_ignore_ascii_case(&field)))
            else {
                continue;
            };
            let used = found
                .iter()
                .any(|f| f.holder == c || f.path.iter().any(|p| naming::field_name(p) == field));
            let empty = !n.value.is_container() || tree.child_count(c) == 0;
            if used || empty {
                continue;
            }
            let ty = n.ty.clone();
            let first = discover::entries(tree, c)
                .first()
                .map(|e| tree.node(*e).ty.clone())
                .unwrap_or_default();
            let note = format!(
                "{}: `{field}` ({ty} of {first}) does not hold {} as the profile expects; what discovery finds is listed",
                services::title(service),
                plural(kind.kind, 2).trim_start_matches("2 ")
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
}

/// Adds the nested resources the profile lists at the top level too (EC2 instances inside
/// reservations).
fn lift_nested(tree: &mut Tree, builder: &mut Builder, r: &Resource, out: &mut Vec<Resource>) {
    for c in &r.collections {
        if builder.ctx.kind(&c.kind).is_some_and(|k| k.top) {
            for item in part_items(tree, c) {
                out.push(builder.resource(tree, &c.kind, item));
            }
        }
    }
}

/// Every item node of a tree collection, in order.
fn part_items(tree: &mut Tree, c: &Collection) -> Vec<NodeId> {
    let mut out = Vec::new();
    for p in &c.parts {
        if let Part::Nodes { holder, flatten, .. } = p {
            out.extend(discover::items(tree, *holder, *flatten));
        }
    }
    out
}

impl Builder {
    /// Up to `limit` items of the collection `c` of `parent` (in `doc`), after skipping
    /// `offset`: each a resource, with its own nested collections counted. A collection of
    /// several parts (visible, in-flight, delayed messages) gives each item a `state` field
    /// naming its part. This builder ([`Builder::within`] `parent`) keeps what it learnt of
    /// where the items' own collections are, for the next page of the same collection.
    pub fn page(
        &mut self,
        doc: &mut Document,
        parent: &Resource,
        c: &Collection,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        let mut skip = offset;
        let mut out = Vec::new();
        for p in &c.parts {
            if out.len() >= limit {
                break;
            }
            let want = limit - out.len();
            match p {
                Part::Nodes { label, holder, flatten } => {
                    let tree = &mut doc.tree;
                    let n = discover::count(tree, *holder, *flatten);
                    if skip >= n {
                        skip -= n;
                        continue;
                    }
                    let items = discover::items_range(tree, *holder, *flatten, skip as usize, want);
                    self.templates.learn(tree, &items);
                    for item in items {
                        let mut r = self.resource(tree, &c.kind, item);
                        if c.parts.len() > 1 {
                            r.fields.insert(0, ("state".into(), Value::Str(label.clone())));
                        }
                        out.push(r);
                    }
                }
                Part::Items { items, .. } => {
                    let n = items.len() as u64;
                    if skip >= n {
                        skip -= n;
                        continue;
                    }
                    for &item in items.iter().skip(skip as usize).take(want) {
                        out.push(self.resource(&mut doc.tree, &c.kind, item));
                    }
                }
                Part::Rows { table } => {
                    let Some(source) = doc.tables.get(*table) else { continue };
                    let filter = RowFilter::default();
                    let n = source.count(&filter)?;
                    if skip >= n {
                        skip -= n;
                        continue;
                    }
                    let columns = source.columns();
                    for row in source.page(&filter, skip, want)? {
                        out.push(row_resource(parent, &c.kind, *table, &columns, row));
                    }
                }
            }
            skip = 0;
        }
        Ok(out)
    }
}

/// A row of a table as a resource: named by its first cell (the key), its fields the
/// top-level values of its decoded detail (typed), else its cells.
fn row_resource(
    parent: &Resource,
    kind: &str,
    table: usize,
    columns: &[String],
    row: Row,
) -> Resource {
    let mut fields = scalar_fields(&row.detail, Tree::ROOT);
    if fields.is_empty() {
        fields = columns.iter().cloned().zip(row.cells.iter().cloned().map(Value::Str)).collect();
    }
    Resource {
        service: parent.service.clone(),
        kind: kind.into(),
        name: row.cells.first().cloned().unwrap_or_else(|| row.id.to_string()),
        account: parent.account.clone(),
        region: parent.region.clone(),
        class: row.detail.node(Tree::ROOT).ty.clone(),
        fields,
        row: Some(RowRef { table, id: row.id }),
        ..Resource::default()
    }
}

/// Summarizes every store in the tree: its resources and a headline.
pub fn summarize(tree: &mut Tree) -> Summary {
    if tree.is_empty() {
        return Summary::default();
    }
    let stores = stores(tree);
    let mut services: Vec<String> = Vec::new();
    let mut resources = Vec::new();
    let mut notes = Vec::new();
    for store in &stores {
        let service = service_of(tree, store.node);
        if !services.contains(&service) {
            services.push(service.clone());
        }
        resources.extend(store_resources_noting(tree, store, &service, &mut notes));
    }
    let mut parts: Vec<String> = services.iter().map(|s| services::title(s)).collect();
    parts.extend(counts(&resources).into_iter().map(|(k, n)| plural(&k, n as usize)));
    if services.is_empty() {
        // An account/region container without any account: the service's state is empty.
        let service =
            discover::follow(tree, Tree::ROOT, &["__dict__".into(), "service_name".into()]);
        let root = tree.node(Tree::ROOT);
        if let (true, Some(s)) =
            (is_account_level(&root.ty), service.and_then(|c| discover::str_value(tree, c)))
        {
            let headline = format!("{} · no state", services::title(s));
            return Summary { headline, resources, notes };
        }
        let root = tree.node(Tree::ROOT);
        parts.push(if root.value.is_container() {
            format!("{} · {} entries", root.ty, grouped(tree.child_count(Tree::ROOT) as u64))
        } else {
            format!("{} {}", root.ty, root.value.display())
        });
    }
    Summary { headline: parts.join(" · "), resources, notes }
}

/// Resource counts by kind, in order of first appearance: top-level kinds, then the totals of
/// nested kinds (`28 messages`).
pub fn counts(resources: &[Resource]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut add = |out: &mut Vec<(String, u64)>, kind: &str, n: u64| {
        let i = *at.entry(kind.to_string()).or_insert_with(|| {
            out.push((kind.to_string(), 0));
            out.len() - 1
        });
        out[i].1 += n;
    };
    for r in resources {
        add(&mut out, &r.kind, 1);
    }
    let top: Vec<String> = out.iter().map(|(k, _)| k.clone()).collect();
    for r in resources {
        for c in r.collections.iter().filter(|c| !top.contains(&c.kind)) {
            add(&mut out, &c.kind, c.count);
        }
    }
    out.retain(|(_, n)| *n > 0);
    out
}
