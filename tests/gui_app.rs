//! The desktop app driven through egui_kittest (no display needed): open volumes, click
//! through the tree, page tables, see errors, watch files change.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::time::{Duration, Instant};

use common::gui::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::{App, Settings};

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_volume_opens_and_lists_services() {
    let mut h = harness(common::corpus("v4_binary"));
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    assert!(h.query_all_by_label("localstack-persist").count() >= 1, "layout badge");
    for svc in ["acm", "dynamodb", "iam", "lambda", "s3", "sqs"] {
        assert!(h.query_by_label(&format!("collapse {svc}")).is_some(), "{svc} row");
    }
    assert!(h.query_all_by_label_contains("/store.pkl").count() >= 5);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corrupt_file_shows_error_and_the_rest_stays_usable() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = tmp.path().join("sqs");
    std::fs::create_dir_all(&svc).unwrap();
    std::fs::write(svc.join("store.json"), b"{\"v\":1,\"data\":{\"py/object\": truncated").unwrap();
    std::fs::create_dir_all(tmp.path().join("sts")).unwrap();
    std::fs::copy(
        common::corpus("v3").join("sts/backend.json"),
        tmp.path().join("sts/backend.json"),
    )
    .unwrap();
    let mut h = harness(tmp.path().to_path_buf());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    h.get_by_label("sqs/store.json").click();
    h.run_steps(2);
    step_until(&mut h, "decode error", |h| {
        h.state().open.as_ref().is_some_and(|o| o.error.is_some())
    });
    assert!(h.query_all_by_label_contains("⚠").count() >= 1);
    // The other file still opens.
    h.get_by_label("sts/backend.json").click();
    h.run_steps(2);
    step_until(&mut h, "decode", |h| h.state().open.as_ref().is_some_and(|o| !o.loading));
    assert!(h.state().open.as_ref().unwrap().path.ends_with("sts/backend.json"));
}

#[test]
fn not_a_volume_shows_what_was_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(tmp.path().to_path_buf());
    step_until(&mut h, "scan", |h| h.state().volume_error.is_some());
    h.get_by_label_contains("not a LocalStack volume");
}

fn open_sample() -> Harness<'static, App> {
    let mut h = harness(common::sample_volume());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    h
}

#[test]
fn a_lone_file_given_as_the_volume_opens_without_a_click() {
    let store = common::sample_volume().join("state/api_states/sqs/store.state");
    let mut h = harness(store.clone());
    step_until(&mut h, "the file to decode", |h| {
        h.state().open.as_ref().is_some_and(|o| o.path == store && !o.loading && o.doc.is_some())
    });
    assert!(h.query_by_label_contains("SQS · 9 queues").is_some(), "summary headline");
    // A directory never opens a file by itself.
    let h = open_sample();
    assert!(h.state().open.is_none());
}

#[test]
fn sqs_store_expands_to_a_readable_message_body() {
    let mut h = open_sample();
    open_file(&mut h, "state/api_states/sqs/store.state");
    assert!(h.query_by_label_contains("SQS · 9 queues").is_some(), "summary headline");
    for name in ["us-east-1", "queues", "orders", "visible", "queue", "0", "message"] {
        expand(&mut h, name);
    }
    assert!(h.query_by_label_contains("\"order_id\": 0").is_some(), "message body shown");
}

#[test]
fn ctrl_f_reveals_a_match_deep_in_the_tree() {
    let mut h = open_sample();
    open_file(&mut h, "state/api_states/sqs/store.state");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.get_by_label("search text").type_text("SKU-102");
    h.run_steps(1);
    h.get_by_label("Next in document").click();
    h.run_steps(3);
    // In the tree's row and, decoded, in the value viewer under it.
    assert!(h.query_all_by_label_contains("SKU-102").count() >= 2);
    let open = h.state().open.as_ref().unwrap();
    let doc = open.doc.as_ref().unwrap();
    let sel = open.view.selected.expect("match selected");
    assert!(doc.tree.node(sel).value.display().contains("SKU-102"));
}

#[test]
fn dynamodb_table_pages_to_the_end() {
    let mut h = open_sample();
    open_file(&mut h, "state/dynamodb/000000000000useast1_us-east-1.db");
    h.get_by_label("Table: users").click();
    h.run_steps(2);
    step_until(&mut h, "row count", |h| {
        h.state()
            .open
            .as_ref()
            .and_then(|o| o.tables.iter().find(|t| t.source.name() == "users"))
            .is_some_and(|t| matches!(t.count, Some(Ok(_))))
    });
    let count = h
        .state()
        .open
        .as_ref()
        .unwrap()
        .tables
        .iter()
        .find(|t| t.source.name() == "users")
        .and_then(|t| t.count.clone())
        .unwrap()
        .unwrap();
    assert!(count >= 3, "users has items: {count}");
    h.get_by_label("Last ⏭").click();
    h.run_steps(3);
    step_until(&mut h, "last page", |h| h.query_by_label(&count.to_string()).is_some());
    // The selected row's detail shows typed attributes.
    h.get_by_label(&count.to_string()).click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("detail").is_some());
}

/// Typing a row filter key by key: each key restarts the count, which changes what the bar
/// shows ("8 rows" / spinner), and the field keeps the focus through it all.
#[test]
fn a_row_filter_typed_key_by_key_keeps_every_key() {
    let mut h = open_sample();
    open_file(&mut h, "state/dynamodb/000000000000useast1_us-east-1.db");
    h.get_by_label("Table: users").click();
    h.run_steps(2);
    let field = h.get_by_label("row text filter").rect();
    step_until(&mut h, "the count", |h| h.query_by_label_contains("counting rows").is_none());
    assert_eq!(h.get_by_label("row text filter").rect(), field, "the count moved the field");
    h.get_by_label("row text filter").click();
    h.run_steps(2);
    for key in "user".chars() {
        h.event(egui::Event::Text(key.to_string()));
        // Until the new count is shown: the bar has changed twice since the key.
        h.run_steps(2);
        step_until(&mut h, "the filtered count", |h| {
            h.query_by_label_contains("counting rows").is_none()
        });
    }
    assert_eq!(h.get_by_label("row text filter").value().as_deref(), Some("user"));
}

#[test]
fn replay_call_shows_its_operation_and_lint() {
    let mut h = open_sample();
    h.get_by_label("Replay log").click();
    h.run_steps(2);
    step_until(&mut h, "replay index", |h| h.state().replay.calls() > 0);
    h.run_steps(2);
    let first = h.query_all_by_label("CreateQueue").next().expect("a CreateQueue row");
    first.click();
    h.run_steps(3);
    assert!(h.state().replay.selected.is_some(), "a call is selected");
    assert!(h.query_by_label_contains("sqs CreateQueue").is_some(), "detail header");
    // A SendMessage depends on the queue URL CreateQueue returned.
    let send = h.query_all_by_label("SendMessage").next().expect("a SendMessage row");
    send.click();
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("depends on call").next().is_some(),
        "lint finding shown"
    );
}

/// A one-shot HTTP server answering every request with `body` (status 200, JSON).
fn stub_server(body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn health_panel_shows_a_stub_emulator_and_unreachable() {
    let endpoint = stub_server(
        r#"{"services": {"sqs": "running", "s3": "available", "kinesis": "weird"}, "edition": "community", "version": "9.9.9:abc"}"#,
    );
    let mut h = harness_with(
        common::sample_volume(),
        Settings { show_health: true, ..Default::default() },
        &endpoint,
    );
    step_until(&mut h, "health", |h| {
        h.query_all_by_label_contains("LocalStack 9.9.9").next().is_some()
    });
    assert!(h.query_by_label("weird").is_some(), "unknown state kept as-is");
    assert!(h.query_by_label("running").is_some());

    let mut h = harness_with(
        common::sample_volume(),
        Settings { show_health: true, ..Default::default() },
        "http://127.0.0.1:9",
    );
    step_until(&mut h, "unreachable", |h| {
        h.query_all_by_label_contains("unreachable").next().is_some()
    });
}

#[test]
fn file_changes_appear_without_user_action() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let startup = data.join("startup_info.json");
    std::fs::write(&startup, r#"[{"timestamp": "2026-01-01T00:00:00", "localstack_version": "0.14.5", "localstack_ext_version": null, "pro_activated": false}]"#).unwrap();
    let mut h = harness(data.clone());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    open_file(&mut h, "startup_info.json");
    assert!(h.query_by_label("\"0.14.5\"").is_some() || h.query_by_label("0.14.5").is_some());
    // An editor-style atomic save: write a temp file, rename over.
    let tmpfile = data.join(".startup_info.json.tmp");
    std::fs::write(&tmpfile, r#"[{"timestamp": "2026-01-02T00:00:00", "localstack_version": "0.14.6", "localstack_ext_version": null, "pro_activated": false}]"#).unwrap();
    std::fs::rename(&tmpfile, &startup).unwrap();
    step_until(&mut h, "reloaded value", |h| {
        h.query_by_label("0.14.6").is_some() || h.query_by_label("\"0.14.6\"").is_some()
    });
    // A new service appears in the tree.
    std::fs::create_dir_all(data.join("kinesis")).unwrap();
    std::fs::copy(
        common::sample_volume().join("state/kinesis/000000000000.json"),
        data.join("kinesis/kinesis-data.json"),
    )
    .unwrap();
    step_until(&mut h, "new service", |h| h.query_by_label("collapse kinesis").is_some());
}

#[test]
fn edit_a_value_inline_undo_redo_and_save_with_confirmation() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let startup = common::copy_into_volume("data/startup_info.json", tmp.path());
    let before = std::fs::read_to_string(&startup).unwrap();
    let mut h = harness(data.clone());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    open_file(&mut h, "startup_info.json");
    edit_leaf(&mut h, "pro_activated", "true");
    assert_eq!(pending(&h), 1);
    assert!(h.query_all_by_label_contains("1 unsaved change").next().is_some());
    assert!(h.query_by_label_contains("(edited)").is_some());
    undo_redo(&mut h);
    assert_eq!(std::fs::read_to_string(&startup).unwrap(), before, "nothing written before saving");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(h.query_by_label("-> True").is_some(), "confirmation lists the change");
    confirm_save(&mut h);
    let after = std::fs::read_to_string(&startup).unwrap();
    assert!(after.contains("\"pro_activated\": true"), "{after}");
    assert_eq!(
        after.replace("\"pro_activated\": true", "\"pro_activated\": false"),
        before,
        "only the edited value changed"
    );
    assert!(
        std::fs::read_dir(&data).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".bak")),
        "backup kept"
    );
}

#[test]
fn a_silent_endpoint_never_blocks_frames() {
    // Accepts connections and never answers: the poller must time out on its own thread.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let _keep = std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(8).flatten().collect();
        std::thread::sleep(Duration::from_secs(60));
        drop(held);
    });
    let mut h = harness_with(
        common::sample_volume(),
        Settings { show_health: true, ..Default::default() },
        &endpoint,
    );
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    while h.query_all_by_label_contains("unreachable").next().is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "timeout never reported");
        let t = Instant::now();
        h.step();
        slowest = slowest.max(t.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    // Not a timing assertion on the machine's speed: a blocked UI thread would take the
    // whole probe timeout (seconds) in one frame.
    assert!(slowest < Duration::from_secs(1), "a frame took {slowest:?}");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_volume_deleted_and_recreated_is_picked_up_again() {
    let tmp = tempfile::tempdir().unwrap();
    let vol = tmp.path().join("volume");
    let make = |vol: &std::path::Path| {
        std::fs::create_dir_all(vol.join("sts")).unwrap();
        std::fs::copy(common::corpus("v3").join("sts/backend.json"), vol.join("sts/backend.json"))
            .unwrap();
    };
    make(&vol);
    let mut h = harness(vol.clone());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    std::fs::remove_dir_all(&vol).unwrap();
    step_until(&mut h, "volume gone", |h| h.state().volume_error.is_some());
    make(&vol);
    std::fs::create_dir_all(vol.join("sqs")).unwrap();
    std::fs::copy(common::corpus("v3").join("sqs/store.json"), vol.join("sqs/store.json")).unwrap();
    step_until(&mut h, "volume back", |h| {
        h.state().volume.as_ref().is_some_and(|v| v.service("sqs").is_some())
    });
}

#[test]
fn replay_row_click_across_frames_selects_it() {
    let mut h = harness_with(
        common::sample_volume(),
        Settings { show_replay: true, show_health: true, ..Default::default() },
        "http://127.0.0.1:9",
    );
    step_until(&mut h, "replay index", |h| h.state().replay.calls() > 0);
    h.run_steps(2);
    let rect = h.query_all_by_label("SendMessage").next().expect("row").rect();
    h.hover_at(rect.center());
    h.step();
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Default::default(),
    });
    h.step();
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Default::default(),
    });
    h.run_steps(3);
    assert!(
        h.state().replay.selected.is_some(),
        "press and release in separate frames select the row"
    );
}

#[test]
fn reading_files_does_not_count_as_a_change() {
    let mut h = open_sample();
    step_until(&mut h, "first scan", |h| h.state().last_refresh.is_some());
    let first = h.state().last_refresh;
    open_file(&mut h, "state/api_states/sqs/store.state");
    // Decoding opened files and the scan opened directories; wait past the debounce.
    for _ in 0..30 {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert_eq!(h.state().last_refresh, first, "no rescan without a write");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_burst_of_thousands_of_atomic_writes_settles_into_one_view() {
    let tmp = tempfile::tempdir().unwrap();
    let vol = tmp.path().to_path_buf();
    std::fs::create_dir_all(vol.join("s3/assets/bucket")).unwrap();
    std::fs::copy(common::corpus("v4").join("s3/store.json"), vol.join("s3/store.json")).unwrap();
    let mut h = harness(vol.clone());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    const N: usize = 3000;
    for i in 0..N {
        // Written the way LocalStack and editors save: temp file, then rename.
        let tmpfile = vol.join(format!("s3/assets/bucket/.obj-{i}.tmp"));
        std::fs::write(&tmpfile, format!("body {i}")).unwrap();
        std::fs::rename(&tmpfile, vol.join(format!("s3/assets/bucket/obj-{i}@null"))).unwrap();
    }
    step_until(&mut h, "all objects listed", |h| {
        h.state()
            .volume
            .as_ref()
            .and_then(|v| v.service("s3"))
            .is_some_and(|s| s.all_entries().filter(|e| e.rel.contains("/obj-")).count() == N)
    });
    assert!(
        h.state().volume.as_ref().unwrap().entries().all(|e| !e.rel.contains(".tmp")),
        "no temp file left listed"
    );
}

#[test]
fn edit_a_dynamodb_item_attribute_in_the_row_detail_and_save() {
    let tmp = tempfile::tempdir().unwrap();
    let db =
        common::copy_into_volume("state/dynamodb/000000000000useast1_us-east-1.db", tmp.path());
    common::copy_into_volume("state/api_states/sqs/store.state", tmp.path());
    let mut h = harness(tmp.path().to_path_buf());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    h.state_mut().apply(localstate::ui::Command::OpenFile(
        db.clone(),
        localstate::volume::EntryKind::DYNAMODB_SQLITE,
    ));
    step_until(&mut h, "decode", |h| {
        h.state().open.as_ref().is_some_and(|o| !o.loading && o.doc.is_some())
    });
    h.get_by_label("Table: users").click();
    h.run_steps(2);
    step_until(&mut h, "rows", |h| {
        h.query_by_label("user2@example.com").is_some()
            || h.query_all_by_label_contains("user#2").next().is_some()
    });
    h.query_all_by_label_contains("user#2").next().unwrap().click();
    h.run_steps(3);
    edit_leaf(&mut h, "age", "23");
    assert_eq!(pending(&h), 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    confirm_save(&mut h);
    // Read back from disk through the decoder: the item has the new number.
    let doc =
        localstate::formats::open(&db, localstate::volume::EntryKind::DYNAMODB_SQLITE).unwrap();
    let users = doc.tables.iter().find(|t| t.name() == "users").unwrap();
    let rows = users.page(&Default::default(), 0, 100).unwrap();
    let user2 = rows.iter().find(|r| r.cells.first().is_some_and(|c| c == "user#2")).unwrap();
    let age = user2.detail.resolve("/age").map(|id| user2.detail.node(id).value.display());
    assert_eq!(age.as_deref(), Some("23"));
}

#[test]
fn a_long_file_name_is_cut_and_its_details_stay_in_the_panel() {
    let h = open_sample();
    // The central view starts where the left panel ends.
    let panel_end = h.get_by_label("Volume overview").rect().left();
    let rel = "state/dynamodb/000000000000useast1_us-east-1.db";
    let name = h.get_by_label(rel).rect();
    let details: Vec<_> =
        h.query_all_by_label("dynamodb-sqlite · 30.0 KiB").map(|n| n.rect()).collect();
    assert_eq!(details.len(), 2, "one details label per DynamoDB Local db");
    // The first db's details are on its name's row, after the name and inside the panel.
    let row = details.iter().find(|d| (d.center().y - name.center().y).abs() < 2.0).unwrap();
    assert!(
        row.right() <= panel_end,
        "details end at {} past the panel's {panel_end}",
        row.right()
    );
    assert!(
        name.right() <= row.left(),
        "name ends at {} over its details at {}",
        name.right(),
        row.left()
    );
}
