//! Crash safety: `kill -9` a child saving an edit of a 20+ MB file at random moments (100
//! times each): `localstate set`, and the app's own save (a child process running the app in
//! a kittest harness, Save clicked in its confirmation). The file must always be exactly the
//! old or the new version and the `.bak`, when present, exactly the old version.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use localstate::ui::{Command as AppCommand, UICommand};
use localstate_core::edit::Place;

/// ~24 MB of generic JSON: few nodes (fast to decode), many bytes (slow to write).
fn big_json() -> Vec<u8> {
    let pad = "x".repeat(12_000);
    let items: Vec<String> = (0..2000)
        .map(|i| format!("{{\"id\": {i}, \"name\": \"item-{i}\", \"pad\": \"{pad}\"}}"))
        .collect();
    format!("{{\n  \"items\": [\n    {}\n  ]\n}}\n", items.join(",\n    ")).into_bytes()
}

/// Small deterministic generator (no wall-clock seeding, same moments every run).
struct Lcg(u64);
impl Lcg {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn reset(file: &Path, bak: &Path, old: &[u8]) {
    // Remove first: the .bak may be a hard link to the file's inode.
    std::fs::remove_file(bak).ok();
    std::fs::remove_file(file).ok();
    std::fs::write(file, old).unwrap();
}

fn set_cmd(file: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_localstate"));
    c.args(["set", "--endpoint", "http://127.0.0.1:9"])
        .arg(file)
        .arg("/items/1000/name")
        .arg("edited")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// A child that saves the edit of `/items/1000/name` in `file`, started.
type Saver = fn(&Path) -> Child;

/// Starts `saver` and waits until it is about to write: `localstate set` right away; the app
/// once it printed `SAVING` (its start-up and decode are not part of the save).
fn start_saving(saver: Saver, file: &Path) -> (Child, Option<Lines<BufReader<ChildStdout>>>) {
    let mut child = saver(file);
    let Some(out) = child.stdout.take() else { return (child, None) };
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        if line.unwrap().contains("SAVING") {
            break;
        }
    }
    (child, Some(lines))
}

/// One uninterrupted save (the expected result and how long it takes here), then 100 saves
/// killed at random moments up to 1.1× that long.
fn kill_9_rounds(what: &str, saver: Saver) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    let bak = dir.path().join("big.json.bak");
    let old = big_json();
    assert!(old.len() >= 20 << 20, "{} bytes", old.len());
    let new = String::from_utf8(old.clone())
        .unwrap()
        .replacen("\"item-1000\"", "\"edited\"", 1)
        .into_bytes();

    reset(&file, &bak, &old);
    let (mut child, _out) = start_saving(saver, &file);
    let t0 = Instant::now();
    let status = child.wait().unwrap();
    let full = t0.elapsed();
    assert!(status.success(), "{what}: the uninterrupted save failed");
    assert!(std::fs::read(&file).unwrap() == new, "{what}: the uninterrupted save is not the edit");
    assert!(std::fs::read(&bak).unwrap() == old);

    let mut rng = Lcg(0x5eed);
    let (mut saw_old, mut saw_new, mut leftovers) = (0, 0, 0);
    for round in 0..100 {
        reset(&file, &bak, &old);
        let (mut child, _out) = start_saving(saver, &file);
        std::thread::sleep(full.mul_f64(1.1 * rng.next_unit()));
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let now = std::fs::read(&file).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("{what} round {round}: the file is torn ({} bytes)", now.len());
        }
        if bak.exists() {
            assert!(
                std::fs::read(&bak).unwrap() == old,
                "round {round}: .bak is not the old version"
            );
        } else {
            assert!(now == old, "round {round}: the file was replaced without a .bak");
        }
        // Temp files a killed save leaves behind: counted, then removed.
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".localstate-tmp") {
                leftovers += 1;
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    eprintln!(
        "crash test ({what}): one save took {full:?}; after kill -9: {saw_old} old, {saw_new} new, 0 torn; {leftovers} temp files left behind"
    );
}

#[test]
fn kill_9_during_set_never_leaves_a_torn_file() {
    kill_9_rounds("localstate set", |file| set_cmd(file).spawn().unwrap());
}

#[test]
fn kill_9_during_a_save_in_the_app_never_leaves_a_torn_file() {
    kill_9_rounds("the app's save", |file| {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_app_saves_one_edit", "--nocapture"])
            .env(CHILD, file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    });
}

const CHILD: &str = "LOCALSTATE_TEST_SAVE_CHILD";

/// Not a test of its own: the app process `kill_9_during_a_save_in_the_app…` kills (does
/// nothing unless run as its child). Opens the file, stages the edit, prints `SAVING` and
/// clicks Save in the confirmation.
#[test]
fn child_app_saves_one_edit() {
    let Some(file) = std::env::var_os(CHILD) else { return };
    let mut h = common::gui::harness(file.into());
    common::gui::step_until(&mut h, "decode", |h| {
        h.state().open.as_ref().is_some_and(|o| !o.loading && o.doc.is_some())
    });
    let open = h.state_mut().open.as_mut().unwrap();
    let doc = open.doc.clone().unwrap();
    let pointer = "/items/1000/name".to_string();
    let id = doc.tree.resolve(&pointer).expect("the edited leaf");
    let place = Place::Tree { pointer };
    open.session.as_mut().unwrap().edit_leaf(&doc.tree, id, place, "edited", None).unwrap();
    h.state_mut().apply(AppCommand::Ui(UICommand::Save));
    h.run_steps(3);
    let save = h.get_by_label("Save");
    println!("SAVING");
    save.click();
    h.run_steps(1);
    common::gui::step_until(&mut h, "save", |h| !h.state().edit_ui.is_saving());
    assert_eq!(common::gui::pending(&h), 0, "saved");
    std::thread::sleep(Duration::from_millis(1));
}
