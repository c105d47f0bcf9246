//! Candidate values for the divergence lint: every string a request or response carries
//! (JSON string leaves, form fields, XML text, query values, path segments, headers), split
//! into pieces, keeping those that look generated (URLs, ARNs, ids with digits).

use super::body::{BodyKind, Rendered};
use super::call::Call;

/// A value found in a body or request, with where it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    /// Parameter name, JSON path (`Entries/0/ReceiptHandle`) or XML element name.
    pub place: String,
    pub value: String,
}

/// Headers that carry the signature, timing or client noise, never a resource value.
const NOISE_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "user-agent",
    "content-length",
    "content-md5",
    "date",
    "expect",
    "connection",
    "accept-encoding",
    "host",
    "x-amz-decoded-content-length",
];

/// The string values of a rendered body.
pub fn body_values(body: &Rendered) -> Vec<Located> {
    let mut out = Vec::new();
    match body.kind {
        BodyKind::Json => {
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&body.bytes) {
                json_strings(&v, &mut String::new(), &mut out);
            }
        }
        BodyKind::Form => out.extend(
            body.fields.iter().map(|(k, v)| Located { place: k.clone(), value: v.clone() }),
        ),
        BodyKind::Xml => xml_texts(&String::from_utf8_lossy(&body.bytes), &mut out),
        BodyKind::Text => out.push(Located {
            place: "body".into(),
            value: String::from_utf8_lossy(&body.bytes).into_owned(),
        }),
        BodyKind::Empty | BodyKind::Binary => {}
    }
    out
}

/// Every value a request carries: parameters, body strings, path segments, headers.
pub fn request_values(call: &Call) -> Vec<Located> {
    let mut out: Vec<Located> =
        call.params.iter().map(|(k, v)| Located { place: k.clone(), value: v.clone() }).collect();
    if call.request_body.kind != BodyKind::Form {
        out.extend(body_values(&call.request_body));
    }
    let (path, _) = super::form::split_query(&call.path);
    out.extend(
        path.split('/').filter(|s| !s.is_empty()).map(|s| Located {
            place: "path".into(),
            value: super::form::percent_decode(s, false),
        }),
    );
    out.extend(
        call.headers
            .0
            .iter()
            .filter(|(k, _)| {
                !NOISE_HEADERS.contains(&k.to_ascii_lowercase().as_str())
                    && !k.to_ascii_lowercase().starts_with("amz-sdk-")
            })
            .map(|(k, v)| Located { place: k.clone(), value: v.clone() }),
    );
    out
}

fn json_strings(v: &serde_json::Value, path: &mut String, out: &mut Vec<Located>) {
    use serde_json::Value as J;
    let mut stack: Vec<(&J, String)> = vec![(v, std::mem::take(path))];
    while let Some((v, p)) = stack.pop() {
        match v {
            J::String(s) => out.push(Located {
                place: if p.is_empty() { "body".into() } else { p },
                value: s.clone(),
            }),
            J::Array(a) => {
                stack.extend(a.iter().enumerate().rev().map(|(i, x)| (x, join(&p, &i.to_string()))))
            }
            J::Object(m) => stack.extend(m.iter().rev().map(|(k, x)| (x, join(&p, k)))),
            _ => {}
        }
    }
}

fn join(p: &str, seg: &str) -> String {
    if p.is_empty() { seg.to_string() } else { format!("{p}/{seg}") }
}

/// Text content of XML elements, labelled with the element name, entities decoded.
fn xml_texts(xml: &str, out: &mut Vec<Located>) {
    let mut tag = String::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let text = rest[..lt].trim();
        if !text.is_empty() {
            out.push(Located {
                place: if tag.is_empty() { "body".into() } else { tag.clone() },
                value: unescape_xml(text),
            });
        }
        rest = &rest[lt + 1..];
        let gt = rest.find('>').unwrap_or(rest.len());
        let inner = &rest[..gt];
        if !inner.starts_with('/') && !inner.starts_with('?') && !inner.starts_with('!') {
            tag = inner
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_string();
        }
        rest = rest.get(gt + 1..).unwrap_or("");
    }
}

fn unescape_xml(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
}

/// The value itself (trimmed) and, when it embeds others (a policy document, a message
/// body), its pieces split at quotes, brackets, whitespace and separators.
pub fn pieces(value: &str) -> impl Iterator<Item = &str> {
    let whole = value.trim();
    let split = whole
        .split(|c: char| c.is_whitespace() || "\"'<>,;(){}[]|\\".contains(c))
        .filter(move |p| p.len() != whole.len());
    std::iter::once(whole).chain(split).filter(|p| looks_generated(p))
}

/// Whether a token could have been generated by the emulator: long enough, not a plain
/// number, date or region, and carrying a digit (ids, URLs with ports, ARNs with accounts).
pub fn looks_generated(t: &str) -> bool {
    t.len() >= 8
        && t.len() <= 4096
        && t.bytes().any(|c| c.is_ascii_digit())
        && !t.bytes().all(|c| {
            c.is_ascii_digit()
                || c == b'.'
                || c == b'-'
                || c == b':'
                || c == b'T'
                || c == b'Z'
                || c == b'+'
        })
        && !is_region(t)
}

fn is_region(t: &str) -> bool {
    let parts: Vec<&str> = t.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|c| c.is_ascii_digit())
}

/// A piece that looks generated rather than chosen: a UUID, or ≥ 4 characters with an
/// uppercase letter or a digit that is not a plain number or a region name.
pub fn is_random_piece(p: &str) -> bool {
    p.len() >= 4
        && p.bytes().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !p.bytes().all(|c| c.is_ascii_digit())
        && !is_region(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_looking_tokens() {
        assert!(looks_generated("http://localhost:4566/000000000000/q1"));
        assert!(looks_generated("arn:aws:sns:us-east-1:000000000000:t1"));
        assert!(looks_generated("4bd1c7a9-6b1e-4d8e-9c5d-1f0a2b3c4d5e"));
        assert!(!looks_generated("us-east-1"));
        assert!(!looks_generated("2026-11-28T14:49:00Z"));
        assert!(!looks_generated("1732805340"));
        assert!(!looks_generated("hello"));
        assert!(is_random_piece("4bd1c7a9-6b1e-4d8e-9c5d-1f0a2b3c4d5e"));
        assert!(!is_random_piece("000000000000"));
        assert!(is_random_piece("token-LvjyFQ"));
        assert!(!is_random_piece("us-east-1"));
        assert!(!is_random_piece("orders"));
    }

    #[test]
    fn values_of_json_and_xml_bodies() {
        let j = super::super::body::render(
            br#"{"Entries":[{"Id":"a","ReceiptHandle":"rh1"}]}"#,
            None,
            false,
        );
        let v = body_values(&j);
        assert_eq!(v[1], Located { place: "Entries/0/ReceiptHandle".into(), value: "rh1".into() });
        let x = super::super::body::render(
            b"<R><QueueUrl>http://h:1/0/q?a=1&amp;b=2</QueueUrl><E/></R>",
            None,
            false,
        );
        assert_eq!(
            body_values(&x),
            vec![Located { place: "QueueUrl".into(), value: "http://h:1/0/q?a=1&b=2".into() }]
        );
        let p: Vec<_> =
            pieces("{\"Resource\": \"arn:aws:sqs:us-east-1:000000000000:q1\"}").collect();
        assert_eq!(
            p,
            vec![
                "{\"Resource\": \"arn:aws:sqs:us-east-1:000000000000:q1\"}",
                "arn:aws:sqs:us-east-1:000000000000:q1"
            ]
        );
    }
}
