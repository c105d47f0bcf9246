//! `api_states.json`, the list of services a snapshot holds (localstack-ext's
//! `API_STATES_JSON`: "This file holds a list of services that are stored in the snapshot"),
//! read and compared with the files the scan found: services it lists that have no files,
//! services with files it does not list, and JSON that does not parse (with its line and
//! column). Its exact shape is not documented, so a list of names (`["sqs", "s3"]`), a list of
//! objects with a `service` key, an object with a `services` list, or an object keyed by
//! service are all read.

use serde::Serialize;
use serde_json::Value;

use super::layout::Layout;
use super::scan::Volume;

/// Largest `api_states.json` read.
const MAX_BYTES: u64 = 4 << 20;

/// What `api_states.json` says, next to what the volume holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ApiStatesCheck {
    /// The file, relative to the scanned root.
    pub file: String,
    /// The services it lists, in its order.
    pub listed: Vec<String>,
    /// Listed services without any file in the volume.
    pub missing: Vec<String>,
    /// Services with files that it does not list.
    pub unlisted: Vec<String>,
    /// Why it could not be read (not JSON: with the line and column; an unknown shape).
    pub error: Option<String>,
}

/// Reads the volume's `api_states.json` (if any), records the comparison in
/// [`Volume::api_states`] and a line per disagreement in [`Volume::problems`].
pub(super) fn attach(vol: &mut Volume) {
    if vol.layouts.iter().all(|l| l.layout == Layout::SingleFile) {
        return;
    }
    let Some(entry) =
        vol.other.iter().find(|e| e.rel.rsplit('/').next() == Some("api_states.json"))
    else {
        return;
    };
    let mut check = ApiStatesCheck { file: entry.rel.clone(), ..Default::default() };
    match entry.location.read_limited(MAX_BYTES) {
        Err(e) => check.error = Some(format!("cannot be read: {e}")),
        Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
            Err(e) => check.error = Some(format!("is not valid JSON: {e}")),
            Ok(v) => match listed_services(&v) {
                Some(listed) => check.listed = listed,
                None => {
                    check.error =
                        Some("is neither a list of services nor an object keyed by service".into())
                }
            },
        },
    }
    if check.error.is_none() {
        let has = |s: &str| vol.services.iter().any(|v| v.name == s);
        check.missing = check.listed.iter().filter(|s| !has(s)).cloned().collect();
        check.unlisted = vol
            .services
            .iter()
            .map(|s| s.name.clone())
            .filter(|s| !check.listed.contains(s))
            .collect();
    }
    let f = &check.file;
    if let Some(e) = &check.error {
        vol.problems.push(format!("{f} {e}"));
    }
    if !check.missing.is_empty() {
        vol.problems.push(format!(
            "{f} lists {} but there are no files for {}",
            check.missing.join(", "),
            if check.missing.len() == 1 { "it" } else { "them" }
        ));
    }
    if !check.unlisted.is_empty() {
        vol.problems.push(format!(
            "{f} does not list {}, which {} files here",
            check.unlisted.join(", "),
            if check.unlisted.len() == 1 { "has" } else { "have" }
        ));
    }
    vol.api_states = Some(Box::new(check));
}

/// The service names `v` lists, in order (`None` for a shape that lists none).
fn listed_services(v: &Value) -> Option<Vec<String>> {
    let from_list = |items: &[Value]| {
        items
            .iter()
            .map(|i| match i {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("service").and_then(Value::as_str).map(String::from),
                _ => None,
            })
            .collect::<Option<Vec<String>>>()
    };
    match v {
        Value::Array(items) => from_list(items),
        Value::Object(o) => match o.get("services") {
            Some(Value::Array(items)) => from_list(items),
            _ => Some(o.keys().cloned().collect()),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plausible_shape_lists_its_services() {
        let names = |t: &str| listed_services(&serde_json::from_str(t).unwrap());
        let want = Some(vec!["sqs".to_string(), "s3".to_string()]);
        assert_eq!(names(r#"["sqs", "s3"]"#), want);
        assert_eq!(names(r#"[{"service": "sqs"}, {"service": "s3"}]"#), want);
        assert_eq!(names(r#"{"services": ["sqs", "s3"]}"#), want);
        assert_eq!(names(r#"{"sqs": {}, "s3": {"files": 2}}"#), want);
        assert_eq!(names(r#"[1, 2]"#), None);
        assert_eq!(names("7"), None);
    }
}
