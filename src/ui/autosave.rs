//! Autosave of the edit session (not of the file): whenever the pending edits of the open
//! file change, the edit journal ([`Journal`]) in the app's data directory is rewritten by a
//! writer thread, and removed once nothing is pending (saved, undone, reverted, discarded).
//! A journal found at start was left by a crash or `kill -9`: the app offers to restore it —
//! the volume and the file are opened again and the edits staged, unsaved, as they were —
//! or to discard it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};

use localstate_core::edit::{EditSession, Journal};

use super::command::{Command, CommandSender};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;

/// Where the journal is kept unless the app is told otherwise.
pub fn default_journal() -> Option<PathBuf> {
    eframe::storage_dir("localstate").map(|d| d.join("unsaved-edits.json"))
}

/// What the writer thread does next.
enum Write {
    Journal(Journal),
    Remove,
}

/// The journal's state in the app.
pub struct Autosave {
    /// The journal file (`None`: autosave off).
    file: Option<PathBuf>,
    /// What the journal holds (as last handed to the writer).
    written: Option<Journal>,
    writer: Option<Sender<Write>>,
    /// The last error of the writer thread, reported once.
    failed: Arc<Mutex<Option<String>>>,
    /// A journal of an earlier run, offered until the user answers.
    pub offer: Option<Journal>,
    /// The offered journal the user chose to restore, waiting for its file to decode.
    restoring: Option<Journal>,
}

impl Autosave {
    /// Autosave into `file`; a journal already there becomes the offer. The error says why
    /// a journal that is there cannot be read.
    pub fn at(file: Option<PathBuf>) -> (Autosave, Option<String>) {
        let (offer, error) = match file.as_deref().map(Journal::read) {
            Some(Ok(offer)) => (offer.filter(|j| !j.edits.is_empty()), None),
            Some(Err(e)) => {
                (None, Some(format!("unsaved edits of the last session are lost: {e}")))
            }
            None => (None, None),
        };
        let failed = Arc::new(Mutex::new(None));
        let writer = file.clone().map(|f| spawn_writer(f, failed.clone()));
        let a = Autosave { file, written: None, writer, failed, offer, restoring: None };
        (a, error)
    }

    /// Called every frame with the open file's session (`open`: a file is open; its session
    /// is away while a save runs, or lost with a save job that died): hands the pending edits
    /// to the writer when they changed. While a journal is offered or being restored, or the
    /// open file has no session, the journal is left alone.
    pub fn track(&mut self, volume: &Path, open: bool, session: Option<&EditSession>) {
        if self.offer.is_some() || self.restoring.is_some() || (open && session.is_none()) {
            return;
        }
        let pending = session.map(EditSession::pending).unwrap_or_default();
        if pending.as_slice() == self.written.as_ref().map_or(&[][..], |j| j.edits.as_slice()) {
            return;
        }
        let journal = session.filter(|_| !pending.is_empty()).map(|s| Journal::of(s, volume));
        let write = match &journal {
            Some(j) => Write::Journal(j.clone()),
            None => Write::Remove,
        };
        self.written = journal;
        if let Some(w) = &self.writer {
            let _ = w.send(write);
        }
    }

    /// The open file's session was lost (its save job died): the journaled edits are staged
    /// again when the file is decoded next (a reload). Whether there are any.
    pub fn recover(&mut self) -> bool {
        self.restoring = self.written.clone();
        self.restoring.is_some()
    }

    /// Why the last journal write failed, once.
    pub fn take_error(&self) -> Option<String> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }

    /// The user answered the offer: `restore` returns the journal to reopen (its volume,
    /// then its file); otherwise the journal is removed.
    pub fn answer(&mut self, restore: bool) -> Option<Journal> {
        let journal = self.offer.take()?;
        if restore {
            self.restoring = Some(journal.clone());
            return Some(journal);
        }
        if let Some(w) = &self.writer {
            let _ = w.send(Write::Remove);
        }
        None
    }

    /// A file was decoded into `session`: stages the restored edits when it is the file
    /// being restored. `Some(Ok(n))`: `n` edits restored.
    pub fn restore(&mut self, session: &mut EditSession) -> Option<Result<usize, String>> {
        let journal = self.restoring.take_if(|j| j.path == session.path())?;
        let result = journal.restore_into(session).map_err(|e| {
            let lost: Vec<String> = journal
                .edits
                .iter()
                .map(|e| format!("{}: {} -> {}", e.place.label(), e.old.display(), e.new.display()))
                .collect();
            format!("{e:#}; the edits were: {}", lost.join(", "))
        });
        Some(result)
    }

    /// The journal file, if autosave is on.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// The writer thread: writes the newest request (older ones queued behind it are skipped).
fn spawn_writer(file: PathBuf, failed: Arc<Mutex<Option<String>>>) -> Sender<Write> {
    let (tx, rx) = channel::<Write>();
    std::thread::spawn(move || {
        while let Ok(mut next) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                next = newer;
            }
            let result = match next {
                Write::Journal(j) => j.write(&file).map_err(|e| e.to_string()),
                Write::Remove => match std::fs::remove_file(&file) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        Err(format!("cannot remove {}: {e}", file.display()))
                    }
                    _ => Ok(()),
                },
            };
            if let (Err(e), Ok(mut f)) = (result, failed.lock()) {
                *f = Some(format!("autosave of the edits failed: {e}"));
            }
        }
    });
    tx
}

/// The window offering the edits of the last session.
pub struct RestoreOffer;

impl Panel for RestoreOffer {
    fn id(&self) -> &'static str {
        "restore-offer"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        let Some(journal) = ctx.restore_offer else { return };
        theme::dialog("Restore unsaved edits?").show(ui.ctx(), |ui| {
            let n = journal.edits.len();
            ui.label(format!(
                "The last session ended with {n} unsaved change{} to",
                if n == 1 { "" } else { "s" }
            ));
            ui.monospace(journal.path.display().to_string());
            egui::Grid::new("restore-edits").num_columns(3).striped(true).show(ui, |ui| {
                for e in &journal.edits {
                    ui.label(e.place.label());
                    ui.weak(e.old.display());
                    ui.label(format!("-> {}", e.new.display()));
                    ui.end_row();
                }
            });
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    tx.send(Command::RestoreEdits(true));
                }
                if ui.button("Discard them").clicked() {
                    tx.send(Command::RestoreEdits(false));
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use localstate_core::edit::Place;
    use localstate_core::kind::EntryKind;

    fn wait_for(what: &str, done: impl Fn() -> bool) {
        let start = std::time::Instant::now();
        while !done() {
            assert!(start.elapsed().as_secs() < 10, "timed out waiting for {what}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    #[test]
    fn the_journal_follows_the_edits_and_outlives_a_lost_session() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("startup_info.json");
        std::fs::write(&file, b"{\"name\": \"old\"}").unwrap();
        let journal = dir.path().join("data/unsaved-edits.json");
        let (mut autosave, error) = Autosave::at(Some(journal.clone()));
        assert!(error.is_none() && autosave.offer.is_none());
        let (mut session, doc) = EditSession::open(&file, EntryKind::JSON).unwrap();
        let id = doc.tree.resolve("/name").unwrap();
        let place = Place::Tree { pointer: "/name".into() };
        session.edit_leaf(&doc.tree, id, place, "new", None).unwrap();

        autosave.track(dir.path(), true, Some(&session));
        wait_for("the journal", || Journal::read(&journal).ok().flatten().is_some());
        // The session is away (a save job died with it): the journal stays, and the edits
        // come back on the next decode of the file.
        autosave.track(dir.path(), true, None);
        assert!(autosave.recover());
        let (mut fresh, _) = EditSession::open(&file, EntryKind::JSON).unwrap();
        assert_eq!(autosave.restore(&mut fresh), Some(Ok(1)));
        assert_eq!(fresh.pending(), session.pending());
        assert!(journal.exists());
        // Nothing pending any more (saved, undone…): the journal goes.
        fresh.revert();
        autosave.track(dir.path(), true, Some(&fresh));
        wait_for("the journal to go", || !journal.exists());
    }
}
