//! `application/x-www-form-urlencoded` and URL query strings: percent-decoding and pairs.

/// Decodes `%XX` escapes (and `+` as space when `plus_is_space`); invalid escapes stay as is.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// `k=v&k2=v2` → decoded pairs (a key without `=` gets an empty value).
pub fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Whether bytes look like a form body: printable ASCII `k=v` pairs joined by `&`.
pub fn looks_like_form(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_graphic())
        && b.split(|c| *c == b'&').all(|p| {
            let key = p.split(|c| *c == b'=').next().unwrap_or_default();
            !key.is_empty()
                && key.iter().all(|c| c.is_ascii_alphanumeric() || b"._-%[]".contains(c))
        })
}

/// Splits a recorded path into (path, query).
pub fn split_query(path: &str) -> (&str, &str) {
    path.split_once('?').unwrap_or((path, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_and_escapes() {
        let p = parse_pairs(
            "Action=SendMessage&QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fq&MessageBody=hello+world&flag&bad=%zz%4",
        );
        assert_eq!(p[1].1, "http://localhost:4566/000000000000/q");
        assert_eq!(p[2].1, "hello world");
        assert_eq!(p[3], ("flag".into(), String::new()));
        assert_eq!(p[4].1, "%zz%4");
        assert!(looks_like_form(b"Action=CreateQueue&QueueName=q"));
        assert!(!looks_like_form(b"{\"a\": 1}"));
        assert_eq!(split_query("/b/k?uploads"), ("/b/k", "uploads"));
    }
}
