//! Packaging files hang together: the desktop file names the icon that exists, the AppStream
//! metainfo launches that desktop file, serde-pickle is no runtime dependency, LICENSE is the
//! Apache-2.0 text Cargo.toml declares. (CI validates the files with desktop-file-validate and
//! appstreamcli, and checks `cargo package --list`.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

fn read(rel: &str) -> String {
    std::fs::read_to_string(common::repo().join(rel)).unwrap()
}

#[test]
fn desktop_metainfo_and_icon_agree() {
    let desktop = read("assets/io.github.localstate.localstate.desktop");
    assert!(desktop.lines().any(|l| l == "Icon=localstate"), "{desktop}");
    assert!(desktop.lines().any(|l| l.starts_with("Exec=localstate")), "{desktop}");
    let svg = read("assets/localstate.svg");
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 128 128\""));
    let meta = read("assets/io.github.localstate.localstate.metainfo.xml");
    assert!(meta.contains(
        "<launchable type=\"desktop-id\">io.github.localstate.localstate.desktop</launchable>"
    ));
    assert!(meta.contains("<id>io.github.localstate.localstate</id>"));
    assert!(meta.contains("<project_license>Apache-2.0</project_license>"));
}

#[test]
fn licence_and_dependencies() {
    let license = read("LICENSE");
    assert!(license.contains("Apache License") && license.contains("Version 2.0, January 2004"));
    assert!(license.contains("END OF TERMS AND CONDITIONS"));
    for manifest in ["Cargo.toml", "crates/core/Cargo.toml"] {
        let text = read(manifest);
        let deps = text.split("[dependencies]").nth(1).unwrap();
        let deps = deps.split("\n[").next().unwrap();
        assert!(!deps.contains("serde-pickle"), "{manifest}: serde-pickle is for tests only");
        assert!(text.contains("include = ["), "{manifest} has an include list");
    }
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("Keep a Changelog") && changelog.contains("## [Unreleased]"));
}

#[test]
fn the_window_icon_is_the_desktop_icon() {
    let icon = localstate::ui::icon();
    assert_eq!((icon.width, icon.height), (256, 256));
    let px = |x: u32, y: u32| {
        let i = ((y * icon.width + x) * 4) as usize;
        <[u8; 4]>::try_from(&icon.rgba[i..i + 4]).unwrap()
    };
    assert_eq!(px(0, 0)[3], 0, "transparent corner");
    assert_eq!(px(128, 20)[3], 255, "opaque tile");
    assert!(common::repo().join("assets/localstate.png").is_file());
}
