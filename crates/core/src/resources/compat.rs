//! LocalStack's snapshot compatibility rules: whether a LocalStack version would load state
//! written by another. As documented for LocalStack (docs.localstack.cloud, "Snapshot
//! compatibility"; they apply to snapshots, Cloud Pods and persistence alike):
//!
//! - **forward compatibility**: state is refused by a LocalStack older than the one that
//!   wrote it;
//! - **first CalVer release**: state written before v2026.03 is refused by v2026.03 or later
//!   (the snapshot mechanism was rewritten then);
//! - otherwise it loads (v2026.03 state loads into v2026.03.1 or v2026.04).
//!
//! `DISABLE_COMPATIBILITY_RULES=1` turns the checks off in LocalStack; the verdict says so.

use std::cmp::Ordering;
use std::fmt;

/// A LocalStack version: `4.3.0`, `2026.3.0`, `2026.03`, `v2026.03.1`, `2026.3.0.dev42`.
/// Compared by its numeric parts (missing parts are 0); anything after them is ignored.
#[derive(Clone, Debug)]
pub struct Version {
    parts: [u32; 3],
    text: String,
}

/// The first calendar-versioned release.
pub const FIRST_CALVER: [u32; 3] = [2026, 3, 0];

impl Version {
    /// Parses the leading `N[.N[.N]]` of `text` (an optional `v` first).
    pub fn parse(text: &str) -> Option<Version> {
        let t = text.trim();
        let digits = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let mut parts = [0u32; 3];
        let mut n = 0;
        for piece in digits.split('.') {
            let num: String = piece.chars().take_while(char::is_ascii_digit).collect();
            if num.is_empty() || n == 3 {
                break;
            }
            parts[n] = num.parse().ok()?;
            n += 1;
            if num.len() != piece.len() {
                break;
            }
        }
        (n > 0).then(|| Version { parts, text: t.to_string() })
    }

    fn is_calver(&self) -> bool {
        self.parts >= FIRST_CALVER
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Version {}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether a LocalStack would load state, and by which rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It loads.
    Loads,
    /// Refused: the running LocalStack is older than the writer.
    TooOld,
    /// Refused: written before v2026.03, loaded by v2026.03 or later.
    BeforeCalVer,
}

impl Verdict {
    /// Whether the state loads.
    pub fn loads(&self) -> bool {
        *self == Verdict::Loads
    }

    /// One line for `check` and the overview.
    pub fn explain(&self, written: &Version, running: &Version) -> String {
        match self {
            Verdict::Loads => format!("LocalStack {running} loads state written by {written}"),
            Verdict::TooOld => format!(
                "LocalStack {running} refuses it: it was written by the newer {written} \
                 (forward-compatibility rule; DISABLE_COMPATIBILITY_RULES=1 overrides)"
            ),
            Verdict::BeforeCalVer => format!(
                "LocalStack {running} refuses it: it was written by {written}, before v2026.03, \
                 whose snapshot format changed (DISABLE_COMPATIBILITY_RULES=1 overrides)"
            ),
        }
    }
}

/// Whether LocalStack `running` loads state `written` by another version.
pub fn would_load(written: &Version, running: &Version) -> Verdict {
    if running < written {
        Verdict::TooOld
    } else if running.is_calver() && !written.is_calver() {
        Verdict::BeforeCalVer
    } else {
        Verdict::Loads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_parse_in_every_spelling_and_compare_numerically() {
        assert_eq!(v("2026.03"), v("2026.3.0"));
        assert_eq!(v("v2026.03.1").parts, [2026, 3, 1]);
        assert_eq!(v("2026.3.0.dev42").parts, [2026, 3, 0]);
        assert_eq!(v("4.14").parts, [4, 14, 0]);
        assert_eq!(v("3.8.1rc1").parts, [3, 8, 1]);
        assert!(v("4.14.0") > v("4.9.9") && v("2026.4") > v("2026.3.1"));
        assert_eq!(v("2026.03").to_string(), "2026.03");
        for bad in ["", "latest", "v", ".3"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_documented_rules() {
        // A snapshot saved with v2026.03 can be loaded into v2026.03.1 or v2026.04.
        assert_eq!(would_load(&v("2026.03"), &v("2026.03.1")), Verdict::Loads);
        assert_eq!(would_load(&v("2026.03"), &v("2026.04")), Verdict::Loads);
        assert_eq!(would_load(&v("2026.3.0"), &v("2026.3.0")), Verdict::Loads);
        // Forward compatibility: never into an older emulator.
        assert_eq!(would_load(&v("2026.04"), &v("2026.03")), Verdict::TooOld);
        assert_eq!(would_load(&v("4.3.0"), &v("4.2.0")), Verdict::TooOld);
        // Before the first CalVer release: refused by v2026.03 and later.
        assert_eq!(would_load(&v("4.14.0"), &v("2026.03")), Verdict::BeforeCalVer);
        assert_eq!(would_load(&v("3.8.1"), &v("2026.5.0")), Verdict::BeforeCalVer);
        // Older releases among themselves: only forward compatibility.
        assert_eq!(would_load(&v("3.8.1"), &v("4.14.0")), Verdict::Loads);
        let why = Verdict::BeforeCalVer.explain(&v("4.14.0"), &v("2026.3.0"));
        assert!(why.contains("before v2026.03") && why.contains("DISABLE_COMPATIBILITY_RULES"));
    }
}
