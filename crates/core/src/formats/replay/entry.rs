//! One line of the log as LocalStack wrote it: `{"a": api, "m": method, "p": path,
//! "d": base64 | null, "h": {headers}, "rd": base64}` (`rd` only since 0.10.8).

use base64::Engine;
use serde::Deserialize;

/// Request headers in recorded order, looked up case-insensitively.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The value of header `name` (first match, case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A decoded log line: bodies are bytes, headers a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The service LocalStack routed the call to (`a`).
    pub api: String,
    /// HTTP method (`m`), uppercased.
    pub method: String,
    /// Path as recorded, including any `?query`.
    pub path: String,
    /// Request headers (`h`); non-string values as JSON text.
    pub headers: Headers,
    /// Request body (`d`) decoded from base64; empty when `null`.
    pub body: Vec<u8>,
    /// `None` for entries written before 0.10.8 (no `rd`).
    pub response: Option<Vec<u8>>,
}

#[derive(Deserialize)]
struct RawEntry {
    a: Option<String>,
    m: Option<String>,
    p: Option<String>,
    #[serde(default)]
    d: Option<serde_json::Value>,
    #[serde(default)]
    h: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    rd: Option<serde_json::Value>,
}

impl Entry {
    /// Parses one line; the error says which field is missing or broken.
    pub fn parse(line: &[u8]) -> Result<Entry, String> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let raw: RawEntry =
            serde_json::from_slice(line).map_err(|e| format!("not a JSON object: {e}"))?;
        let field =
            |v: Option<String>, name: &str| v.ok_or_else(|| format!("field \"{name}\" is missing"));
        let headers = raw
            .h
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect();
        Ok(Entry {
            api: field(raw.a, "a")?,
            method: field(raw.m, "m")?.to_ascii_uppercase(),
            path: field(raw.p, "p")?,
            headers: Headers(headers),
            body: body_bytes(raw.d, "d")?.unwrap_or_default(),
            response: body_bytes(raw.rd, "rd")?,
        })
    }
}

/// `d`/`rd`: base64 text, or `null`; a recorder that could not encode left the text as is.
fn body_bytes(v: Option<serde_json::Value>, name: &str) -> Result<Option<Vec<u8>>, String> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => {
            match base64::engine::general_purpose::STANDARD.decode(s.trim()) {
                Ok(b) => Ok(Some(b)),
                Err(_) => Ok(Some(s.into_bytes())),
            }
        }
        Some(serde_json::Value::Object(_)) | Some(serde_json::Value::Array(_)) => {
            Ok(v.map(|v| v.to_string().into_bytes()))
        }
        Some(other) => Err(format!("field \"{name}\" is {other}, expected base64 text or null")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_fields_and_reports_missing_ones() {
        let e = Entry::parse(br#"{"a": "sqs", "m": "post", "p": "/", "d": "QWN0aW9uPUNyZWF0ZVF1ZXVl", "h": {"Content-Type": "x", "X-N": 5}, "rd": null}"#).unwrap();
        assert_eq!(e.method, "POST");
        assert_eq!(e.body, b"Action=CreateQueue");
        assert_eq!(e.headers.get("content-type"), Some("x"));
        assert_eq!(e.headers.get("x-n"), Some("5"));
        assert_eq!(e.response, None);
        let err = Entry::parse(br#"{"m": "POST", "p": "/"}"#).unwrap_err();
        assert!(err.contains("\"a\""), "{err}");
        let err = Entry::parse(b"{\"a\": \"s3\", \"m\"").unwrap_err();
        assert!(err.starts_with("not a JSON object"), "{err}");
        let err = Entry::parse(br#"{"a": "s3", "m": "PUT", "p": "/b", "d": 5}"#).unwrap_err();
        assert!(err.contains("\"d\" is 5"), "{err}");
    }
}
