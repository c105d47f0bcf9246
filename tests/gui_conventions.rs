//! Desktop conventions of the app (issue 17), driven through egui_kittest: the window title,
//! reopening the last volume, the persisted endpoint, the shortcut overlay read from the
//! command model, toasts, Ctrl+C in tables and trees, volume-search jumps, the empty state,
//! theme and zoom, and system fonts for any text in the data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::gui::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::{App, Command, Message, Settings, Severity, ThemeChoice, UICommand};

/// Presses `key` in one frame (kittest's `key_press_modifiers` spreads a press over four
/// frames, and `output()` is the last one's), then releases it.
fn press_once(h: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    let event =
        |pressed| egui::Event::Key { key, pressed, modifiers, repeat: false, physical_key: None };
    h.event(event(true));
    h.step();
    let output = h.output().clone();
    h.event(event(false));
    h.step();
    LAST.with(|l| *l.borrow_mut() = Some(output));
}

thread_local! {
    /// The output of the frame `press_once` pressed its key in.
    static LAST: std::cell::RefCell<Option<egui::FullOutput>> = const { std::cell::RefCell::new(None) };
}

fn pressed_output() -> egui::FullOutput {
    LAST.with(|l| l.borrow_mut().take()).expect("press_once ran")
}

/// The title of the last frame's `ViewportCommand::Title`, if one was sent.
fn title_sent(out: &egui::FullOutput) -> Option<String> {
    out.viewport_output.values().flat_map(|v| &v.commands).find_map(|c| match c {
        egui::ViewportCommand::Title(t) => Some(t.clone()),
        _ => None,
    })
}

#[test]
fn title_names_the_volume_and_marks_unsaved_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    common::copy_into_volume("data/startup_info.json", tmp.path());
    let mut h = harness_with(data.clone(), Settings::default(), NO_ENDPOINT);
    // The first frame sent the title; later frames send nothing while it stays the same.
    assert_eq!(h.state().window_title, "data — localstate");
    h.step();
    assert_eq!(title_sent(h.output()), None, "sent only when it changes");
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    open_file(&mut h, "startup_info.json");
    assert_eq!(h.state().window_title, "data — localstate");
    h.get_by_label("pro_activated").click();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("edit value").type_text("true");
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(pending(&h), 1);
    assert_eq!(h.state().window_title, "• data — localstate");
    press_once(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        title_sent(&pressed_output()).as_deref(),
        Some("data — localstate"),
        "undo clears the mark"
    );
}

#[test]
fn started_on_the_sample_the_last_volume_is_reopened() {
    let sample = localstate::sample::sample_volume().unwrap();
    let last = tempfile::tempdir().unwrap();
    common::copy_into_volume("data/startup_info.json", last.path());
    let settings = Settings { last_volume: Some(last.path().to_path_buf()), ..Default::default() };
    let h = harness_with(sample.clone(), settings.clone(), NO_ENDPOINT);
    assert_eq!(h.state().volume_path, last.path());
    // A path given explicitly wins.
    let other = tempfile::tempdir().unwrap();
    let h = harness_with(other.path().to_path_buf(), settings, NO_ENDPOINT);
    assert_eq!(h.state().volume_path, other.path());
    // A last volume that is gone: the sample.
    let gone = Settings { last_volume: Some(last.path().join("gone")), ..Default::default() };
    let h = harness_with(sample.clone(), gone, NO_ENDPOINT);
    assert_eq!(h.state().volume_path, sample);
    // The sample stays one click away.
    let mut h = harness_with(last.path().to_path_buf(), Settings::default(), NO_ENDPOINT);
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open sample volume").click();
    h.run_steps(2);
    assert_eq!(h.state().volume_path, sample);
    assert_eq!(h.state().settings.last_volume.as_deref(), Some(sample.as_path()));
}

#[test]
fn a_typed_endpoint_is_saved_in_the_settings() {
    let settings = Settings { show_health: true, ..Default::default() };
    let mut h = harness_with(common::sample_volume(), settings, NO_ENDPOINT);
    h.run_steps(2);
    let field = h.get_by_label("endpoint");
    field.click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("endpoint").type_text("127.0.0.1:4599");
    h.run_steps(1);
    h.get_by_label("Connect").click();
    h.run_steps(2);
    assert_eq!(h.state().settings.endpoint.as_deref(), Some("http://127.0.0.1:4599"));
    assert_eq!(h.state().live.endpoint, "http://127.0.0.1:4599");
}

#[test]
fn the_shortcut_overlay_lists_every_command_shortcut() {
    let mut h = open_volume(common::sample_volume());
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label_contains("Keyboard shortcuts").click();
    h.run_steps(2);
    assert!(h.state().overlays.shortcuts);
    // A modal fades in over a few frames before its content is laid out for good.
    h.run_steps(4);
    let with_keys: Vec<UICommand> = UICommand::iter().filter(|c| c.shortcut().is_some()).collect();
    assert!(with_keys.len() >= 15, "{with_keys:?}");
    for c in with_keys {
        let keys = h.ctx.format_shortcut(&c.shortcut().unwrap());
        assert!(h.query_all_by_label(c.text()).next().is_some(), "overlay lists {c:?}");
        assert!(h.query_all_by_label(&keys).next().is_some(), "overlay shows {keys} for {c:?}");
    }
    for keys in ["Ctrl+O", "Ctrl+Shift+O", "F5", "Ctrl+Q", "Ctrl+W", "Ctrl+C", "Escape", "F1"] {
        assert!(h.query_by_label(keys).is_some(), "{keys} listed");
    }
    // Esc closes it; F1 opens it again.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().overlays.shortcuts);
    h.key_press(Key::F1);
    h.run_steps(2);
    assert!(h.state().overlays.shortcuts);
}

#[test]
fn menus_show_the_shortcuts() {
    let mut h = open_volume(common::sample_volume());
    h.get_by_label("File").click();
    h.run_steps(2);
    for (label, keys) in [
        ("Open folder…", "Ctrl+O"),
        ("Open file…", "Ctrl+Shift+O"),
        ("Rescan", "F5"),
        ("Close file", "Ctrl+W"),
        ("Quit", "Ctrl+Q"),
    ] {
        let item = h.query_by_label_contains(label).unwrap_or_else(|| panic!("{label} in File"));
        let text = format!("{item:?}");
        assert!(text.contains(keys), "{keys} beside {label}: {text}");
    }
}

#[test]
fn a_notice_shows_as_a_toast_with_its_severity_and_stays_in_the_log() {
    let mut h = open_volume(common::sample_volume());
    h.state_mut().apply(Command::Notify(Message::new(Severity::Warning, "disk nearly full")));
    h.state_mut().apply(Command::Notify(Message::new(Severity::Success, "saved it")));
    h.run_steps(2);
    assert!(h.query_by_label("⚠ Warning").is_some(), "warning toast");
    assert!(h.query_by_label("✔ Success").is_some(), "success toast");
    assert!(h.query_by_label("disk nearly full").is_some());
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label_contains("Messages").click();
    h.run_steps(4);
    assert!(h.state().overlays.messages);
    assert!(h.query_by_label("2 messages").is_some(), "the log lists both");
}

#[test]
fn ctrl_c_copies_the_selected_row_of_a_table_and_of_the_tree() {
    let mut h = open_volume(common::sample_volume());
    open_file(&mut h, "state/dynamodb/000000000000useast1_us-east-1.db");
    h.get_by_label("Table: users").click();
    h.run_steps(2);
    step_until(&mut h, "first page", |h| h.query_by_label("1").is_some());
    h.get_by_label("1").click();
    h.run_steps(2);
    press_once(&mut h, Modifiers::COMMAND, Key::C);
    let row = copied(&pressed_output()).expect("Ctrl+C copied the row");
    let open = h.state().open.as_ref().unwrap();
    let users = open.tables.iter().find(|t| t.source.name() == "users").unwrap();
    assert_eq!(row, users.selected_row().unwrap().cells.join("\t"));
    // The tree: a selected leaf copies its value.
    h.get_by_label_contains("Tree (").click();
    h.run_steps(2);
    let store = common::sample_volume().join("state/api_states/sqs/store.state");
    let mut h = harness_with(store, Settings::default(), NO_ENDPOINT);
    step_until(&mut h, "decode", |h| h.state().open.as_ref().is_some_and(|o| o.doc.is_some()));
    h.run_steps(2);
    h.get_by_label("us-east-1").click();
    h.run_steps(2);
    h.event(egui::Event::Copy);
    h.step();
    let text = copied(h.output()).expect("Copy event copied the node");
    assert!(text.trim_start().starts_with('{'), "a container copies as JSON: {text}");
    // In a text field Ctrl+C is the field's.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_label("search text").type_text("x");
    press_once(&mut h, Modifiers::COMMAND, Key::C);
    assert_ne!(copied(&pressed_output()), Some(text));
}

#[test]
fn ctrl_c_in_the_volume_tree_and_replay_list() {
    let mut h = open_volume(common::sample_volume());
    open_file(&mut h, "state/api_states/sqs/store.state");
    press_once(&mut h, Modifiers::COMMAND, Key::C);
    let path =
        copied(&pressed_output()).expect("the volume tree was clicked last: its file's path");
    assert!(path.ends_with("store.state"), "{path}");
    h.get_by_label("Replay log").click();
    h.run_steps(2);
    step_until(&mut h, "replay log", |h| h.state().replay.calls() > 0);
    h.run_steps(2);
    h.query_all_by_label("1").last().unwrap().click();
    h.run_steps(3);
    press_once(&mut h, Modifiers::COMMAND, Key::C);
    let call = copied(&pressed_output()).expect("a replay call copied");
    assert!(call.starts_with("1\t"), "{call}");
}

/// The sample volume with Ctrl+F's "Search volume" done for `text`.
fn searched_volume(text: &str) -> Harness<'static, App> {
    let mut h = open_volume(common::sample_volume());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.get_by_label("search text").type_text(text);
    h.run_steps(1);
    h.get_by_label("Search volume").click();
    h.run_steps(2);
    step_until(&mut h, "volume hits", |h| h.query_by_label_contains("matches for").is_some());
    h
}

#[test]
fn a_volume_search_hit_opens_the_file_and_selects_the_match() {
    let mut h = searched_volume("SKU-102");
    let hit = h.query_all_by_label_contains("store.state /").next().expect("a tree hit");
    hit.click();
    h.run_steps(2);
    step_until(&mut h, "decode", |h| {
        h.state().open.as_ref().is_some_and(|o| o.doc.is_some() && !o.loading)
    });
    let open = h.state().open.as_ref().unwrap();
    let doc = open.doc.as_ref().unwrap();
    let sel = open.view.selected.expect("the match is selected");
    assert!(
        doc.tree.node(sel).value.display().contains("SKU-102")
            || doc.tree.node(sel).name.contains("SKU-102"),
        "selected {}",
        doc.tree.pointer(sel)
    );
    assert!(h.query_all_by_label_contains("SKU-102").count() >= 2, "and shown in the tree");
}

#[test]
fn the_empty_state_says_where_localstack_keeps_its_volume() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = open_volume(tmp.path().to_path_buf());
    assert!(h.state().volume_error.is_some());
    for text in [
        "No LocalStack volume here",
        "docker-compose.yml",
        "LOCALSTACK_VOLUME_DIR",
        "~/.cache/localstack/volume",
        "~/Library/Caches/localstack/volume",
        "%LOCALAPPDATA%\\localstack\\cache\\volume",
        "PERSISTENCE=1",
    ] {
        assert!(h.query_by_label_contains(text).is_some(), "empty state mentions {text}");
    }
    assert!(h.query_by_label("Open folder…").is_some());
    h.get_by_label("Open sample volume").click();
    h.run_steps(2);
    step_until(&mut h, "sample scan", |h| h.state().volume.is_some());
    assert!(h.query_by_label_contains("No LocalStack volume here").is_none());
}

#[test]
fn ctrl_w_closes_the_file_and_asks_first_with_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    common::copy_into_volume("data/startup_info.json", tmp.path());
    let mut h = open_volume(data);
    open_file(&mut h, "startup_info.json");
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(2);
    assert!(h.state().open.is_none(), "closed without edits");
    open_file(&mut h, "startup_info.json");
    h.get_by_label("pro_activated").click();
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("edit value").type_text("true");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(pending(&h), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(2);
    assert!(h.state().open.is_some(), "asks first");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(pending(&h), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(2);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().open.is_none());
}

#[test]
fn theme_and_zoom_apply_and_persist() {
    let mut h = open_volume(common::sample_volume());
    h.state_mut().apply(Command::SetTheme(ThemeChoice::Light));
    h.run_steps(2);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    h.state_mut().apply(Command::SetTheme(ThemeChoice::Dark));
    h.run_steps(2);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert_eq!(h.state().settings.theme, ThemeChoice::Dark);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    h.run_steps(2);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-3, "{}", h.ctx.zoom_factor());
    assert_eq!(h.state().settings.zoom, Some(h.ctx.zoom_factor()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run_steps(2);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    // A new session starts with the saved zoom.
    let settings = Settings { zoom: Some(1.5), ..Default::default() };
    let mut h = harness_with(common::sample_volume(), settings, NO_ENDPOINT);
    h.run_steps(2);
    assert_eq!(h.ctx.zoom_factor(), 1.5);
}

/// The text of issue 17: a symbol, Japanese, Arabic and an emoji.
const MIXED: &str = "✓ 日本語 العربية 😀";

#[test]
fn system_fonts_draw_every_character_they_cover() {
    let mut h = open_volume(common::sample_volume());
    step_until(&mut h, "the font job", |h| h.state().fallback_fonts.is_some());
    h.run_steps(2);
    let found = h.state().fallback_fonts.clone().unwrap();
    eprintln!("system fallbacks: {:?}", found.iter().map(|f| &f.family).collect::<Vec<_>>());
    let font = egui::FontId::proportional(14.0);
    let mono = egui::FontId::monospace(14.0);
    for f in &found {
        for c in f.covers.chars() {
            assert!(h.ctx.fonts_mut(|fonts| fonts.has_glyph(&font, c)), "{c} of {}", f.family);
            assert!(
                h.ctx.fonts_mut(|fonts| fonts.has_glyph(&mono, c)),
                "{c} of {} (mono)",
                f.family
            );
        }
    }
    for c in MIXED.chars().filter(|c| !c.is_whitespace()) {
        let covered = found.iter().any(|f| f.covers.contains(c))
            // egui's bundled emoji font draws 😀 everywhere.
            || c == '😀';
        if covered {
            assert!(h.ctx.fonts_mut(|fonts| fonts.has_glyph(&font, c)), "{c} has no glyph");
        }
    }
    // Where the Debian fonts are installed (CI installs them), all of it draws.
    let debian = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans Arabic"];
    if debian.iter().all(|d| found.iter().any(|f| f.family == *d)) {
        assert!(h.ctx.fonts_mut(|fonts| fonts.has_glyphs(&font, &MIXED.replace(' ', ""))));
    }
    // And it renders as a label in the app (kittest refuses text with a missing glyph).
    if h.ctx.fonts_mut(|fonts| fonts.has_glyphs(&font, &MIXED.replace(' ', ""))) {
        h.state_mut().apply(Command::Notify(Message::new(Severity::Info, MIXED)));
        h.run_steps(2);
        assert!(h.query_all_by_label(MIXED).next().is_some());
    }
}

/// The icons of toasts and the message log draw with egui's bundled fonts alone (before the
/// system fonts are found, or where there are none).
#[test]
fn toast_icons_need_no_system_font() {
    let mut h = Harness::new_ui(|ui| {
        ui.label("ℹ ✔ ⚠ ❌ ×");
    });
    h.run();
    let font = egui::FontId::proportional(14.0);
    assert!(h.ctx.fonts_mut(|f| f.has_glyphs(&font, "ℹ✔⚠❌×")));
}

/// The bundled symbols font draws what egui's fonts lack, with no system font at all.
#[test]
fn the_bundled_symbols_font_draws_common_symbols_anywhere() {
    const SYMBOLS: &str = "✓✗★☐☑▶●◆⏱⬆";
    // kittest fails a frame that draws a missing glyph: the label shows once the font is in.
    let mut h = Harness::new_ui_state(
        |ui, draw: &mut bool| {
            if *draw {
                ui.label(SYMBOLS);
            }
        },
        false,
    );
    h.run();
    let font = egui::FontId::proportional(14.0);
    assert!(!h.ctx.fonts_mut(|f| f.has_glyph(&font, '✓')), "egui alone lacks ✓");
    h.ctx.add_font(localstate::ui::fonts::bundled_symbols());
    *h.state_mut() = true;
    h.run();
    for c in SYMBOLS.chars() {
        assert!(h.ctx.fonts_mut(|f| f.has_glyph(&font, c)), "{c}");
        let mono = egui::FontId::monospace(14.0);
        assert!(h.ctx.fonts_mut(|f| f.has_glyph(&mono, c)), "{c} (monospace)");
    }
}

/// Help → About says which build this is and links to the source, issues and LocalStack docs.
#[test]
fn about_shows_the_build_and_links() {
    let mut h = open_volume(common::sample_volume());
    h.state_mut().apply(Command::Ui(UICommand::About));
    h.run_steps(3);
    let version = format!("version {} · ", env!("CARGO_PKG_VERSION"));
    let info = h.query_by_label_contains(&version).expect("the build line");
    let text = format!("{info:?}");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(common::repo())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(commit) = commit {
        assert!(text.contains(&format!("commit {commit}")), "{text}");
    }
    assert!(text.contains(" build · "), "{text}");
    for link in ["Source code", "Report a problem", "LocalStack persistence"] {
        assert!(h.query_by_label(link).is_some(), "{link}");
    }
}

/// A hit inside a table row opens the table filtered by the search text with that row selected.
#[test]
fn a_volume_search_hit_in_a_table_row_selects_the_row() {
    let mut h = searched_volume("user3@");
    let hit = h
        .query_all_by_label_contains("000000000000useast1_us-east-1.db users row 3")
        .next()
        .expect("a row hit");
    hit.click();
    step_until(&mut h, "the row", |h| {
        h.state()
            .open
            .as_ref()
            .is_some_and(|o| o.tables.iter().any(|t| t.selected_row().is_some_and(|r| r.id == 3)))
    });
    let open = h.state().open.as_ref().unwrap();
    let table = open.tables.iter().find(|t| t.source.name() == "users").unwrap();
    assert_eq!(table.filter.text.as_deref(), Some("user3@"), "filtered by the search text");
    assert!(table.selected_row().unwrap().cells.iter().any(|c| c.contains("user3@example.com")));
    assert!(h.query_by_label_contains("row 1 detail").is_some(), "the detail pane shows it");
}
