//! What LocalStack's and moto's state framework looks like once decoded: which classes are
//! stores and backends, which containers are keyed by account and which by region, and the
//! account/region scopes a tree holds. Found by class-name shape, never by a service's fields.

use crate::model::{Scope, Tree};

/// Whether a node is a LocalStack store or a moto backend.
pub fn is_store(ty: &str) -> bool {
    let class = ty.rsplit('.').next().unwrap_or(ty);
    (class.ends_with("Store") || class.ends_with("Backend"))
        && !class.ends_with("AccountSpecificBackend")
        && (ty.starts_with("localstack.") || ty.starts_with("moto."))
}

/// Containers keyed by account id.
pub fn is_account_level(ty: &str) -> bool {
    ty.ends_with(".AccountRegionBundle") || ty.ends_with(".BackendDict")
}

/// Containers keyed by region (or `global` / a partition for global services).
pub fn is_region_level(ty: &str) -> bool {
    (ty.ends_with(".RegionBundle") && !ty.ends_with(".AccountRegionBundle"))
        || ty.ends_with(".AccountSpecificBackend")
}

/// The region of a region-level key; `None` for account-wide keys (`global`, partitions).
pub fn region_scope(key: &str) -> Option<String> {
    match key {
        "global" | "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" => None,
        r => Some(r.to_string()),
    }
}

/// Account/region scopes found in a presented tree: the items of `AccountRegionBundle` /
/// `BackendDict` are accounts, those of `RegionBundle` / `AccountSpecificBackend` regions.
pub fn scopes(tree: &Tree) -> Vec<Scope> {
    let mut out = Vec::new();
    for n in &tree.nodes {
        if !is_account_level(&n.ty) {
            continue;
        }
        for &acc in &n.children {
            let a = tree.node(acc);
            if a.name == "__dict__" || !a.value.is_container() {
                continue;
            }
            let regions: Vec<&str> = if is_region_level(&a.ty) {
                a.children
                    .iter()
                    .map(|r| tree.node(*r).name.as_str())
                    .filter(|r| *r != "__dict__")
                    .collect()
            } else {
                Vec::new()
            };
            for r in regions {
                out.push(Scope { account: a.name.clone(), region: region_scope(r) });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
