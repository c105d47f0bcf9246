//! A Cloud Pod's `metadata.yaml`: what `localstack state export` appends to the archive
//! (localstack-ext 2026.3.0, `StateService.export_pod`: the emulator's environment metadata,
//! `name`, and the `PodInfo` of the export — `services`, `size`; a pod's `PodInfo` may also
//! carry `version` (the pod's version number, not LocalStack's), `localstack_version`,
//! `description`, `encrypted`, `remote`, `pod_id`), written with PyYAML's `yaml.dump`.
//!
//! Parsed with yaml-rust2's event parser into JSON values under a node budget, so anchors
//! and aliases cannot expand a small file into a huge one.

use serde::Serialize;
use serde_json::Value;
use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Most values (scalars and collections, aliases counted at their expanded size) read.
pub const MAX_NODES: usize = 10_000;

/// Largest `metadata.yaml` read.
pub const MAX_BYTES: u64 = 1 << 20;

/// What a Cloud Pod's `metadata.yaml` says.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PodMetadata {
    /// The pod's name (`name`).
    pub name: Option<String>,
    /// Services the pod holds (`services`).
    pub services: Vec<String>,
    /// The LocalStack version that saved it (`localstack_version`).
    pub localstack_version: Option<String>,
    /// The pod's own version number (`version`), when it was saved as a Cloud Pod.
    pub pod_version: Option<String>,
    /// Size in bytes the export recorded (`size`).
    pub size: Option<u64>,
    /// Whether the pod's content is encrypted with a secret (`encrypted`).
    pub encrypted: bool,
    /// Its description (`description`).
    pub description: Option<String>,
    /// Every top-level key with its value as text (JSON for lists and maps), in file order.
    pub fields: Vec<(String, String)>,
}

impl PodMetadata {
    /// Parses the text of a `metadata.yaml`. Errors say where (line and column).
    pub fn parse(text: &str) -> Result<PodMetadata, String> {
        let mut b = Builder::default();
        Parser::new_from_str(text).load(&mut b, false).map_err(|e| e.to_string())?;
        if let Some(e) = b.error {
            return Err(e);
        }
        let Some(Value::Object(map)) = b.done else {
            return Err("not a mapping of keys to values".into());
        };
        let text_of = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let scalar = |k: &str| map.get(k).filter(|v| !v.is_null()).map(text_of);
        let services = match map.get("services") {
            Some(Value::Array(a)) => a.iter().map(text_of).collect(),
            Some(Value::String(s)) => {
                s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
            }
            _ => Vec::new(),
        };
        Ok(PodMetadata {
            name: scalar("name"),
            services,
            localstack_version: scalar("localstack_version"),
            pod_version: scalar("version"),
            size: map.get("size").and_then(Value::as_u64),
            encrypted: map.get("encrypted").and_then(Value::as_bool).unwrap_or(false),
            description: scalar("description").filter(|d| !d.is_empty()),
            fields: map.iter().map(|(k, v)| (k.clone(), text_of(v))).collect(),
        })
    }
}

/// A collection being read: its value so far, a map's key waiting for its value, its anchor
/// and how many values it holds (itself included).
struct Open {
    value: Value,
    key: Option<String>,
    anchor: usize,
    size: usize,
}

/// Builds JSON values from parser events, within [`MAX_NODES`].
#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    /// Anchored values with their sizes, for aliases.
    anchors: Vec<(usize, Value, usize)>,
    nodes: usize,
    done: Option<Value>,
    error: Option<String>,
}

impl Builder {
    fn fail(&mut self, what: &str, mark: Marker) {
        self.error = Some(format!("{what} at line {} column {}", mark.line(), mark.col() + 1));
    }

    /// Counts `size` more values, or fails past the budget.
    fn count(&mut self, size: usize, mark: Marker) -> bool {
        self.nodes += size;
        if self.nodes > MAX_NODES {
            self.fail(&format!("more than {MAX_NODES} values (aliases expanding?)"), mark);
        }
        self.error.is_none()
    }

    /// Puts a finished value of `size` values into its parent (or makes it the document).
    fn add(&mut self, value: Value, size: usize, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, value.clone(), size));
        }
        let Some(parent) = self.stack.last_mut() else {
            self.done = Some(value);
            return;
        };
        match &mut parent.value {
            Value::Array(items) => {
                items.push(value);
                parent.size += size;
            }
            Value::Object(map) => match parent.key.take() {
                Some(k) => {
                    map.insert(k, value);
                    parent.size += size;
                }
                None => {
                    parent.key = Some(match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                }
            },
            _ => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() || self.done.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let value = if style == TScalarStyle::Plain {
                    match Yaml::from_str(&text) {
                        Yaml::Null => Value::Null,
                        Yaml::Boolean(b) => Value::Bool(b),
                        Yaml::Integer(i) => Value::from(i),
                        Yaml::Real(r) => r.parse::<f64>().map_or(Value::String(r), Value::from),
                        _ => Value::String(text),
                    }
                } else {
                    Value::String(text)
                };
                if self.count(1, mark) {
                    self.add(value, 1, anchor);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let value = match ev {
                    Event::SequenceStart(..) => Value::Array(Vec::new()),
                    _ => Value::Object(Default::default()),
                };
                if self.count(1, mark) {
                    self.stack.push(Open { value, key: None, anchor, size: 1 });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    self.add(open.value, open.size, open.anchor);
                }
            }
            Event::Alias(id) => match self.anchors.iter().rev().find(|(a, _, _)| *a == id) {
                Some((_, v, size)) => {
                    let (v, size) = (v.clone(), *size);
                    if self.count(size, mark) {
                        self.add(v, size, 0);
                    }
                }
                None => self.fail("an alias to an unknown anchor", mark),
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyyaml_output_of_an_export_reads_back() {
        // What `yaml.dump` writes for export_pod's dict (keys sorted, block lists).
        let text = "description: ''\nencrypted: false\nlocalstack_version: 2026.3.0\nname: my-pod\npro: true\nservices:\n- sqs\n- s3\nsize: 12345\nversion: 2\n";
        let m = PodMetadata::parse(text).unwrap();
        assert_eq!(m.name.as_deref(), Some("my-pod"));
        assert_eq!(m.services, ["sqs", "s3"]);
        assert_eq!(m.localstack_version.as_deref(), Some("2026.3.0"));
        assert_eq!(m.pod_version.as_deref(), Some("2"));
        assert_eq!(m.size, Some(12345));
        assert!(!m.encrypted);
        assert_eq!(m.description, None);
        assert!(m.fields.contains(&("services".into(), "[\"sqs\",\"s3\"]".into())));
    }

    #[test]
    fn aliases_are_bounded_and_errors_have_a_position() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let e = PodMetadata::parse(&bomb).unwrap_err();
        assert!(e.contains("more than 10000 values"), "{e}");
        let e = PodMetadata::parse("name: [unclosed\nservices: x\n").unwrap_err();
        assert!(e.contains("line"), "{e}");
        assert!(PodMetadata::parse("- just\n- a list\n").is_err());
    }
}
