//! Words and numbers for people: plurals and sizes, shared by every headline and listing.

/// `1 queue`, `3 queues`, `2 policies`, `2 event buses`, `1,000,000 messages`.
pub fn plural(kind: &str, n: usize) -> String {
    if n == 1 {
        return format!("1 {kind}");
    }
    let n = grouped(n as u64);
    if kind.ends_with('s') {
        format!("{n} {kind}es")
    } else if let Some(stem) =
        kind.strip_suffix('y').filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {kind}s")
    }
}

/// A count with its thousands grouped: `401,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Human-readable size: `512 B`, `1.5 KiB`, `3.2 MiB`.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(3 << 20), "3.0 MiB");
    }

    #[test]
    fn plurals_read_naturally() {
        assert_eq!(plural("queue", 3), "3 queues");
        assert_eq!(plural("policy", 2), "2 policies");
        assert_eq!(plural("key", 2), "2 keys");
        assert_eq!(plural("event bus", 2), "2 event buses");
        assert_eq!(plural("message", 1), "1 message");
        assert_eq!(plural("message", 0), "0 messages");
        assert_eq!(plural("message", 1_000_000), "1,000,000 messages");
        assert_eq!(plural("item", 401_000), "401,000 items");
        assert_eq!(plural("item", 999), "999 items");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(12_345_678), "12,345,678");
    }
}
