//! Frame timing shared by the GUI benches: scroll a harness by wheel events, one per frame,
//! and time each frame's CPU work; percentiles of the times.

use std::time::{Duration, Instant};

use egui_kittest::Harness;

/// p50, p99 and max of `v`.
pub fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q) as usize];
    (p(0.5), p(0.99), *v.last().unwrap())
}

/// Steps `frames` frames, each after a wheel scroll of `delta` (in `unit`s) down; the time of
/// each step.
pub fn scroll_frames<S>(
    h: &mut Harness<'_, S>,
    frames: usize,
    unit: egui::MouseWheelUnit,
    delta: f32,
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(frames);
    for _ in 0..frames {
        h.event(egui::Event::MouseWheel {
            unit,
            delta: egui::vec2(0.0, -delta),
            modifiers: Default::default(),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    times
}
