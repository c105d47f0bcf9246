//! What kind of file an entry is, decided from its place and name (and, for ambiguous JSON,
//! its first bytes).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A Python pickle (`*.state`, `*.pkl`, Pro v1 `backend_state`...).
    Pickle,
    /// A DynamoDB Local database.
    DynamodbSqlite,
    /// Any other SQLite database (CloudWatch `metrics.db`...).
    Sqlite,
    /// kinesis-mock's persisted state.
    KinesisJson,
    /// jsonpickle JSON written by localstack-persist.
    Jsonpickle,
    /// Any other JSON.
    Json,
    /// A record-and-replay API call log.
    ReplayLog,
    /// A file a service keeps as-is (S3 object bodies, ...).
    Asset,
    Unknown,
}

impl EntryKind {
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Pickle => "pickle",
            EntryKind::DynamodbSqlite => "dynamodb-sqlite",
            EntryKind::Sqlite => "sqlite",
            EntryKind::KinesisJson => "kinesis-json",
            EntryKind::Jsonpickle => "jsonpickle",
            EntryKind::Json => "json",
            EntryKind::ReplayLog => "replay-log",
            EntryKind::Asset => "asset",
            EntryKind::Unknown => "unknown",
        }
    }

    /// Whether `formats::open` can decode this kind.
    pub fn decodable(self) -> bool {
        !matches!(self, EntryKind::Asset | EntryKind::Unknown)
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl EntryKind {
    /// Decides the kind of a file from its path and first bytes (up to 512).
    pub fn sniff(path: &std::path::Path, head: &[u8]) -> EntryKind {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if head.starts_with(b"SQLite format 3\0") {
            let in_dynamodb = path.components().any(|c| c.as_os_str() == "dynamodb");
            return if in_dynamodb || name == "shared-local-instance.db" {
                EntryKind::DynamodbSqlite
            } else {
                EntryKind::Sqlite
            };
        }
        if is_replay_log_name(name) {
            return EntryKind::ReplayLog;
        }
        // Pickles: PROTO opcode (protocol 2+), or localstack-persist's marker byte + PROTO.
        let is_pickle_head = |h: &[u8]| h.len() >= 2 && h[0] == 0x80 && h[1] <= 5;
        if is_pickle_head(head)
            || (matches!(head.first(), Some(b'p' | b'd')) && is_pickle_head(&head[1..]))
            || matches!(ext, "state" | "pkl" | "pickle")
            || matches!(name, "backend_state" | "region_state" | "shared_state" | "store_state")
        {
            return EntryKind::Pickle;
        }
        if ext == "json" || head.first().is_some_and(|b| *b == b'{' || *b == b'[') {
            let text = String::from_utf8_lossy(head);
            if text.contains("\"py/object\"")
                || text.contains("\"py/")
                || text.starts_with("{\"v\":") && text.contains("\"data\"")
            {
                return EntryKind::Jsonpickle;
            }
            // kinesis-mock writes its state object with `streams` first.
            let first_key_streams = text
                .trim_start()
                .strip_prefix('{')
                .is_some_and(|rest| rest.trim_start().starts_with("\"streams\""));
            if first_key_streams
                && (text.contains("arn:aws:kinesis")
                    || path.components().any(|c| c.as_os_str() == "kinesis"))
            {
                return EntryKind::KinesisJson;
            }
            if path.components().any(|c| c.as_os_str() == "kinesis") && ext == "json" {
                return EntryKind::KinesisJson;
            }
            return EntryKind::Json;
        }
        if ext == "db" || ext == "sqlite" {
            return EntryKind::Sqlite;
        }
        EntryKind::Unknown
    }
}

/// `recorded_api_calls.json`, `api_calls_<api>.json` (0.13–0.14) or `<api>_api_calls.json` (≤ 0.10.7).
pub fn is_replay_log_name(name: &str) -> bool {
    name == "recorded_api_calls.json"
        || (name.starts_with("api_calls_") && name.ends_with(".json"))
        || (name.ends_with("_api_calls.json") && name != "_api_calls.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn kinesis_state_is_told_from_json_that_mentions_streams() {
        let real = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/kinesis/000000000000.json"
        ))
        .unwrap();
        let head = &real[..512];
        assert_eq!(
            EntryKind::sniff(Path::new("/tmp/000000000000.json"), head),
            EntryKind::KinesisJson
        );
        // The same state pretty-printed is still kinesis-mock state.
        let pretty =
            serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&real).unwrap())
                .unwrap();
        assert_eq!(
            EntryKind::sniff(Path::new("/tmp/x.json"), &pretty[..512]),
            EntryKind::KinesisJson
        );
        // A document that holds kinesis state further in is plain JSON.
        let wrapped = [b"{\"copies\":[".as_slice(), &real].concat();
        assert_eq!(EntryKind::sniff(Path::new("/tmp/big.json"), &wrapped[..512]), EntryKind::Json);
    }
}
