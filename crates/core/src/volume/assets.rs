//! The bytes behind resources, in a volume's asset files: S3 object bodies and the Lambda
//! code LocalStack keeps as objects of its internal `awslambda-<region>-tasks` bucket.
//!
//! localstack-persist writes an object's body to `s3/assets/<bucket>/<key>@<version>` (the
//! key percent-encoded, `null` for no version). LocalStack's own snapshot copies the S3
//! provider's object store (its `AssetDirectory`) as it is: in localstack-core 2026.3 that is
//! `EphemeralS3ObjectStore`, whose file names are spooled temporary files named by a
//! process-salted `hash()` of key and version, so bodies there cannot be told apart from the
//! files alone (they are listed as the service's files, not linked to objects).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::{NodeId, Resource, Tree, Value};

use super::scan::Volume;

/// Nodes looked at for a code location inside one resource, at most.
const MAX_LOCATION_NODES: usize = 5_000;
/// Fields of one node looked at for a location, at most.
const MAX_LOCATION_FIELDS: usize = 256;

/// One asset file holding a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// The file.
    pub path: PathBuf,
    /// Relative to the volume, `/`-separated.
    pub rel: String,
    /// Its size.
    pub size: u64,
}

/// An object's bodies, one per version (`None`: unversioned).
type Versions = Vec<(Option<String>, Asset)>;

/// The volume's S3 object bodies by bucket and key.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    objects: HashMap<(String, String), Versions>,
}

impl Assets {
    /// The bodies among the S3 service's asset files of `volume`.
    pub fn of(volume: &Volume) -> Assets {
        let mut objects: HashMap<(String, String), Versions> = HashMap::new();
        let Some(s3) = volume.service("s3") else { return Assets::default() };
        for e in s3.all_entries() {
            let parts: Vec<&str> = e.rel.split('/').collect();
            let Some(at) = parts.iter().rposition(|p| *p == "assets") else { continue };
            let [bucket, name] = parts[at + 1..] else { continue };
            let name = percent_decode(name);
            let (key, version) = match name.rsplit_once('@') {
                Some((k, "null")) => (k.to_string(), None),
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (name.clone(), None),
            };
            let asset = Asset { path: e.path.clone(), rel: e.rel.clone(), size: e.size };
            objects.entry((bucket.to_string(), key)).or_default().push((version, asset));
        }
        Assets { objects }
    }

    /// The body of object `key` (version `version`, or the only/unversioned one) of `bucket`.
    pub fn body(&self, bucket: &str, key: &str, version: Option<&str>) -> Option<&Asset> {
        let versions = self.objects.get(&(bucket.to_string(), key.to_string()))?;
        versions
            .iter()
            .find(|(v, _)| v.as_deref() == version)
            .or_else(|| (versions.len() == 1).then(|| &versions[0]))
            .map(|(_, a)| a)
    }

    /// The body of an S3 object resource inside bucket `bucket`.
    pub fn object_body(&self, bucket: &str, object: &Resource) -> Option<&Asset> {
        let key = match object.field("key") {
            Some(Value::Str(k)) => k.as_str(),
            _ => object.name.as_str(),
        };
        let version = match object.field("version_id") {
            Some(Value::Str(v)) if v != "null" => Some(v.as_str()),
            _ => None,
        };
        self.body(bucket, key, version)
    }

    /// The code of a resource that names an S3 location (a Lambda function's `s3_bucket` /
    /// `s3_key` pair, anywhere under its node).
    pub fn code_of(&self, tree: &Tree, node: NodeId) -> Option<&Asset> {
        let (bucket, key) = s3_location(tree, node)?;
        self.body(&bucket, &key, None)
    }
}

/// The first `s3_bucket` + `s3_key` (or `S3Bucket` + `S3Key`) pair of strings under `node`.
fn s3_location(tree: &Tree, node: NodeId) -> Option<(String, String)> {
    // Among a node's first fields only: a list of a million messages holds no location.
    let text = |id: NodeId, names: [&str; 2]| {
        tree.node(id).children.iter().take(MAX_LOCATION_FIELDS).find_map(|c| {
            let n = tree.node(*c);
            match &n.value {
                Value::Str(s) if names.contains(&n.name.as_str()) => Some(s.clone()),
                _ => None,
            }
        })
    };
    let mut stack = vec![node];
    let mut seen = 0;
    while let Some(id) = stack.pop() {
        seen += 1;
        if seen > MAX_LOCATION_NODES {
            return None;
        }
        if let (Some(b), Some(k)) =
            (text(id, ["s3_bucket", "S3Bucket"]), text(id, ["s3_key", "S3Key"]))
        {
            return Some((b, k));
        }
        // At most the budget left: a queue's node holds a million messages (this runs every
        // frame a resource is shown).
        let budget = MAX_LOCATION_NODES.saturating_sub(seen + stack.len());
        stack.extend(tree.node(id).children.iter().take(budget).rev().copied());
    }
    None
}

/// `snapshots%2f000000000000%2fcode` → `snapshots/000000000000/code` (either hex case; a
/// malformed escape is kept as it is).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_in_either_case() {
        assert_eq!(
            percent_decode("snapshots%2f000000000000%2Fcode"),
            "snapshots/000000000000/code"
        );
        assert_eq!(percent_decode("a%zz%2"), "a%zz%2");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }
}
