//! Epoch timestamps as ISO-8601 UTC text (`2026-11-28T14:51:22.648Z`), without a time zone
//! database. Used for DynamoDB Local's millisecond columns and kinesis-mock's arrival times.

/// Milliseconds since the Unix epoch as ISO-8601 UTC.
pub fn iso_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds (with fraction) since the Unix epoch as ISO-8601 UTC, to the millisecond.
pub fn iso_seconds(secs: f64) -> String {
    iso_millis((secs * 1000.0).round() as i64)
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso_millis(0), "1970-01-01T00:00:00.000Z");
        // DynamoDB Local's CreationDateTime for a table made at 2026-11-28T14:51:22.648 UTC.
        assert_eq!(iso_millis(1_795_877_482_648), "2026-11-28T14:51:22.648Z");
        assert_eq!(iso_seconds(951_782_400.5), "2000-02-29T00:00:00.500Z");
        assert_eq!(iso_millis(-1), "1969-12-31T23:59:59.999Z");
    }
}
