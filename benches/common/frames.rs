//! Frame timing shared by the GUI benches: scroll a harness by wheel events, one per frame,
//! and time each frame — its wall time and the CPU time of the thread that draws it (what
//! the frame itself costs, whatever background jobs do on the other cores); percentiles.

use std::time::{Duration, Instant};

use egui_kittest::Harness;

/// The times of the frames stepped.
pub struct Frames {
    /// Wall time of each frame.
    pub wall: Vec<Duration>,
    /// CPU time of the drawing thread in each frame.
    pub cpu: Vec<Duration>,
}

impl Frames {
    /// `wall p50 … p99 … max …; CPU p50 … p99 … max …`.
    pub fn summary(&self) -> String {
        let (wp50, wp99, wmax) = percentiles(self.wall.clone());
        let (cp50, cp99, cmax) = percentiles(self.cpu.clone());
        format!(
            "wall p50 {wp50:.2?} p99 {wp99:.2?} max {wmax:.2?}; CPU p50 {cp50:.2?} p99 {cp99:.2?} max {cmax:.2?}"
        )
    }
}

/// p50, p99 and max of `v`.
fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q) as usize];
    (p(0.5), p(0.99), *v.last().unwrap())
}

/// CPU time the calling thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Steps `frames` frames, each after a wheel scroll of `delta` (in `unit`s) down; the time of
/// each step.
pub fn scroll_frames<S>(
    h: &mut Harness<'_, S>,
    frames: usize,
    unit: egui::MouseWheelUnit,
    delta: f32,
) -> Frames {
    let mut out = Frames { wall: Vec::with_capacity(frames), cpu: Vec::with_capacity(frames) };
    for _ in 0..frames {
        h.event(egui::Event::MouseWheel {
            unit,
            delta: egui::vec2(0.0, -delta),
            modifiers: Default::default(),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        let (t, c) = (Instant::now(), thread_cpu());
        h.step();
        out.cpu.push(thread_cpu().saturating_sub(c));
        out.wall.push(t.elapsed());
    }
    out
}
