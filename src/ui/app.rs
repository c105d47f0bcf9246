//! Application state and the one place commands are applied.
//!
//! Each frame: job results are applied ([`App::absorb`]), the shortcuts pressed are turned
//! into commands, every panel draws from a read-only [`ViewContext`] and sends
//! [`Command`]s, and the commands are applied at the end of the frame ([`App::apply`]).
//! Slow work runs as keyed [`Jobs`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::autosave::{Autosave, default_journal};
use super::browse::Browse;
use super::command::{Command, CommandSender, EditCommand, StageAt, UICommand};
use super::editing::{self, Deferred, EditUi};
use super::jobs::{Jobs, Report};
use super::panel::{DocState, DocView, Dock, Panel, ViewContext};
use super::replay_panel::{Loaded, ReplayState};
use super::rows_table::{PAGE_SIZE, RowsRequest, RowsView};
use super::tree_table::TreeView;
use localstate_core::edit::{EditSession, SaveOptions};
use localstate_core::live::{self, LiveStatus, PollConfig, poller::normalize};
use localstate_core::model::{Document, NodeId, Row, RowFilter, Scope};
use localstate_core::volume::inventory::Inventory;
use localstate_core::volume::overview::Overview;
use localstate_core::volume::{self, EntryKind, Volume, watch::VolumeWatcher};

/// What survives a restart (eframe persistence).
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub last_volume: Option<PathBuf>,
    pub endpoint: Option<String>,
    pub show_replay: bool,
    pub show_audit: bool,
    pub show_health: bool,
    pub theme: ThemeChoice,
    /// egui's zoom factor (View → Zoom); `None`: never changed.
    pub zoom: Option<f32>,
    /// The Avro schema folder (View → Settings…; the CLI's `--avro-schemas`).
    pub avro_schemas: Option<PathBuf>,
    /// Whether the Settings window shows (not persisted).
    #[serde(skip)]
    pub show_settings: bool,
}

const MAX_RECENT: usize = 10;

/// View → Theme.
#[derive(Serialize, Deserialize, Default, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow the system's light/dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// How bad a message is; the status bar colours the latest one by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Info,
    Success,
    Warning,
    Error,
}

impl Severity {
    /// The word toasts and the message log show before the text.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Info",
            Severity::Success => "Success",
            Severity::Warning => "Warning",
            Severity::Error => "Error",
        }
    }
}

/// An error or notice for the status bar, the toasts and the message log.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub severity: Severity,
    pub text: String,
}

impl Message {
    pub fn new(severity: Severity, text: impl Into<String>) -> Self {
        Message { severity, text: text.into() }
    }
}

/// Names of background jobs: at most one runs per key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JobKey {
    Scan,
    Decode(PathBuf),
    Save(PathBuf),
    Count(usize),
    Page(usize, u64),
    PickFolder,
    PickFile,
    PickAvroSchemas,
    Fonts,
    Search,
    ReplayLog,
    Audit,
    Inventory,
    Health,
    Watch,
}

/// Results of background jobs.
pub enum Outcome {
    Scanned {
        path: PathBuf,
        result: Result<Volume, String>,
    },
    Decoded {
        path: PathBuf,
        generation: u64,
        result: Result<(Arc<Document>, Vec<NodeId>, EditSession), String>,
    },
    Saved {
        path: PathBuf,
        session: Box<EditSession>,
        result: Result<(Arc<Document>, PathBuf), String>,
    },
    Count {
        generation: u64,
        table: usize,
        filter: RowFilter,
        result: Result<u64, String>,
    },
    Page {
        generation: u64,
        table: usize,
        filter: RowFilter,
        page: u64,
        result: Result<Vec<Row>, String>,
    },
    PickedFolder(Option<PathBuf>),
    PickedFile(Option<PathBuf>),
    PickedAvroSchemas(Option<PathBuf>),
    Fonts(Vec<super::fonts::Fallback>),
    Found {
        query: String,
        hits: Arc<Vec<super::search::Hit>>,
    },
    ReplayLoaded {
        path: PathBuf,
        result: Box<Result<Loaded, String>>,
    },
    Health(Box<LiveStatus>),
    FilesChanged(Vec<PathBuf>),
    Audited {
        volume: PathBuf,
        files: Vec<localstate_core::audit::FileAudit>,
    },
    Inventoried {
        volume: PathBuf,
        built: Box<(Inventory, Overview)>,
    },
}

/// Which part of the open document the centre shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DocTab {
    #[default]
    Tree,
    Table(usize),
}

/// The decoded file in the centre panel.
pub struct OpenDoc {
    pub path: PathBuf,
    pub kind: EntryKind,
    pub doc: Option<Arc<Document>>,
    pub error: Option<String>,
    pub loading: bool,
    pub generation: u64,
    pub view: TreeView,
    pub tab: DocTab,
    pub tables: Vec<RowsView>,
    /// Pending edits of this file (None while decoding or saving).
    pub session: Option<EditSession>,
    /// The leaf being edited inline and its text.
    pub inline: Option<(NodeId, String)>,
    /// The file changed on disk while edits are pending: not reloaded, the user decides.
    pub changed_on_disk: bool,
}

/// Takes the row sources of a re-read document, keeping each table's filter and selection
/// (cached pages are dropped: they are fetched again from the file as it is now).
fn adopt_tables(open: &mut OpenDoc, doc: &Document) {
    let old_tables = std::mem::take(&mut open.tables);
    open.tables = doc.tables.iter().map(|t| RowsView::new(t.clone())).collect();
    for (new, old) in open.tables.iter_mut().zip(old_tables) {
        new.filter = old.filter;
        new.selected = old.selected;
    }
}

/// The emulator endpoint and what it last said.
pub struct LiveState {
    pub endpoint: String,
    pub status: Option<LiveStatus>,
}

impl LiveState {
    /// The state the emulator reports for a service, when connected.
    pub fn service_state(&self, name: &str) -> Option<String> {
        match &self.status {
            Some(LiveStatus::Connected { health, .. }) => health.state(name).map(|s| s.to_string()),
            _ => None,
        }
    }

    /// Whether a reachable emulator is running: saving should then ask first.
    pub fn emulator_running(&self) -> bool {
        matches!(&self.status, Some(LiveStatus::Connected { .. }))
    }
}

/// The "Open" window's state the app changes (the typed path is the window's own).
#[derive(Default)]
pub struct OpenDialog {
    pub visible: bool,
    pub picking: bool,
}

/// Windows and overlays opened from the View and Help menus.
#[derive(Default, Debug, Clone, Copy)]
pub struct Overlays {
    pub shortcuts: bool,
    pub about: bool,
    pub messages: bool,
}

/// A volume-search hit to reveal once its file is decoded.
#[derive(Debug, Clone)]
struct Reveal {
    path: PathBuf,
    pointer: String,
    table: Option<String>,
    /// The matching row of `table` and the text that found it.
    row: Option<(i64, String)>,
}

pub struct App {
    pub settings: Settings,
    pub volume_path: PathBuf,
    pub volume: Option<Volume>,
    pub volume_error: Option<String>,
    pub last_refresh: Option<SystemTime>,
    /// Accounts/regions found inside decoded files (a store.state holds many).
    pub inner_scopes: HashMap<PathBuf, Vec<Scope>>,
    /// Files that failed to decode, with the reason (marked in the volume tree).
    pub decode_errors: HashMap<PathBuf, String>,
    pub open: Option<OpenDoc>,
    pub open_dialog: OpenDialog,
    pub edit_ui: EditUi,
    pub replay: ReplayState,
    pub audit: super::audit_panel::AuditState,
    /// The volume's inventory and the resource selection.
    pub browse: Browse,
    pub live: LiveState,
    /// Errors and notices, newest last; the status bar shows the last one, toasts the new
    /// ones, View → Messages all.
    pub messages: Vec<Message>,
    pub overlays: Overlays,
    /// The window title last sent to the window.
    pub window_title: String,
    /// System fonts installed as fallbacks (None until the font job is done).
    pub fallback_fonts: Option<Vec<super::fonts::Fallback>>,
    fonts_to_install: Vec<egui::FontInsert>,
    applied_theme: Option<ThemeChoice>,
    zoom_restored: bool,
    reveal: Option<Reveal>,
    /// An edit typed in the Resources view for a file being opened: staged once it is decoded.
    staging: Option<StageAt>,
    egui_ctx: Option<egui::Context>,
    jobs: Jobs<JobKey, Outcome>,
    panels: Vec<Box<dyn Panel>>,
    /// Commands raised while absorbing job results, applied at the end of the frame.
    pending: Vec<Command>,
    next_generation: u64,
    /// The edit journal: pending edits survive a crash.
    autosave: Autosave,
}

impl App {
    /// A new app showing `path`; `ctx` is used to wake the UI from background threads
    /// (`None` in tests that step frames themselves).
    pub fn new(
        path: PathBuf,
        settings: Settings,
        endpoint: Option<String>,
        ctx: Option<egui::Context>,
    ) -> Self {
        let endpoint =
            live::resolve_endpoint(endpoint.or_else(|| settings.endpoint.clone()).as_deref());
        let path = reopen_last_volume(path, &settings);
        // The saved folder, unless this run was given one (--avro-schemas, the environment).
        if let Some(dir) = &settings.avro_schemas
            && localstate_core::formats::avro::schemadir::schema_dir().is_none()
        {
            localstate_core::formats::avro::schemadir::set_schema_dir(Some(dir.clone()));
        }
        let mut app = App {
            settings,
            volume_path: path.clone(),
            volume: None,
            volume_error: None,
            last_refresh: None,
            inner_scopes: HashMap::new(),
            decode_errors: HashMap::new(),
            open: None,
            open_dialog: OpenDialog::default(),
            edit_ui: EditUi::default(),
            replay: ReplayState::default(),
            audit: Default::default(),
            browse: Browse::default(),
            live: LiveState { endpoint: endpoint.clone(), status: None },
            messages: Vec::new(),
            overlays: Overlays::default(),
            window_title: String::new(),
            fallback_fonts: None,
            fonts_to_install: vec![super::fonts::bundled_symbols()],
            applied_theme: None,
            zoom_restored: false,
            reveal: None,
            staging: None,
            egui_ctx: ctx.clone(),
            jobs: Jobs::new(ctx),
            panels: super::panel::all(&endpoint),
            pending: Vec::new(),
            next_generation: 0,
            autosave: Autosave::at(None).0,
        };
        app.keep_journal_in(default_journal());
        app.poll_health();
        app.load_fonts();
        app.apply(Command::OpenVolume(path));
        app
    }

    /// Keeps the edit journal in `file` (`None`: no autosave); a journal already there is
    /// offered for restoring.
    pub fn keep_journal_in(&mut self, file: Option<PathBuf>) {
        let (autosave, error) = Autosave::at(file);
        self.autosave = autosave;
        if let Some(e) = error {
            self.notify(Severity::Warning, e);
        }
    }

    /// The edit journal's file, if autosave is on.
    pub fn journal(&self) -> Option<&Path> {
        self.autosave.file()
    }

    /// Whether a one-shot background job (scan, decode, overview, audit, fonts) still runs:
    /// the status bar shows it, and its end changes the layout.
    pub fn is_working(&self) -> bool {
        self.jobs.shown().next().is_some()
    }

    /// Looks up system fonts for the text egui's fonts cannot draw (a job: it scans them all).
    fn load_fonts(&mut self) {
        self.jobs.spawn(JobKey::Fonts, "looking up system fonts", |_| {
            Outcome::Fonts(super::fonts::system_fallbacks())
        });
    }

    /// `<volume name> — localstate`, with a `•` while edits are unsaved.
    pub fn title(&self) -> String {
        let name = self
            .volume_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.volume_path.display().to_string());
        if self.pending_edits() > 0 {
            format!("• {name} — localstate")
        } else {
            format!("{name} — localstate")
        }
    }

    fn notify(&mut self, severity: Severity, text: impl Into<String>) {
        self.messages.push(Message::new(severity, text));
    }

    /// Applies one command (the end of the frame applies all the panels sent). A command
    /// that would drop unsaved edits waits for the unsaved-changes guard instead.
    pub fn apply(&mut self, cmd: Command) {
        if self.pending_edits() > 0 && self.drops_open_edits(&cmd) {
            if !self.edit_ui.ask(Deferred::Run(Box::new(cmd))) {
                self.notify(Severity::Warning, "a save is running; try again when it is done");
            }
            return;
        }
        match cmd {
            Command::Ui(c) => self.apply_ui(c),
            Command::OpenVolume(path) => self.open_volume(path),
            Command::OpenFile(path, kind) => self.open_file(path, kind, false),
            Command::OpenFileAt { path, kind, pointer, table, row, text } => {
                self.browse.mode = super::browse::Mode::Files;
                let decoded = self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.path == path && o.doc.is_some() && !o.loading);
                if !decoded {
                    self.open_file(path.clone(), kind, false);
                }
                let row = row.map(|r| (r, text));
                self.reveal = Some(Reveal { path, pointer, table, row });
                if decoded {
                    self.reveal_pending();
                }
            }
            Command::PickFolder => self.pick_folder(),
            Command::ShowOpenDialog(v) => self.open_dialog.visible = v,
            Command::ShowHealth => self.settings.show_health = true,
            Command::Rows(table, req) => self.fetch_rows(table, req),
            Command::SearchVolume(q) => self.search_volume(q),
            Command::RevealInDocument(id) => {
                if let Some(open) = &mut self.open
                    && let Some(doc) = &open.doc
                {
                    open.tab = DocTab::Tree;
                    open.view.reveal(&doc.tree, id);
                }
            }
            Command::SetEndpoint(e) => {
                let endpoint = normalize(&e);
                self.settings.endpoint = Some(endpoint.clone());
                self.live = LiveState { endpoint, status: None };
                self.poll_health();
            }
            Command::SelectReplayCall(i) => self.replay.select(i),
            Command::Edit(e) => self.apply_edit(e),
            Command::Notify(m) => self.messages.push(m),
            Command::ClearMessages => self.messages.clear(),
            Command::SetTheme(t) => self.settings.theme = t,
            Command::ShowSettings(v) => self.settings.show_settings = v,
            Command::SetAvroSchemas(dir) => self.set_avro_schemas(dir),
            Command::PickAvroSchemas => {
                self.jobs.spawn(JobKey::PickAvroSchemas, "folder dialog", |_| {
                    Outcome::PickedAvroSchemas(rfd::FileDialog::new().pick_folder())
                });
            }
            Command::RestoreEdits(restore) => self.restore_edits(restore),
            Command::Browse(b) => self.browse.apply(b),
            Command::HideHelp => {
                self.overlays.shortcuts = false;
                self.overlays.about = false;
            }
        }
    }

    /// The answer to the restore offer: reopen the journal's volume and file (the edits are
    /// staged when it is decoded), or drop the journal.
    fn restore_edits(&mut self, restore: bool) {
        if restore && self.pending_edits() > 0 {
            return self.notify(Severity::Warning, "save or discard the open file's edits first");
        }
        let Some(journal) = self.autosave.answer(restore) else { return };
        let Some(kind) = journal.entry_kind() else {
            return self.notify(
                Severity::Error,
                format!(
                    "this build cannot open {} files; the edits were not restored",
                    journal.kind
                ),
            );
        };
        self.open_volume(journal.volume);
        self.open_file(journal.path, kind, false);
    }

    /// Reveals and selects the node of the pending search hit, if its file is decoded.
    fn reveal_pending(&mut self) {
        let Some(r) = &self.reveal else { return };
        let Some(open) = self.open.as_mut().filter(|o| o.path == r.path) else { return };
        let Some(doc) = &mut open.doc else { return };
        let Some(r) = self.reveal.take() else { return };
        if let Some(table) = &r.table {
            if let Some(i) = open.tables.iter().position(|t| t.source.name() == table) {
                open.tab = DocTab::Table(i);
                if let Some((row, text)) = r.row {
                    open.tables[i].reveal_row(row, text);
                }
            }
            return;
        }
        let tree = &mut Arc::make_mut(doc).tree;
        match tree.resolve_unfolding(&r.pointer) {
            Some(id) => {
                open.tab = DocTab::Tree;
                open.view.reveal(tree, id);
            }
            None => {
                self.notify(Severity::Warning, format!("{} is no longer in the file", r.pointer))
            }
        }
    }

    /// Whether `cmd` replaces or closes the open document (and with it its edit session).
    fn drops_open_edits(&self, cmd: &Command) -> bool {
        let Some(open) = &self.open else { return false };
        match cmd {
            Command::OpenVolume(_)
            | Command::Ui(UICommand::OpenSample | UICommand::Reload | UICommand::CloseFile) => true,
            Command::OpenFile(path, _)
            | Command::OpenFileAt { path, .. }
            | Command::Edit(EditCommand::StageAt(StageAt { path, .. })) => *path != open.path,
            _ => false,
        }
    }

    /// Runs an action the unsaved-changes guard held back.
    fn run_deferred(&mut self, then: Deferred) {
        match then {
            Deferred::Quit => {
                if let Some(ctx) = &self.egui_ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Deferred::Run(cmd) => self.apply(*cmd),
        }
    }

    /// Closes the open file (its pending edits are dropped: `apply` asks first).
    fn close_file(&mut self) {
        if let Some(o) = self.open.take() {
            self.jobs.cancel(&JobKey::Decode(o.path));
        }
        self.reveal = None;
    }

    fn pending_edits(&self) -> usize {
        self.open.as_ref().and_then(|o| o.session.as_ref()).map_or(0, |s| s.pending_count())
    }

    fn apply_ui(&mut self, cmd: UICommand) {
        for p in &mut self.panels {
            p.on_command(cmd);
        }
        let session = self.open.as_mut().and_then(|o| o.session.as_mut());
        match cmd {
            UICommand::OpenFolder => {
                self.open_dialog.visible = true;
                self.pick_folder();
            }
            UICommand::OpenFile => self.pick_file(),
            UICommand::OpenPath => self.open_dialog.visible = true,
            UICommand::OpenSample => match crate::sample::sample_volume() {
                Ok(path) => self.open_volume(path),
                Err(e) => self.notify(Severity::Error, format!("{e:#}")),
            },
            UICommand::Rescan => self.rescan(),
            UICommand::CloseFile => self.close_file(),
            // The unsaved-changes guard (`editing.rs`) holds the close back when edits are unsaved.
            UICommand::Quit => {
                if let Some(ctx) = &self.egui_ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            UICommand::Copy => {
                if let Some(ctx) = &self.egui_ctx {
                    super::copy::request_next_frame(ctx);
                }
            }
            UICommand::Reload => {
                if let Some(o) = &self.open {
                    let (p, k) = (o.path.clone(), o.kind);
                    self.open_file(p, k, true);
                }
            }
            UICommand::Undo => {
                if let Some(s) = session {
                    s.undo();
                }
            }
            UICommand::Redo => {
                if let Some(s) = session {
                    s.redo();
                }
            }
            UICommand::Revert => {
                if let Some(s) = session {
                    s.revert();
                }
            }
            UICommand::Save => {
                if session.is_some_and(|s| s.pending_count() > 0) {
                    self.edit_ui.ask_to_save();
                }
            }
            // The document panel opens its search bar (`Panel::on_command`).
            UICommand::Find => {}
            UICommand::ToggleReplay => self.settings.show_replay = !self.settings.show_replay,
            UICommand::ToggleAudit => self.settings.show_audit = !self.settings.show_audit,
            UICommand::ToggleHealth => self.settings.show_health = !self.settings.show_health,
            UICommand::ToggleMessages => self.overlays.messages = !self.overlays.messages,
            UICommand::ZoomIn | UICommand::ZoomOut | UICommand::ZoomReset => {
                if let Some(ctx) = &self.egui_ctx {
                    match cmd {
                        UICommand::ZoomIn => egui::gui_zoom::zoom_in(ctx),
                        UICommand::ZoomOut => egui::gui_zoom::zoom_out(ctx),
                        _ => ctx.set_zoom_factor(1.0),
                    }
                    self.settings.zoom = Some(ctx.zoom_factor());
                }
            }
            UICommand::Shortcuts => self.overlays.shortcuts = !self.overlays.shortcuts,
            UICommand::About => self.overlays.about = true,
            // The document panel closes its search bar (`Panel::on_command`).
            UICommand::CloseOverlays => {
                self.overlays = Overlays { messages: false, shortcuts: false, about: false };
                self.open_dialog.visible = false;
                match self.edit_ui {
                    EditUi::Confirming { .. } => self.edit_ui.apply(&EditCommand::CancelSave),
                    EditUi::Asking(_) => self.edit_ui.apply(&EditCommand::KeepEditing),
                    _ => {}
                }
            }
        }
    }

    fn apply_edit(&mut self, cmd: EditCommand) {
        let result = match (cmd, &mut self.open) {
            (EditCommand::Begin(id), Some(open)) => editing::begin(open, id),
            (EditCommand::Finish(submitted), Some(open)) => editing::finish(open, submitted),
            (EditCommand::BeginRow { table, node }, Some(open)) => {
                editing::begin_row(open, table, node)
            }
            (EditCommand::FinishRow { table, submitted }, Some(open)) => {
                editing::finish_row(open, table, submitted)
            }
            (EditCommand::StageAt(at), _) => {
                self.stage_at(at);
                Ok(())
            }
            (EditCommand::ConfirmSave, _) => {
                self.start_save();
                Ok(())
            }
            (EditCommand::AskQuit, _) => {
                if self.pending_edits() > 0 {
                    self.edit_ui.ask(Deferred::Quit);
                }
                Ok(())
            }
            (EditCommand::Discard, open) => {
                if let Some(s) = open.as_mut().and_then(|o| o.session.as_mut()) {
                    s.revert();
                }
                if let Some(then) = self.edit_ui.discard() {
                    self.run_deferred(then);
                }
                Ok(())
            }
            (cmd, _) => {
                self.edit_ui.apply(&cmd);
                Ok(())
            }
        };
        if let Err(e) = result {
            self.notify(Severity::Warning, e);
        }
    }

    /// Stages a value typed in the Resources view in its file's session, opening the file in
    /// the background first if it is not the open one (the view stays where it is).
    fn stage_at(&mut self, at: StageAt) {
        let decoded =
            self.open.as_ref().is_some_and(|o| o.path == at.path && o.doc.is_some() && !o.loading);
        if !decoded {
            self.open_file(at.path.clone(), at.kind, false);
        }
        self.staging = Some(at);
        if decoded {
            self.stage_pending();
        }
    }

    /// Stages the edit waiting in `staging` in the open file's session.
    fn stage_pending(&mut self) {
        let Some(at) = self.staging.take() else { return };
        let Some(open) = self.open.as_mut().filter(|o| o.path == at.path) else { return };
        if let Err(e) = editing::stage_at(open, &at.pointer, &at.text) {
            self.notify(Severity::Warning, e);
        }
    }

    fn open_volume(&mut self, path: PathBuf) {
        self.volume_path = path.clone();
        self.volume = None;
        self.volume_error = None;
        self.open = None;
        self.staging = None;
        self.inner_scopes.clear();
        self.decode_errors.clear();
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path.clone());
        self.settings.recent.truncate(MAX_RECENT);
        self.settings.last_volume = Some(path.clone());
        self.watch(&path);
        self.jobs.cancel(&JobKey::ReplayLog);
        self.replay = ReplayState::default();
        self.rescan();
    }

    /// Watches the volume: a repeating job reports each settled batch of changed paths.
    fn watch(&mut self, path: &Path) {
        self.jobs.cancel(&JobKey::Watch);
        let (wake, woken) = channel();
        let mut watcher = match VolumeWatcher::new(path, move || {
            let _ = wake.send(());
        }) {
            Ok(w) => w,
            Err(e) => {
                return self.notify(Severity::Warning, format!("live watch unavailable: {e}"));
            }
        };
        self.jobs.spawn_repeating(
            JobKey::Watch,
            format!("watching {}", path.display()),
            move |job| {
                while !job.is_cancelled() {
                    if let Err(RecvTimeoutError::Disconnected) =
                        woken.recv_timeout(Duration::from_millis(100))
                    {
                        return;
                    }
                    // Picks the volume up again when it was (re-)created meanwhile.
                    watcher.ensure_watching();
                    if let Some(changes) = watcher.changes() {
                        job.emit(Outcome::FilesChanged(changes));
                    }
                }
            },
        );
    }

    /// Polls the endpoint in a repeating job (replacing the one of a previous endpoint):
    /// every interval while connected, backing off while it is down.
    fn poll_health(&mut self) {
        let endpoint = self.live.endpoint.clone();
        self.jobs.spawn_repeating(JobKey::Health, format!("polling {endpoint}"), move |job| {
            let cfg = PollConfig::default();
            let mut wait = Duration::ZERO;
            while job.sleep(wait) {
                let status = live::probe(&endpoint, &cfg.probe);
                wait = if status.is_connected() {
                    cfg.interval
                } else {
                    (wait.max(cfg.interval / 2) * 2).min(cfg.max_backoff).max(cfg.interval)
                };
                job.emit(Outcome::Health(Box::new(status)));
            }
        });
    }

    fn rescan(&mut self) {
        let path = self.volume_path.clone();
        self.jobs.spawn(JobKey::Scan, format!("scanning {}", path.display()), move |_| {
            let result = volume::scan(&path).map_err(|e| e.to_string());
            Outcome::Scanned { path, result }
        });
    }

    fn pick_folder(&mut self) {
        if self.open_dialog.picking {
            return;
        }
        self.open_dialog.picking = true;
        // rfd blocks until the dialog closes and returns None without a portal or zenity:
        // run it off the UI thread; the typed-path field stays usable meanwhile.
        self.jobs.spawn(JobKey::PickFolder, "folder dialog", |_| {
            Outcome::PickedFolder(rfd::FileDialog::new().pick_folder())
        });
    }

    /// Uses `dir` as the Avro schema folder from now on (and remembers it); the open file is
    /// decoded again, since it may be one that needed a schema.
    fn set_avro_schemas(&mut self, dir: Option<PathBuf>) {
        if let Some(d) = &dir
            && !d.is_dir()
        {
            return self.notify(Severity::Warning, format!("{}: not a directory", d.display()));
        }
        localstate_core::formats::avro::schemadir::set_schema_dir(dir.clone());
        self.settings.avro_schemas = dir;
        if let Some(open) = &self.open {
            let (path, kind) = (open.path.clone(), open.kind);
            self.open_file(path, kind, true);
        }
    }

    fn pick_file(&mut self) {
        if self.open_dialog.picking {
            return;
        }
        self.open_dialog.picking = true;
        // Off the UI thread, like the folder dialog.
        self.jobs.spawn(JobKey::PickFile, "file dialog", |_| {
            Outcome::PickedFile(rfd::FileDialog::new().pick_file())
        });
    }

    /// Decodes a file in the background; `reload` keeps expansion/selection and highlights
    /// what changed.
    fn open_file(&mut self, path: PathBuf, kind: EntryKind, reload: bool) {
        self.next_generation += 1;
        let generation = self.next_generation;
        let previous = match (&self.open, reload) {
            (Some(o), true) if o.path == path => o.doc.clone(),
            _ => None,
        };
        if !reload || self.open.as_ref().is_none_or(|o| o.path != path) {
            self.open = Some(OpenDoc {
                path: path.clone(),
                kind,
                doc: None,
                error: None,
                loading: true,
                generation,
                view: TreeView::new(),
                tab: DocTab::Tree,
                tables: Vec::new(),
                session: None,
                inline: None,
                changed_on_disk: false,
            });
        } else if let Some(o) = &mut self.open {
            o.generation = generation;
            o.loading = true;
        }
        let name = format!(
            "decoding {}",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        );
        self.jobs.spawn(JobKey::Decode(path.clone()), name, move |_| {
            // The session fingerprints exactly the bytes that were decoded (conflict checks).
            let result = EditSession::open(&path, kind).map_err(|e| format!("{e:#}")).map(
                |(session, mut doc)| {
                    let changed =
                        previous.map(|old| doc.tree.changes_from(&old.tree)).unwrap_or_default();
                    (Arc::new(doc), changed, session)
                },
            );
            Outcome::Decoded { path, generation, result }
        });
    }

    fn fetch_rows(&mut self, table: usize, req: RowsRequest) {
        let Some(open) = &self.open else { return };
        let Some(view) = open.tables.get(table) else { return };
        let source = view.source.clone();
        let generation = open.generation;
        match req {
            RowsRequest::Count(filter) => {
                let name = format!("counting {}", source.name());
                self.jobs.spawn(JobKey::Count(table), name, move |_| {
                    let result = source.count(&filter).map_err(|e| format!("{e:#}"));
                    Outcome::Count { generation, table, filter, result }
                });
            }
            RowsRequest::Page(filter, page) => {
                let name = format!("reading {} page {}", source.name(), page + 1);
                self.jobs.spawn(JobKey::Page(table, page), name, move |_| {
                    let result = source
                        .page(&filter, page * PAGE_SIZE as u64, PAGE_SIZE)
                        .map_err(|e| format!("{e:#}"));
                    Outcome::Page { generation, table, filter, page, result }
                });
            }
        }
    }

    fn search_volume(&mut self, query: String) {
        let Some(vol) = &self.volume else { return };
        let files: Vec<(PathBuf, EntryKind)> = vol
            .entries()
            .filter(|e| e.kind.decodable())
            .map(|e| (e.path.clone(), e.kind))
            .collect();
        self.jobs.spawn(JobKey::Search, format!("searching for “{query}”"), move |job| {
            let hits =
                super::search::search_files(&files, &query, job.progress(), &|| job.is_cancelled());
            Outcome::Found { query, hits: Arc::new(hits) }
        });
    }

    /// Saves the pending edits of the open file in a job (the session travels with it).
    fn start_save(&mut self) {
        let Some(open) = &mut self.open else { return };
        let (Some(session), Some(doc)) = (open.session.take(), open.doc.clone()) else { return };
        let opts: SaveOptions = self.edit_ui.options();
        self.edit_ui.saving();
        let path = open.path.clone();
        self.jobs.spawn(
            JobKey::Save(path.clone()),
            format!("saving {}", path.display()),
            move |_| {
                let mut session: EditSession = session;
                let result = session.save(&doc, opts).map_err(|e| format!("{e:#}"));
                Outcome::Saved {
                    path,
                    session: Box::new(session),
                    result: result.map(|s| (Arc::new(s.document), s.backup)),
                }
            },
        );
    }

    /// Applies finished jobs (start of frame), panels first.
    pub fn absorb(&mut self) {
        for Report { key, name, result } in self.jobs.poll() {
            for p in &mut self.panels {
                p.absorb(&key, &result);
            }
            match result {
                Ok(outcome) => self.on_outcome(outcome),
                Err(e) => self.on_job_failed(key, &name, e),
            }
        }
        // Nodes of a lazy tree the user expanded last frame: present their children before
        // the tree is drawn.
        if let Some(open) = &mut self.open {
            let unfold = open.view.take_unfold_requests();
            if let (false, Some(doc)) = (unfold.is_empty(), &mut open.doc) {
                let tree = &mut Arc::make_mut(doc).tree;
                for id in unfold {
                    tree.unfold(id);
                }
            }
        }
    }

    fn on_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Scanned { path, result } if path == self.volume_path => {
                self.on_scanned(result)
            }
            Outcome::Scanned { .. } => {}
            Outcome::Decoded { path, generation, result } => {
                self.on_decoded(path, generation, result)
            }
            Outcome::Count { generation, table, filter, result } => {
                if let Some(v) = self.table_of(generation, table) {
                    v.set_count(&filter, result);
                }
            }
            Outcome::Page { generation, table, filter, page, result } => {
                if let Some(v) = self.table_of(generation, table) {
                    v.set_page(&filter, page, result);
                }
            }
            Outcome::PickedAvroSchemas(picked) => match picked {
                Some(p) => self.set_avro_schemas(Some(p)),
                None => self.notify(
                    Severity::Warning,
                    "no folder picked (or no native dialog here): type a path instead",
                ),
            },
            Outcome::PickedFolder(picked) => {
                self.open_dialog.picking = false;
                match picked {
                    Some(p) => {
                        self.open_dialog.visible = false;
                        self.apply(Command::OpenVolume(p));
                    }
                    None => self.notify(
                        Severity::Warning,
                        "no folder picked (or no native dialog here): type a path instead",
                    ),
                }
            }
            Outcome::PickedFile(picked) => {
                self.open_dialog.picking = false;
                match picked {
                    // A file is a volume of one file: the scan opens it right away.
                    Some(p) => self.apply(Command::OpenVolume(p)),
                    None => self.notify(
                        Severity::Warning,
                        "no file picked (or no native dialog here): use File → Open path…",
                    ),
                }
            }
            Outcome::Fonts(found) => {
                self.fonts_to_install = found.iter().map(super::fonts::Fallback::insert).collect();
                self.fallback_fonts = Some(found);
            }
            Outcome::Saved { path, session, result } => self.on_saved(path, *session, result),
            // The document panel keeps the hits (`Panel::absorb`).
            Outcome::Found { .. } => {}
            Outcome::ReplayLoaded { path, result } => self.replay.loaded(&path, *result),
            Outcome::Health(status) => self.live.status = Some(*status),
            Outcome::FilesChanged(changes) => self.on_files_changed(&changes),
            Outcome::Audited { volume, files } => self.audit.done(&volume, files),
            Outcome::Inventoried { volume, built } => {
                let (inventory, overview) = *built;
                self.browse.built(&volume, inventory, overview);
            }
        }
    }

    /// A job panicked (or could not start): say so, and leave nothing waiting for it.
    fn on_job_failed(&mut self, key: JobKey, name: &str, e: String) {
        self.notify(Severity::Error, format!("{name}: {e}"));
        match key {
            JobKey::Scan => self.on_scanned(Err(e)),
            JobKey::Decode(path) => {
                if let Some(open) = self.open.as_mut().filter(|o| o.path == path) {
                    open.loading = false;
                    open.error = Some(e.clone());
                }
                self.decode_errors.insert(path, e);
            }
            JobKey::Save(_) => {
                // The session went down with the job: a reload stages its journaled edits again.
                let how = if self.autosave.recover() {
                    "open the file again: its edits come back from the journal"
                } else {
                    "reload the file to edit it again"
                };
                self.edit_ui.save_failed(format!("{e}; {how}"));
            }
            JobKey::Count(table) | JobKey::Page(table, _) => {
                let generation = self.open.as_ref().map_or(0, |o| o.generation);
                if let Some(v) = self.table_of(generation, table) {
                    let filter = v.filter.clone();
                    match key {
                        JobKey::Page(_, page) => v.set_page(&filter, page, Err(e)),
                        _ => v.set_count(&filter, Err(e)),
                    }
                }
            }
            JobKey::PickFolder | JobKey::PickFile => self.open_dialog.picking = false,
            JobKey::PickAvroSchemas => {}
            JobKey::Fonts => self.fallback_fonts = Some(Vec::new()),
            JobKey::Audit => self.audit.failed(),
            JobKey::Inventory => self.browse.building = false,
            JobKey::ReplayLog => {
                let path = self.replay.path().map(Path::to_path_buf).unwrap_or_default();
                self.replay.loaded(&path, Err(e));
            }
            JobKey::Search | JobKey::Health | JobKey::Watch => {}
        }
    }

    fn table_of(&mut self, generation: u64, table: usize) -> Option<&mut RowsView> {
        self.open.as_mut().filter(|o| o.generation == generation)?.tables.get_mut(table)
    }

    fn on_scanned(&mut self, result: Result<Volume, String>) {
        self.last_refresh = Some(SystemTime::now());
        match result {
            Ok(vol) => {
                // The open file vanished: say so, keep the last decoded content visible.
                if let Some(open) = &mut self.open
                    && !vol.entries().any(|e| e.path == open.path)
                {
                    open.error = Some("this file was deleted from the volume".into());
                }
                if let Some(log) = vol.entries().find(|e| e.kind == EntryKind::REPLAY_LOG)
                    && self.replay.path() != Some(log.path.as_path())
                {
                    self.load_replay(log.path.clone());
                }
                // `localstate FILE`: the file is the whole volume, so open it right away.
                let lone = if self.open.is_none() && self.volume_path.is_file() {
                    vol.entries().find(|e| e.kind.decodable())
                } else {
                    None
                };
                if let Some(e) = lone {
                    self.pending.push(Command::OpenFile(e.path.clone(), e.kind));
                }
                self.start_audit(&vol);
                self.start_inventory(&vol);
                self.volume = Some(vol);
                self.volume_error = None;
            }
            Err(e) => {
                self.volume = None;
                self.volume_error = Some(e);
            }
        }
    }

    /// Audits the volume's pickle and jsonpickle files in a job (a rescan starts it again).
    fn start_audit(&mut self, vol: &Volume) {
        let (volume, files) = (self.volume_path.clone(), super::audit_panel::targets(vol));
        self.audit = super::audit_panel::AuditState::running(&volume);
        self.jobs.spawn(JobKey::Audit, "auditing pickles", move |job| {
            let files = super::audit_panel::run(&files, job.progress(), || job.is_cancelled());
            Outcome::Audited { volume, files }
        });
    }

    /// Decodes every file of the volume and lists its resources in a job (the overview and
    /// the Resources view read it; a rescan starts it again).
    fn start_inventory(&mut self, vol: &Volume) {
        let volume = self.volume_path.clone();
        self.browse.building(&volume);
        let vol = vol.clone();
        self.jobs.spawn(JobKey::Inventory, "decoding every file", move |job| {
            let built = Box::new(super::browse::build(&vol, job.progress()));
            Outcome::Inventoried { volume, built }
        });
    }

    /// Indexes, decodes and lints the replay log in a job.
    fn load_replay(&mut self, path: PathBuf) {
        self.replay = ReplayState::loading(&path);
        self.jobs.spawn(JobKey::ReplayLog, "indexing the replay log", move |_| {
            let result = super::replay_panel::load(&path).map_err(|e| format!("{e:#}"));
            Outcome::ReplayLoaded { path, result: Box::new(result) }
        });
    }

    fn on_saved(
        &mut self,
        path: PathBuf,
        session: EditSession,
        result: Result<(Arc<Document>, PathBuf), String>,
    ) {
        let Some(open) = self.open.as_mut().filter(|o| o.path == path) else {
            self.edit_ui.saved();
            return;
        };
        open.session = Some(session);
        match result {
            Ok((mut doc, backup)) => {
                let then = self.edit_ui.saved();
                if let Some(old) = &open.doc {
                    let tree = &mut Arc::make_mut(&mut doc).tree;
                    let changed = tree.changes_from(&old.tree);
                    open.view = open.view.carried_over(&old.tree, tree, changed);
                }
                adopt_tables(open, &doc);
                open.doc = Some(doc);
                open.changed_on_disk = false;
                self.notify(
                    Severity::Success,
                    format!("saved {} (original kept in {})", path.display(), backup.display()),
                );
                if let Some(then) = then {
                    self.run_deferred(then);
                }
            }
            Err(e) => self.edit_ui.save_failed(e),
        }
    }

    fn on_decoded(
        &mut self,
        path: PathBuf,
        generation: u64,
        result: Result<(Arc<Document>, Vec<NodeId>, EditSession), String>,
    ) {
        match &result {
            Ok((doc, _, _)) => {
                self.decode_errors.remove(&path);
                self.inner_scopes.insert(path.clone(), doc.scopes.clone());
            }
            Err(e) => {
                self.decode_errors.insert(path.clone(), e.clone());
            }
        }
        let Some(open) =
            self.open.as_mut().filter(|o| o.path == path && o.generation == generation)
        else {
            return;
        };
        open.loading = false;
        let mut restored = None;
        match result {
            Ok((mut doc, changed, mut session)) => {
                restored = self.autosave.restore(&mut session);
                open.session = Some(session);
                open.inline = None;
                open.changed_on_disk = false;
                if let Some(old) = &open.doc {
                    open.view = open.view.carried_over(
                        &old.tree,
                        &mut Arc::make_mut(&mut doc).tree,
                        changed,
                    );
                    adopt_tables(open, &doc);
                } else {
                    open.view = TreeView::with_initial_expansion(&doc.tree, 2);
                    open.tables = doc.tables.iter().map(|t| RowsView::new(t.clone())).collect();
                    if doc.tree.node(0).children.is_empty() && !open.tables.is_empty() {
                        open.tab = DocTab::Table(0);
                    }
                }
                open.error = None;
                open.doc = Some(doc);
                self.reveal_pending();
                if self.staging.as_ref().is_some_and(|s| s.path == path) {
                    self.stage_pending();
                }
            }
            Err(e) => {
                open.error = Some(e);
                if self.staging.take_if(|s| s.path == path).is_some() {
                    self.notify(
                        Severity::Warning,
                        "the file did not decode, so the edit typed in the Resources view was not staged",
                    );
                }
            }
        }
        match restored {
            Some(Ok(n)) => self.notify(
                Severity::Success,
                format!(
                    "restored {n} unsaved edit{} of the last session",
                    if n == 1 { "" } else { "s" }
                ),
            ),
            Some(Err(e)) => self.notify(Severity::Warning, e),
            None => {}
        }
    }

    fn on_files_changed(&mut self, changes: &[PathBuf]) {
        self.rescan();
        if let Some(open) = &self.open {
            let (path, kind) = (open.path.clone(), open.kind);
            // SQLite writes touch `-wal` / `-journal` siblings: treat those as the db changing.
            let touches = |p: &Path| {
                p == path
                    || p.to_string_lossy()
                        .strip_prefix(&*path.to_string_lossy())
                        .is_some_and(|rest| rest.starts_with('-'))
            };
            if changes.iter().any(|p| touches(p)) && path.exists() && !self.edit_ui.is_saving() {
                let pending = open.session.as_ref().map_or(0, |s| s.pending_count());
                if pending > 0 {
                    // Never drop the user's edits silently: say so and let them choose.
                    if let Some(o) = &mut self.open {
                        o.changed_on_disk = true;
                    }
                } else {
                    self.open_file(path, kind, true);
                }
            }
        }
        if let Some(log) = self.replay.path()
            && changes.iter().any(|c| c == log)
        {
            self.jobs.cancel(&JobKey::ReplayLog);
            self.replay = ReplayState::default();
        }
    }

    /// The read-only state panels draw from, with the open document's view lent out.
    fn view_context(&mut self) -> ViewContext<'_> {
        let (doc, doc_view) = match &mut self.open {
            Some(o) => (
                Some(DocState {
                    path: &o.path,
                    kind: o.kind,
                    doc: o.doc.as_ref(),
                    error: o.error.as_deref(),
                    loading: o.loading,
                    session: o.session.as_ref(),
                    changed_on_disk: o.changed_on_disk,
                }),
                Some(DocView {
                    tab: &mut o.tab,
                    view: &mut o.view,
                    tables: &mut o.tables,
                    inline: &mut o.inline,
                }),
            ),
            None => (None, None),
        };
        ViewContext {
            settings: &self.settings,
            volume_path: &self.volume_path,
            volume: self.volume.as_ref(),
            volume_error: self.volume_error.as_deref(),
            last_refresh: self.last_refresh,
            inner_scopes: &self.inner_scopes,
            decode_errors: &self.decode_errors,
            doc,
            jobs: self.jobs.shown().collect(),
            open_dialog: &self.open_dialog,
            edit: &self.edit_ui,
            replay: &self.replay,
            audit: &self.audit,
            browse: &self.browse,
            live: &self.live,
            messages: &self.messages,
            overlays: &self.overlays,
            restore_offer: self.autosave.offer.as_ref(),
            doc_view: std::cell::RefCell::new(doc_view),
        }
    }

    /// Draws the whole window: menu, status bar, panels. Used by eframe and by kittest.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.egui_ctx = Some(ui.ctx().clone());
        self.absorb();
        self.window_settings(ui.ctx());
        let tx = CommandSender::default();
        for c in UICommand::pressed(ui.ctx()) {
            tx.send(Command::Ui(c));
        }
        let dropped: Option<PathBuf> =
            ui.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).next());
        if let Some(p) = dropped {
            tx.send(Command::OpenVolume(p));
        }
        drop_overlay(ui.ctx());
        let mut panels = std::mem::take(&mut self.panels);
        {
            let ctx = self.view_context();
            // Bars and sides first, then the centre (what is left), then windows on top.
            for center in [false, true] {
                for p in panels.iter_mut().filter(|p| (p.dock() == Dock::Center) == center) {
                    if p.dock() != Dock::Window && p.visible(&ctx) {
                        dock(ui, p.as_mut(), &ctx, &tx);
                    }
                }
            }
            for p in panels.iter_mut().filter(|p| p.dock() == Dock::Window) {
                if p.visible(&ctx) {
                    p.ui(ui, &ctx, &tx);
                }
            }
        }
        self.panels = panels;
        let raised = std::mem::take(&mut self.pending);
        for cmd in raised.into_iter().chain(tx.take()) {
            self.apply(cmd);
        }
        let session = self.open.as_ref().and_then(|o| o.session.as_ref());
        self.autosave.track(&self.volume_path, self.open.is_some(), session);
        if let Some(e) = self.autosave.take_error() {
            self.notify(Severity::Warning, e);
        }
        // Ctrl+=/-/0 and egui's own Ctrl+Plus all end up here.
        let zoom = ui.ctx().zoom_factor();
        if self.settings.zoom.is_some() || zoom != 1.0 {
            self.settings.zoom = Some(zoom);
        }
        let title = self.title();
        if title != self.window_title {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// Fonts found by the font job, the theme, and the zoom of the last session.
    fn window_settings(&mut self, ctx: &egui::Context) {
        for f in self.fonts_to_install.drain(..) {
            ctx.add_font(f);
        }
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
        if !self.zoom_restored {
            self.zoom_restored = true;
            if let Some(z) = self.settings.zoom {
                ctx.set_zoom_factor(z);
            }
        }
    }
}

/// Started on the bundled sample (no path given) after another volume was open last time:
/// reopen that one (the sample stays in File → Open sample volume).
fn reopen_last_volume(path: PathBuf, settings: &Settings) -> PathBuf {
    let Some(last) = &settings.last_volume else { return path };
    let same = |a: &Path, b: &Path| {
        a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    };
    let is_sample = crate::sample::sample_volume().is_ok_and(|s| same(&s, &path));
    if is_sample && last.exists() && !same(last, &path) { last.clone() } else { path }
}

/// "Drop to open" over the window while files are dragged over it.
fn drop_overlay(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop-overlay"));
    let painter = ctx.layer_painter(layer);
    let rect = ctx.content_rect();
    let visuals = ctx.global_style().visuals.clone();
    painter.rect_filled(rect, 0.0, super::theme::drop_fill(&visuals));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop to open",
        egui::FontId::proportional(super::theme::DROP_TEXT_SIZE),
        visuals.strong_text_color(),
    );
}

/// Draws `panel` where it docks.
fn dock(ui: &mut egui::Ui, panel: &mut dyn Panel, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let id = panel.id();
    let dock = panel.dock();
    let mut draw = |ui: &mut egui::Ui| {
        if matches!(dock, Dock::Right(..) | Dock::Bottom(Some(_))) {
            // Resizable panels shrink to their content: keep the size the user (or the
            // default) gave.
            ui.set_min_size(ui.available_size());
        }
        panel.ui(ui, ctx, tx)
    };
    match dock {
        Dock::Top => drop(egui::Panel::top(id).show(ui, draw)),
        Dock::Bottom(None) => drop(egui::Panel::bottom(id).show(ui, draw)),
        Dock::Bottom(Some((size, min))) => drop(
            egui::Panel::bottom(id).resizable(true).default_size(size).min_size(min).show(ui, draw),
        ),
        Dock::Left(size) => {
            drop(egui::Panel::left(id).resizable(true).default_size(size).show(ui, draw))
        }
        Dock::Right(size, min) => drop(
            egui::Panel::right(id).resizable(true).default_size(size).min_size(min).show(ui, draw),
        ),
        Dock::Center => drop(egui::CentralPanel::default().show(ui, draw)),
        Dock::Window => draw(ui),
    }
}
