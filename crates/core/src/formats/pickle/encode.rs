//! Encodes one scalar as the single opcode CPython would write for it at a given protocol
//! (used by [`super::edit`] to replace exactly one opcode).

use crate::formats::pyobj::PyValue;
use crate::model::Value;

use super::limits::PickleError;
use super::ops::Opcode;
use super::scalars;

/// The opcode bytes for `v` and the object the VM will build from them.
pub fn scalar_op(v: &Value, protocol: u8, old: Opcode) -> Result<(Vec<u8>, PyValue), PickleError> {
    let refuse = |why: String| Err(PickleError::Edit(why));
    Ok(match v {
        Value::Null => (vec![Opcode::NONE as u8], PyValue::None),
        Value::Bool(b) => {
            let bytes = match (protocol >= 2, b) {
                (true, true) => vec![Opcode::NEWTRUE as u8],
                (true, false) => vec![Opcode::NEWFALSE as u8],
                (false, true) => b"I01\n".to_vec(),
                (false, false) => b"I00\n".to_vec(),
            };
            (bytes, PyValue::Bool(*b))
        }
        Value::Int(i) => (int_op(*i, protocol), PyValue::Int(*i)),
        Value::BigInt(s) => {
            let Some(le) = scalars::long_to_le(s.trim()) else {
                return refuse(format!("{s:?} is not an integer"));
            };
            let obj = scalars::long_from_le(&le);
            match obj {
                PyValue::Int(i) => (int_op(i, protocol), obj),
                PyValue::Long(ref text) if protocol >= 2 => {
                    let mut out = Vec::with_capacity(le.len() + 5);
                    if le.len() < 256 {
                        out.push(Opcode::LONG1 as u8);
                        out.push(le.len() as u8);
                    } else {
                        out.push(Opcode::LONG4 as u8);
                        out.extend_from_slice(&(le.len() as u32).to_le_bytes());
                    }
                    out.extend_from_slice(&le);
                    let _ = text;
                    (out, obj)
                }
                PyValue::Long(ref text) => (format!("L{text}L\n").into_bytes(), obj.clone()),
                _ => return refuse("not an integer".into()),
            }
        }
        Value::Float(f) => {
            let bytes = if protocol >= 1 {
                let mut out = vec![Opcode::BINFLOAT as u8];
                out.extend_from_slice(&f.to_be_bytes());
                out
            } else {
                format!("F{}\n", python_float_repr(*f)).into_bytes()
            };
            (bytes, PyValue::Float(*f))
        }
        Value::Str(s) | Value::Number(s) => (str_op(s, protocol), PyValue::Str(s.clone())),
        Value::Bytes(b) if old == Opcode::BYTEARRAY8 => {
            (len_op(Opcode::BYTEARRAY8, 8, b), PyValue::ByteArray(b.clone()))
        }
        Value::Bytes(b) if protocol >= 3 => {
            let bytes = if b.len() < 256 {
                len_op(Opcode::SHORT_BINBYTES, 1, b)
            } else if b.len() <= u32::MAX as usize {
                len_op(Opcode::BINBYTES, 4, b)
            } else {
                len_op(Opcode::BINBYTES8, 8, b)
            };
            (bytes, PyValue::Bytes(b.clone()))
        }
        Value::Bytes(_) => {
            return refuse(format!(
                "bytes cannot be written as one opcode in protocol {protocol} (needs 3+)"
            ));
        }
        Value::Text(_) | Value::Container | Value::Ref(_) => {
            return refuse(
                "only str, bytes, int, float, bool and None leaves can be replaced".into(),
            );
        }
    })
}

fn len_op(code: Opcode, width: usize, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + width + payload.len());
    out.push(code as u8);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes()[..width]);
    out.extend_from_slice(payload);
    out
}

fn int_op(i: i64, protocol: u8) -> Vec<u8> {
    if protocol >= 1 {
        if (0..256).contains(&i) {
            return vec![Opcode::BININT1 as u8, i as u8];
        }
        if (0..65536).contains(&i) {
            return len_op_raw(Opcode::BININT2, &(i as u16).to_le_bytes());
        }
        if let Ok(v) = i32::try_from(i) {
            return len_op_raw(Opcode::BININT, &v.to_le_bytes());
        }
        if protocol >= 2 {
            let le = scalars::long_to_le(&i.to_string()).unwrap_or_default();
            let mut out = vec![Opcode::LONG1 as u8, le.len() as u8];
            out.extend_from_slice(&le);
            return out;
        }
    }
    if i32::try_from(i).is_ok() { format!("I{i}\n") } else { format!("L{i}L\n") }.into_bytes()
}

fn len_op_raw(code: Opcode, arg: &[u8]) -> Vec<u8> {
    let mut out = vec![code as u8];
    out.extend_from_slice(arg);
    out
}

fn str_op(s: &str, protocol: u8) -> Vec<u8> {
    let b = s.as_bytes();
    if protocol >= 4 && b.len() < 256 {
        len_op(Opcode::SHORT_BINUNICODE, 1, b)
    } else if protocol >= 1 && b.len() <= u32::MAX as usize {
        len_op(Opcode::BINUNICODE, 4, b)
    } else if protocol >= 4 {
        len_op(Opcode::BINUNICODE8, 8, b)
    } else {
        let mut out = vec![Opcode::UNICODE as u8];
        out.extend_from_slice(&scalars::to_raw_unicode_escape(s));
        out.push(b'\n');
        out
    }
}

/// Text Python's `float()` parses back to the same value.
fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{f:?}")
    }
}
