//! The real app on a big volume (`tools/make-big-volume.sh`): the time to the first painted
//! frame (the overview's progress, the inventory still decoding in the background), to the
//! complete overview, and the CPU time per frame while the largest queue's message table is
//! scrolled from top to bottom in the Resources view (egui_kittest harness, no GPU).
//!
//!     cargo bench --bench app_volume -- VOLUME [FRAMES]
#![allow(clippy::unwrap_used, clippy::expect_used)] // benches fail loudly

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::browse::{BrowseCommand, KindRef};
use localstate::ui::{App, Command, Settings};

#[path = "common/frames.rs"]
mod frames;
use frames::scroll_frames;

/// Height of a table row, as `ui::theme::ROW_HEIGHT`.
const ROW: f32 = 20.0;

fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(600), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let volume = PathBuf::from(args.next().expect("usage: app_volume VOLUME [FRAMES]"));
    let frames: usize = args.next().map_or(600, |f| f.parse().expect("FRAMES is a number"));

    let t0 = Instant::now();
    let mut app =
        App::new(volume.clone(), Settings::default(), Some("http://127.0.0.1:9".into()), None);
    app.keep_journal_in(None);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.step();
    let first_frame = t0.elapsed();
    step_until(&mut h, "the scan", |a| a.volume.is_some() || a.volume_error.is_some());
    h.step();
    let overview_painted = t0.elapsed();
    step_until(&mut h, "the inventory", |a| a.browse.overview.is_some() && !a.browse.building);
    h.step();
    let complete = t0.elapsed();
    println!(
        "{}: first frame {first_frame:?}, overview (with progress) painted {overview_painted:?}, complete {complete:?}",
        volume.display()
    );

    // The queue with the most messages, and the last message's name (seen at the bottom).
    let (queue, count, last, probes) = {
        let mut inv = h.state().browse.lock().unwrap();
        let (i, count) = inv
            .select(Some("sqs"), Some("queue"))
            .map(|(i, l)| (i, l.count("message")))
            .max_by_key(|(_, n)| *n)
            .expect("an SQS queue");
        let c = inv.resources[i].collections.iter().position(|(_, c)| c.kind == "message").unwrap();
        let last = inv.page(i, c, count - 1, 1).unwrap().pop().unwrap().name;
        let probes: Vec<(u64, String)> = [0, 10, count / 2, count * 9 / 10, count - 20, count - 2]
            .into_iter()
            .map(|o| (o, inv.page(i, c, o, 1).unwrap().pop().unwrap().name))
            .collect();
        (i, count, last, probes)
    };
    let kind = KindRef { service: "sqs".into(), kind: "queue".into() };
    h.state_mut().apply(Command::Browse(BrowseCommand::Kind(kind)));
    h.step();
    h.state_mut().apply(Command::Browse(BrowseCommand::Resource(queue)));
    h.run_steps(3);
    // Over the nested table: on its first message.
    let first = h.get_by_label(&probes[0].1).rect().center();
    h.hover_at(first);
    h.step();
    for (o, name) in &probes {
        eprintln!("before: message {o} shown: {}", h.query_by_label(name).is_some());
    }
    let delta = count as f32 * ROW / frames as f32 * 2.0;
    let times = scroll_frames(&mut h, frames, egui::MouseWheelUnit::Point, delta);
    h.run_steps(2);
    let reached = h.query_by_label(&last).is_some();
    for (o, name) in &probes {
        eprintln!("after: message {o} shown: {}", h.query_by_label(name).is_some());
    }
    println!(
        "message table of {count} messages scrolled top to bottom in {frames} frames: {}; last message shown: {reached}",
        times.summary()
    );
}
