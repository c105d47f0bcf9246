//! jsonpickle's scalar encodings: numbers as Python loads them, base85 and quoted-printable
//! bytes.

use crate::formats::pyobj::PyValue;

/// A JSON number as Python would load it: int (arbitrary size) or float.
pub(super) fn number(n: &str) -> PyValue {
    if let Ok(i) = n.parse::<i64>() {
        return PyValue::Int(i);
    }
    if n.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
        return PyValue::Long(n.to_string());
    }
    match n {
        "NaN" => PyValue::Float(f64::NAN),
        "Infinity" => PyValue::Float(f64::INFINITY),
        "-Infinity" => PyValue::Float(f64::NEG_INFINITY),
        _ => PyValue::Float(n.parse().unwrap_or(f64::NAN)),
    }
}

/// Python's `base64.b85decode` (RFC 1924 alphabet).
pub(super) fn b85decode(text: &str) -> Result<Vec<u8>, String> {
    const ALPHABET: &[u8] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
    let mut lookup = [255u8; 256];
    for (i, c) in ALPHABET.iter().enumerate() {
        lookup[*c as usize] = i as u8;
    }
    let bytes = text.as_bytes();
    let pad = (5 - bytes.len() % 5) % 5;
    let mut out = Vec::with_capacity(bytes.len() / 5 * 4 + 4);
    let mut chunk = Vec::with_capacity(5);
    for c in bytes.iter().copied().chain(std::iter::repeat_n(b'~', pad)) {
        let v = lookup[c as usize];
        if v == 255 {
            return Err(format!("invalid base85 character {:?}", c as char));
        }
        chunk.push(u32::from(v));
        if chunk.len() == 5 {
            let acc = chunk
                .iter()
                .try_fold(0u32, |acc, v| acc.checked_mul(85).and_then(|a| a.checked_add(*v)))
                .ok_or("base85 group overflows")?;
            out.extend_from_slice(&acc.to_be_bytes());
            chunk.clear();
        }
    }
    out.truncate(out.len() - pad);
    Ok(out)
}

/// Quoted-printable decoding (`quopri.decodestring`), used by old jsonpickle `py/bytes`.
pub(super) fn quopri_decode(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let Some(h) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(h);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}
