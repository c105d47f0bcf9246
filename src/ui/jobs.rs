//! Background jobs: every slow thing (scan, decode, SQLite paging, search, file dialogs) runs
//! on its own thread and reports a typed result through one channel. The UI drains the
//! channel at the start of each frame and shows running jobs (with progress) in the status bar.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

/// Shared progress of a job: `0..=1000` per mille, or unknown.
#[derive(Clone, Default)]
pub struct Progress(Arc<AtomicU32>);

const UNKNOWN: u32 = u32::MAX;

impl Progress {
    pub fn set(&self, done: u64, total: u64) {
        let permille = (done.min(total) * 1000).checked_div(total).unwrap_or(0) as u32;
        self.0.store(permille, Ordering::Relaxed);
    }

    /// Fraction done, `None` when the job cannot tell.
    pub fn fraction(&self) -> Option<f32> {
        match self.0.load(Ordering::Relaxed) {
            UNKNOWN => None,
            p => Some(p as f32 / 1000.0),
        }
    }
}

/// A job shown in the status bar while it runs.
pub struct RunningJob {
    pub id: u64,
    pub name: String,
    pub started: Instant,
    pub progress: Progress,
}

/// Runs closures on threads and collects their results of type `T`.
pub struct Jobs<T> {
    tx: Sender<(u64, T)>,
    rx: Receiver<(u64, T)>,
    pub running: Vec<RunningJob>,
    next_id: u64,
    ctx: Option<egui::Context>,
}

impl<T: Send + 'static> Jobs<T> {
    pub fn new(ctx: Option<egui::Context>) -> Self {
        let (tx, rx) = channel();
        Jobs { tx, rx, running: Vec::new(), next_id: 0, ctx }
    }

    /// Starts `work` on a new thread; its result arrives through [`Jobs::poll`].
    pub fn spawn(
        &mut self,
        name: impl Into<String>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let progress = Progress(Arc::new(AtomicU32::new(UNKNOWN)));
        self.running.push(RunningJob {
            id,
            name: name.into(),
            started: Instant::now(),
            progress: progress.clone(),
        });
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let out = work(&progress);
            let _ = tx.send((id, out));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        id
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<T> {
        let mut out = Vec::new();
        while let Ok((id, result)) = self.rx.try_recv() {
            self.running.retain(|j| j.id != id);
            out.push(result);
        }
        out
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }
}
