//! Scalar argument decoding and encoding: two's-complement big integers (`LONG1`/`LONG4`) to
//! and from decimal text, and the text forms of protocol 0 (`INT`, `LONG`, `FLOAT`, the
//! repr-quoted `STRING`, raw-unicode-escaped `UNICODE`).

use crate::formats::pyobj::PyValue;

/// A little-endian two's-complement integer as `Int` when it fits i64, else `Long` text.
pub fn long_from_le(bytes: &[u8]) -> PyValue {
    if bytes.len() <= 8 {
        if bytes.is_empty() {
            return PyValue::Int(0);
        }
        let neg = bytes[bytes.len() - 1] & 0x80 != 0;
        let mut buf = if neg { [0xffu8; 8] } else { [0u8; 8] };
        buf[..bytes.len()].copy_from_slice(bytes);
        return PyValue::Int(i64::from_le_bytes(buf));
    }
    let neg = bytes[bytes.len() - 1] & 0x80 != 0;
    // Magnitude as little-endian u32 limbs.
    let mut mag: Vec<u8> = bytes.to_vec();
    if neg {
        // Two's complement negate: invert and add one.
        let mut carry = 1u16;
        for b in mag.iter_mut() {
            let v = (!*b) as u16 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
    }
    let mut limbs: Vec<u32> =
        mag.chunks(4).map(|c| c.iter().rev().fold(0u32, |a, x| (a << 8) | *x as u32)).collect();
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut digits = Vec::new(); // base-1e9 chunks, least significant first
    while !limbs.is_empty() {
        let mut rem = 0u64;
        for l in limbs.iter_mut().rev() {
            let cur = (rem << 32) | *l as u64;
            *l = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        digits.push(rem as u32);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let mut s = String::with_capacity(digits.len() * 9 + 1);
    if neg {
        s.push('-');
    }
    for (i, d) in digits.iter().rev().enumerate() {
        if i == 0 {
            s.push_str(&d.to_string());
        } else {
            s.push_str(&format!("{d:09}"));
        }
    }
    if digits.is_empty() {
        s.push('0');
    }
    PyValue::Long(s)
}

/// Decimal text (optional `-`) to the minimal little-endian two's-complement bytes CPython
/// writes for `LONG1`/`LONG4` (zero is empty). `None` when the text is not an integer.
pub fn long_to_le(text: &str) -> Option<Vec<u8>> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut mag: Vec<u8> = Vec::new(); // little-endian magnitude
    for d in digits.bytes() {
        let mut carry = (d - b'0') as u32;
        for b in mag.iter_mut() {
            let v = *b as u32 * 10 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            mag.push(carry as u8);
            carry >>= 8;
        }
    }
    while mag.last() == Some(&0) {
        mag.pop();
    }
    if mag.is_empty() {
        return Some(Vec::new());
    }
    if neg {
        let mut carry = 1u16;
        for b in mag.iter_mut() {
            let v = (!*b) as u16 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
        // Needs a sign bit set; -128 is 0x80 but -129 needs 0x7f 0xff.
        if mag[mag.len() - 1] & 0x80 == 0 {
            mag.push(0xff);
        }
        // Drop redundant 0xff bytes (keep the sign).
        while mag.len() > 1 && mag[mag.len() - 1] == 0xff && mag[mag.len() - 2] & 0x80 != 0 {
            mag.pop();
        }
    } else if mag[mag.len() - 1] & 0x80 != 0 {
        mag.push(0);
    }
    Some(mag)
}

/// `INT` line: `01`/`00` are True/False (protocol 0 bools), else a decimal integer.
pub fn int_line(line: &[u8]) -> Option<PyValue> {
    match line {
        b"01" => return Some(PyValue::Bool(true)),
        b"00" => return Some(PyValue::Bool(false)),
        _ => {}
    }
    decimal(line)
}

/// `LONG` line: decimal with an optional trailing `L`.
pub fn long_line(line: &[u8]) -> Option<PyValue> {
    decimal(line.strip_suffix(b"L").unwrap_or(line))
}

fn decimal(line: &[u8]) -> Option<PyValue> {
    let s = std::str::from_utf8(line).ok()?.trim();
    let s = s.strip_prefix('+').unwrap_or(s);
    if let Ok(i) = s.parse::<i64>() {
        return Some(PyValue::Int(i));
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    let sign = if s.starts_with('-') { "-" } else { "" };
    Some(PyValue::Long(format!("{sign}{}", if trimmed.is_empty() { "0" } else { trimmed })))
}

/// `FLOAT` line (Python `repr` of a float, incl. `inf`/`nan`).
pub fn float_line(line: &[u8]) -> Option<f64> {
    std::str::from_utf8(line).ok()?.trim().parse::<f64>().ok()
}

/// `STRING` line: a Python 2 `repr` in single or double quotes; returns the raw bytes.
pub fn quoted_string(line: &[u8]) -> Option<Vec<u8>> {
    let q = *line.first()?;
    if !(q == b'\'' || q == b'"') || line.len() < 2 || line[line.len() - 1] != q {
        return None;
    }
    let body = &line[1..line.len() - 1];
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = *body.get(i + 1)?;
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'\\' | b'\'' | b'"' => out.push(e),
            b'\n' => {}
            b'x' => {
                let h = body.get(i..i + 2)?;
                out.push(u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?);
                i += 2;
            }
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut n = 1;
                while n < 3 && i < body.len() && (b'0'..=b'7').contains(&body[i]) {
                    v = v * 8 + (body[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// `UNICODE` line: raw-unicode-escape (latin-1 bytes plus `\uXXXX` / `\UXXXXXXXX`).
pub fn raw_unicode_escape(line: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if c == b'\\' && matches!(line.get(i + 1), Some(b'u') | Some(b'U')) {
            // An odd number of backslashes before `u` is an escape.
            let width = if line[i + 1] == b'u' { 4 } else { 8 };
            let hex = line.get(i + 2..i + 2 + width)?;
            let v = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            i += 2 + width;
        } else if c == b'\\' && line.get(i + 1) == Some(&b'\\') {
            out.push_str("\\\\");
            i += 2;
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    Some(out)
}

/// Encodes text the way `raw-unicode-escape` does (for protocol-0 `UNICODE` edits); CPython
/// also escapes `\` and newline so the line stays one line.
pub fn to_raw_unicode_escape(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for ch in s.chars() {
        let c = ch as u32;
        match ch {
            '\\' => out.extend_from_slice(b"\\u005c"),
            '\n' => out.extend_from_slice(b"\\u000a"),
            '\r' => out.extend_from_slice(b"\\u000d"),
            '\0' => out.extend_from_slice(b"\\u0000"),
            _ if c < 256 => out.push(c as u8),
            _ if c < 0x10000 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integers_round_trip_through_decimal() {
        for s in [
            "0",
            "1",
            "-1",
            "127",
            "128",
            "-128",
            "-129",
            "255",
            "9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211456",
            "-340282366920938463463374607431768211456",
        ] {
            let le = long_to_le(s).unwrap();
            let back = long_from_le(&le);
            let text = match back {
                PyValue::Int(i) => i.to_string(),
                PyValue::Long(t) => t,
                other => panic!("{other:?}"),
            };
            assert_eq!(text, s);
        }
        // CPython: pickle.dumps(2**64, 2) → LONG1 with 9 bytes 00..00 01 00
        assert_eq!(long_to_le("18446744073709551616").unwrap(), vec![0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(long_to_le("-128").unwrap(), vec![0x80]);
        assert_eq!(long_to_le("-129").unwrap(), vec![0x7f, 0xff]);
    }

    #[test]
    fn protocol_zero_text_forms() {
        assert_eq!(int_line(b"01"), Some(PyValue::Bool(true)));
        assert_eq!(int_line(b"-42"), Some(PyValue::Int(-42)));
        assert_eq!(
            long_line(b"123456789012345678901234567890L"),
            Some(PyValue::Long("123456789012345678901234567890".into()))
        );
        assert_eq!(quoted_string(br"'a\'b\x00\n'"), Some(b"a'b\x00\n".to_vec()));
        assert_eq!(raw_unicode_escape(br"caf\xe9 \u20ac"), Some("caf\\xe9 \u{20ac}".into()));
        assert_eq!(raw_unicode_escape(b"caf\xe9"), Some("caf\u{e9}".into()));
        assert_eq!(to_raw_unicode_escape("a\\b\n\u{20ac}"), b"a\\u005cb\\u000a\\u20ac".to_vec());
    }
}
