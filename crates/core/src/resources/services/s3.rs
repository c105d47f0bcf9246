//! Amazon S3: buckets, and the objects inside each (listed as resources of their own).

use super::{Collection, Profile};
use crate::model::NodeId;
use crate::resources::summary::Gather;

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "s3",
    title: "S3",
    collections: &[Collection::new("buckets", "bucket")],
    facts: Some(facts),
};

/// A bucket's objects, each a resource of its own with its size.
fn facts(g: &mut Gather<'_>, bucket: NodeId, bucket_name: &str) -> Vec<(String, String)> {
    // A KeyStore (dict of key → S3Object) or a versioned store with a `_store` dict.
    let keys = match g.child(bucket, "objects") {
        Some(objects) => {
            let store = g.child(objects, "_store").unwrap_or(objects);
            g.entries(store)
        }
        None => Vec::new(),
    };
    for k in &keys {
        let size = g.child(*k, "size").map(|s| g.tree.node(s).value.display());
        let name = format!("{bucket_name}/{}", g.tree.node(*k).name);
        let details = size.map(|s| vec![("size".to_string(), s)]).unwrap_or_default();
        g.nested("object", name, details, *k);
    }
    g.count("object", keys.len());
    vec![("objects".into(), keys.len().to_string())]
}
