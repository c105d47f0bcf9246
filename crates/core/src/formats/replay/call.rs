//! A fully decoded call: service, operation and parameters, rendered bodies, and what the
//! signature headers tell (request time from `X-Amz-Date`, region and access key from
//! `Authorization`).

use super::body::{self, Rendered};
use super::entry::{Entry, Headers};
use super::protocol::{self, Protocol};

/// One recorded API call, decoded from a log line.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// 0-based position among the log's non-blank lines (shown as `#index+1`).
    pub index: usize,
    /// 1-based line number in the file.
    pub line_no: u64,
    /// Request time from `X-Amz-Date` (or `Date`), as `YYYY-MM-DD HH:MM:SSZ`.
    pub time: Option<String>,
    /// The service LocalStack routed it to (`a`).
    pub service: String,
    /// HTTP method, uppercase.
    pub method: String,
    /// Path as recorded, with its query string.
    pub path: String,
    /// The AWS protocol the request was recognized as.
    pub protocol: Protocol,
    /// Operation name (e.g. `CreateQueue`); `METHOD path` for an unrecognized rest-json route.
    pub operation: String,
    /// Decoded parameters in request order (nested values as compact JSON).
    pub params: Vec<(String, String)>,
    /// The recorded request headers.
    pub headers: Headers,
    /// The request body, rendered for reading.
    pub request_body: Rendered,
    /// `None` for logs written before 0.10.8 (no `rd`).
    pub response: Option<Rendered>,
    /// Region from the `Authorization` credential scope, if signed.
    pub region: Option<String>,
    /// Access key id from the `Authorization` credential, if signed.
    pub access_key: Option<String>,
}

impl Call {
    /// Decodes the log entry on line `line_no` (the `index`-th non-blank line).
    pub fn decode(index: usize, line_no: u64, entry: Entry) -> Call {
        let chunked = is_aws_chunked(&entry.headers);
        let request_body = body::render(&entry.body, entry.headers.get("content-type"), chunked);
        let op = protocol::decode(&entry, &request_body);
        let response = entry.response.as_deref().map(|r| body::render(r, None, false));
        let (access_key, region) =
            credential_scope(entry.headers.get("authorization").unwrap_or(""));
        let time = entry
            .headers
            .get("x-amz-date")
            .and_then(amz_date)
            .or_else(|| entry.headers.get("date").map(str::to_string));
        Call {
            index,
            line_no,
            time,
            service: entry.api,
            method: entry.method,
            path: entry.path,
            protocol: op.protocol,
            operation: op.name,
            params: op.params,
            headers: entry.headers,
            request_body,
            response,
            region,
            access_key,
        }
    }

    /// `key=value` pairs of the parameters, each value cut to `max` characters.
    pub fn params_line(&self, max: usize) -> String {
        self.params
            .iter()
            .map(|(k, v)| format!("{k}={}", shorten(v, max)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

fn is_aws_chunked(h: &Headers) -> bool {
    h.get("content-encoding").is_some_and(|v| v.contains("aws-chunked"))
        || h.get("x-amz-content-sha256").is_some_and(|v| v.starts_with("STREAMING-"))
        || h.get("x-amz-decoded-content-length").is_some()
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/sqs/aws4_request, …` → (key, region).
fn credential_scope(auth: &str) -> (Option<String>, Option<String>) {
    let Some(cred) = auth.split("Credential=").nth(1) else { return (None, None) };
    let cred = cred.split([',', ' ']).next().unwrap_or("");
    let mut parts = cred.split('/');
    let key = parts.next().filter(|k| !k.is_empty()).map(str::to_string);
    let region = parts.nth(1).filter(|r| !r.is_empty()).map(str::to_string);
    (key, region)
}

/// `20261128T144900Z` → `2026-11-28 14:49:00Z`.
fn amz_date(d: &str) -> Option<String> {
    let b = d.as_bytes();
    if b.len() != 16
        || b[8] != b'T'
        || b[15] != b'Z'
        || !d[..8].bytes().chain(d[9..15].bytes()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(format!(
        "{}-{}-{} {}:{}:{}Z",
        &d[..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_headers_give_time_region_and_key() {
        let auth = "AWS4-HMAC-SHA256 Credential=test/20261128/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=ab";
        assert_eq!(credential_scope(auth), (Some("test".into()), Some("eu-west-1".into())));
        assert_eq!(credential_scope(""), (None, None));
        assert_eq!(amz_date("20261128T144900Z").as_deref(), Some("2026-11-28 14:49:00Z"));
        assert_eq!(amz_date("2026-11-28"), None);
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("ab", 3), "ab");
    }
}
