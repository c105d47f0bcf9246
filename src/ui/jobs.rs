//! The one background job model (after gitui's `asyncjob` and rerun's `background_tasks`):
//! every slow or waiting thing — scan, decode, save, row paging, volume search, replay-log
//! loading, health polling, the volume watcher, file dialogs — is a named job on its own
//! thread, reporting typed results through one channel.
//!
//! * At most one job per key: starting a job whose key is running cancels the older one and
//!   drops its result when it arrives.
//! * Cancellable: the work sees [`JobCtx::is_cancelled`] (and [`JobCtx::sleep`] wakes early).
//! * Progress: [`JobCtx::progress`], shown in the status bar.
//! * A panic inside a job becomes an `Err` result of that job (`catch_unwind`).
//! * Repeating jobs ([`Jobs::spawn_repeating`]: health polling, the watcher) [`JobCtx::emit`]
//!   results while they run and are not shown in the status bar.
//!
//! The UI drains the channel ([`Jobs::poll`]) at the start of each frame.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// Shared progress of a job: `0..=1000` per mille, or unknown.
#[derive(Clone)]
pub struct Progress(Arc<AtomicU32>);

const UNKNOWN: u32 = u32::MAX;

impl Default for Progress {
    fn default() -> Self {
        Progress(Arc::new(AtomicU32::new(UNKNOWN)))
    }
}

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

enum Event<T> {
    Emitted(T),
    Finished(Result<Option<T>, String>),
}

struct Message<T> {
    id: u64,
    event: Event<T>,
}

/// What the work of a job sees: its progress, its cancel flag, and (repeating jobs) a way
/// to report results while it runs.
pub struct JobCtx<T> {
    id: u64,
    progress: Progress,
    cancel: Arc<AtomicBool>,
    tx: Sender<Message<T>>,
    wake: Option<egui::Context>,
}

impl<T> JobCtx<T> {
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Set when a newer job with the same key replaced this one, or the app closed.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Sleeps `d` (waking early when cancelled); `false` once the job is cancelled.
    pub fn sleep(&self, d: Duration) -> bool {
        const STEP: Duration = Duration::from_millis(50);
        let until = Instant::now() + d;
        while !self.is_cancelled() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(STEP));
        }
        false
    }

    /// Reports a result while the job keeps running (repeating jobs).
    pub fn emit(&self, value: T) {
        self.send(Event::Emitted(value));
    }

    fn send(&self, event: Event<T>) {
        if self.tx.send(Message { id: self.id, event }).is_err() {
            // Nobody listens any more (the app closed): stop.
            self.cancel.store(true, Ordering::Relaxed);
        }
        if let Some(ctx) = &self.wake {
            ctx.request_repaint();
        }
    }
}

/// A job while it runs.
pub struct RunningJob<K> {
    pub id: u64,
    pub key: K,
    pub name: String,
    pub started: Instant,
    pub progress: Progress,
    /// Shown in the status bar (one-shot jobs; repeating ones run all the time).
    pub shown: bool,
    cancel: Arc<AtomicBool>,
}

/// A result of a job: its value, or the error its panic became.
pub struct Report<K, T> {
    pub key: K,
    pub name: String,
    pub result: Result<T, String>,
}

/// Runs keyed jobs on threads and collects their results of type `T`.
pub struct Jobs<K, T> {
    tx: Sender<Message<T>>,
    rx: Receiver<Message<T>>,
    running: Vec<RunningJob<K>>,
    next_id: u64,
    wake: Option<egui::Context>,
}

impl<K: PartialEq + Clone, T: Send + 'static> Jobs<K, T> {
    /// `wake` is asked to repaint whenever a result arrives (`None` in tests).
    pub fn new(wake: Option<egui::Context>) -> Self {
        let (tx, rx) = channel();
        Jobs { tx, rx, running: Vec::new(), next_id: 0, wake }
    }

    /// Starts `work` on a new thread, replacing a running job with the same key; its result
    /// arrives through [`Jobs::poll`].
    pub fn spawn(
        &mut self,
        key: K,
        name: impl Into<String>,
        work: impl FnOnce(&JobCtx<T>) -> T + Send + 'static,
    ) {
        self.start(key, name.into(), true, move |job| Some(work(job)));
    }

    /// Starts a job that runs until cancelled and reports through [`JobCtx::emit`].
    pub fn spawn_repeating(
        &mut self,
        key: K,
        name: impl Into<String>,
        work: impl FnOnce(&JobCtx<T>) + Send + 'static,
    ) {
        self.start(key, name.into(), false, move |job| {
            work(job);
            None
        });
    }

    fn start(
        &mut self,
        key: K,
        name: String,
        shown: bool,
        work: impl FnOnce(&JobCtx<T>) -> Option<T> + Send + 'static,
    ) {
        self.cancel(&key);
        let id = self.next_id;
        self.next_id += 1;
        let job = JobCtx {
            id,
            progress: Progress::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            tx: self.tx.clone(),
            wake: self.wake.clone(),
        };
        self.running.push(RunningJob {
            id,
            key,
            name: name.clone(),
            started: Instant::now(),
            progress: job.progress.clone(),
            shown,
            cancel: job.cancel.clone(),
        });
        let failed = job.tx.clone();
        let spawned = std::thread::Builder::new().name(name).spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| work(&job))).map_err(panic_text);
            job.send(Event::Finished(result));
        });
        if let Err(e) = spawned {
            let event = Event::Finished(Err(format!("cannot start a thread: {e}")));
            let _ = failed.send(Message { id, event });
        }
    }

    /// Cancels the job with `key`, if one runs; its result will be dropped.
    pub fn cancel(&mut self, key: &K) {
        self.running.retain(|j| {
            let same = j.key == *key;
            if same {
                j.cancel.store(true, Ordering::Relaxed);
            }
            !same
        });
    }

    /// Results that arrived since the last call (stale ones of replaced jobs dropped).
    pub fn poll(&mut self) -> Vec<Report<K, T>> {
        let mut out = Vec::new();
        while let Ok(Message { id, event }) = self.rx.try_recv() {
            let Some(i) = self.running.iter().position(|j| j.id == id) else { continue };
            let (result, done) = match event {
                Event::Emitted(v) => (Some(Ok(v)), false),
                Event::Finished(r) => (r.transpose(), true),
            };
            let job = &self.running[i];
            if let Some(result) = result {
                out.push(Report { key: job.key.clone(), name: job.name.clone(), result });
            }
            if done {
                self.running.remove(i);
            }
        }
        out
    }

    /// Jobs for the status bar, oldest first.
    pub fn shown(&self) -> impl Iterator<Item = &RunningJob<K>> {
        self.running.iter().filter(|j| j.shown)
    }
}

impl<K, T> Drop for Jobs<K, T> {
    fn drop(&mut self) {
        for j in &self.running {
            j.cancel.store(true, Ordering::Relaxed);
        }
    }
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("panicked: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for(jobs: &mut Jobs<&'static str, u32>, n: usize) -> Vec<Report<&'static str, u32>> {
        let start = Instant::now();
        let mut out = Vec::new();
        while out.len() < n && start.elapsed() < Duration::from_secs(10) {
            out.extend(jobs.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        out
    }

    #[test]
    fn a_newer_job_with_the_same_key_replaces_the_pending_one() {
        let mut jobs = Jobs::new(None);
        jobs.spawn("k", "slow", |job| if job.sleep(Duration::from_secs(5)) { 1 } else { 2 });
        jobs.spawn("k", "fast", |_| 3);
        let out = wait_for(&mut jobs, 1);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].result, Ok(3));
        std::thread::sleep(Duration::from_millis(100));
        assert!(jobs.poll().is_empty(), "the cancelled job's result is dropped");
    }

    #[test]
    fn a_panic_becomes_an_error_of_that_job() {
        let mut jobs: Jobs<&'static str, u32> = Jobs::new(None);
        jobs.spawn("boom", "boom", |_| panic!("on purpose"));
        let out = wait_for(&mut jobs, 1);
        assert!(out[0].result.as_ref().is_err_and(|e| e.contains("on purpose")));
        assert_eq!(jobs.shown().count(), 0);
    }

    #[test]
    fn a_panic_in_a_repeating_job_ends_it_with_an_error_after_its_results() {
        let mut jobs: Jobs<&'static str, u32> = Jobs::new(None);
        jobs.spawn_repeating("watch", "watch", |job| {
            job.emit(1);
            panic!("watcher died");
        });
        let out = wait_for(&mut jobs, 2);
        assert_eq!(out[0].result, Ok(1));
        assert!(out[1].result.as_ref().is_err_and(|e| e.contains("watcher died")));
        assert_eq!(jobs.running.len(), 0, "the job is over");
    }

    #[test]
    fn repeating_jobs_emit_until_cancelled() {
        let mut jobs = Jobs::new(None);
        jobs.spawn_repeating("tick", "tick", |job| {
            let mut n = 0;
            while job.sleep(Duration::from_millis(1)) {
                job.emit(n);
                n += 1;
            }
        });
        assert!(wait_for(&mut jobs, 3).len() >= 3, "three results emitted");
        assert_eq!(jobs.shown().count(), 0, "repeating jobs stay out of the status bar");
        jobs.cancel(&"tick");
        std::thread::sleep(Duration::from_millis(100));
        jobs.poll();
        std::thread::sleep(Duration::from_millis(100));
        assert!(jobs.poll().is_empty());
    }
}
