//! `startup_info.json`: the list LocalStack 0.12–0.14 appended to at every start,
//! `[{timestamp, localstack_version, localstack_ext_version, pro_activated}, …]`.

use std::path::Path;

use crate::error::Context;
use serde::Deserialize;

use crate::model::{Document, Resource, Summary, Tree, Value};

/// One LocalStack start recorded in `startup_info.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StartupInfo {
    /// When LocalStack started, as written.
    pub timestamp: Option<String>,
    /// The `localstack` package version.
    pub localstack_version: Option<String>,
    /// The `localstack-ext` package version, if installed.
    pub localstack_ext_version: Option<String>,
    /// Whether a Pro license was activated at that start.
    pub pro_activated: Option<bool>,
}

/// Parses the file's bytes.
pub fn read_startup_info(bytes: &[u8]) -> crate::Result<Vec<StartupInfo>> {
    serde_json::from_slice(bytes).context("startup_info.json is not a JSON list of {timestamp, localstack_version, localstack_ext_version, pro_activated}")
}

pub fn open(path: &Path) -> crate::Result<Document> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let infos = read_startup_info(&bytes).with_context(|| path.display().to_string())?;
    let mut tree = Tree::new("startup_info", "list");
    tree.node_mut(Tree::ROOT).is_list = true;
    let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::Str);
    for (i, s) in infos.iter().enumerate() {
        let n = tree.push_container(Tree::ROOT, i.to_string(), "StartupInfo", false);
        tree.push(n, "timestamp", "str", text(&s.timestamp));
        tree.push(n, "localstack_version", "str", text(&s.localstack_version));
        tree.push(n, "localstack_ext_version", "str", text(&s.localstack_ext_version));
        tree.push(n, "pro_activated", "bool", s.pro_activated.map_or(Value::Null, Value::Bool));
    }
    let last = infos.last();
    let headline = match last {
        Some(l) => format!(
            "{} LocalStack starts · last {} with version {}",
            infos.len(),
            l.timestamp.as_deref().unwrap_or("?"),
            l.localstack_version.as_deref().unwrap_or("?")
        ),
        None => "no LocalStack start recorded".into(),
    };
    let resources = infos
        .iter()
        .map(|s| Resource {
            kind: "start".into(),
            name: s.timestamp.clone().unwrap_or_default(),
            details: vec![("version".into(), s.localstack_version.clone().unwrap_or_default())],
            ..Default::default()
        })
        .collect();
    Ok(Document {
        format: "LocalStack startup info".into(),
        tree,
        summary: Summary { headline, resources, ..Summary::default() },
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_rejects_other_json() {
        let v = read_startup_info(br#"[{"timestamp": "2021-09-27T14:38:07.1", "localstack_version": "0.12.18", "localstack_ext_version": "0.12.9", "pro_activated": false}]"#).unwrap();
        assert_eq!(v[0].localstack_version.as_deref(), Some("0.12.18"));
        assert_eq!(v[0].pro_activated, Some(false));
        assert!(read_startup_info(b"{\"a\": 1}").is_err());
    }
}
