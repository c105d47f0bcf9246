//! Turning what a user typed into a typed [`Value`], checked against the value it replaces.
//!
//! Without an explicit type the new value keeps the current one's type: an int stays an int
//! (of any size), a float a float, a DynamoDB `N` / `Decimal` a valid number, bytes are entered
//! as `hex:…` or `base64:…`. `--type` (the `ty` argument) converts on purpose; whether the
//! target format can store the converted type is the applier's decision.

use crate::bail;
use crate::error::{Context, Result};
use base64::Engine;

use crate::model::Value;

/// Types a user may name with `--type`.
pub const TYPES: &[&str] =
    &["int", "float", "bool", "none", "null", "str", "bytes", "hex", "base64", "number", "N"];

/// Parses `input` as the new value for a leaf whose current value is `current`.
pub fn parse_value(input: &str, current: &Value, ty: Option<&str>) -> Result<Value> {
    match ty {
        Some(t) => parse_as(input, t),
        None => parse_like(input, current),
    }
}

fn parse_like(input: &str, current: &Value) -> Result<Value> {
    match current {
        Value::Int(_) | Value::BigInt(_) => parse_int(input),
        Value::Float(_) => parse_float(input),
        Value::Number(_) => parse_number(input),
        Value::Bool(_) => parse_bool(input),
        Value::Str(_) | Value::Text(_) => Ok(Value::Str(input.to_string())),
        Value::Bytes(_) => parse_bytes(input),
        Value::Null => match input {
            "None" | "null" => Ok(Value::Null),
            _ => bail!(
                "the current value is None/null, so its type is unknown: give --type (one of {})",
                TYPES.join(", ")
            ),
        },
        Value::Container => {
            bail!("a container (dict, list, object) cannot be set as a whole: edit its leaves")
        }
        Value::Ref(_) => bail!(
            "this leaf is a further reference to a shared object; edit the object where it is shown in full"
        ),
    }
}

fn parse_as(input: &str, ty: &str) -> Result<Value> {
    match ty {
        "int" => parse_int(input),
        "float" => parse_float(input),
        "bool" => parse_bool(input),
        "none" | "null" => match input {
            "" | "None" | "null" => Ok(Value::Null),
            _ => bail!(
                "--type {ty} takes no value (give `None`, `null` or an empty string), not {input:?}"
            ),
        },
        "str" => Ok(Value::Str(input.to_string())),
        "bytes" => Ok(Value::Bytes(input.as_bytes().to_vec())),
        "hex" => decode_hex(input).map(Value::Bytes),
        "base64" => decode_base64(input).map(Value::Bytes),
        "number" | "N" => parse_number(input),
        other => bail!("unknown --type {other:?}; use one of {}", TYPES.join(", ")),
    }
}

/// An integer of any size: `Int` when it fits i64, `BigInt` (canonical decimal text) otherwise.
pub fn parse_int(input: &str) -> Result<Value> {
    let s = input.trim().replace('_', "");
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        bail!(
            "{input:?} is not an integer (the current value is an int; use --type to change the type)"
        );
    }
    if let Ok(i) = s.parse::<i64>() {
        return Ok(Value::Int(i));
    }
    let trimmed = digits.trim_start_matches('0');
    Ok(Value::BigInt(format!("{}{trimmed}", if neg { "-" } else { "" })))
}

/// A float; accepts Python's `inf`, `-inf` and `nan` spellings too.
pub fn parse_float(input: &str) -> Result<Value> {
    let s = input.trim();
    match s.to_ascii_lowercase().as_str() {
        "inf" | "infinity" | "+inf" => return Ok(Value::Float(f64::INFINITY)),
        "-inf" | "-infinity" => return Ok(Value::Float(f64::NEG_INFINITY)),
        "nan" => return Ok(Value::Float(f64::NAN)),
        _ => {}
    }
    // Rust also accepts "inf"/"NaN" spellings handled above; reject anything else non-numeric.
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        bail!("{input:?} is not a number");
    }
    s.parse::<f64>().map(Value::Float).map_err(|_| crate::err!("{input:?} is not a float"))
}

/// A bool: `true`/`false` in any case (so Python's `True`/`False` too).
pub fn parse_bool(input: &str) -> Result<Value> {
    match input.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        _ => bail!("{input:?} is not a bool (write true/false or True/False)"),
    }
}

/// An exact decimal number as DynamoDB accepts it for `N`: optional sign, digits with an
/// optional fraction and exponent, at most 38 significant digits, magnitude between 1e-130 and
/// 1e126 (or zero). Kept as typed (trimmed).
pub fn parse_number(input: &str) -> Result<Value> {
    let s = input.trim();
    let Some(d) = Decimal::parse(s) else {
        bail!("{input:?} is not a valid number (expected e.g. 42, -1.5, 6.02E23)");
    };
    if d.digits.len() > 38 {
        bail!(
            "{input:?} has {} significant digits; DynamoDB numbers allow at most 38",
            d.digits.len()
        );
    }
    if !d.digits.is_empty() {
        // Value = 0.d1d2… × 10^(point); magnitude limits of DynamoDB.
        let exp = d.point;
        if !(-129..=126).contains(&exp) {
            bail!("{input:?} is out of DynamoDB's number range (1E-130 to 9.9…9E+125)");
        }
    }
    Ok(Value::Number(s.to_string()))
}

/// A decimal number taken apart: significant digits (no leading/trailing zeros; empty for 0),
/// sign, and the position of the decimal point relative to the first digit
/// (value = 0.DIGITS × 10^point).
#[derive(Debug, PartialEq, Eq)]
pub struct Decimal {
    /// Whether the number has a leading `-`.
    pub negative: bool,
    /// Significant digits, without leading or trailing zeros (empty for zero).
    pub digits: String,
    /// Decimal exponent: the value is 0.`digits` × 10^`point` (0 for zero).
    pub point: i64,
}

impl Decimal {
    /// Takes apart a DynamoDB-style number (`-1.5`, `6.02E23`, `.5`); `None` if it is not one.
    pub fn parse(s: &str) -> Option<Decimal> {
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if exp.abs() > 100_000 {
            return None;
        }
        let all = format!("{int}{frac}");
        let lead = all.len() - all.trim_start_matches('0').len();
        let digits = all.trim_matches('0').to_string();
        let point = int.len() as i64 - lead as i64 + exp;
        Some(Decimal {
            negative,
            digits: digits.clone(),
            point: if digits.is_empty() { 0 } else { point },
        })
    }
}

/// Bytes from `hex:…` or `base64:…`.
pub fn parse_bytes(input: &str) -> Result<Value> {
    if let Some(h) = input.strip_prefix("hex:") {
        return decode_hex(h).map(Value::Bytes);
    }
    if let Some(b) = input.strip_prefix("base64:") {
        return decode_base64(b).map(Value::Bytes);
    }
    bail!(
        "the current value is bytes: write them as hex:0a1b… or base64:… (or give --type str/bytes to store text)"
    )
}

fn decode_hex(h: &str) -> Result<Vec<u8>> {
    let h: String = h.chars().filter(|c| !c.is_whitespace()).collect();
    if !h.len().is_multiple_of(2) {
        bail!("hex text has an odd number of digits ({})", h.len());
    }
    (0..h.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&h[i..i + 2], 16)
                .map_err(|_| crate::err!("{:?} is not a hex byte", &h[i..i + 2]))
        })
        .collect()
}

fn decode_base64(b: &str) -> Result<Vec<u8>> {
    let b: String = b.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(&b)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&b))
        .context("not valid base64")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_stay_ints_of_any_size() {
        assert_eq!(parse_value("45", &Value::Int(30), None).unwrap(), Value::Int(45));
        assert_eq!(
            parse_value("-123456789012345678901234567890", &Value::Int(1), None).unwrap(),
            Value::BigInt("-123456789012345678901234567890".into())
        );
        assert_eq!(parse_value("7", &Value::BigInt("1".repeat(30)), None).unwrap(), Value::Int(7));
        let e = parse_value("4.5", &Value::Int(3), None).unwrap_err().to_string();
        assert!(e.contains("not an integer"), "{e}");
        assert!(parse_value("abc", &Value::Int(3), None).is_err());
    }

    #[test]
    fn floats_bools_none_and_strings() {
        assert_eq!(parse_value("2.5", &Value::Float(1.0), None).unwrap(), Value::Float(2.5));
        assert_eq!(parse_value("3", &Value::Float(1.0), None).unwrap(), Value::Float(3.0));
        assert!(
            matches!(parse_value("nan", &Value::Float(1.0), None).unwrap(), Value::Float(f) if f.is_nan())
        );
        assert!(parse_value("x", &Value::Float(1.0), None).is_err());
        assert_eq!(parse_value("False", &Value::Bool(true), None).unwrap(), Value::Bool(false));
        assert!(parse_value("yes", &Value::Bool(true), None).is_err());
        assert_eq!(parse_value("None", &Value::Null, None).unwrap(), Value::Null);
        assert!(parse_value("5", &Value::Null, None).unwrap_err().to_string().contains("--type"));
        assert_eq!(parse_value("5", &Value::Null, Some("int")).unwrap(), Value::Int(5));
        assert_eq!(
            parse_value("45", &Value::Str("30".into()), None).unwrap(),
            Value::Str("45".into())
        );
        assert_eq!(parse_value("None", &Value::Int(1), Some("none")).unwrap(), Value::Null);
        assert!(parse_value("1", &Value::Int(1), Some("complex")).is_err());
    }

    #[test]
    fn bytes_as_hex_or_base64() {
        let cur = Value::Bytes(vec![1]);
        assert_eq!(parse_value("hex:00ff 10", &cur, None).unwrap(), Value::Bytes(vec![0, 255, 16]));
        assert_eq!(parse_value("base64:AAE=", &cur, None).unwrap(), Value::Bytes(vec![0, 1]));
        assert_eq!(
            parse_value("AAE=", &Value::Str(String::new()), Some("base64")).unwrap(),
            Value::Bytes(vec![0, 1])
        );
        assert!(parse_value("plain", &cur, None).unwrap_err().to_string().contains("hex:"));
        assert!(parse_value("hex:abc", &cur, None).is_err());
        assert!(parse_value("hex:zz", &cur, None).is_err());
        // A prefix means nothing for a string leaf.
        assert_eq!(
            parse_value("hex:00", &Value::Str(String::new()), None).unwrap(),
            Value::Str("hex:00".into())
        );
    }

    #[test]
    fn numbers_must_be_valid_dynamodb_numbers() {
        let cur = Value::Number("1".into());
        for ok in [
            "0",
            "-1234.5678",
            "0.000001",
            "123456789012345678901234567890",
            "6.02E23",
            "1e-130",
            "00012.500",
        ] {
            assert_eq!(parse_value(ok, &cur, None).unwrap(), Value::Number(ok.into()), "{ok}");
        }
        for bad in [
            "",
            "-",
            "1.2.3",
            "12a",
            "NaN",
            "Infinity",
            "1e126",
            "1e-131",
            "1234567890123456789012345678901234567890",
        ] {
            assert!(parse_value(bad, &cur, None).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn decimal_parts() {
        assert_eq!(
            Decimal::parse("-0012.500"),
            Some(Decimal { negative: true, digits: "125".into(), point: 2 })
        );
        assert_eq!(
            Decimal::parse("0.00010"),
            Some(Decimal { negative: false, digits: "1".into(), point: -3 })
        );
        assert_eq!(
            Decimal::parse("1e3"),
            Some(Decimal { negative: false, digits: "1".into(), point: 4 })
        );
        assert_eq!(
            Decimal::parse("0"),
            Some(Decimal { negative: false, digits: String::new(), point: 0 })
        );
        assert_eq!(
            Decimal::parse(".5"),
            Some(Decimal { negative: false, digits: "5".into(), point: 0 })
        );
        assert_eq!(Decimal::parse("."), None);
    }
}
