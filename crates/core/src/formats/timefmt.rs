//! Epoch timestamps as ISO-8601 UTC text (`2026-11-28T14:51:22.648Z`), without a time zone
//! database. Used for DynamoDB Local's millisecond columns and kinesis-mock's arrival times.

/// Milliseconds since the Unix epoch as ISO-8601 UTC.
pub fn iso_millis(ms: i64) -> String {
    iso_time(ms.div_euclid(1000), &format!("{:03}", ms.rem_euclid(1000)), "Z")
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.<fraction><zone>`.
fn iso_time(secs: i64, fraction: &str, zone: &str) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{fraction}{zone}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A count of `unit`s per second (1 000, 1 000 000 or 1 000 000 000) since the Unix epoch as
/// ISO-8601 with six fraction digits (nine for nanoseconds); `Z` appended unless `local`.
pub fn iso_fraction(v: i64, per_second: i64, local: bool) -> String {
    let secs = v.div_euclid(per_second);
    let frac = v.rem_euclid(per_second);
    let (frac, digits) = match per_second {
        1_000_000_000 => (frac, 9),
        p => (frac * (1_000_000 / p.clamp(1, 1_000_000)), 6),
    };
    iso_time(secs, &format!("{frac:0digits$}"), if local { "" } else { "Z" })
}

/// Days since the Unix epoch as an ISO-8601 date.
pub fn iso_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seconds (with fraction) since the Unix epoch as ISO-8601 UTC, to the millisecond.
pub fn iso_seconds(secs: f64) -> String {
    iso_millis((secs * 1000.0).round() as i64)
}

/// The count of `1/per_second` seconds since the Unix epoch that ISO-8601 text
/// `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` names (`None` if it is not such text). The inverse of
/// [`iso_fraction`] for the text it writes.
pub fn parse_iso_fraction(text: &str, per_second: i64) -> Option<i64> {
    let text = text.strip_suffix('Z').unwrap_or(text);
    let (date, time) = text.split_once('T')?;
    let days = parse_iso_date(date)?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = hms.split(':').map(|p| p.parse::<i64>().ok().filter(|_| p.len() == 2));
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 || frac.len() > 9 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos = format!("{frac:0<9}").parse::<i64>().ok()?;
    let per_nano = 1_000_000_000 / per_second.clamp(1, 1_000_000_000);
    if nanos % per_nano != 0 {
        return None;
    }
    let secs = days.checked_mul(86_400)?.checked_add(h * 3600 + m * 60 + s)?;
    secs.checked_mul(per_second)?.checked_add(nanos / per_nano)
}

/// Days since the Unix epoch of an ISO-8601 date `YYYY-MM-DD` (`None` if it is not one).
pub fn parse_iso_date(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let y: i64 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let d: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        assert_eq!(
            iso_fraction(1_795_877_482_648_001, 1_000_000, false),
            "2026-11-28T14:51:22.648001Z"
        );
        assert_eq!(iso_fraction(-1, 1000, true), "1969-12-31T23:59:59.999000");
        assert_eq!(iso_fraction(1, 1_000_000_000, false), "1970-01-01T00:00:00.000000001Z");
        assert_eq!(iso_date(-1), "1969-12-31");
    }

    #[test]
    fn parses_what_it_formats() {
        for (v, per) in [(1_795_877_482_648_001, 1_000_000), (-1, 1000), (1, 1_000_000_000)] {
            let text = iso_fraction(v, per, false);
            assert_eq!(parse_iso_fraction(&text, per), Some(v), "{text}");
        }
        assert_eq!(parse_iso_date("1969-12-31"), Some(-1));
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_fraction("2026-01-01T00:00:00.0000001Z", 1_000_000), None);
        assert_eq!(parse_iso_fraction("2026-01-01 00:00:00Z", 1000), None);
    }
}
