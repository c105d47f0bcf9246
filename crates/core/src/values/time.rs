//! Epoch timestamps: numbers in a plausible range (2000-01-01 to 2100-01-01) of seconds or
//! milliseconds since 1970, shown as ISO-8601 UTC and relative to now.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Result, ViewError};
use crate::formats::timefmt::iso_millis;
use crate::text::plural;

/// 2000-01-01T00:00:00Z in seconds since the epoch.
const FROM: f64 = 946_684_800.0;
/// 2100-01-01T00:00:00Z in seconds since the epoch.
const TO: f64 = 4_102_444_800.0;

/// The unit a number counts since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Epoch {
    /// Seconds (`1733000000`, `1733000000.25`).
    Seconds,
    /// Milliseconds (`1733000000000`).
    Millis,
}

/// An instant read from a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// Milliseconds since the epoch.
    pub millis: i64,
    /// The unit the number was read in.
    pub epoch: Epoch,
    /// ISO-8601 UTC (`2024-11-30T20:53:20.000Z`).
    pub iso: String,
}

impl Timestamp {
    /// `3 days ago`, `in 2 hours`, relative to `now`.
    pub fn relative_to(&self, now: SystemTime) -> String {
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_millis() as i64,
            Err(e) => -(e.duration().as_millis() as i64),
        };
        relative(now.saturating_sub(self.millis))
    }
}

/// `ms` milliseconds ago (in the future when negative), in the largest whole unit.
fn relative(ms: i64) -> String {
    const UNITS: [(&str, i64); 6] = [
        ("year", 365 * 86_400),
        ("month", 30 * 86_400),
        ("day", 86_400),
        ("hour", 3600),
        ("minute", 60),
        ("second", 1),
    ];
    let secs = ms.unsigned_abs() / 1000;
    let Some((unit, size)) = UNITS.iter().find(|(_, size)| secs >= *size as u64) else {
        return "now".into();
    };
    let n = plural(unit, (secs / *size as u64) as usize);
    if ms >= 0 { format!("{n} ago") } else { format!("in {n}") }
}

/// The unit in which `text` (a decimal number) is a plausible timestamp.
pub fn epoch_of(text: &str) -> Option<Epoch> {
    let n = number(text)?;
    if (FROM..TO).contains(&n) {
        Some(Epoch::Seconds)
    } else if (FROM * 1000.0..TO * 1000.0).contains(&n) && n.fract() == 0.0 {
        Some(Epoch::Millis)
    } else {
        None
    }
}

/// The instant a number stands for when it is a plausible timestamp (`1733000000.25`, a
/// field's `created`), else `None`.
pub fn timestamp_of(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    render(text.as_bytes(), epoch_of(text)?).ok()
}

/// A plain decimal number (digits, one optional fraction; no sign, exponent or spaces).
fn number(text: &str) -> Option<f64> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    (!int.is_empty() && int.len() <= 16 && digits(int) && digits(frac))
        .then(|| text.parse().ok())?
}

/// The timestamp view of the number `bytes` hold, read in `epoch`.
pub fn render(bytes: &[u8], epoch: Epoch) -> Result<Timestamp> {
    let text = std::str::from_utf8(bytes).unwrap_or("").trim();
    let n = number(text).ok_or_else(|| ViewError(format!("not a number: {text:?}")))?;
    let millis = match epoch {
        Epoch::Seconds => (n * 1000.0).round(),
        Epoch::Millis => n.round(),
    } as i64;
    Ok(Timestamp { millis, epoch, iso: iso_millis(millis) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(0), "now");
        assert_eq!(relative(61_000), "1 minute ago");
        assert_eq!(relative(-2 * 3_600_000), "in 2 hours");
        assert_eq!(relative(3 * 86_400_000 + 5), "3 days ago");
        assert_eq!(relative(400 * 86_400_000), "1 year ago");
    }

    #[test]
    fn only_plausible_numbers_are_timestamps() {
        assert_eq!(epoch_of("1733000000"), Some(Epoch::Seconds));
        assert_eq!(epoch_of("1733000000.25"), Some(Epoch::Seconds));
        assert_eq!(epoch_of("1733000000000"), Some(Epoch::Millis));
        let t = timestamp_of("1733000000.25").unwrap();
        assert_eq!((t.millis, t.iso.as_str()), (1_733_000_000_250, "2024-11-30T20:53:20.250Z"));
        assert_eq!(timestamp_of("1733000000000").map(|t| t.millis), Some(1_733_000_000_000));
        assert_eq!(timestamp_of("45"), None);
        for no in ["42", "-1733000000", "1e12", "17330000000", "1733000000000.5", "", "."] {
            assert_eq!(epoch_of(no), None, "{no}");
        }
    }
}
