//! Live watch of a volume: notify + a debouncer turn bursts of file-system events (atomic
//! renames, thousands of writes) into one "these paths changed" message once writes settle.
//! The parent directory is watched too, so a volume deleted and re-created is picked up again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long writes must be quiet before a change is reported.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Watches a volume and reports the changed paths once writes have settled (see [`SETTLE`]).
pub struct VolumeWatcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    rx: Receiver<Vec<PathBuf>>,
    watching_root: bool,
}

impl VolumeWatcher {
    /// Watches `root` recursively; `on_event` is called from the watcher thread (e.g. to wake
    /// the UI) after each debounced batch.
    pub fn new(root: &Path, on_event: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let debouncer = new_debouncer(SETTLE, None, move |res: DebounceEventResult| {
            if let Ok(events) = res {
                // Reads (open/close without writing) are not changes: our own decoding and
                // scanning would otherwise trigger endless rescans.
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| {
                        !matches!(
                            e.event.kind,
                            notify::EventKind::Access(
                                notify::event::AccessKind::Open(_)
                                    | notify::event::AccessKind::Close(
                                        notify::event::AccessMode::Read
                                            | notify::event::AccessMode::Any
                                    )
                                    | notify::event::AccessKind::Read
                                    | notify::event::AccessKind::Any
                                    | notify::event::AccessKind::Other
                            )
                        )
                    })
                    .flat_map(|e| e.event.paths)
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() && tx.send(paths).is_ok() {
                    on_event();
                }
            }
        })?;
        let mut w = VolumeWatcher { root: root.to_path_buf(), debouncer, rx, watching_root: false };
        if let Some(parent) = root.parent().filter(|p| p.is_dir()) {
            // Best effort: lets us see the volume itself being deleted and re-created.
            let _ = w.debouncer.watch(parent, RecursiveMode::NonRecursive);
        }
        w.ensure_watching();
        Ok(w)
    }

    /// (Re-)registers the recursive watch on the root if it exists and is not watched.
    pub fn ensure_watching(&mut self) {
        if !self.root.exists() {
            self.watching_root = false;
            return;
        }
        if !self.watching_root {
            self.watching_root = self.debouncer.watch(&self.root, RecursiveMode::Recursive).is_ok();
        }
    }

    /// Changed paths under the root since the last call (merged across batches); `None`
    /// when nothing under the root changed.
    pub fn changes(&mut self) -> Option<Vec<PathBuf>> {
        let mut all: Vec<PathBuf> = Vec::new();
        while let Ok(batch) = self.rx.try_recv() {
            all.extend(batch.into_iter().filter(|p| p.starts_with(&self.root)));
        }
        if all.is_empty() {
            return None;
        }
        // The root itself was (re)created or removed: the recursive watch must be renewed.
        if all.iter().any(|p| p == &self.root) || !self.root.exists() {
            self.watching_root = false;
        }
        self.ensure_watching();
        all.sort();
        all.dedup();
        Some(all)
    }
}
