//! System fonts as fallbacks, so any text in the user's data renders: egui's bundled fonts
//! draw Latin, Cyrillic and emoji; a DynamoDB value with `✓`, an SQS body in Japanese or an
//! object key in Arabic needs the fonts of the system. At start a job looks the families
//! below up with `fontdb` and the app appends those present to the Proportional and
//! Monospace families (after egui's own, so they only draw what those lack). Before them
//! comes a bundled subset of Noto Sans Symbols 2 ([`bundled_symbols`], SIL OFL 1.1, made by
//! `tools/make-symbols-font.sh`), so the most common symbols draw on any system.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

/// Families worth a fallback, in priority order, each with characters it is taken for (what
/// the tests check it draws). One face per family; missing families are skipped.
pub const WANTED: &[(&str, &str)] = &[
    // Symbols and dingbats (✓ ✗ → ★ …).
    ("DejaVu Sans", "✓✗→★"),
    ("Noto Sans Symbols2", "✓★"),
    ("Noto Sans Symbols 2", "✓★"),
    ("Noto Sans Symbols", ""),
    ("Noto Sans Math", ""),
    ("Apple Symbols", "✓"),
    ("Segoe UI Symbol", "✓"),
    // CJK.
    ("Noto Sans CJK JP", "日本語"),
    ("Noto Sans CJK SC", "中文"),
    ("Source Han Sans", "日本語"),
    ("WenQuanYi Micro Hei", "中文"),
    ("Droid Sans Fallback", "中文"),
    ("Hiragino Sans", "日本語"),
    ("PingFang SC", "中文"),
    ("Yu Gothic", "日本語"),
    ("Microsoft YaHei", "中文"),
    ("Malgun Gothic", "한국어"),
    // Arabic, Hebrew, Devanagari.
    ("Noto Sans Arabic", "العربية"),
    ("Noto Naskh Arabic", "العربية"),
    ("Geeza Pro", "العربية"),
    ("Noto Sans Hebrew", "עברית"),
    ("Arial Hebrew", "עברית"),
    ("Noto Sans Devanagari", "हिन"),
    ("Kohinoor Devanagari", "हिन"),
    ("Nirmala UI", "हिन"),
    ("Segoe UI", "العربية"),
    // Emoji (monochrome outlines: egui draws no colour bitmaps).
    ("Noto Emoji", "😀"),
    ("Segoe UI Emoji", "😀"),
    // Wide coverage, last.
    ("Arial Unicode MS", "✓日本語العربية"),
    ("Symbola", "✓"),
    ("FreeSerif", "✓"),
];

/// A system font found for one of [`WANTED`].
#[derive(Clone)]
pub struct Fallback {
    /// The family name (also the egui font name, prefixed `system:`).
    pub family: String,
    /// Characters it was chosen for.
    pub covers: &'static str,
    pub data: FontData,
}

impl Fallback {
    /// The font as egui installs it: last in Proportional and Monospace.
    pub fn insert(&self) -> FontInsert {
        last_resort(&format!("system:{}", self.family), self.data.clone())
    }
}

/// `data` appended to the Proportional and Monospace families.
fn last_resort(name: &str, data: FontData) -> FontInsert {
    let at_end = |family| InsertFontFamily { family, priority: FontPriority::Lowest };
    FontInsert::new(
        name,
        data,
        vec![at_end(FontFamily::Proportional), at_end(FontFamily::Monospace)],
    )
}

/// Symbols egui's fonts lack (✓ ✗ ★ ☐ ▶ ● …), drawn on any system: a 90 KB subset of Noto
/// Sans Symbols 2 embedded in the binary, installed at start before the system fallbacks.
pub fn bundled_symbols() -> FontInsert {
    let ttf = include_bytes!("../../assets/fonts/NotoSansSymbols2-subset.ttf");
    last_resort("bundled:Noto Sans Symbols 2", FontData::from_static(ttf))
}

/// Loads the system's font list and reads the faces of the [`WANTED`] families present.
/// Slow (it scans every installed font): run it in a job.
pub fn system_fallbacks() -> Vec<Fallback> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut found = Vec::new();
    for (family, covers) in WANTED {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight: fontdb::Weight::NORMAL,
            stretch: fontdb::Stretch::Normal,
            style: fontdb::Style::Normal,
        };
        // `query` falls back to any face of another family: take exact matches only.
        let Some(id) = db.query(&query) else { continue };
        let Some(face) = db.face(id) else { continue };
        if !face.families.iter().any(|(name, _)| name.eq_ignore_ascii_case(family)) {
            continue;
        }
        let Some(data) = db.with_face_data(id, |bytes, index| {
            let mut d = FontData::from_owned(bytes.to_vec());
            d.index = index;
            d
        }) else {
            continue;
        };
        found.push(Fallback { family: (*family).to_string(), covers, data });
    }
    found
}
