//! Fuzz target: bytes → a small directory tree (`path\0content\0` records: paths under a temp
//! dir, `..` and absolute parts dropped) → volume scan → every file sniffed and, where
//! decodable, opened. Must never panic or hang, whatever the layout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::{formats, volume};

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let mut parts = data.split(|b| *b == 0);
    let mut files = 0;
    while let (Some(path), Some(content)) = (parts.next(), parts.next()) {
        let path = String::from_utf8_lossy(path);
        let rel: std::path::PathBuf =
            path.split('/').filter(|c| !c.is_empty() && *c != "." && *c != "..").take(8).collect();
        if rel.as_os_str().is_empty() || files >= 16 {
            continue;
        }
        let full = dir.path().join(&rel);
        if let Some(parent) = full.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&full, content);
        files += 1;
    }
    let Ok(vol) = volume::scan(dir.path()) else { return };
    for e in vol.entries() {
        let sniffed = formats::sniff(&e.path);
        for kind in [e.kind, sniffed] {
            if kind.decodable() {
                let _ = formats::open(&e.path, kind);
            }
        }
    }
});
