//! Avro logical types as readable text: timestamps and dates as ISO-8601, times of day,
//! decimals from their unscaled two's-complement bytes, durations.

use crate::formats::timefmt::{iso_date, iso_fraction};

use super::schema::Logical;

/// The text of a `long`/`int` with a time logical type, and the type name shown for it.
pub fn time_text(logical: Logical, v: i64) -> Option<(&'static str, String)> {
    Some(match logical {
        Logical::TimestampMillis { local } => {
            (ts_name(local, "millis"), iso_fraction(v, 1_000, local))
        }
        Logical::TimestampMicros { local } => {
            (ts_name(local, "micros"), iso_fraction(v, 1_000_000, local))
        }
        Logical::TimestampNanos { local } => {
            (ts_name(local, "nanos"), iso_fraction(v, 1_000_000_000, local))
        }
        Logical::Date => ("date", iso_date(v)),
        Logical::TimeMillis => ("time-millis", time_of_day(v.saturating_mul(1000))),
        Logical::TimeMicros => ("time-micros", time_of_day(v)),
        _ => return None,
    })
}

fn ts_name(local: bool, unit: &str) -> &'static str {
    match (local, unit) {
        (false, "millis") => "timestamp-millis",
        (false, "micros") => "timestamp-micros",
        (false, _) => "timestamp-nanos",
        (true, "millis") => "local-timestamp-millis",
        (true, "micros") => "local-timestamp-micros",
        (true, _) => "local-timestamp-nanos",
    }
}

/// Microseconds after midnight as `HH:MM:SS.ffffff`.
fn time_of_day(us: i64) -> String {
    let secs = us.div_euclid(1_000_000);
    let frac = us.rem_euclid(1_000_000);
    format!("{:02}:{:02}:{:02}.{frac:06}", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// A decimal's text from its unscaled big-endian two's-complement bytes (up to 16 bytes;
/// `None` beyond).
pub fn decimal_text(bytes: &[u8], scale: u32) -> Option<String> {
    if bytes.len() > 16 {
        return None;
    }
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let mut v: i128 = if negative { -1 } else { 0 };
    for b in bytes {
        v = (v << 8) | i128::from(*b);
    }
    let digits = v.unsigned_abs().to_string();
    let scale = scale as usize;
    let sign = if v < 0 { "-" } else { "" };
    if scale == 0 {
        return Some(format!("{sign}{digits}"));
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    Some(format!("{sign}{int}.{frac}"))
}

/// A `duration` (`fixed(12)`: months, days, milliseconds as little-endian u32s).
pub fn duration_text(b: &[u8]) -> Option<String> {
    let word =
        |i: usize| b.get(i * 4..i * 4 + 4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
    let (months, days, millis) = (word(0)?, word(1)?, word(2)?);
    Some(format!("{months} months {days} days {millis} ms"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_times() {
        assert_eq!(decimal_text(&[0x30, 0x39], 2).as_deref(), Some("123.45"));
        assert_eq!(decimal_text(&[0xff], 3).as_deref(), Some("-0.001"));
        assert_eq!(decimal_text(&[], 0).as_deref(), Some("0"));
        assert_eq!(decimal_text(&[1; 17], 0), None);
        assert_eq!(time_text(Logical::Date, 0).unwrap().1, "1970-01-01");
        assert_eq!(time_text(Logical::TimeMillis, 3_723_004).unwrap().1, "01:02:03.004000");
        assert_eq!(
            duration_text(&[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]).unwrap(),
            "1 months 2 days 3 ms"
        );
    }
}
