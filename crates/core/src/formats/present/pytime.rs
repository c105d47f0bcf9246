//! Python `datetime` pickled state (the bytes `datetime.__reduce__` produces) rendered as
//! ISO-8601 text, and `timedelta` as Python prints it.

/// `datetime` state: 10 bytes `yhi ylo month day hour minute second us1 us2 us3`
/// (bit 7 of the month byte is `fold`).
pub fn datetime(b: &[u8]) -> Option<String> {
    if b.len() != 10 {
        return None;
    }
    let date = date(&b[..4])?;
    let time = time(&b[4..10])?;
    Some(format!("{date}T{time}"))
}

/// `date` state: 4 bytes `yhi ylo month day`.
pub fn date(b: &[u8]) -> Option<String> {
    if b.len() != 4 {
        return None;
    }
    let year = b[0] as u32 * 256 + b[1] as u32;
    let month = b[2] & 0x7f;
    if !(1..=12).contains(&month) || !(1..=31).contains(&b[3]) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{:02}", b[3]))
}

/// `time` state: 6 bytes `hour minute second us1 us2 us3` (bit 7 of hour is `fold`).
pub fn time(b: &[u8]) -> Option<String> {
    if b.len() != 6 {
        return None;
    }
    let (h, m, s) = (b[0] & 0x7f, b[1], b[2]);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let us = (b[3] as u32) << 16 | (b[4] as u32) << 8 | b[5] as u32;
    Some(if us > 0 {
        format!("{h:02}:{m:02}:{s:02}.{us:06}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    })
}

/// `timedelta(days, seconds, microseconds)` as `str()` shows it: `1 day, 2:03:04.000005`.
pub fn timedelta(days: i64, seconds: i64, micros: i64) -> String {
    let (h, rest) = (seconds / 3600, seconds % 3600);
    let clock = if micros > 0 {
        format!("{h}:{:02}:{:02}.{micros:06}", rest / 60, rest % 60)
    } else {
        format!("{h}:{:02}:{:02}", rest / 60, rest % 60)
    };
    match days {
        0 => clock,
        1 | -1 => format!("{days} day, {clock}"),
        _ => format!("{days} days, {clock}"),
    }
}

/// A UTC offset in seconds as `+HH:MM` (with seconds when not whole minutes).
pub fn offset(total_seconds: i64) -> String {
    let sign = if total_seconds < 0 { '-' } else { '+' };
    let t = total_seconds.abs();
    if t % 60 != 0 {
        format!("{sign}{:02}:{:02}:{:02}", t / 3600, t % 3600 / 60, t % 60)
    } else {
        format!("{sign}{:02}:{:02}", t / 3600, t % 3600 / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_cpython_states() {
        // datetime(2025, 10, 5, 18, 28, 3, 123456).__reduce__()[1][0]
        assert_eq!(
            datetime(b"\x07\xe9\n\x05\x12\x1c\x03\x01\xe2@").as_deref(),
            Some("2025-10-05T18:28:03.123456")
        );
        assert_eq!(date(b"\x07\xe9\n\x05").as_deref(), Some("2025-10-05"));
        assert_eq!(timedelta(1, 7384, 5), "1 day, 2:03:04.000005");
        assert_eq!(offset(-5 * 3600 - 30 * 60), "-05:30");
        assert_eq!(datetime(b"short"), None);
    }
}
